// Permutation test and subsampling error bar.
#include <gtest/gtest.h>

#include "infotorch/knn/cmi.h"
#include "infotorch/knn/ksg.h"
#include "infotorch/knn/uncertainty.h"
#include "samples.h"

using namespace infotorch::knn;

namespace {
const Estimator kKsg = [](const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor&) { return ksg1(x, y); };
}

TEST(KnnUncertainty, PermutationTestSeparatesDependenceFromIndependence) {
  auto [x, y] = knn_test::correlated(1000, 0.5, 81);
  PermutationOptions o;
  o.permutations = 99;
  const double observed = ksg1(x, y);
  auto dep = permutation_test(kKsg, x, y, torch::Tensor(), observed, o);
  EXPECT_DOUBLE_EQ(dep.p_value, 0.01);  // no permutation reaches the observed value
  EXPECT_NEAR(dep.null_mean, 0.0, 0.01);
  EXPECT_GT(dep.null_sd, 0.0);

  torch::manual_seed(82);
  auto w = torch::randn({1000, 1}, torch::kDouble);
  auto indep = permutation_test(kKsg, x, w, torch::Tensor(), ksg1(x, w), o);
  EXPECT_GT(indep.p_value, 0.05);
}

TEST(KnnUncertainty, ConditionalPermutationKeepsTheZRelation) {
  // X and Y depend only through Z: the local permutation must not call that dependence significant.
  torch::manual_seed(83);
  const int64_t n = 800;
  auto z = torch::randn({n, 1}, torch::kDouble);
  auto x = z + 0.5 * torch::randn({n, 1}, torch::kDouble);
  auto y = z + 0.5 * torch::randn({n, 1}, torch::kDouble);
  Estimator f = [](const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& c) { return cmi(a, b, c); };
  PermutationOptions o;
  o.permutations = 49;
  o.shuffle = Shuffle::x_within_z;
  auto r = permutation_test(f, x, y, z, f(x, y, z), o);
  EXPECT_GT(r.p_value, 0.05);
}

TEST(KnnUncertainty, SubsamplingErrorBarMatchesTheSpreadOverFreshSamples) {
  // The spread of KSG over 30 fresh samples of N = 1000 vs the subsampling error bar from one sample.
  std::vector<double> est;
  for (int r = 0; r < 30; ++r) {
    auto [x, y] = knn_test::correlated(1000, 0.6, 900 + r);
    est.push_back(ksg1(x, y));
  }
  double mean = 0, ss = 0;
  for (double v : est) mean += v / est.size();
  for (double v : est) ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(ss / (est.size() - 1));
  auto [x, y] = knn_test::correlated(1000, 0.6, 999);
  SubsampleOptions o;
  o.subsamples = 40;
  const double se = subsample_stderr(kKsg, x, y, torch::Tensor(), o);
  EXPECT_GT(se, 0.5 * sd);
  EXPECT_LT(se, 2.0 * sd);
}
