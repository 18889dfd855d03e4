// Frenzel-Pompe conditional MI against Gaussian closed forms.
#include <gtest/gtest.h>

#include "infotorch/core/error.h"
#include "infotorch/knn/cmi.h"
#include "infotorch/knn/ksg.h"

using namespace infotorch::knn;

TEST(KnnCmi, CommonCauseHasZeroConditionalMi) {
  // X = Z + e1, Y = Z + e2: I(X; Y) = -1/2 ln(1 - 1/4) > 0, but I(X; Y | Z) = 0.
  torch::manual_seed(31);
  const int64_t n = 4000;
  auto z = torch::randn({n, 1}, torch::kDouble);
  auto x = z + torch::randn({n, 1}, torch::kDouble);
  auto y = z + torch::randn({n, 1}, torch::kDouble);
  EXPECT_NEAR(ksg1(x, y), -0.5 * std::log(0.75), 0.03);
  EXPECT_NEAR(cmi(x, y, z), 0.0, 0.03);
}

TEST(KnnCmi, PartialCorrelationClosedForm) {
  // Z ~ N(0, 1), X = Z + e1, Y = X + Z + e2. Given Z the residuals are e1 and e1 + e2, correlation
  // 1/sqrt(2): I(X; Y | Z) = -1/2 ln(1 - 1/2) = 0.3466. Also with a 2-D Z (an irrelevant extra column).
  torch::manual_seed(32);
  const int64_t n = 4000;
  auto z = torch::randn({n, 1}, torch::kDouble);
  auto x = z + torch::randn({n, 1}, torch::kDouble);
  auto y = x + z + torch::randn({n, 1}, torch::kDouble);
  const double truth = -0.5 * std::log(0.5);
  EXPECT_NEAR(cmi(x, y, z), truth, 0.04);
  auto z2 = torch::cat({z, torch::randn({n, 1}, torch::kDouble)}, 1);
  EXPECT_NEAR(cmi(x, y, z2), truth, 0.06);
}

TEST(KnnCmi, NeedsZ) {
  auto x = torch::randn({20, 1}, torch::kDouble);
  try {
    cmi(x, x, torch::Tensor());
    FAIL();
  } catch (const infotorch::Error& e) {
    EXPECT_STREQ(e.what(), "cmi: needs the conditioning variable z (N x dz samples, option z)");
  }
  EXPECT_THROW(cmi(x, x, torch::randn({19, 1}, torch::kDouble)), infotorch::Error);
}
