// The loss gradients: autograd against central finite differences on small float64 inputs (K = 4). Where the
// loss is -mi (or +mi for upper bounds) the finite difference is taken of the value itself; for MINE, SMILE
// and JS it is taken of the documented surrogate.
#include <gtest/gtest.h>

#include "gaussian_pair.h"
#include "infotorch/bounds/club.h"
#include "infotorch/bounds/dv.h"
#include "infotorch/bounds/gaussian_kl.h"
#include "infotorch/bounds/infonce.h"
#include "infotorch/bounds/interpolated.h"
#include "infotorch/bounds/js.h"
#include "infotorch/bounds/l1out.h"
#include "infotorch/bounds/mine.h"
#include "infotorch/bounds/nwj.h"
#include "infotorch/bounds/smile.h"
#include "infotorch/bounds/tuba.h"
#include "infotorch/core/numerics.h"

using namespace infotorch::bounds;
using infotorch::bounds::bounds_test::autograd_gradient;
using infotorch::bounds::bounds_test::finite_difference;
using infotorch::bounds::bounds_test::seeded;

namespace {
using Fn = std::function<torch::Tensor(const torch::Tensor&)>;

torch::Tensor scores4(uint64_t seed) {
  auto s = torch::randn({4, 4}, seeded(seed), torch::TensorOptions().dtype(torch::kFloat64));
  s.diagonal().add_(1.0);
  return s;
}

// Gradient of `loss` equals the finite-difference gradient of `reference` (same function unless a surrogate).
void expect_gradient(const char* name, const Fn& loss, const Fn& reference, const torch::Tensor& at) {
  SCOPED_TRACE(name);
  auto g = autograd_gradient(loss, at);
  auto fd = finite_difference(reference, at);
  ASSERT_TRUE(g.defined());
  EXPECT_TRUE(torch::allclose(g, fd, 1e-6, 1e-7)) << "autograd\n" << g << "\nfinite difference\n" << fd;
}
void expect_gradient(const char* name, const Fn& loss, const torch::Tensor& at) {
  expect_gradient(name, loss, loss, at);
}
}  // namespace

TEST(BoundsGradients, LossIsMinusValueAndMatchesFiniteDifferences) {
  std::vector<std::pair<const char*, std::function<Estimate(const torch::Tensor&)>>> bounds = {
      {"dv", [](const torch::Tensor& s) { return dv(s); }},
      {"nwj", [](const torch::Tensor& s) { return nwj(s); }},
      {"tuba", [](const torch::Tensor& s) { return tuba(s); }},
      {"infonce row", [](const torch::Tensor& s) { return infonce(s); }},
      {"infonce col", [](const torch::Tensor& s) { return infonce(s, {InfoNceDirection::col}); }},
      {"infonce sym", [](const torch::Tensor& s) { return infonce(s, {InfoNceDirection::sym}); }},
      {"interpolated 0.3", [](const torch::Tensor& s) { return interpolated(s, {0.3, -0.2}); }},
      {"interpolated 1", [](const torch::Tensor& s) { return interpolated(s, {1.0, 0.0}); }},
      {"interpolated 0", [](const torch::Tensor& s) { return interpolated(s, {0.0, 0.5}); }},
  };
  for (uint64_t seed : {1, 2}) {
    auto s = scores4(seed);
    for (const auto& [name, bound] : bounds) {
      auto e = bound(s);
      EXPECT_NEAR(e.loss.item<double>(), -e.mi.item<double>(), 1e-12) << name;
      expect_gradient(name, [&](const torch::Tensor& t) { return bound(t).loss; }, s);
    }
  }
}

TEST(BoundsGradients, LearnedBaselinesGetTheirGradient) {
  auto s = scores4(3);
  auto log_a = torch::randn({4}, seeded(4), torch::TensorOptions().dtype(torch::kFloat64));
  expect_gradient("tuba log_baseline", [&](const torch::Tensor& b) { return tuba(s, {}, b).loss; }, log_a);
  expect_gradient("interpolated log_baseline",
                  [&](const torch::Tensor& b) { return interpolated(s, {0.4, 0.0}, b).loss; }, log_a);
  // The module's scalar parameter: d(-tuba)/d(log a) = 1 - E_Q[e^f] / a.
  TubaBound bound;
  auto e = bound.forward(s);
  e.loss.backward();
  double eq = torch::exp(infotorch::log_mean_exp_offdiag(s)).item<double>();
  EXPECT_NEAR(bound.log_a().grad().item<double>(), 1 - eq, 1e-12);
}

