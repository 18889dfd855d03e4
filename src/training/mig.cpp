#include "infotorch/training/mig.h"

#include <cmath>

#include "infotorch/core/error.h"
#include "infotorch/core/validate.h"
#include "infotorch/training/augment.h"

namespace infotorch::training {
namespace {

void check_mig_factors(const torch::Tensor& factors, int64_t n) {
  if (factors.dim() != 2 || factors.scalar_type() != torch::kInt64)
    throw Error("factors: expected N x K int64 value indices, got " + shape_str(factors));
  if (factors.size(0) != n)
    throw Error("factors: expected " + std::to_string(n) + " rows (one per code), got " + std::to_string(factors.size(0)));
  if (factors.numel() > 0 && factors.min().item<int64_t>() < 0) throw Error("factors: expected indices >= 0");
}

// Discrete MI (nats) between two int64 label vectors, from their joint histogram.
double binned_discrete_mi(const torch::Tensor& a, const torch::Tensor& b) {
  const int64_t na = a.max().item<int64_t>() + 1, nb = b.max().item<int64_t>() + 1;
  auto joint = torch::bincount(a * nb + b, {}, na * nb).to(torch::kFloat64).view({na, nb});
  joint = joint / joint.sum();
  auto pa = joint.sum(1, true), pb = joint.sum(0, true);
  auto ratio = joint / (pa * pb);
  auto terms = torch::where(joint > 0, joint * torch::log(ratio), torch::zeros_like(joint));
  return terms.sum().item<double>();
}

// -mean_i log (1/|S|) sum_{n in S} N(x_i; mu_n, var_n), one dimension: x (P), mu, log_var (Q). Chunked over P.
double mixture_cross_entropy_1d(const torch::Tensor& x, const torch::Tensor& mu, const torch::Tensor& log_var) {
  double sum = 0;
  const int64_t p = x.size(0), q = mu.size(0);
  const int64_t chunk = std::max<int64_t>(1, (int64_t{1} << 23) / std::max<int64_t>(q, 1));
  auto m = mu.view({1, q}), lv = log_var.view({1, q});
  auto inv = torch::exp(-lv);
  for (int64_t i = 0; i < p; i += chunk) {
    auto xi = x.slice(0, i, std::min(p, i + chunk)).view({-1, 1});
    auto l = -0.5 * (std::log(2 * M_PI) + lv + (xi - m).pow(2) * inv);
    sum += (torch::logsumexp(l, 1) - std::log(static_cast<double>(q))).sum().item<double>();
  }
  return -sum / static_cast<double>(p);
}

}  // namespace

torch::Tensor factor_entropy(const torch::Tensor& factors) {
  check_mig_factors(factors, factors.size(0));
  auto out = torch::zeros({factors.size(1)}, torch::kFloat64);
  for (int64_t k = 0; k < factors.size(1); ++k) {
    auto p = torch::bincount(factors.select(1, k)).to(torch::kFloat64);
    p = p.index({p > 0}) / static_cast<double>(factors.size(0));
    out[k] = -(p * p.log()).sum();
  }
  return out;
}

MigResult mig_from_mi(const torch::Tensor& mi, const torch::Tensor& entropy) {
  if (mi.dim() != 2 || mi.size(0) < 2) throw Error("mi: expected d x K with at least 2 latent dimensions");
  MigResult r;
  r.mi = mi.to(torch::kFloat64);
  r.factor_entropy = entropy.to(torch::kFloat64);
  auto top = std::get<0>(r.mi.topk(2, 0));  // 2 x K, descending
  // A constant factor (H = 0) carries nothing to disentangle: its gap counts as 0.
  auto h = r.factor_entropy;
  r.gaps = torch::where(h > 0, (top[0] - top[1]) / h.clamp_min(1e-12), torch::zeros_like(h));
  r.mig = r.gaps.mean().item<double>();
  return r;
}

MigResult mig_histogram(const torch::Tensor& mean_codes, const torch::Tensor& factors, int64_t bins) {
  check_rank(mean_codes, 2, "mean_codes");
  check_mig_factors(factors, mean_codes.size(0));
  check_positive(static_cast<double>(bins), "bins");
  auto codes = mean_codes.to(torch::kFloat64).cpu();
  auto f = factors.cpu();
  const int64_t d = codes.size(1), k = f.size(1);
  auto mi = torch::zeros({d, k}, torch::kFloat64);
  for (int64_t j = 0; j < d; ++j) {
    auto c = codes.select(1, j);
    const double lo = c.min().item<double>(), hi = c.max().item<double>();
    // Equal-width bins over [lo, hi], the top edge inside the last bin (numpy.histogram's convention).
    auto b = hi > lo ? ((c - lo) / (hi - lo) * bins).floor().clamp(0, bins - 1).to(torch::kInt64)
                     : torch::zeros({c.size(0)}, torch::kInt64);
    for (int64_t q = 0; q < k; ++q) mi[j][q] = binned_discrete_mi(b, f.select(1, q));
  }
  return mig_from_mi(mi, factor_entropy(f));
}

MigResult mig_posterior(const torch::Tensor& mu, const torch::Tensor& log_var, const torch::Tensor& factors,
                        int64_t samples, uint64_t seed) {
  check_rank(mu, 2, "mu");
  check_rank(log_var, 2, "log_var");
  if (log_var.sizes() != mu.sizes()) throw Error("log_var: expected the shape of mu, " + shape_str(mu));
  check_mig_factors(factors, mu.size(0));
  const int64_t n = mu.size(0), d = mu.size(1), k = factors.size(1);
  if (samples < 1) throw Error("samples: expected at least 1 point, got " + std::to_string(samples));
  samples = std::min(samples, n);
  torch::NoGradGuard ng;
  auto m = mu.to(torch::kFloat64).cpu(), lv = log_var.to(torch::kFloat64).cpu();
  auto f = factors.cpu();
  auto gen = make_generator(seed);
  auto pick = torch::randperm(n, gen, torch::TensorOptions().dtype(torch::kInt64)).slice(0, 0, samples);
  auto z = m.index_select(0, pick) + torch::exp(0.5 * lv.index_select(0, pick)) *
                                         torch::randn({samples, d}, gen, torch::TensorOptions().dtype(torch::kFloat64));
  auto fs = f.index_select(0, pick);
  auto mi = torch::zeros({d, k}, torch::kFloat64);
  for (int64_t j = 0; j < d; ++j) {
    auto zj = z.select(1, j), mj = m.select(1, j), lj = lv.select(1, j);
    const double h = mixture_cross_entropy_1d(zj, mj, lj);
    for (int64_t q = 0; q < k; ++q) {
      // H(z_j | v_q) = sum_v p(v) H(z_j | v_q = v), p(v) over the sampled points (those carry the samples).
      auto values = std::get<0>(at::_unique(fs.select(1, q)));
      double hc = 0;
      for (int64_t vi = 0; vi < values.size(0); ++vi) {
        const int64_t v = values[vi].item<int64_t>();
        auto at_s = (fs.select(1, q) == v).nonzero().view({-1});
        auto at_n = (f.select(1, q) == v).nonzero().view({-1});
        hc += static_cast<double>(at_s.size(0)) / samples *
              mixture_cross_entropy_1d(zj.index_select(0, at_s), mj.index_select(0, at_n), lj.index_select(0, at_n));
      }
      mi[j][q] = h - hc;
    }
  }
  return mig_from_mi(mi, factor_entropy(f));
}

}  // namespace infotorch::training
