// Every lower bound read with the analytically optimal critic f = log r on correlated Gaussians (closed-form
// MI), averaged over independent batches: the value sits within sampling tolerance (4 standard errors) of its
// theoretical expectation and not above the true MI.
#include <gtest/gtest.h>

#include "gaussian_pair.h"
#include "infotorch/bounds/dv.h"
#include "infotorch/bounds/infonce.h"
#include "infotorch/bounds/interpolated.h"
#include "infotorch/bounds/js.h"
#include "infotorch/bounds/mine.h"
#include "infotorch/bounds/nwj.h"
#include "infotorch/bounds/smile.h"
#include "infotorch/bounds/tuba.h"

using namespace infotorch::bounds;
using infotorch::bounds::bounds_test::GaussianPair;
using infotorch::bounds::bounds_test::over_batches;
using infotorch::bounds::bounds_test::seeded;

namespace {

constexpr int64_t kBatch = 256;
constexpr int kBatches = 30;

// Value of `bound` at f = log r (+ `shift`), mean and standard error over batches; the generator is seeded
// identically for every bound, so all read the same samples.
bounds_test::MeanSe at_optimum(const GaussianPair& pair, const std::function<Estimate(const torch::Tensor&)>& bound,
                           double shift = 0.0) {
  auto gen = seeded(7);
  return over_batches(kBatches, [&] {
    auto [x, y] = pair.sample(kBatch, gen);
    return bound(pair.log_ratio(x, y) + shift).mi.item<double>();
  });
}

void expect_unbiased(const char* name, const bounds_test::MeanSe& v, double expected) {
  SCOPED_TRACE(name);
  EXPECT_NEAR(v.mean, expected, 4 * v.se + 1e-3) << "se " << v.se;
}

void check_all_lower_bounds(const GaussianPair& pair) {
  const double truth = pair.mi();
  // TUBA (a = 1), NWJ at its optimum 1 + log r, and the JS readout are unbiased at the optimum: E = I.
  auto tuba_v = at_optimum(pair, [](const torch::Tensor& s) { return tuba(s); });
  auto nwj_v = at_optimum(pair, [](const torch::Tensor& s) { return nwj(s); }, 1.0);
  auto js_v = at_optimum(pair, [](const torch::Tensor& s) { return js(s); });
  expect_unbiased("tuba", tuba_v, truth);
  expect_unbiased("nwj", nwj_v, truth);
  expect_unbiased("js", js_v, truth);
  // DV, MINE (value = DV), SMILE and I_alpha equal I up to an O(1/K) finite-batch term; InfoNCE is below I by
  // O(e^I / K), small here (K = 256 >> e^I).
  auto dv_v = at_optimum(pair, [](const torch::Tensor& s) { return dv(s); });
  auto mine_v = at_optimum(pair, [](const torch::Tensor& s) {
    torch::Tensor state;
    return mine(s, state);
  });
  auto smile_v = at_optimum(pair, [](const torch::Tensor& s) { return smile(s); });
  // SMILE's clip moves its expectation to I - log E_Q[clip(r, e^-5, e^5)] (Song & Ermon 2020, Sec. 4): read
  // E_Q[clip(r)] from 3 x 10^5 independent product-of-marginals pairs (an independent Monte Carlo reference).
  double smile_expected;
  {
    auto gen = seeded(99);
    auto opts = torch::TensorOptions().dtype(torch::kFloat64);
    auto x = torch::randn({300000, pair.d}, gen, opts), y = torch::randn({300000, pair.d}, gen, opts);
    const double s2 = 1 - pair.rho * pair.rho;
    auto log_r = (-0.5 * std::log(s2) - (x * x - 2 * pair.rho * x * y + y * y) / (2 * s2) + (x * x + y * y) / 2).sum(1);
    smile_expected = truth - std::log(torch::exp(log_r.clamp(-5, 5)).mean().item<double>());
  }
  auto nce_v = at_optimum(pair, [](const torch::Tensor& s) { return infonce(s); });
  auto nce_col = at_optimum(pair, [](const torch::Tensor& s) {
    InfoNceOptions o;
    o.dir = InfoNceDirection::col;
    return infonce(s, o);
  });
  auto alpha_v = at_optimum(pair, [](const torch::Tensor& s) { return interpolated(s); });
  expect_unbiased("dv", dv_v, truth);
  expect_unbiased("mine", mine_v, truth);
  expect_unbiased("smile", smile_v, smile_expected);
  expect_unbiased("infonce", nce_v, truth);
  expect_unbiased("infonce col", nce_col, truth);
  expect_unbiased("interpolated", alpha_v, truth);
  EXPECT_DOUBLE_EQ(mine_v.mean, dv_v.mean);
  // Below the truth (lower bounds), up to the same sampling tolerance. (SMILE is left out: with a finite tau its
  // expectation can sit above I, see smile_expected.)
  for (const auto& [name, v] : std::vector<std::pair<const char*, bounds_test::MeanSe>>{
           {"tuba", tuba_v}, {"nwj", nwj_v}, {"js", js_v}, {"dv", dv_v},
           {"infonce", nce_v}, {"interpolated", alpha_v}}) {
    SCOPED_TRACE(name);
    EXPECT_LE(v.mean, truth + 4 * v.se + 1e-3);
  }
}

}  // namespace

