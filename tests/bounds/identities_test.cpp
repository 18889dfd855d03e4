// Exact equalities between bounds that theory predicts, on arbitrary score matrices (float64).
#include <gtest/gtest.h>

#include "gaussian_pair.h"
#include "infotorch/bounds/dv.h"
#include "infotorch/bounds/infonce.h"
#include "infotorch/bounds/interpolated.h"
#include "infotorch/bounds/js.h"
#include "infotorch/bounds/nwj.h"
#include "infotorch/bounds/smile.h"
#include "infotorch/bounds/tuba.h"

using namespace infotorch::bounds;
using infotorch::bounds::bounds_test::seeded;

namespace {
torch::Tensor random_scores(int64_t k, uint64_t seed, double scale = 1.0) {
  auto s = scale * torch::randn({k, k}, seeded(seed), torch::TensorOptions().dtype(torch::kFloat64));
  s.diagonal().add_(1.0);  // positives score higher on average, like a trained critic
  return s;
}
double v(const Estimate& e) { return e.mi.item<double>(); }
}  // namespace

TEST(BoundsIdentities, TubaAtUnitBaselineEqualsNwjShiftedByOne) {
  auto s = random_scores(16, 1);
  EXPECT_NEAR(v(tuba(s)), v(nwj(s + 1)), 1e-12);
  EXPECT_NEAR(v(nwj(s)), v(tuba(s - 1)), 1e-12);
}

TEST(BoundsIdentities, TubaDependsOnlyOnCriticMinusLogBaseline) {
  auto s = random_scores(16, 2);
  auto log_a = torch::randn({16}, seeded(3), torch::TensorOptions().dtype(torch::kFloat64));
  // Per-y baseline a(y_j) acts on column j.
  EXPECT_NEAR(v(tuba(s, {}, log_a)), v(tuba(s - log_a.unsqueeze(0))), 1e-12);
  TubaOptions o;
  o.log_a = 0.7;
  EXPECT_NEAR(v(tuba(s, o)), v(tuba(s - 0.7)), 1e-12);
  EXPECT_NEAR(v(tuba(s, {}, torch::tensor(0.7, torch::kFloat64))), v(tuba(s - 0.7)), 1e-12);
}

TEST(BoundsIdentities, TubaWithTheBestConstantBaselineIsDv) {
  // max over a of 1 + E_P f - log a - E_Q e^f / a is reached at a = E_Q e^f, where it equals DV.
  auto s = random_scores(16, 4);
  TubaOptions o;
  o.log_a = (torch::logsumexp(s.masked_select(~torch::eye(16, torch::kBool)), {0}) - std::log(16.0 * 15)).item<double>();
  EXPECT_NEAR(v(tuba(s, o)), v(dv(s)), 1e-12);
  for (double off : {-0.3, 0.3}) {
    TubaOptions p = o;
    p.log_a += off;
    EXPECT_LT(v(tuba(s, p)), v(dv(s)));
  }
}

TEST(BoundsIdentities, InterpolatedAtAlphaOneIsLeaveOneOutInfoNce) {
  // With alpha = 1 the marginal term is exactly 1 and the joint term is the column InfoNCE of the (K-1)-batch
  // that leaves out x_k, averaged over k: I_1(S) = (1/K) sum_k infonce_col(S without row and column k).
  const int64_t k = 9;
  auto s = random_scores(k, 5, 2.0);
  InterpolatedOptions o;
  o.alpha = 1.0;
  double reference = 0;
  InfoNceOptions col;
  col.dir = InfoNceDirection::col;
  for (int64_t drop = 0; drop < k; ++drop) {
    std::vector<int64_t> keep;
    for (int64_t i = 0; i < k; ++i)
      if (i != drop) keep.push_back(i);
    auto idx = torch::tensor(keep, torch::kLong);
    reference += v(infonce(s.index_select(0, idx).index_select(1, idx), col)) / k;
  }
  EXPECT_NEAR(v(interpolated(s, o)), reference, 1e-12);
  // Close to the full-batch InfoNCE (same estimator, one sample fewer).
  EXPECT_NEAR(v(interpolated(s, o)), v(infonce(s, col)), 0.2);
}

TEST(BoundsIdentities, InterpolatedAtAlphaZeroIsTubaWithBaselineQ) {
  auto s = random_scores(12, 6);
  auto log_q = torch::randn({12}, seeded(7), torch::TensorOptions().dtype(torch::kFloat64));
  InterpolatedOptions o;
  o.alpha = 0.0;
  EXPECT_NEAR(v(interpolated(s, o, log_q)), v(tuba(s, {}, log_q)), 1e-12);
  o.log_q = -0.4;
  TubaOptions t;
  t.log_a = -0.4;
  EXPECT_NEAR(v(interpolated(s, o)), v(tuba(s, t)), 1e-12);
}

