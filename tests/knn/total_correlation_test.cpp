// Total correlation against the Gaussian closed form C = 1/2 (sum ln S_jj - ln |S|).
#include <gtest/gtest.h>

#include "infotorch/core/error.h"
#include "infotorch/knn/ksg.h"
#include "infotorch/knn/total_correlation.h"

using namespace infotorch::knn;

TEST(KnnTotalCorrelation, GaussianClosedForm) {
  torch::manual_seed(41);
  const int64_t n = 5000;
  auto a = torch::tensor({{1.0, 0.0, 0.0}, {0.6, 0.8, 0.0}, {0.3, 0.4, 0.866}}, torch::kDouble);
  auto x = torch::matmul(torch::randn({n, 3}, torch::kDouble), a.t());
  auto s = torch::matmul(a, a.t());
  const double truth = 0.5 * (torch::log(s.diagonal()).sum().item<double>() - torch::logdet(s).item<double>());
  EXPECT_NEAR(total_correlation(x), truth, 0.05);
}

TEST(KnnTotalCorrelation, TwoVariablesIsKsg1AndConstantsDropOut) {
  torch::manual_seed(42);
  auto x = torch::randn({1500, 1}, torch::kDouble);
  auto y = 0.7 * x + torch::randn({1500, 1}, torch::kDouble);
  const double tc = total_correlation(torch::cat({x, y}, 1));
  EXPECT_NEAR(tc, ksg1(x, y), 1e-12);
  auto with_constant = torch::cat({x, torch::full({1500, 1}, 3.0, torch::kDouble), y}, 1);
  EXPECT_NEAR(total_correlation(with_constant), tc, 1e-12);
  EXPECT_THROW(total_correlation(x), infotorch::Error);
}
