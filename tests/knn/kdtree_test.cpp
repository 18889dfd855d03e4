// The neighbour structures against brute force: exact kth distances and exact strict/non-strict counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "infotorch/knn/kdtree.h"
#include "infotorch/knn/range_counter.h"
#include "infotorch/knn/sorted_line.h"

using namespace infotorch::knn;

namespace {

Points random_points(int64_t n, int64_t d, uint64_t seed, bool with_ties) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::uniform_int_distribution<int> small(0, 4);
  Points p;
  p.n = n;
  p.d = d;
  p.v.resize(n * d);
  // Ties: integer coordinates, so many points share values and many distances coincide exactly.
  for (auto& v : p.v) v = with_ties ? static_cast<double>(small(rng)) : normal(rng);
  return p;
}

double brute_kth(const Points& p, int64_t i, int64_t k) {
  std::vector<double> d;
  for (int64_t j = 0; j < p.n; ++j)
    if (j != i) d.push_back(max_norm(p.row(i), p.row(j), p.d));
  std::nth_element(d.begin(), d.begin() + (k - 1), d.end());
  return d[k - 1];
}

int64_t brute_count(const Points& p, const double* q, double r, bool strict) {
  int64_t c = 0;
  for (int64_t j = 0; j < p.n; ++j) {
    const double dist = max_norm(q, p.row(j), p.d);
    c += strict ? dist < r : dist <= r;
  }
  return c;
}

}  // namespace

TEST(KnnKdTree, KthDistanceAndCountsMatchBruteForce) {
  for (int64_t d : {1, 2, 3, 5}) {
    for (bool ties : {false, true}) {
      const auto p = random_points(600, d, 7 + d, ties);
      const KdTree tree(p, 4);
      for (int64_t i = 0; i < p.n; i += 7) {
        for (int64_t k : {1, 3, 10}) {
          std::vector<int64_t> nb(k);
          const double kth = tree.kth_distance(p.row(i), k, i, nb.data());
          ASSERT_EQ(kth, brute_kth(p, i, k)) << "d=" << d << " ties=" << ties << " i=" << i << " k=" << k;
          for (int64_t j : nb) {
            EXPECT_NE(j, i);
            EXPECT_LE(max_norm(p.row(i), p.row(j), d), kth);
          }
          for (bool strict : {true, false})
            ASSERT_EQ(tree.count(p.row(i), kth, strict), brute_count(p, p.row(i), kth, strict))
                << "d=" << d << " ties=" << ties << " strict=" << strict;
        }
      }
    }
  }
}

// A configuration where summing per-axis gaps (as an L1/L2-style adaptor would) overestimates the distance
// to the far box and prunes the true max-norm neighbour.
TEST(KnnKdTree, MaxNormPruningKeepsDiagonalNeighbour) {
  Points p;
  p.n = 4;
  p.d = 2;
  p.v = {0.0, 0.0,  /* query */
         0.9, 0.9,  /* max-norm 0.9, sum 1.8 */
         1.0, 0.0,  /* max-norm 1.0, sum 1.0 */
         0.0, 1.0};
  const KdTree tree(p, 1);
  std::vector<int64_t> nb(1);
  EXPECT_DOUBLE_EQ(tree.kth_distance(p.row(0), 1, 0, nb.data()), 0.9);
  EXPECT_EQ(nb[0], 1);
  EXPECT_EQ(tree.count(p.row(0), 0.95, true), 2);  // itself and (0.9, 0.9)
}

TEST(KnnKdTree, ManyDuplicatesStayFast) {
  // 20000 copies of 3 points: every query's k-th distance is 0 and counting at r = 0 finds all copies.
  Points p;
  p.n = 20000;
  p.d = 2;
  for (int64_t i = 0; i < p.n; ++i) {
    p.v.push_back(static_cast<double>(i % 3));
    p.v.push_back(0.5);
  }
  const KdTree tree(p);
  for (int64_t i = 0; i < p.n; i += 97) {
    EXPECT_EQ(tree.kth_distance(p.row(i), 5, i), 0.0);
    const int64_t copies = (p.n - i % 3 + 2) / 3;
    EXPECT_EQ(tree.count(p.row(i), 0.0, false), copies);
    EXPECT_EQ(tree.count(p.row(i), 0.0, true), 0);
  }
}

TEST(KnnSortedLine, CountsMatchBruteForceWithTies) {
  for (bool ties : {false, true}) {
    const auto p = random_points(800, 1, 99, ties);
    const SortedLine line(p.v);
    const RangeCounter counter(p);
    for (int64_t i = 0; i < p.n; i += 5) {
      for (double r : {0.0, 0.25, 1.0, 2.0, 1e9}) {
        for (bool strict : {true, false}) {
          const int64_t want = brute_count(p, p.row(i), r, strict);
          ASSERT_EQ(line.count(i, r, strict), want) << "ties=" << ties << " r=" << r << " strict=" << strict;
          ASSERT_EQ(counter.count(i, r, strict), want);
        }
      }
    }
  }
}
