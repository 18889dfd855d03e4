// The interpolated bound I_alpha (Poole et al. 2019, Sec. 2.5, Eq. 11-13): TUBA whose baseline mixes
// InfoNCE's batch average with a fixed (or learned) density q(y):
//   a(y; x_{1:M}) = alpha (1/M) sum_m e^{f(x_m, y)} + (1 - alpha) q(y),
//   I >= 1 + E[f(x_1, y) - log a(y; x_{1:M})]_{y ~ p(y|x_1)} - E[e^{f(x_1, y)} / a(y; x_{1:M})]_{y ~ p(y)}.
// alpha = 1 gives InfoNCE (the marginal term is then exactly 1), alpha = 0 gives TUBA with a = q; in between
// it trades InfoNCE's log K ceiling against TUBA's variance.
//
// Leave-one-out on a batch of K (S_ij = f(x_i, y_j); the baseline of y_j averages over x's, i.e. column j):
//   a_k(y_j) = alpha (1/(K-1)) sum_{i != k} e^{S_ij} + (1 - alpha) q(y_j)   (x_k left out), so that
//   joint term:    mean over k != j of  S_jj - log a_k(y_j)   (the batch holds x_j, drops one other x_k),
//   marginal term: mean over i != j of  e^{S_ij} / a_j(y_j)    (x_j, the partner of y_j, is left out),
// each an unbiased instance of the bound with M = K - 1.
#pragma once
#include "infotorch/bounds/bound.h"

namespace infotorch::bounds {

struct InterpolatedOptions {
  double alpha = 0.5;  // weight of the InfoNCE batch average in [0, 1]
  double log_q = 0.0;  // constant log q(y) when no per-y log-baseline is passed (q = 1 suits f ~ log r)
};

// `log_baseline`: undefined (then options.log_q), a scalar or a K-vector log q(y_j). loss = -mi.
Estimate interpolated(const torch::Tensor& scores, const InterpolatedOptions& options = {},
                      const torch::Tensor& log_baseline = torch::Tensor());

// log((1/(K-1)) sum_{i != k} e^{S_ij}) for every (k, j): a K x K matrix, row k = x_k left out. Stable: the
// column maximum is handled by a separate masked log-sum-exp, every other entry by log1p(-e^{S_kj - lse_j}).
torch::Tensor log_mean_exp_leave_one_out(const torch::Tensor& scores);

class InterpolatedBound : public Bound {
 public:
  explicit InterpolatedBound(const InterpolatedOptions& options = {});
  Estimate forward(const Scores& scores) override { return interpolated(scores.matrix(spec()), options_); }
  Estimate forward(const torch::Tensor& scores, const torch::Tensor& log_baseline) {
    return interpolated(scores, options_, log_baseline);
  }
  std::string spec() const override;

 private:
  InterpolatedOptions options_;
};

}  // namespace infotorch::bounds
