#include "infotorch/bounds/tuba.h"

#include "infotorch/core/numerics.h"
#include "infotorch/core/validate.h"
#include "spec_format.h"

namespace infotorch::bounds {

Estimate tuba(const torch::Tensor& scores, const TubaOptions& options, const torch::Tensor& log_baseline) {
  check_scores(scores, "scores");
  torch::Tensor shifted;  // f(x_i, y_j) - log a(y_j)
  if (!log_baseline.defined()) {
    if (!std::isfinite(options.log_a))
      throw Error("tuba: option log_a: expected a finite number, got " + detail::format_double(options.log_a));
    shifted = scores - options.log_a;
  } else {
    const int64_t k = scores.size(0);
    if (!(log_baseline.dim() == 0 || (log_baseline.dim() == 1 && log_baseline.size(0) == k)))
      throw Error("log_baseline: expected a scalar or a vector of K = " + std::to_string(k) +
                  " values (one per y_j), got shape " + shape_str(log_baseline));
    check_finite(log_baseline, "log_baseline");
    shifted = scores - log_baseline.to(scores.scalar_type()).unsqueeze(0);
  }
  // E_Q[e^{f - log a}] as exp(LME): the log-sum-exp keeps the sum itself from overflowing.
  auto mi = 1.0 + shifted.diagonal().mean() - torch::exp(log_mean_exp_offdiag(shifted));
  return {mi, -mi};
}

TubaBound::TubaBound(const TubaOptions& options) : options_(options) {
  if (!std::isfinite(options_.log_a))
    throw Error("tuba: option log_a: expected a finite number, got " + detail::format_double(options_.log_a));
  auto init = torch::full({}, options_.log_a, torch::kFloat64);
  log_a_ = options_.learn ? register_parameter("log_a", init) : register_buffer("log_a", init);
}

Estimate TubaBound::forward(const torch::Tensor& scores) { return tuba(scores, options_, log_a_); }

Estimate TubaBound::forward(const torch::Tensor& scores, const torch::Tensor& log_baseline) {
  return tuba(scores, options_, log_baseline);
}

std::string TubaBound::spec() const {
  return "tuba:learn=" + std::string(options_.learn ? "true" : "false") +
         ",log_a=" + detail::format_double(options_.log_a);
}

}  // namespace infotorch::bounds
