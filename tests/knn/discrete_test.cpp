// Plug-in discrete MI and its Miller-Madow correction.
#include <gtest/gtest.h>

#include "infotorch/knn/discrete.h"

using namespace infotorch::knn;

TEST(KnnDiscrete, DeterministicSymbolsGiveTheEntropy) {
  // Y = X with X uniform on 4 symbols in equal counts: plug-in I = H(X) = ln 4 exactly; Miller-Madow adds
  // (m_x + m_y - m_xy - 1) / 2N = (4 + 4 - 4 - 1) / 2N.
  auto x = torch::arange(0, 400, torch::kDouble).remainder(4).unsqueeze(1);
  DiscreteOptions plain;
  plain.miller_madow = false;
  EXPECT_NEAR(discrete_mi(x, x, plain), std::log(4.0), 1e-12);
  EXPECT_NEAR(discrete_mi(x, x), std::log(4.0) + 3.0 / 800.0, 1e-12);
}

TEST(KnnDiscrete, MillerMadowRemovesMostOfTheBiasAtIndependence) {
  // Independent 6 x 6 symbols, N = 300: plug-in bias ~ (m_x - 1)(m_y - 1) / 2N = 25 / 600 = 0.042.
  double plug = 0, mm = 0;
  const int reps = 20;
  DiscreteOptions plain;
  plain.miller_madow = false;
  for (int r = 0; r < reps; ++r) {
    torch::manual_seed(100 + r);
    auto x = torch::randint(0, 6, {300, 1}, torch::kLong).to(torch::kDouble);
    auto y = torch::randint(0, 6, {300, 1}, torch::kLong).to(torch::kDouble);
    plug += discrete_mi(x, y, plain) / reps;
    mm += discrete_mi(x, y) / reps;
  }
  EXPECT_NEAR(plug, 25.0 / 600.0, 0.01);
  EXPECT_LT(std::abs(mm), 0.25 * plug);
}

TEST(KnnDiscrete, MultiColumnSymbolsAreRows) {
  // X = (a, b) with a, b independent bits, Y = a XOR b: I(X; Y) = ln 2, though each column alone gives 0.
  torch::manual_seed(4);
  auto ab = torch::randint(0, 2, {2000, 2}, torch::kLong);
  auto y = (ab.select(1, 0) ^ ab.select(1, 1)).to(torch::kDouble).unsqueeze(1);
  DiscreteOptions plain;
  plain.miller_madow = false;
  EXPECT_NEAR(discrete_mi(ab.to(torch::kDouble), y, plain), std::log(2.0), 1e-3);
  EXPECT_NEAR(discrete_mi(ab.select(1, 0).to(torch::kDouble).unsqueeze(1), y, plain), 0.0, 2e-3);
}
