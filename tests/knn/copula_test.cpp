// The copula (rank) transform: the normal quantile to full precision, estimates exactly invariant under
// strictly monotone per-coordinate maps and under row permutations, the closed form of a Gaussian pair.
#include <gtest/gtest.h>

#include <cmath>

#include "infotorch/core/spec.h"
#include "infotorch/knn/copula.h"
#include "infotorch/knn/estimate.h"
#include "samples.h"

namespace ik = infotorch::knn;

namespace {

double run(const std::string& spec, const torch::Tensor& x, const torch::Tensor& y) {
  return ik::estimate(infotorch::parse_spec(spec), x, y, {}).value;
}

// Three 2-d correlated Gaussian pairs: x_j, y_j with correlation rho_j (I = sum of -1/2 ln(1 - rho_j^2)).
std::pair<torch::Tensor, torch::Tensor> pairs(int64_t n, uint64_t seed) {
  torch::manual_seed(seed);
  auto x = torch::randn({n, 2}, torch::kDouble);
  auto rho = torch::tensor({0.6, 0.9}, torch::kDouble);
  auto y = rho * x + torch::sqrt(1 - rho * rho) * torch::randn({n, 2}, torch::kDouble);
  return {x, y};
}

}  // namespace

TEST(KnnCopula, NormalQuantileHasFullPrecisionInBothTails) {
  EXPECT_EQ(ik::normal_quantile(0.5), 0.0);
  EXPECT_NEAR(ik::normal_quantile(0.975), 1.959963984540054, 1e-14);
  EXPECT_NEAR(ik::normal_quantile(0.025), -1.959963984540054, 1e-14);
  EXPECT_NEAR(ik::normal_quantile(1e-10), -6.361340902404056, 1e-12);
  for (double p = 1e-15; p < 0.5; p *= 3.7) {
    const double x = ik::normal_quantile(p);
    EXPECT_NEAR(0.5 * std::erfc(-x / std::sqrt(2.0)) / p, 1.0, 1e-13) << p;  // Phi(Phi^-1(p)) = p
  }
  EXPECT_TRUE(std::isinf(ik::normal_quantile(0.0)));
  EXPECT_TRUE(std::isnan(ik::normal_quantile(1.5)));
}

TEST(KnnCopula, EstimatesAreUnchangedByStrictlyMonotoneMapsOfEachCoordinate) {
  auto [x, y] = pairs(2000, 3);
  // exp, cube, x^3 + x, arctan, a decreasing map: each applied to one coordinate.
  auto xm = torch::stack({torch::exp(x.select(1, 0)), torch::pow(x.select(1, 1), 3)}, 1);
  auto ym = torch::stack({y.select(1, 0).pow(3) + y.select(1, 0), -torch::atan(y.select(1, 1))}, 1);
  for (const std::string spec : {"ksg:copula=true", "ksg2:copula=true", "lnc:copula=true", "gaussian:copula=true"}) {
    const double a = run(spec, x, y), b = run(spec, xm, ym);
    EXPECT_NEAR(a, b, 1e-12) << spec;
  }
  // Without the transform KSG moves (this is what the copula removes).
  EXPECT_GT(std::abs(run("ksg:copula=false", x, y) - run("ksg:copula=false", xm, ym)), 0.01);
  // Total correlation of the four coordinates, and CMI given a monotone map of a third variable.
  const auto all = torch::cat({x, y}, 1), all_m = torch::cat({xm, ym}, 1);
  EXPECT_NEAR(run("tc:copula=true", all, torch::Tensor()), run("tc:copula=true", all_m, torch::Tensor()), 1e-12);
}

TEST(KnnCopula, EstimatesAreUnchangedByPermutingTheRows) {
  auto [x, y] = pairs(2000, 4);
  torch::manual_seed(9);
  const auto perm = torch::randperm(2000, torch::kLong);
  for (const std::string spec : {"ksg:copula=true", "ksg2:copula=true", "lnc:copula=true"})
    EXPECT_NEAR(run(spec, x, y), run(spec, x.index_select(0, perm), y.index_select(0, perm)), 1e-12) << spec;
}

TEST(KnnCopula, CopulaKsgMeetsTheGaussianClosedForm) {
  // A Gaussian pair's copula is Gaussian and MI is a copula property: the transform changes nothing in law.
  auto [x, y] = knn_test::correlated(5000, 0.75, 1);
  EXPECT_NEAR(run("ksg:copula=true", x, y), knn_test::gaussian_truth(0.75), 0.03);
  auto [x2, y2] = pairs(5000, 5);
  const double truth = knn_test::gaussian_truth(0.6) + knn_test::gaussian_truth(0.9);
  EXPECT_NEAR(run("ksg:copula=true", x2, y2), truth, 0.08);
  EXPECT_NEAR(run("gaussian:copula=true", torch::exp(x2), y2.pow(3)), truth, 0.05);
}

TEST(KnnCopula, TiesGetDistinctScoresAndAConstantColumnStaysConstant) {
  ik::Points p;
  p.n = 6;
  p.d = 2;
  p.v = {1, 5, 1, 5, 2, 5, 2, 5, 2, 5, 3, 5};
  ik::copula_transform(p, 0);
  std::vector<double> first;
  for (int64_t i = 0; i < 6; ++i) first.push_back(p.row(i)[0]);
  std::sort(first.begin(), first.end());
  for (int i = 1; i < 6; ++i) EXPECT_LT(first[i - 1], first[i]);
  EXPECT_GT(p.row(5)[0], p.row(4)[0]);  // order between distinct values is kept
  EXPECT_LT(p.row(1)[0], p.row(2)[0]);
  for (int64_t i = 0; i < 6; ++i) EXPECT_EQ(p.row(i)[1], 5.0);
  // MI with a constant is exactly 0.
  auto [x, y] = knn_test::correlated(500, 0.5, 2);
  EXPECT_EQ(run("ksg:copula=true", x, torch::full({500, 1}, 2.0, torch::kDouble)), 0.0);
}
