// make_bound: names, options, defaults, spec round trips, and the pinned error messages.
#include <gtest/gtest.h>

#include "../error_of.h"

#include "gaussian_pair.h"
#include "infotorch/bounds/factory.h"
#include "infotorch/bounds/mine.h"
#include "infotorch/bounds/tuba.h"
#include "infotorch/core/error.h"

using namespace infotorch::bounds;
using infotorch::bounds::bounds_test::seeded;

TEST(BoundsFactory, BuildsEveryNamedBoundWithItsDefaults) {
  EXPECT_EQ(bound_names(), (std::vector<std::string>{"dv", "mine", "nwj", "tuba", "infonce", "js", "smile",
                                                      "interpolated", "kl-dime", "hd-dime", "gan-dime"}));
  const std::map<std::string, std::string> canonical = {
      {"dv", "dv"},
      {"mine", "mine:ema=0.01"},
      {"nwj", "nwj"},
      {"tuba", "tuba:learn=true,log_a=0"},
      {"infonce", "infonce:dir=row"},
      {"js", "js"},
      {"smile", "smile:tau=5"},
      {"interpolated", "interpolated:alpha=0.5,log_q=0"},
      {"kl-dime", "kl-dime"},
      {"hd-dime", "hd-dime"},
      {"gan-dime", "gan-dime"},
  };
  auto s = torch::randn({6, 6}, seeded(41), torch::TensorOptions().dtype(torch::kFloat64));
  for (const auto& name : bound_names()) {
    EXPECT_TRUE(is_bound_name(name));
    auto b = make_bound(name);
    ASSERT_TRUE(b) << name;
    EXPECT_EQ(b->spec(), canonical.at(name));
    // The spec builds the same bound again.
    EXPECT_EQ(make_bound(b->spec())->spec(), b->spec());
    auto e = b->forward(s);
    EXPECT_TRUE(std::isfinite(e.mi.item<double>())) << name;
    EXPECT_TRUE(std::isfinite(e.loss.item<double>())) << name;
  }
  EXPECT_FALSE(is_bound_name("ksg"));
  EXPECT_FALSE(is_bound_name("club"));
}

TEST(BoundsFactory, ReadsOptions) {
  EXPECT_EQ(make_bound("smile:tau=2.5")->spec(), "smile:tau=2.5");
  EXPECT_EQ(make_bound("mine:ema=0.1")->spec(), "mine:ema=0.1");
  EXPECT_EQ(make_bound("infonce:dir=sym")->spec(), "infonce:dir=sym");
  EXPECT_EQ(make_bound("tuba:learn=false,log_a=-1")->spec(), "tuba:learn=false,log_a=-1");
  EXPECT_EQ(make_bound("interpolated:alpha=1")->spec(), "interpolated:alpha=1,log_q=0");
  EXPECT_DOUBLE_EQ(make_bound("infonce:dir=col")->ceiling(64), std::log(64.0));
  EXPECT_TRUE(std::isinf(make_bound("smile")->ceiling(64)));
  // A learned TUBA baseline is a parameter; a fixed one is not.
  EXPECT_EQ(make_bound("tuba")->parameters().size(), 1u);
  EXPECT_EQ(make_bound("tuba:learn=false")->parameters().size(), 0u);
}

TEST(BoundsFactory, PinnedErrors) {
  EXPECT_EQ(error_of([] { make_bound("ksg"); }),
            "estimator 'ksg': unknown bound (known: dv, mine, nwj, tuba, infonce, js, smile, interpolated, kl-dime, hd-dime, gan-dime)");
  EXPECT_EQ(error_of([] { make_bound("smile:tua=5"); }), "estimator 'smile': unknown option 'tua' (known: tau)");
  EXPECT_EQ(error_of([] { make_bound("dv:tau=5"); }), "estimator 'dv': unknown option 'tau' (known: none)");
  EXPECT_EQ(error_of([] { make_bound("smile:tau=abc"); }), "estimator 'smile': option tau: expected a number, got 'abc'");
  EXPECT_EQ(error_of([] { make_bound("smile:tau=-1"); }), "smile: option tau: expected a positive number, got -1");
  EXPECT_EQ(error_of([] { make_bound("mine:ema=0"); }), "mine: option ema: expected a rate in (0, 1], got 0");
  EXPECT_EQ(error_of([] { make_bound("infonce:dir=diag"); }), "estimator 'infonce': option dir: expected one of row, col, sym, got 'diag'");
  EXPECT_EQ(error_of([] { make_bound("interpolated:alpha=1.5"); }),
            "interpolated: option alpha: expected a weight in [0, 1], got 1.5");
  EXPECT_EQ(error_of([] { make_bound("tuba:learn=maybe"); }),
            "estimator 'tuba': option learn: expected true or false, got 'maybe'");
  EXPECT_EQ(error_of([] { make_bound("smile:tau"); }), "estimator spec 'smile:tau': option 'tau' must be key=value");
}

TEST(BoundsFactory, MineModuleKeepsItsMovingAverageOnlyWhileTraining) {
  auto b = std::dynamic_pointer_cast<MineBound>(make_bound("mine:ema=0.5"));
  ASSERT_TRUE(b);
  EXPECT_TRUE(std::isinf(b->log_ema().item<double>()));
  auto opts = torch::TensorOptions().dtype(torch::kFloat64);
  auto s1 = torch::randn({8, 8}, seeded(42), opts), s2 = torch::randn({8, 8}, seeded(43), opts);
  auto lme = [](const torch::Tensor& s) {
    auto off = s.masked_select(~torch::eye(8, torch::kBool));
    return std::log(torch::exp(off).mean().item<double>());
  };
  b->forward(s1);  // first step initialises m with the batch
  EXPECT_NEAR(b->log_ema().item<double>(), lme(s1), 1e-12);
  b->forward(s2);  // m = 0.5 m_1 + 0.5 b_2
  const double expected = std::log(0.5 * std::exp(lme(s1)) + 0.5 * std::exp(lme(s2)));
  EXPECT_NEAR(b->log_ema().item<double>(), expected, 1e-12);
  b->eval();
  b->forward(s1);
  EXPECT_NEAR(b->log_ema().item<double>(), expected, 1e-12);
  // Saved with the module: a buffer.
  EXPECT_EQ(b->named_buffers().size(), 1u);
}

TEST(BoundsFactory, MineMovingAverageIsStableWhenScoresOverflow) {
  // e^f overflows float64 at f = 1000; the log-space state stays finite and the loss gradient finite.
  MineBound b;
  auto s = torch::full({4, 4}, 1000.0, torch::kFloat64);
  s.diagonal().fill_(1001.0);
  auto v = s.clone().requires_grad_(true);
  auto e = b.forward(v);
  e.loss.backward();
  EXPECT_NEAR(b.log_ema().item<double>(), 1000.0, 1e-9);
  EXPECT_NEAR(e.mi.item<double>(), 1.0, 1e-9);
  EXPECT_TRUE(torch::isfinite(v.grad()).all().item<bool>());
  b.forward(s - 2000.0);  // and underflow
  EXPECT_TRUE(std::isfinite(b.log_ema().item<double>()));
}
