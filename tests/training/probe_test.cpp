// Linear probe and kNN monitor against cases whose answer is known.
#include <gtest/gtest.h>

#include "infotorch/core/error.h"
#include "infotorch/training/augment.h"
#include "infotorch/training/probe.h"

namespace it = infotorch::training;

namespace {

// Three Gaussian classes in 5-D with means 4 sd apart along different axes: linearly separable but for
// a sliver (Bayes error ~ 2 * Phi(-2.83) per pair, about 0.5%).
std::pair<torch::Tensor, torch::Tensor> blobs(int64_t n, uint64_t seed) {
  auto g = it::make_generator(seed);
  auto y = torch::randint(0, 3, {n}, g, torch::kInt64);
  auto x = torch::randn({n, 5}, g, torch::kFloat32);
  x.index_put_({torch::indexing::Slice(), 0}, x.select(1, 0) + 4.0 * (y == 1).to(torch::kFloat32));
  x.index_put_({torch::indexing::Slice(), 1}, x.select(1, 1) + 4.0 * (y == 2).to(torch::kFloat32));
  return {x * 10 + 3, y};  // scale and shift: the probe standardises
}

}  // namespace

TEST(TrainingProbe, SeparatesGaussianClasses) {
  auto [xtr, ytr] = blobs(3000, 1);
  auto [xte, yte] = blobs(1000, 2);
  auto r = it::linear_probe(xtr, ytr, xte, yte);
  EXPECT_GT(r.test_accuracy, 0.97);
  EXPECT_EQ(r.features, 5);
}

TEST(TrainingProbe, RandomLabelsStayAtChance) {
  auto g = it::make_generator(3);
  auto xtr = torch::randn({2000, 5}, g, torch::kFloat32), xte = torch::randn({2000, 5}, g, torch::kFloat32);
  auto ytr = torch::randint(0, 4, {2000}, g, torch::kInt64), yte = torch::randint(0, 4, {2000}, g, torch::kInt64);
  auto r = it::linear_probe(xtr, ytr, xte, yte);
  // Chance is 0.25; sd of the accuracy over 2000 test labels ~ 0.01.
  EXPECT_NEAR(r.test_accuracy, 0.25, 0.04);
}

TEST(TrainingProbe, RejectsMismatchedLabels) {
  auto x = torch::randn({10, 3});
  EXPECT_THROW(it::linear_probe(x, torch::zeros({9}, torch::kInt64), x, torch::zeros({10}, torch::kInt64)),
               infotorch::Error);
  EXPECT_THROW(it::linear_probe(x, torch::zeros({10}, torch::kInt64), torch::randn({10, 4}),
                                torch::zeros({10}, torch::kInt64)),
               infotorch::Error);
}

TEST(TrainingProbe, KnnVotesByWeightedNeighbours) {
  // Bank: two points of class 0 near (1, 0), one of class 1 at (0, 1). Query near (1, 0.1) -> class 0;
  // with k = 1 the query (0.1, 1) -> class 1.
  auto bank = torch::tensor({{1.0f, 0.0f}, {1.0f, 0.05f}, {0.0f, 1.0f}});
  auto by = torch::tensor({0, 0, 1}, torch::kInt64);
  auto q = torch::tensor({{1.0f, 0.1f}, {0.1f, 1.0f}});
  auto qy = torch::tensor({0, 1}, torch::kInt64);
  EXPECT_DOUBLE_EQ(it::knn_accuracy(bank, by, q, qy, {1, 0.1}), 1.0);
  // With k = 3 every neighbour votes, weighted by exp(cos / 0.1): the nearer class still wins both... except the
  // second query, whose class-1 weight exp(9.95) beats 2 * exp(~1.5): still correct.
  EXPECT_DOUBLE_EQ(it::knn_accuracy(bank, by, q, qy, {3, 0.1}), 1.0);
  // With a huge temperature the weights are equal and the majority class 0 wins everywhere.
  EXPECT_DOUBLE_EQ(it::knn_accuracy(bank, by, q, qy, {3, 1e6}), 0.5);
}

TEST(TrainingProbe, ExtractFeaturesChunksAndFlattens) {
  auto x = torch::arange(24, torch::kFloat32).view({6, 2, 2});
  auto f = it::extract_features([](const torch::Tensor& t) { return t * 2; }, x, 4);
  EXPECT_EQ(f.sizes(), (std::vector<int64_t>{6, 4}));
  EXPECT_TRUE(f.equal(x.flatten(1) * 2));
}
