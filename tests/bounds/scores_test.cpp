// The two layouts a bound reads (scores.h): the K x K matrix and K joint scores beside K deranged negatives.
// A matrix whose row i holds one value n_i everywhere off the diagonal has the same means over its negatives as
// the pairs (diag, n), so every bound that takes pairs must read the two the same; the others must refuse pairs.
#include <gtest/gtest.h>

#include "../error_of.h"
#include "infotorch/bounds/factory.h"
#include "infotorch/bounds/scores.h"

using namespace infotorch::bounds;

namespace {

// Row i: joint[i] on the diagonal, negative[i] everywhere else.
torch::Tensor rows_of(const torch::Tensor& joint, const torch::Tensor& negative) {
  const int64_t k = joint.size(0);
  auto m = negative.unsqueeze(1).expand({k, k}).clone();
  m.diagonal().copy_(joint);
  return m;
}

const std::vector<std::string> kTakePairs = {"dv", "mine", "nwj", "tuba", "js", "smile:tau=2", "kl-dime", "hd-dime", "gan-dime"};

}  // namespace

TEST(BoundsScores, EveryBoundThatTakesPairsReadsThemAsTheEquivalentMatrix) {
  torch::manual_seed(3);
  auto joint = 1.5 + torch::randn({16}, torch::kDouble);
  auto negative = -0.5 + 2 * torch::randn({16}, torch::kDouble);  // some beyond SMILE's clip at 2
  auto pairs = Scores::pairs(joint, negative);
  for (const auto& spec : kTakePairs) {
    auto on_pairs = make_bound(spec)->forward(pairs);
    auto on_matrix = make_bound(spec)->forward(rows_of(joint, negative));
    EXPECT_NEAR(on_pairs.mi.item<double>(), on_matrix.mi.item<double>(), 1e-12) << spec;
    EXPECT_NEAR(on_pairs.loss.item<double>(), on_matrix.loss.item<double>(), 1e-12) << spec;
  }
}

TEST(BoundsScores, PairsGiveGradientsToJointAndNegativeScores) {
  auto joint = torch::tensor({2.0, 1.0, 3.0}, torch::dtype(torch::kDouble).requires_grad(true));
  auto negative = torch::tensor({0.0, -1.0, 0.5}, torch::dtype(torch::kDouble).requires_grad(true));
  make_bound("nwj")->forward(Scores::pairs(joint, negative)).loss.backward();
  // loss = -(E[f] - e^{-1} E[e^f]): d/d joint_i = -1/K, d/d negative_i = e^{negative_i - 1} / K.
  EXPECT_TRUE(torch::allclose(joint.grad(), torch::full({3}, -1.0 / 3, torch::kDouble)));
  EXPECT_TRUE(torch::allclose(negative.grad(), torch::exp(negative.detach() - 1) / 3));
}

TEST(BoundsScores, BoundsThatNeedEveryNegativeRefusePairsNamingThemselves) {
  auto pairs = Scores::pairs(torch::ones({4}), torch::zeros({4}));
  for (const std::string spec : {"infonce", "interpolated"}) {
    auto bound = make_bound(spec);
    EXPECT_NE(error_of([&] { bound->forward(pairs); }).find(bound->spec() + ": needs the K x K score matrix"),
              std::string::npos)
        << spec;
  }
}

TEST(BoundsScores, BadPairsNameTheArgument) {
  EXPECT_EQ(error_of([] { Scores::pairs(torch::ones({4}), torch::zeros({3})); }),
            "negative: expected one negative score per joint score (K = 4), got 3");
  EXPECT_EQ(error_of([] { Scores::pairs(torch::ones({1}), torch::zeros({1})); }),
            "joint: expected K >= 2 pairs, got K = 1");
  EXPECT_EQ(error_of([] { Scores::pairs(torch::ones({2}), torch::tensor({0.0, std::nan("")})); }),
            "negative: contains NaN or Inf (first at row 1); expected finite values");
  auto m = torch::zeros({3, 3});
  m[0][1] = INFINITY;
  try {
    Scores s(m);
    FAIL() << "an Inf score was accepted";
  } catch (const infotorch::NonFiniteError&) {  // a non-finite score is its own kind of Error (fit.h relies on it)
  }
}
