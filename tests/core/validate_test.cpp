#include <gtest/gtest.h>

#include "infotorch/core/error.h"
#include "infotorch/core/numerics.h"
#include "infotorch/core/validate.h"

using namespace infotorch;

TEST(Validate, MessagesNameTheArgument) {
  auto nan = torch::ones({3, 2});
  nan[2][1] = std::nan("");
  try {
    as_samples(nan, "x");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "x: contains NaN or Inf (first at row 2); expected finite values");
  }
  try {
    check_scores(torch::zeros({3, 4}));
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "scores: expected a square K x K score matrix (diagonal = positive pairs), got shape [3, 4]");
  }
  try {
    check_same_rows(torch::zeros({3, 1}), torch::zeros({4, 1}), "x", "y");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "x and y must have the same number of rows (samples), got 3 and 4");
  }
}

TEST(Numerics, LogMeanExpOffDiagonalAndDigamma) {
  auto s = torch::tensor({{0.0, 1.0}, {2.0, 5.0}}, torch::kFloat64);
  EXPECT_NEAR(log_mean_exp_offdiag(s).item<double>(), std::log((std::exp(1.0) + std::exp(2.0)) / 2), 1e-12);
  EXPECT_NEAR(mean_offdiag(s).item<double>(), 1.5, 1e-12);
  // psi(1) = -Euler-Mascheroni; psi(x+1) = psi(x) + 1/x.
  EXPECT_NEAR(digamma(1.0), -0.57721566490153286, 1e-13);
  EXPECT_NEAR(digamma(10.5) - digamma(9.5), 1 / 9.5, 1e-13);
  EXPECT_NEAR(digamma(1e6), std::log(1e6) - 0.5e-6, 1e-12);
}
