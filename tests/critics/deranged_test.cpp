// The deranged critic (deranged.h): 2K scores per batch, the joint pairs and one negative per row that is never
// the row's own y; fixed pairs in eval mode; the network is the concat critic's; trained by fit_critic under an
// f-DIME bound it learns the MI of a Gaussian pair.
#include "infotorch/critics/deranged.h"

#include <gtest/gtest.h>

#include "../error_of.h"
#include "infotorch/bounds/factory.h"
#include "infotorch/critics/factory.h"

using namespace infotorch;
using namespace infotorch::critics;

namespace {

std::shared_ptr<DerangedCritic> small(const std::string& negatives = "derangement") {
  auto c = std::dynamic_pointer_cast<DerangedCritic>(
      make_critic(parse_spec("deranged:hidden=8,negatives=" + negatives), 3, 2));
  EXPECT_TRUE(c);
  return c;
}

}  // namespace

TEST(CriticsDeranged, ScoresTheJointPairsAndOneOtherYPerRow) {
  torch::manual_seed(1);
  auto c = small();
  auto x = torch::randn({12, 3}), y = torch::randn({12, 2});
  auto s = c->batch_scores(x, y);
  ASSERT_FALSE(s.is_matrix());
  ASSERT_EQ(s.k(), 12);
  EXPECT_TRUE(torch::allclose(s.joint(), c->paired(x, y), 1e-5, 1e-6));
  // Each negative is an off-diagonal entry of its own row of the full K x K matrix of the same network.
  auto all = c->scores(x, y);
  torch::manual_seed(7);
  auto sigma = c->draw_sigma(12);
  torch::manual_seed(7);
  auto again = c->batch_scores(x, y);
  auto expected = all.gather(1, sigma.unsqueeze(1)).squeeze(1);
  EXPECT_TRUE(torch::allclose(again.joint(), all.diagonal(), 1e-5, 1e-6));
  // The negatives' mean pins which entries they are (the exp keeps it sensitive to each).
  EXPECT_NEAR(again.log_mean_exp_negative().item<double>(), (expected.exp().mean().log()).item<double>(), 1e-5);
  for (int64_t i = 0; i < 12; ++i) EXPECT_NE(sigma[i].item<int64_t>(), i);
}

TEST(CriticsDeranged, ADerangementNeverPairsARowWithItselfAPermutationSometimesDoes) {
  auto d = small("derangement"), p = small("permutation");
  auto gen = at::detail::createCPUGenerator(5);
  int64_t fixed_d = 0, fixed_p = 0;
  for (int i = 0; i < 200; ++i) {
    auto a = d->draw_sigma(8, gen), b = p->draw_sigma(8, gen);
    fixed_d += (a == torch::arange(8)).sum().item<int64_t>();
    fixed_p += (b == torch::arange(8)).sum().item<int64_t>();
  }
  EXPECT_EQ(fixed_d, 0);
  EXPECT_GT(fixed_p, 100);  // one fixed point per permutation on average: ~200
}

TEST(CriticsDeranged, EvalModeReadsTheSameRowsTheSameWay) {
  torch::manual_seed(2);
  auto c = small();
  auto x = torch::randn({20, 3}), y = torch::randn({20, 2});
  c->eval();
  auto a = c->batch_scores(x, y).log_mean_exp_negative().item<double>();
  torch::randn({5});  // the default generator moves on; eval's pairs do not
  auto b = c->batch_scores(x, y).log_mean_exp_negative().item<double>();
  EXPECT_EQ(a, b);
  c->train();
}

TEST(CriticsDeranged, OptionsAndBadInputs) {
  EXPECT_NE(error_of([] { make_critic(parse_spec("deranged:negatives=shuffle"), 3, 2); }).find("negatives"),
            std::string::npos);
  EXPECT_NE(error_of([] { make_critic(parse_spec("concat:negatives=permutation"), 3, 2); }).find("negatives"),
            std::string::npos)
      << "only the deranged critic reads negatives";
  auto c = small();
  EXPECT_EQ(error_of([&] { c->batch_scores(torch::randn({1, 3}), torch::randn({1, 2})); }),
            "deranged critic: expected K >= 2 rows (a derangement of one row does not exist), got K = 1");
  auto infonce = bounds::make_bound("infonce");
  EXPECT_NE(error_of([&] { infonce->forward(c->batch_scores(torch::randn({4, 3}), torch::randn({4, 2}))); })
                .find("infonce"),
            std::string::npos);
}
