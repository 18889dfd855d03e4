// The exact discrete MI terms (discrete_mi.h) on constructed inputs with known answers: InfoGAN's L_I for a perfect
// and an uninformed Q, IIC's joint-table MI for identical and independent assignments, RIM for confident balanced
// and uniform predictions, each against a brute-force sum where the closed form is not obvious.
#include "infotorch/bounds/discrete_mi.h"

#include <gtest/gtest.h>

#include <cmath>

#include "../error_of.h"

using namespace infotorch::bounds;

namespace {
torch::Tensor hot(const torch::Tensor& labels, int64_t c) {
  return torch::one_hot(labels, c).to(torch::kDouble);
}
}  // namespace

TEST(DiscreteMi, InfoGanLiIsLogCForAPerfectQAndZeroForAnUninformedOne) {
  const int64_t c = 10;
  auto codes = torch::arange(200, torch::kLong) % c;
  auto perfect = 50.0 * hot(codes, c);  // logits: Q puts all its mass on the true code
  EXPECT_NEAR(infogan_categorical(perfect, codes).item<double>(), std::log(10.0), 1e-9);
  auto uniform = torch::zeros({200, c}, torch::kDouble);
  EXPECT_NEAR(infogan_categorical(uniform, codes).item<double>(), 0.0, 1e-12);
  // In between: a Q that is right with probability 0.5 and spreads the rest evenly: log C - CE = log 10 + log 0.5.
  auto half = torch::full({200, c}, std::log(0.5 / 9), torch::kDouble);
  half.scatter_(1, codes.unsqueeze(1), std::log(0.5));
  EXPECT_NEAR(infogan_categorical(half, codes).item<double>(), std::log(10.0) + std::log(0.5), 1e-9);
}

TEST(DiscreteMi, IicIsLogCForIdenticalAssignmentsAndZeroForIndependentOnes) {
  const int64_t c = 5;
  auto labels = torch::arange(100, torch::kLong) % c;
  auto p = hot(labels, c);
  EXPECT_NEAR(joint_table_mi(p, p).item<double>(), std::log(5.0), 1e-9);
  // Independent: the second view's assignment cycles through every class within each class of the first.
  auto other = hot(torch::div(torch::arange(100, torch::kLong), c, "floor") % c, c);
  EXPECT_NEAR(joint_table_mi(p, other).item<double>(), 0.0, 1e-9);
  // Soft assignments against the brute-force sum over the symmetrised joint table.
  torch::manual_seed(0);
  auto a = torch::softmax(torch::randn({64, 4}, torch::kDouble), 1), b = torch::softmax(torch::randn({64, 4}, torch::kDouble), 1);
  auto joint = a.t().mm(b) / 64;
  joint = (joint + joint.t()) / 2;
  double brute = 0;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) {
      const double pij = joint[i][j].item<double>();
      brute += pij * std::log(pij / (joint[i].sum().item<double>() * joint.select(1, j).sum().item<double>()));
    }
  EXPECT_NEAR(joint_table_mi(a, b).item<double>(), brute, 1e-12);
}

TEST(DiscreteMi, RimIsLogCForConfidentBalancedPredictionsAndZeroForUniformOnes) {
  const int64_t c = 4;
  auto p = hot(torch::arange(40, torch::kLong) % c, c);
  EXPECT_NEAR(rim_mi(p).item<double>(), std::log(4.0), 1e-9);
  EXPECT_NEAR(rim_mi(torch::full({40, c}, 0.25, torch::kDouble)).item<double>(), 0.0, 1e-12);
  // Confident but all one class: no balance, no information.
  EXPECT_NEAR(rim_mi(hot(torch::zeros({40}, torch::kLong), c)).item<double>(), 0.0, 1e-9);
}

TEST(DiscreteMi, GradientsReachTheInputs) {
  torch::manual_seed(1);
  auto logits = torch::randn({32, 6}, torch::dtype(torch::kDouble).requires_grad(true));
  auto p = torch::softmax(logits, 1);
  (joint_table_mi(p, p) + rim_mi(p) + infogan_categorical(logits, torch::arange(32, torch::kLong) % 6)).backward();
  EXPECT_TRUE(torch::isfinite(logits.grad()).all().item<bool>());
  EXPECT_GT(logits.grad().abs().sum().item<double>(), 0);
}

TEST(DiscreteMi, BadInputsNameTheArgument) {
  auto codes = torch::zeros({4}, torch::kLong);
  EXPECT_EQ(error_of([&] { infogan_categorical(torch::zeros({4, 1}), codes); }),
            "logits: expected C >= 2 code values (columns), got 1");
  EXPECT_EQ(error_of([&] { infogan_categorical(torch::zeros({4, 3}), codes + 3); }), "codes: expected values in [0, 3)");
  EXPECT_EQ(error_of([&] { joint_table_mi(torch::full({4, 2}, 0.5), torch::full({4, 3}, 1.0 / 3)); }),
            "p2: expected the shape of p1 [4, 2] (the same inputs under two views), got [4, 3]");
  EXPECT_EQ(error_of([&] { rim_mi(torch::full({4, 2}, 2.0)); }), "probs: expected probabilities in [0, 1] (softmax outputs)");
  EXPECT_EQ(error_of([&] { rim_mi(torch::full({4, 0}, 0.5)); }),
            "probs: expected N x C probabilities with N >= 1 and C >= 2 categories, got shape [4, 0]");
}