TEST(BoundsIdentities, InterpolatedIsContinuousInAlpha) {
  auto s = random_scores(12, 8);
  InterpolatedOptions lo, hi, one, zero;
  lo.alpha = 1e-9;
  hi.alpha = 1 - 1e-9;
  one.alpha = 1;
  zero.alpha = 0;
  EXPECT_NEAR(v(interpolated(s, lo)), v(interpolated(s, zero)), 1e-7);
  EXPECT_NEAR(v(interpolated(s, hi)), v(interpolated(s, one)), 1e-7);
}

TEST(BoundsIdentities, LeaveOneOutLogMeanExpMatchesDirectSums) {
  // Includes a dominant entry per column (the cancellation-prone case) and K = 2.
  for (int64_t k : {2, 7}) {
    auto s = random_scores(k, 9, 3.0);
    s[0][1] = 40.0;
    auto loo = log_mean_exp_leave_one_out(s);
    for (int64_t drop = 0; drop < k; ++drop)
      for (int64_t j = 0; j < k; ++j) {
        double sum = 0;
        for (int64_t i = 0; i < k; ++i)
          if (i != drop) sum += std::exp(s[i][j].item<double>());
        EXPECT_NEAR(loo[drop][j].item<double>(), std::log(sum / (k - 1)), 1e-10) << k << " " << drop << " " << j;
      }
  }
}

TEST(BoundsIdentities, SmileWithHugeTauIsDv) {
  auto s = random_scores(16, 10, 3.0);
  SmileOptions o;
  o.tau = 1e9;
  EXPECT_NEAR(v(smile(s, o)), v(dv(s)), 1e-12);
  o.tau = std::numeric_limits<double>::infinity();
  EXPECT_NEAR(v(smile(s, o)), v(dv(s)), 1e-12);
  // A small tau clips: the value differs.
  o.tau = 0.5;
  EXPECT_GT(std::abs(v(smile(s, o)) - v(dv(s))), 1e-3);
}

TEST(BoundsIdentities, JsReadoutIsTubaAndLossIsTheJsObjective) {
  auto s = random_scores(10, 11);
  auto e = js(s);
  EXPECT_NEAR(v(e), v(tuba(s)), 1e-12);
  EXPECT_NEAR(v(e), v(nwj(s + 1)), 1e-12);
  // J(f) = E_P[-softplus(-f)] - E_Q[softplus(f)] by hand.
  double jp = 0, jq = 0;
  for (int64_t i = 0; i < 10; ++i)
    for (int64_t j = 0; j < 10; ++j) {
      double f = s[i][j].item<double>();
      if (i == j) jp += -std::log1p(std::exp(-f)) / 10;
      else jq += std::log1p(std::exp(f)) / 90;
    }
  EXPECT_NEAR(e.loss.item<double>(), -(jp - jq), 1e-12);
}

TEST(BoundsIdentities, InfoNceSymmetricIsTheMeanOfRowAndColumn) {
  auto s = random_scores(10, 12);
  InfoNceOptions r, c, y;
  r.dir = InfoNceDirection::row;
  c.dir = InfoNceDirection::col;
  y.dir = InfoNceDirection::sym;
  EXPECT_NEAR(v(infonce(s, y)), 0.5 * (v(infonce(s, r)) + v(infonce(s, c))), 1e-12);
  EXPECT_NEAR(v(infonce(s.t(), r)), v(infonce(s, c)), 1e-12);
  // By hand: log K + mean_i (S_ii - log sum_j e^{S_ij}).
  double by_hand = 0;
  for (int64_t i = 0; i < 10; ++i) {
    double z = 0;
    for (int64_t j = 0; j < 10; ++j) z += std::exp(s[i][j].item<double>());
    by_hand += (s[i][i].item<double>() - std::log(z)) / 10;
  }
  EXPECT_NEAR(v(infonce(s, r)), std::log(10.0) + by_hand, 1e-12);
}

TEST(BoundsIdentities, WorksInFloat32) {
  auto s = random_scores(8, 13).to(torch::kFloat32);
  EXPECT_NEAR(v(dv(s)), v(dv(s.to(torch::kFloat64))), 1e-5);
  EXPECT_NEAR(v(interpolated(s)), v(interpolated(s.to(torch::kFloat64))), 1e-5);
  EXPECT_EQ(smile(s).mi.scalar_type(), torch::kFloat32);
}
