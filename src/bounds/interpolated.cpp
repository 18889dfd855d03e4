#include "infotorch/bounds/interpolated.h"

#include "infotorch/core/numerics.h"
#include "infotorch/core/validate.h"
#include "spec_format.h"

namespace infotorch::bounds {

namespace {
void check_interpolated_options(const InterpolatedOptions& options) {
  if (!(options.alpha >= 0 && options.alpha <= 1))
    throw Error("interpolated: option alpha: expected a weight in [0, 1], got " +
                detail::format_double(options.alpha));
  if (!std::isfinite(options.log_q))
    throw Error("interpolated: option log_q: expected a finite number, got " + detail::format_double(options.log_q));
}
}  // namespace

namespace {
torch::Tensor loo_unchecked(const torch::Tensor& scores) {
  const int64_t k = scores.size(0);
  const double inf = std::numeric_limits<double>::infinity();
  auto lse = torch::logsumexp(scores, {0}, /*keepdim=*/true);  // 1 x K, per column y_j
  auto rows = torch::arange(k, torch::TensorOptions().dtype(torch::kLong).device(scores.device())).unsqueeze(1);
  auto is_max = rows == scores.argmax(0).unsqueeze(0);  // K x K, one true entry per column
  // Dropping a non-maximal entry removes at most half of the column's sum, so log1p(-e^{d}) with d <= -log 2 is
  // well conditioned. The maximal entry is masked to -inf there (finite, NaN-free gradients) and handled apart.
  auto others = scores.masked_fill(is_max, -inf);
  auto drop_other = lse + torch::log1p(-torch::exp(others - lse));
  auto drop_max = torch::logsumexp(others, {0}, /*keepdim=*/true).expand({k, k});
  return torch::where(is_max, drop_max, drop_other) - std::log(static_cast<double>(k - 1));
}
}  // namespace

torch::Tensor log_mean_exp_leave_one_out(const torch::Tensor& scores) {
  check_scores(scores, "scores");
  return loo_unchecked(scores);
}

Estimate interpolated(const torch::Tensor& scores, const InterpolatedOptions& options,
                      const torch::Tensor& log_baseline) {
  check_scores(scores, "scores");
  check_interpolated_options(options);
  const int64_t k = scores.size(0);
  torch::Tensor log_q;  // 1 x K (or scalar), log q(y_j)
  if (!log_baseline.defined()) {
    log_q = torch::full({}, options.log_q, scores.options());
  } else {
    if (!(log_baseline.dim() == 0 || (log_baseline.dim() == 1 && log_baseline.size(0) == k)))
      throw Error("log_baseline: expected a scalar or a vector of K = " + std::to_string(k) +
                  " values (one per y_j), got shape " + shape_str(log_baseline));
    check_finite(log_baseline, "log_baseline");
    log_q = log_baseline.to(scores.scalar_type());
    if (log_q.dim() == 1) log_q = log_q.unsqueeze(0);
  }
  // log a_k(y_j) for every (k, j), mixing in log space.
  torch::Tensor log_a;
  if (options.alpha == 1.0) {
    log_a = loo_unchecked(scores);
  } else if (options.alpha == 0.0) {
    log_a = log_q.expand({k, k});
  } else {
    log_a = torch::logaddexp(loo_unchecked(scores) + std::log(options.alpha),
                             log_q.expand({k, k}) + std::log1p(-options.alpha));
  }
  auto diag = scores.diagonal();
  // Joint term: mean over k != j of S_jj - log a_k(y_j)  (column j, row k).
  auto joint = mean_offdiag(diag.unsqueeze(0) - log_a);
  // Marginal term: mean over i != j of exp(S_ij - log a_j(y_j)).
  auto marginal = torch::exp(log_mean_exp_offdiag(scores - log_a.diagonal().unsqueeze(0)));
  auto mi = 1.0 + joint - marginal;
  return {mi, -mi};
}

InterpolatedBound::InterpolatedBound(const InterpolatedOptions& options) : options_(options) {
  check_interpolated_options(options_);
}

std::string InterpolatedBound::spec() const {
  return "interpolated:alpha=" + detail::format_double(options_.alpha) +
         ",log_q=" + detail::format_double(options_.log_q);
}

}  // namespace infotorch::bounds
