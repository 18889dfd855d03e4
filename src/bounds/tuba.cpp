#include "infotorch/bounds/tuba.h"

#include "infotorch/core/numerics.h"
#include "infotorch/core/validate.h"
#include "spec_format.h"

namespace infotorch::bounds {

Estimate tuba(const Scores& scores, const TubaOptions& options, const torch::Tensor& log_baseline) {
  torch::Tensor log_a;  // a scalar, or a K-vector log a(y_j) broadcast along the rows of the matrix
  if (!log_baseline.defined()) {
    if (!std::isfinite(options.log_a))
      throw Error("tuba: option log_a: expected a finite number, got " + detail::format_double(options.log_a));
    log_a = torch::full({}, options.log_a, scores.joint().options());
  } else {
    const int64_t k = scores.k();
    if (!(log_baseline.dim() == 0 || (log_baseline.dim() == 1 && log_baseline.size(0) == k)))
      throw Error("log_baseline: expected a scalar or a vector of K = " + std::to_string(k) +
                  " values (one per y_j), got shape " + shape_str(log_baseline));
    if (log_baseline.dim() == 1) scores.matrix("tuba with a per-y baseline");
    check_finite(log_baseline, "log_baseline");
    log_a = log_baseline.to(scores.joint().scalar_type());
    if (log_a.dim() == 1) log_a = log_a.unsqueeze(0);
  }
  auto shifted = scores.map([&](const torch::Tensor& s) { return s - log_a; });  // f(x_i, y_j) - log a(y_j)
  // E_Q[e^{f - log a}] as exp(LME): the log-sum-exp keeps the sum itself from overflowing.
  auto mi = 1.0 + shifted.joint().mean() - torch::exp(shifted.log_mean_exp_negative());
  return {mi, -mi};
}

TubaBound::TubaBound(const TubaOptions& options) : options_(options) {
  if (!std::isfinite(options_.log_a))
    throw Error("tuba: option log_a: expected a finite number, got " + detail::format_double(options_.log_a));
  auto init = torch::full({}, options_.log_a, torch::kFloat64);
  log_a_ = options_.learn ? register_parameter("log_a", init) : register_buffer("log_a", init);
}

Estimate TubaBound::forward(const Scores& scores) { return tuba(scores, options_, log_a_); }

Estimate TubaBound::forward(const torch::Tensor& scores, const torch::Tensor& log_baseline) {
  return tuba(scores, options_, log_baseline);
}

std::string TubaBound::spec() const {
  return "tuba:learn=" + std::string(options_.learn ? "true" : "false") +
         ",log_a=" + detail::format_double(options_.log_a);
}

}  // namespace infotorch::bounds