TEST(BoundsOptimalCritic, OneDimensionalRho08) { check_all_lower_bounds(GaussianPair{1, 0.8}); }

TEST(BoundsOptimalCritic, FiveDimensionalTwoNats) {
  // rho chosen so that 5 dimensions hold 2 nats: -log(1 - rho^2) / 2 = 0.4.
  GaussianPair pair{5, std::sqrt(1 - std::exp(-0.8))};
  ASSERT_NEAR(pair.mi(), 2.0, 1e-12);
  check_all_lower_bounds(pair);
}

TEST(BoundsOptimalCritic, JsReadoutIsUnbiasedWhileNwjOfTheSameCriticIsLowByOneOverE) {
  // The JS-optimal critic is f = log r. Reading it through nwj(f) = tuba(f - 1), as several public
  // implementations do, gives I - 1/e; the readout js() uses, tuba(f) = nwj(f + 1), gives I.
  GaussianPair pair{1, 0.8};
  auto js_v = at_optimum(pair, [](const torch::Tensor& s) { return js(s); });
  auto nwj_v = at_optimum(pair, [](const torch::Tensor& s) { return nwj(s); });
  EXPECT_NEAR(js_v.mean, pair.mi(), 4 * js_v.se + 1e-3);
  EXPECT_NEAR(nwj_v.mean, pair.mi() - std::exp(-1.0), 4 * nwj_v.se + 1e-3);
  // The 1/e gap is far outside the sampling tolerance, so the two readouts are distinguishable.
  EXPECT_GT(js_v.mean - nwj_v.mean, 0.3);
}

TEST(BoundsOptimalCritic, InfoNceNeverExceedsLogK) {
  // High MI (5 dimensions, 10 nats) with K = 64: the optimal critic saturates InfoNCE just under log K.
  GaussianPair pair{5, std::sqrt(1 - std::exp(-4.0))};
  auto gen = seeded(3);
  for (int b = 0; b < 5; ++b) {
    auto [x, y] = pair.sample(64, gen);
    auto s = pair.log_ratio(x, y);
    for (auto dir : {InfoNceDirection::row, InfoNceDirection::col, InfoNceDirection::sym}) {
      InfoNceOptions o;
      o.dir = dir;
      double v = infonce(s, o).mi.item<double>();
      EXPECT_LE(v, std::log(64.0) + 1e-12);
      EXPECT_GT(v, std::log(64.0) - 0.5);  // and close to it: the ceiling binds, not the truth
    }
  }
  // Any scores at all, however large.
  auto wild = 50 * torch::randn({32, 32}, seeded(4), torch::TensorOptions().dtype(torch::kFloat64));
  wild.diagonal().fill_(1e3);
  EXPECT_LE(infonce(wild).mi.item<double>(), std::log(32.0) + 1e-12);
  EXPECT_DOUBLE_EQ(InfoNceBound().ceiling(128), std::log(128.0));
}

TEST(BoundsOptimalCritic, IndependenceGivesZero) {
  // rho = 0: the optimal critic is log r = 0 and every lower bound reads 0 exactly (no stray offsets).
  GaussianPair pair{3, 0.0};
  auto gen = seeded(5);
  auto [x, y] = pair.sample(128, gen);
  auto s = pair.log_ratio(x, y);
  ASSERT_DOUBLE_EQ(s.abs().max().item<double>(), 0.0);
  EXPECT_NEAR(dv(s).mi.item<double>(), 0.0, 1e-12);
  EXPECT_NEAR(tuba(s).mi.item<double>(), 0.0, 1e-12);
  EXPECT_NEAR(nwj(s + 1).mi.item<double>(), 0.0, 1e-12);
  EXPECT_NEAR(infonce(s).mi.item<double>(), 0.0, 1e-12);
  EXPECT_NEAR(js(s).mi.item<double>(), 0.0, 1e-12);
  EXPECT_NEAR(smile(s).mi.item<double>(), 0.0, 1e-12);
  EXPECT_NEAR(interpolated(s).mi.item<double>(), 0.0, 1e-12);
  // A critic that sees structure that is not there (the rho = 0.5 ratio on independent data): the values are
  // at or below 0 (up to sampling noise) and not far below.
  GaussianPair wrong{3, 0.5};
  auto v = over_batches(10, [&] {
    auto [xi, yi] = pair.sample(256, gen);
    return dv(wrong.log_ratio(xi, yi)).mi.item<double>();
  });
  EXPECT_LT(v.mean, 4 * v.se);
  EXPECT_GT(v.mean, -1.0);
  auto w = over_batches(10, [&] {
    auto [xi, yi] = pair.sample(256, gen);
    return infonce(wrong.log_ratio(xi, yi)).mi.item<double>();
  });
  EXPECT_LT(w.mean, 4 * w.se);
  EXPECT_GT(w.mean, -1.0);
}
