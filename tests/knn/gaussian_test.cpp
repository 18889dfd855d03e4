// The Gaussian closed-form baseline: exact on the population covariance, and close on samples.
#include <gtest/gtest.h>

#include "infotorch/knn/gaussian.h"
#include "samples.h"

using namespace infotorch::knn;

TEST(KnnGaussian, MatchesClosedFormsOnSamples) {
  for (double rho : {0.5, 0.9, 0.99}) {
    auto [x, y] = knn_test::correlated(20000, rho, 61);
    EXPECT_NEAR(gaussian_mi(x, y), knn_test::gaussian_truth(rho), 0.02) << "rho=" << rho;
  }
}

TEST(KnnGaussian, EqualsTheDeterminantFormulaOnTheSampleCovariance) {
  torch::manual_seed(62);
  auto x = torch::randn({500, 2}, torch::kDouble);
  auto y = torch::matmul(x, torch::tensor({{0.5, 0.1, 0.0}, {0.2, -0.4, 0.3}}, torch::kDouble)) +
           torch::randn({500, 3}, torch::kDouble);
  auto xy = torch::cat({x, y}, 1);
  auto c = xy - xy.mean(0);
  auto s = torch::matmul(c.t(), c) / 500.0;
  const double want = 0.5 * (torch::logdet(s.slice(0, 0, 2).slice(1, 0, 2)).item<double>() +
                             torch::logdet(s.slice(0, 2, 5).slice(1, 2, 5)).item<double>() - torch::logdet(s).item<double>());
  EXPECT_NEAR(gaussian_mi(x, y), want, 1e-10);
}

TEST(KnnGaussian, ConstantAndDeterministicEdges) {
  torch::manual_seed(63);
  auto x = torch::randn({100, 1}, torch::kDouble);
  EXPECT_EQ(gaussian_mi(torch::full({100, 1}, 7.0, torch::kDouble), x), 0.0);
  EXPECT_GT(gaussian_mi(x, 2.0 * x + 1.0), 10.0);  // +inf, or huge where rounding leaves a tiny pivot
}
