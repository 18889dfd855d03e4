// Kozachenko-Leonenko entropy against closed forms.
#include <gtest/gtest.h>

#include "infotorch/core/error.h"
#include "infotorch/knn/entropy.h"

using namespace infotorch::knn;

TEST(KnnEntropy, GaussianAndUniformClosedForms) {
  const double pi = 3.14159265358979323846;
  torch::manual_seed(51);
  // N(0, 4): H = 1/2 ln(2 pi e 4). Not scale-invariant, so the scale must survive preparation.
  EXPECT_NEAR(kl_entropy(2.0 * torch::randn({5000, 1}, torch::kDouble)), 0.5 * std::log(2 * pi * std::exp(1.0) * 4), 0.03);
  // U[0, 1]^2: H = 0.
  EXPECT_NEAR(kl_entropy(torch::rand({5000, 2}, torch::kDouble)), 0.0, 0.03);
  // Correlated 2-D Gaussian: H = 1/2 ln((2 pi e)^2 |S|), |S| = 1 - 0.8^2.
  auto x = torch::randn({5000, 1}, torch::kDouble);
  auto y = 0.8 * x + 0.6 * torch::randn({5000, 1}, torch::kDouble);
  EXPECT_NEAR(kl_entropy(torch::cat({x, y}, 1)), std::log(2 * pi * std::exp(1.0)) + 0.5 * std::log(0.36), 0.05);
}

TEST(KnnEntropy, ConstantColumnIsRejected) {
  auto x = torch::cat({torch::randn({50, 1}, torch::kDouble), torch::ones({50, 1}, torch::kDouble)}, 1);
  try {
    kl_entropy(x);
    FAIL();
  } catch (const infotorch::Error& e) {
    EXPECT_STREQ(e.what(), "x: column 1 is constant; its differential entropy is -infinity (expected continuous samples)");
  }
}
