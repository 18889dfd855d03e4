// Standardisation with one sample's statistics, applied to another.
#include "infotorch/core/standardise.h"

#include <gtest/gtest.h>

#include "infotorch/core/random.h"

using namespace infotorch;

TEST(Standardise, TrainStatisticsGiveZeroMeanUnitStdAndApplyToOtherRows) {
  auto t = torch::stack({torch::arange(10, torch::kDouble) * 3 + 5, torch::full({10}, 2.0, torch::kDouble)}, 1);
  auto s = Standardiser::fit(t);
  auto z = s.apply(t);
  EXPECT_NEAR(z.select(1, 0).mean().item<double>(), 0, 1e-12);
  EXPECT_NEAR(z.select(1, 0).std().item<double>(), 1, 1e-12);
  EXPECT_NEAR(z.select(1, 1).abs().max().item<double>(), 0, 1e-12);  // constant column: only centred
  // Other rows move by the training statistics, not their own.
  auto other = torch::tensor({{5.0, 3.0}}, torch::kDouble);
  auto zo = s.apply(other);
  EXPECT_NEAR(zo[0][0].item<double>(), (5.0 - 18.5) / (3 * std::sqrt(55.0 / 6.0)), 1e-12);
  EXPECT_NEAR(zo[0][1].item<double>(), 1.0, 1e-12);
  EXPECT_EQ(s.apply(other.to(torch::kFloat)).scalar_type(), torch::kFloat);
}

TEST(Random, SeedsAreAFunctionOfWhereAndDistinctPerRank) {
  EXPECT_EQ(derive_seed(1, 2, 3, 4), derive_seed(1, 2, 3, 4));
  EXPECT_NE(derive_seed(1, 2, 3, rank_stream(4, 0)), derive_seed(1, 2, 3, rank_stream(4, 1)));
  EXPECT_EQ(rank_stream(4, 0), 4u);
  auto a = make_generator(9), b = make_generator(9);
  EXPECT_TRUE(torch::equal(torch::randn({5}, a), torch::randn({5}, b)));
}
