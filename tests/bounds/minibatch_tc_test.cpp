// The minibatch TC estimates (Chen et al. 2018) against the closed form for a Gaussian aggregate posterior, and
// permute_dims (Kim & Mnih 2018) keeping every column's marginal.
#include <gtest/gtest.h>

#include <cmath>

#include "../error_of.h"
#include "infotorch/bounds/minibatch_tc.h"
#include "infotorch/training/augment.h"

namespace ib = infotorch::bounds;
namespace it = infotorch::training;

namespace {

// A data set of N posteriors q(z|x_n) = N(mu_n, s^2 I) with mu_n ~ N(0, R - s^2 I): the aggregate q(z) is N(0, R)
// as N grows, whose TC is -1/2 log det R (R a correlation matrix: unit marginal variances). The estimate is
// averaged over `batches` random batches of M.
double mixture_tc_estimate(const torch::Tensor& r, double s, int64_t n, int64_t m, int64_t batches, ib::MinibatchTc kind, uint64_t seed) {
  auto gen = it::make_generator(seed);
  const int64_t d = r.size(0);
  auto chol = torch::linalg_cholesky(r - s * s * torch::eye(d, torch::kFloat64));
  auto mu = torch::randn({n, d}, gen, torch::kFloat64).matmul(chol.t());
  auto log_var = torch::full({n, d}, 2 * std::log(s), torch::kFloat64);
  double sum = 0;
  for (int64_t b = 0; b < batches; ++b) {
    auto idx = torch::randperm(n, gen, torch::TensorOptions().dtype(torch::kInt64)).slice(0, 0, m);
    auto mb = mu.index_select(0, idx), lb = log_var.index_select(0, idx);
    auto z = mb + s * torch::randn({m, d}, gen, torch::kFloat64);
    sum += ib::minibatch_tc(z, mb, lb, n, kind).tc.item<double>();
  }
  return sum / static_cast<double>(batches);
}

torch::Tensor equicorrelated_r(int64_t d, double rho) {
  return (1 - rho) * torch::eye(d, torch::kFloat64) + rho * torch::ones({d, d}, torch::kFloat64);
}

double gaussian_closed_form_tc(const torch::Tensor& r) { return -0.5 * std::log(torch::det(r).item<double>()); }

}  // namespace

TEST(BoundsMinibatchTc, BothEstimatorsMatchTheClosedFormTcOfACorrelatedGaussian) {
  struct Case {
    int64_t d;
    double rho, s;
  };
  // Posterior widths s near the largest R - s^2 I allows: the O(1/M) biases grow as the posteriors narrow.
  for (const auto& c : {Case{3, 0.5, 0.6}, Case{4, 0.6, 0.55}, Case{5, 0.0, 0.8}}) {
    auto r = equicorrelated_r(c.d, c.rho);
    const double want = gaussian_closed_form_tc(r);  // 0.347, 0.860, 0
    for (auto kind : {ib::MinibatchTc::weighted, ib::MinibatchTc::stratified}) {
      // 20 batches of 1024 from N = 50,000: 20,480 samples. Both estimates are biased at O(1/M) (the log of a
      // batch average; MWS's own-posterior term at weight 1/M): with M = 512 and s = 0.4 (d = 4) or 0.6 (d = 5)
      // they missed by 0.03-0.06 nats (MWS above, MSS below).
      const double got = mixture_tc_estimate(r, c.s, 50000, 1024, 20, kind, 11);
      EXPECT_NEAR(got, want, 0.03) << "d " << c.d << ", rho " << c.rho << (kind == ib::MinibatchTc::weighted ? ", mws" : ", mss");
    }
  }
}