TEST(BoundsGradients, JsAndSmileFollowTheJsObjective) {
  auto s = scores4(5);
  Fn minus_j = [](const torch::Tensor& t) { return -js_objective(t); };
  expect_gradient("js loss", [](const torch::Tensor& t) { return js(t).loss; }, minus_j, s);
  expect_gradient("js mi", [](const torch::Tensor& t) { return -js(t).mi; }, minus_j, s);
  expect_gradient("smile", [](const torch::Tensor& t) { return smile(t).loss; }, minus_j, s);
  expect_gradient("smile tau=0.5", [](const torch::Tensor& t) { return smile(t, {0.5}).loss; }, minus_j, s);
  // SMILE's loss reads -value while descending -J.
  EXPECT_NEAR(smile(s).loss.item<double>(), -smile(s).mi.item<double>(), 1e-12);
}

TEST(BoundsGradients, MineFollowsTheBiasCorrectedSurrogate) {
  auto s1 = scores4(6), s2 = scores4(7);
  MineOptions o;
  o.ema = 0.1;
  // Step 1 initialises m with this batch: the gradient is exactly DV's.
  torch::Tensor state;
  expect_gradient("mine step 1", [&](const torch::Tensor& t) {
    torch::Tensor fresh;
    return mine(t, fresh, o).loss;
  }, [](const torch::Tensor& t) { return dv(t).loss; }, s1);
  mine(s1, state, o);
  // Step 2: m = 0.9 m_1 + 0.1 E_Q[e^f] of batch 2 (fixed, no gradient); surrogate -(E_P f - E_Q[e^f] / m).
  const double m1 = torch::exp(infotorch::log_mean_exp_offdiag(s1)).item<double>();
  const double m2 = 0.9 * m1 + 0.1 * torch::exp(infotorch::log_mean_exp_offdiag(s2)).item<double>();
  Fn surrogate = [&](const torch::Tensor& t) {
    return -(t.diagonal().mean() - torch::exp(infotorch::log_mean_exp_offdiag(t)) / m2);
  };
  expect_gradient("mine step 2", [&](const torch::Tensor& t) {
    torch::Tensor copy = state.clone();
    return mine(t, copy, o).loss;
  }, surrogate, s2);
  // The surrogate differs from DV's gradient once m lags the batch.
  auto g_mine = autograd_gradient([&](const torch::Tensor& t) {
    torch::Tensor copy = state.clone();
    return mine(t, copy, o).loss;
  }, s2);
  auto g_dv = autograd_gradient([](const torch::Tensor& t) { return dv(t).loss; }, s2);
  EXPECT_FALSE(torch::allclose(g_mine, g_dv, 1e-4, 1e-6));
  // The loss still reads -DV.
  torch::Tensor copy = state.clone();
  EXPECT_NEAR(mine(s2, copy, o).loss.item<double>(), -dv(s2).mi.item<double>(), 1e-12);
}

TEST(BoundsGradients, UpperBoundsLossIsPlusValueAndMatchesFiniteDifferences) {
  auto l = scores4(8);
  expect_gradient("club", [](const torch::Tensor& t) { return club(t).loss; }, l);
  expect_gradient("l1out", [](const torch::Tensor& t) { return l1out(t).loss; }, l);
  EXPECT_NEAR(club(l).loss.item<double>(), club(l).mi.item<double>(), 1e-15);
  EXPECT_NEAR(l1out(l).loss.item<double>(), l1out(l).mi.item<double>(), 1e-15);
  auto pos = l.diagonal().clone(), neg = l[0].clone();
  expect_gradient("club_sample", [&](const torch::Tensor& t) { return club_sample(t, neg).loss; }, pos);
  // Through a Gaussian q to the samples y (what an encoder being minimised receives).
  auto opts = torch::TensorOptions().dtype(torch::kFloat64);
  auto mu = torch::randn({4, 2}, seeded(9), opts), logvar = 0.3 * torch::randn({4, 2}, seeded(10), opts);
  auto y = torch::randn({4, 2}, seeded(11), opts);
  expect_gradient("club via gaussian", [&](const torch::Tensor& t) {
    return club(gaussian_log_prob_matrix(mu, logvar, t)).loss;
  }, y);
  expect_gradient("gaussian_kl mu", [&](const torch::Tensor& t) { return gaussian_kl(t, logvar).loss; }, mu);
  expect_gradient("gaussian_kl logvar", [&](const torch::Tensor& t) { return gaussian_kl(mu, t).loss; }, logvar);
}
