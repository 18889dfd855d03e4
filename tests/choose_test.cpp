// `estimator = "auto"`: the kind of each variable and the choice on constructed data, pinned; the reason in the
// result.
#include <gtest/gtest.h>

#include "error_of.h"
#include "infotorch/choose.h"
#include "infotorch/estimate.h"

using infotorch::choose_estimator;
using infotorch::variable_kind;

namespace {

torch::Tensor gaussian(int64_t n, int64_t d, uint64_t seed) {
  torch::manual_seed(seed);
  return torch::randn({n, d}, torch::kDouble);
}

}  // namespace

TEST(Choose, TellsDiscreteContinuousAndMixedVariablesApart) {
  const auto g = gaussian(3000, 2, 1);
  EXPECT_EQ(variable_kind(g), "continuous");
  EXPECT_EQ(variable_kind(torch::floor(g * 2)), "discrete");      // integers, ~15 values
  EXPECT_EQ(variable_kind(torch::randint(0, 300, {3000, 1}, torch::kDouble)), "discrete");  // integers, <= N/5 values
  EXPECT_EQ(variable_kind(torch::cat({g.slice(1, 0, 1), torch::floor(g.slice(1, 1, 2))}, 1)), "mixed");
  auto atom = g.slice(1, 0, 1).clone();
  atom.slice(0, 0, 600).zero_();  // 20 % of the rows at exactly 0: a point mass
  EXPECT_EQ(variable_kind(atom), "mixed");
}

TEST(Choose, PicksTheFormulationTheRulesGiveAndSaysWhy) {
  const auto x = gaussian(3000, 2, 2);
  const auto labels = torch::randint(0, 5, {3000, 1}, torch::kDouble);
  auto c = choose_estimator(torch::floor(x * 2), labels);
  EXPECT_EQ(c.estimator, "discrete");
  c = choose_estimator(labels, x);
  EXPECT_EQ(c.estimator, "ross:k=3");
  EXPECT_FALSE(c.swap);
  c = choose_estimator(x, labels);
  EXPECT_EQ(c.estimator, "ross:k=3");
  EXPECT_TRUE(c.swap);  // the discrete variable goes first
  auto atom = x.clone();
  atom.slice(0, 0, 600).zero_();
  EXPECT_EQ(choose_estimator(atom, x).estimator, "mixed:k=5");
  c = choose_estimator(x, x + 0.5 * gaussian(3000, 2, 3));
  EXPECT_EQ(c.estimator, "ksg:k=3,copula=true");
  EXPECT_NE(c.why.find("dx = 2"), std::string::npos) << c.why;
  EXPECT_NE(c.why.find("copula"), std::string::npos) << c.why;
  EXPECT_FALSE(c.facts.heavy_tails);
  // Heavy tails are reported (Student-t with 1 degree of freedom: a Cauchy column).
  const auto cauchy = torch::tan(M_PI * (torch::rand({3000, 1}, torch::kDouble) - 0.5));
  EXPECT_TRUE(choose_estimator(cauchy, x).facts.heavy_tails);
  // High dimension: a critic when there are rows to train it, the Gaussian copula when there are not.
  const auto wide = gaussian(3000, 16, 4);
  c = choose_estimator(wide, wide + gaussian(3000, 16, 5));
  EXPECT_EQ(c.estimator, "smile:tau=5");
  EXPECT_EQ(c.critic, "concat:activation=elu,hidden=64");  // estimate()'s default critic options, concat kind
  EXPECT_EQ(choose_estimator(wide.slice(0, 0, 1000), wide.slice(0, 0, 1000)).estimator, "gaussian:copula=true");
}

TEST(Choose, EstimateReportsTheChoiceAndSwapsForADiscreteY) {
  const auto x = gaussian(2000, 1, 6);
  const auto labels = (x > 0).to(torch::kDouble);
  infotorch::EstimateOptions o;
  o.estimator = "auto";
  const auto r = infotorch::estimate(x, labels, o);
  EXPECT_EQ(r.estimator, "auto");
  EXPECT_EQ(r.chosen.rfind("ross", 0), 0u) << r.chosen;
  EXPECT_NE(r.why.find("y discrete"), std::string::npos) << r.why;
  EXPECT_NEAR(r.mi_nats, std::log(2.0), 0.05);  // the sign of x carries its full bit
  o.estimator = "auto:k=3";
  EXPECT_NE(error_of([&] { infotorch::estimate(x, labels, o); }).find("unknown option 'k'"), std::string::npos);
}
