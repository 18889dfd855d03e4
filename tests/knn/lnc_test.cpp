// LNC under strong dependence, the case it exists for (Gao et al. 2015, Sec. 5): Y = X + U[0, 1e-7],
// X ~ U[0, 1], N = 500. True I = -ln(1e-7) - h-correction ~= 16.118 (h(Y) ~ 0: Y is U[0, 1] smeared by 1e-7).
#include <gtest/gtest.h>

#include "infotorch/knn/ksg.h"
#include "infotorch/core/error.h"
#include "infotorch/knn/lnc.h"
#include "samples.h"

using namespace infotorch::knn;

TEST(KnnLnc, RecoversStrongDependenceWhereKsgSaturates) {
  torch::manual_seed(71);
  const int64_t n = 500;
  auto x = torch::rand({n, 1}, torch::kDouble);
  auto y = x + 1e-7 * torch::rand({n, 1}, torch::kDouble);
  const double truth = -std::log(1e-7);
  const double ksg = ksg1(x, y);
  const double lnc = lnc_mi(x, y);
  EXPECT_LT(ksg, 6.0);  // KSG cannot exceed about psi(N) - psi(k + 1) = 5.05 here
  EXPECT_NEAR(lnc, truth, 0.6);
}

TEST(KnnLnc, LeavesWeakDependenceAlone) {
  // At rho = 0.5 neighbourhoods are nearly uniform: few corrections, value close to the truth.
  auto [x, y] = knn_test::correlated(3000, 0.5, 72);
  EXPECT_NEAR(lnc_mi(x, y), knn_test::gaussian_truth(0.5), 0.05);
}

TEST(KnnLnc, RefusesNeighbourhoodsThatCannotSpanTheJointSpace) {
  // 3 + 3 dimensions need k > 6: with k = 5 the local PCA is degenerate (the correction exploded to 930 nats on a
  // 16 + 16 Gaussian before this check).
  torch::manual_seed(4);
  auto x = torch::randn({500, 3}, torch::kDouble), y = x + torch::randn({500, 3}, torch::kDouble);
  try {
    lnc_mi(x, y);
    FAIL() << "expected an error";
  } catch (const infotorch::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "lnc: k=5 neighbours cannot span the 6 joint dimensions of x and y (its local PCA would be degenerate); "
              "expected k > 6, or another estimator");
  }
  LncOptions wide;
  wide.k = 8;
  EXPECT_TRUE(std::isfinite(lnc_mi(x, y, wide)));
}