TEST(BoundsMinibatchTc, TermsAreLogDensitiesAndBadInputsAreNamed) {
  // One posterior per sample and M = N: MSS weights are exactly 1/N, so log q(z_i) is the mixture's log density.
  auto gen = it::make_generator(3);
  auto mu = torch::randn({6, 2}, gen, torch::kFloat64), lv = torch::randn({6, 2}, gen, torch::kFloat64) * 0.3;
  auto z = torch::randn({6, 2}, gen, torch::kFloat64);
  auto t = ib::minibatch_tc(z, mu, lv, 6, ib::MinibatchTc::stratified);
  const double zi = z[0][0].item<double>(), zj = z[0][1].item<double>();
  double mix = 0;
  for (int j = 0; j < 6; ++j) {
    double p = 1;
    for (int k = 0; k < 2; ++k) {
      const double var = std::exp(lv[j][k].item<double>()), x = (k == 0 ? zi : zj) - mu[j][k].item<double>();
      p *= std::exp(-0.5 * x * x / var) / std::sqrt(2 * M_PI * var);
    }
    mix += p / 6;
  }
  EXPECT_NEAR(t.log_qz[0].item<double>(), std::log(mix), 1e-10);
  EXPECT_EQ(error_of([&] { ib::minibatch_tc(z, mu, lv, 5, ib::MinibatchTc::stratified); }),
            "dataset_size: the stratified estimate needs a data set at least as large as the batch (5 < 6)");
  EXPECT_NE(error_of([&] { ib::minibatch_tc(z, mu.slice(1, 0, 1), lv, 6, ib::MinibatchTc::weighted); }).find("z, mu, log_var"),
            std::string::npos);
  EXPECT_EQ(error_of([] { ib::parse_minibatch_tc("mwx", "penalty"); }),
            "penalty: expected mws (minibatch-weighted) or mss (minibatch-stratified), got 'mwx'");
}

TEST(BoundsMinibatchTc, TheSelfShareSaysWhenTheJointEstimateSeesOnlyTheSamplesOwnPosterior) {
  auto gen = it::make_generator(11);
  const int64_t m = 64, d = 4, n = 60000;
  // Every posterior the same N(0, I): each of the M posteriors carries its weight, so the share is w_ii.
  auto z = torch::randn({m, d}, gen, torch::kFloat64);
  auto zero = torch::zeros({m, d}, torch::kFloat64);
  EXPECT_NEAR(ib::minibatch_tc(z, zero, zero, n, ib::MinibatchTc::stratified).self_share.item<double>(), 1.0 / n, 1e-12);
  EXPECT_NEAR(ib::minibatch_tc(z, zero, zero, n, ib::MinibatchTc::weighted).self_share.item<double>(), 1.0 / m, 1e-12);
  // Narrow posteriors (sd 0.01) spread over N(0, I) in 4 dimensions: no other member reaches z_i in the joint,
  // so the share is ~1 and MSS's log q(z_i) is log q(z_i|x_i) - log N, far below the true log q(z_i) (~ log N(0, I)).
  auto mu = torch::randn({m, d}, gen, torch::kFloat64), lv = torch::full({m, d}, 2 * std::log(0.01), torch::kFloat64);
  auto zs = mu + 0.01 * torch::randn({m, d}, gen, torch::kFloat64);
  auto t = ib::minibatch_tc(zs, mu, lv, n, ib::MinibatchTc::stratified);
  EXPECT_GT(t.self_share.item<double>(), 0.99);
  auto own = ib::gaussian_log_density_matrix(zs, mu, lv).sum(2).diagonal();
  EXPECT_NEAR(t.log_qz.mean().item<double>(), (own - std::log(static_cast<double>(n))).mean().item<double>(), 0.01);
  EXPECT_FALSE(t.self_share.requires_grad());
}

TEST(BoundsMinibatchTc, PermuteDimsKeepsEveryColumnsMarginalAndBreaksTheRows) {
  auto gen = it::make_generator(5);
  auto z = torch::randn({200, 6}, gen, torch::kFloat32);
  z.select(1, 1).copy_(z.select(1, 0));  // two identical columns: perfectly dependent
  auto p = ib::permute_dims(z, gen);
  ASSERT_EQ(p.sizes(), z.sizes());
  for (int64_t k = 0; k < 6; ++k)
    EXPECT_TRUE(std::get<0>(p.select(1, k).sort()).equal(std::get<0>(z.select(1, k).sort()))) << "column " << k;
  // The dependence is gone: the copied columns no longer agree row by row.
  EXPECT_LT((p.select(1, 0) == p.select(1, 1)).sum().item<int64_t>(), 10);
  auto g1 = it::make_generator(9), g2 = it::make_generator(9);
  EXPECT_TRUE(ib::permute_dims(z, g1).equal(ib::permute_dims(z, g2)));  // the generator decides
  // Gradients flow back to z (a gather): each entry receives exactly one unit.
  auto zg = z.clone().requires_grad_(true);
  ib::permute_dims(zg, gen).sum().backward();
  EXPECT_TRUE(zg.grad().equal(torch::ones_like(z)));
}
