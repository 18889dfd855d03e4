// KSG algorithms 1 and 2: closed forms for Gaussians, the exact value for a near-deterministic pair, and
// the counting conventions.
#include <gtest/gtest.h>

#include "infotorch/core/error.h"
#include "infotorch/knn/ksg.h"
#include "infotorch/knn/psi.h"
#include "samples.h"

using namespace infotorch::knn;
using knn_test::correlated;
using knn_test::gaussian_truth;

// Tolerances: about 4 standard deviations of the estimator at N = 5000 (measured over seeds, see
// docs/results/knn.md), so a wrong counting convention or a bias of that size fails.
TEST(KnnKsg, BivariateGaussianClosedForms) {
  struct Case {
    double rho, tol1, tol2;
  };
  for (const Case c : {Case{0.5, 0.03, 0.03}, Case{0.9, 0.03, 0.03}, Case{0.99, 0.05, 0.05}}) {
    auto [x, y] = correlated(5000, c.rho, 11);
    EXPECT_NEAR(ksg1(x, y), gaussian_truth(c.rho), c.tol1) << "rho=" << c.rho;
    EXPECT_NEAR(ksg2(x, y), gaussian_truth(c.rho), c.tol2) << "rho=" << c.rho;
  }
}

TEST(KnnKsg, MultivariateGaussianClosedForm) {
  // X = (x1, x2), Y = (y1, y2), independent pairs with correlations 0.8 and 0.5, and Y mixed by a rotation
  // (an invertible map of Y leaves I(X; Y) unchanged): I = -1/2 [ln(1 - 0.64) + ln(1 - 0.25)].
  torch::manual_seed(5);
  const int64_t n = 5000;
  auto x = torch::randn({n, 2}, torch::kDouble);
  auto rho = torch::tensor({0.8, 0.5}, torch::kDouble);
  auto y = x * rho + torch::sqrt(1 - rho * rho) * torch::randn({n, 2}, torch::kDouble);
  auto rot = torch::tensor({{0.8, -0.6}, {0.6, 0.8}}, torch::kDouble);
  y = torch::matmul(y, rot);
  const double truth = -0.5 * (std::log(1 - 0.64) + std::log(1 - 0.25));
  EXPECT_NEAR(ksg1(x, y), truth, 0.05);
  EXPECT_NEAR(ksg2(x, y), truth, 0.05);
}

TEST(KnnKsg, IndependentIsNearZeroAndNotClipped) {
  torch::manual_seed(3);
  auto x = torch::randn({4000, 1}, torch::kDouble);
  auto y = torch::randn({4000, 1}, torch::kDouble);
  EXPECT_NEAR(ksg1(x, y), 0.0, 0.02);
  EXPECT_NEAR(ksg2(x, y), 0.0, 0.02);
}

TEST(KnnKsg, NearDeterministicPairGivesPsiNMinusPsiKPlus1) {
  // Y = X + tiny noise keeps every neighbour order: of the k-th joint neighbour's two gaps, one defines
  // eps and the other is strictly smaller, so {n_x, n_y} = {k - 1, k} and I = psi(N) - psi(k + 1) exactly.
  for (int64_t k : {1, 3, 6}) {
    torch::manual_seed(17 + k);
    const int64_t n = 1000;
    auto x = torch::rand({n, 1}, torch::kDouble);
    auto y = x + 1e-9 * torch::randn({n, 1}, torch::kDouble);
    KsgOptions o;
    o.k = k;
    o.prepare.copula = false;  // raw values: on ranks, x and y would coincide exactly (a tie, not a near-tie)
    EXPECT_NEAR(ksg1(x, y, o), psi(n) - psi(k + 1), 1e-12) << "k=" << k;
  }
}

TEST(KnnKsg, InvariantToPerColumnScaleAndShift) {
  auto [x, y] = correlated(2000, 0.7, 23);
  KsgOptions o;
  o.prepare.noise = 0;  // then standardisation makes the two inputs identical up to rounding
  const double a = ksg1(x, y, o);
  const double b = ksg1(1e6 + 1e3 * x, -5.0 + 1e-4 * y, o);
  EXPECT_NEAR(a, b, 1e-3);
}

TEST(KnnKsg, ConstantColumnGivesExactlyZero) {
  // scikit-learn's noise scales with the mean magnitude and sits below the float resolution of a large
  // constant, leaving ties that read as information. Here a constant column gets no noise: exactly 0.
  torch::manual_seed(1);
  auto x = torch::full({3000, 1}, 12345.678, torch::kDouble);
  auto y = torch::randn({3000, 1}, torch::kDouble);
  EXPECT_EQ(ksg1(x, y), 0.0);
  EXPECT_EQ(ksg1(y, x), 0.0);
}

TEST(KnnKsg, BadInputMessages) {
  auto x = torch::randn({3, 1}, torch::kDouble);
  try {
    ksg1(x, x);
    FAIL() << "3 samples with k = 3 must be rejected";
  } catch (const infotorch::Error& e) {
    EXPECT_STREQ(e.what(), "x: 3 samples are too few for ksg with k=3 (need at least 4)");
  }
  auto bad = torch::randn({10, 1}, torch::kDouble);
  bad[4][0] = std::nan("");
  try {
    ksg1(torch::randn({10, 1}, torch::kDouble), bad);
    FAIL() << "NaN must be rejected";
  } catch (const infotorch::Error& e) {
    EXPECT_STREQ(e.what(), "y: contains NaN or Inf (first at row 4); expected finite values");
  }
  KsgOptions zero;
  zero.k = 0;
  EXPECT_THROW(ksg1(bad.nan_to_num(), bad.nan_to_num(), zero), infotorch::Error);
  EXPECT_THROW(ksg1(torch::randn({10, 1}), torch::randn({11, 1})), infotorch::Error);
}
