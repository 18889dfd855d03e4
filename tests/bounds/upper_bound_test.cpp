// make_upper_bound: the module that pairs a learned q(y|x) with CLUB / vCLUB-sample / L1Out.
#include <gtest/gtest.h>

#include "gaussian_pair.h"
#include "infotorch/bounds/upper_bound.h"
#include "infotorch/core/error.h"

using namespace infotorch::bounds;
using infotorch::bounds::bounds_test::GaussianPair;
using infotorch::bounds::bounds_test::seeded;

TEST(BoundsUpperFactory, SpecsRoundTripAndErrorsArePinned) {
  EXPECT_EQ(upper_bound_names(), (std::vector<std::string>{"club", "vclub", "l1out"}));
  EXPECT_EQ(make_upper_bound("club", 2, 3)->spec(), "club:hidden=64,max_logvar=5");
  EXPECT_EQ(make_upper_bound("vclub:seed=3,hidden=8", 2, 3)->spec(), "vclub:hidden=8,max_logvar=5,seed=3");
  EXPECT_EQ(make_upper_bound("l1out:max_logvar=2.5", 1, 1)->spec(), "l1out:hidden=64,max_logvar=2.5");
  EXPECT_TRUE(is_upper_bound_name("vclub"));
  EXPECT_FALSE(is_upper_bound_name("smile"));
  try {
    make_upper_bound("clubb", 1, 1);
    FAIL();
  } catch (const infotorch::Error& e) {
    EXPECT_STREQ(e.what(), "estimator 'clubb': unknown upper bound (known: club, vclub, l1out)");
  }
  try {
    make_upper_bound("club:seed=1", 1, 1);
    FAIL();
  } catch (const infotorch::Error& e) {
    EXPECT_STREQ(e.what(), "estimator 'club': unknown option 'seed' (known: hidden, max_logvar)");
  }
}

TEST(BoundsUpperFactory, QLossFitsQWithoutReachingTheInputs) {
  torch::manual_seed(1);
  GaussianPair pair{1, 0.8};
  auto ub = make_upper_bound("vclub:hidden=16", 1, 1);
  ub->to(torch::kFloat64);
  torch::optim::Adam opt(ub->q()->parameters(), torch::optim::AdamOptions(1e-2));
  auto gen = seeded(51);
  for (int step = 0; step < 200; ++step) {
    auto [x, y] = pair.sample(128, gen);
    opt.zero_grad();
    ub->q_loss(x, y).backward();
    opt.step();
  }
  auto [x, y] = pair.sample(1000, gen);
  auto xr = x.clone().requires_grad_(true);
  ub->q_loss(xr, y).backward();
  EXPECT_FALSE(xr.grad().defined());  // q_loss detaches its inputs
  auto e = ub->forward(xr, y);
  e.loss.backward();
  EXPECT_TRUE(xr.grad().defined());  // the bound reaches an encoder producing x
  // Fitted q: vCLUB-sample near its true-q expectation rho^2 / (1 - rho^2) = 1.78 and above the truth.
  EXPECT_GT(e.mi.item<double>(), pair.mi());
  EXPECT_NEAR(e.mi.item<double>(), 0.64 / 0.36, 0.3);
}
