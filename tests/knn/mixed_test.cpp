// Discrete-continuous estimators on Gao et al. (2017)'s first experiment, whose MI is known in closed form:
// X ~ U{0..m-1}, Y | X ~ U[X, X + 2]  =>  I = ln m - ((m - 1) / m) ln 2.
#include <gtest/gtest.h>

#include "infotorch/knn/mixed.h"
#include "infotorch/knn/ross.h"

using namespace infotorch::knn;

namespace {
std::pair<torch::Tensor, torch::Tensor> staircase(int64_t n, int64_t m, uint64_t seed) {
  torch::manual_seed(seed);
  auto x = torch::randint(0, m, {n, 1}, torch::kLong).to(torch::kDouble);
  auto y = x + 2.0 * torch::rand({n, 1}, torch::kDouble);
  return {x, y};
}
double staircase_truth(int64_t m) { return std::log(double(m)) - (double(m - 1) / m) * std::log(2.0); }
}  // namespace

TEST(KnnMixed, StaircaseClosedForm) {
  for (int64_t m : {2, 5}) {
    auto [x, y] = staircase(4000, m, 40 + m);
    EXPECT_NEAR(mixed_mi(x, y), staircase_truth(m), 0.03) << "m=" << m;
    EXPECT_NEAR(ross_mi(x, y), staircase_truth(m), 0.03) << "m=" << m;
  }
}

TEST(KnnMixed, AtomsOnBothSides) {
  // X, Y both discrete (every point on an atom): Gao's zero-distance rule makes the estimate the plug-in
  // MI. X uniform on {0, 1, 2}, Y = X: I = ln 3.
  torch::manual_seed(8);
  auto x = torch::randint(0, 3, {3000, 1}, torch::kLong).to(torch::kDouble);
  EXPECT_NEAR(mixed_mi(x, x.clone()), std::log(3.0), 0.01);
  // Independent atoms: close to 0.
  auto y = torch::randint(0, 3, {3000, 1}, torch::kLong).to(torch::kDouble);
  EXPECT_NEAR(mixed_mi(x, y), 0.0, 0.01);
}

TEST(KnnMixed, ZeroInflatedMixture) {
  // A genuine mixture: given X = 0, Y is an atom at 0 with probability 1/2 and U[0, 2] otherwise; given
  // X = 1, Y ~ U[1, 3]. The atom is where KSG-type estimators without Gao's zero-distance rule break.
  torch::manual_seed(9);
  const int64_t n = 3000;
  auto x = torch::randint(0, 2, {n, 1}, torch::kLong).to(torch::kDouble);
  auto atom = (torch::rand({n, 1}, torch::kDouble) < 0.5) & (x == 0);
  auto y = torch::where(atom, torch::zeros_like(x), x + 2.0 * torch::rand({n, 1}, torch::kDouble));
  // For X = 0: Y = 0 w.p. 1/2, else U[0, 2]; for X = 1: U[1, 3]. The densities overlap only on [1, 2]:
  // p(y | 0) = 1/4, p(y | 1) = 1/2 there, so I = sum over regions of p ln(p(y|x)/p(y)):
  const double ln = std::log(2.0);
  // Region y = 0 (mass 1/4 overall): ln(1 / (1/2)) = ln 2 each. Region (0, 1) from X = 0 (mass 1/8): p(y) =
  // 1/8, p(y|0) = 1/4: ln 2. Region [1, 2]: from X = 0 mass 1/8 with ln((1/4)/(3/8)), from X = 1 mass 1/4
  // with ln((1/2)/(3/8)). Region (2, 3] from X = 1 (mass 1/4): ln 2.
  const double truth = 0.25 * ln + 0.125 * ln + 0.125 * std::log((0.25) / 0.375) + 0.25 * std::log(0.5 / 0.375) +
                       0.25 * ln;
  EXPECT_NEAR(mixed_mi(x, y), truth, 0.04);
}
