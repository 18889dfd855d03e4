// Cluster-to-class matching (clustering.h): a relabelled perfect clustering scores 1, the assignment agrees with
// brute force over every permutation on small random tables, over- and under-clustering count right.
#include "infotorch/training/clustering.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "../error_of.h"

using namespace infotorch::training;

TEST(Clustering, APermutedPerfectClusteringIsMatchedBack) {
  auto classes = torch::arange(300, torch::kLong) % 10;
  auto perm = torch::tensor({3, 7, 0, 9, 1, 4, 8, 2, 6, 5}, torch::kLong);
  auto clusters = perm.index_select(0, classes);
  auto m = match_clusters(clusters, classes, 10, 10);
  EXPECT_DOUBLE_EQ(m.accuracy, 1.0);
  for (int64_t c = 0; c < 10; ++c) EXPECT_EQ(m.class_of[perm[c].item<int64_t>()], c);
}

TEST(Clustering, TheAssignmentIsTheBestOverEveryPermutation) {
  std::mt19937 rng(4);
  std::uniform_real_distribution<double> u(0, 10);
  for (int trial = 0; trial < 30; ++trial) {
    const int n = 2 + trial % 5;
    std::vector<std::vector<double>> w(n, std::vector<double>(n));
    for (auto& row : w)
      for (auto& x : row) x = std::floor(u(rng));  // integer weights: ties are common
    std::vector<int> p(n);
    std::iota(p.begin(), p.end(), 0);
    double best = -1;
    do {
      double s = 0;
      for (int i = 0; i < n; ++i) s += w[i][p[i]];
      best = std::max(best, s);
    } while (std::next_permutation(p.begin(), p.end()));
    auto a = max_weight_assignment(w);
    double got = 0;
    std::vector<bool> seen(n, false);
    for (int i = 0; i < n; ++i) {
      ASSERT_FALSE(seen[a[i]]) << "column " << a[i] << " assigned twice";
      seen[a[i]] = true;
      got += w[i][a[i]];
    }
    EXPECT_DOUBLE_EQ(got, best) << "trial " << trial;
  }
}

TEST(Clustering, ExtraClustersStayUnmatchedAndCountAsWrong) {
  // 3 classes of 10 points; 4 clusters: class 2 split in halves between clusters 2 and 3.
  auto classes = torch::tensor(std::vector<int64_t>(10, 0), torch::kLong);
  classes = torch::cat({classes, torch::ones({10}, torch::kLong), torch::full({10}, 2, torch::kLong)});
  auto clusters = classes.clone();
  clusters.slice(0, 25, 30).fill_(3);
  auto m = match_clusters(clusters, classes, 4, 3);
  EXPECT_DOUBLE_EQ(m.accuracy, 25.0 / 30.0);
  EXPECT_EQ(std::count(m.class_of.begin(), m.class_of.end(), -1), 1);
  // Fewer clusters than classes: one class gets none.
  auto merged = classes.clamp_max(1);
  EXPECT_DOUBLE_EQ(match_clusters(merged, classes, 2, 3).accuracy, 20.0 / 30.0);
}

TEST(Clustering, BadInputsNameTheArgument) {
  EXPECT_EQ(error_of([] { max_weight_assignment({{1, 2}, {3, 4}, {5, 6}}); }), "weight: expected rows <= columns, got 3 x 2");
  auto l = torch::zeros({4}, torch::kLong);
  EXPECT_EQ(error_of([&] { match_clusters(l + 5, l, 3, 2); }), "clusters: expected labels in [0, 3)");
  EXPECT_EQ(error_of([&] { match_clusters(l, l.slice(0, 0, 3), 3, 2); }),
            "clusters and classes: expected the same number (> 0) of labels, got 4 and 3");
  EXPECT_EQ(error_of([&] { match_clusters(l, l, 0, 2); }),
            "match_clusters: expected at least one cluster and one class, got 0 and 2");
}
