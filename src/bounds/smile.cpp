#include "infotorch/bounds/smile.h"

#include "infotorch/bounds/js.h"
#include "infotorch/core/numerics.h"
#include "infotorch/core/validate.h"
#include "spec_format.h"

namespace infotorch::bounds {

namespace {
void check_smile_options(const SmileOptions& options) {
  if (!(options.tau > 0))
    throw Error("smile: option tau: expected a positive number, got " + detail::format_double(options.tau));
}
}  // namespace

Estimate smile(const torch::Tensor& scores, const SmileOptions& options) {
  check_smile_options(options);
  auto j = js_objective(scores);  // validates scores
  auto clipped = std::isinf(options.tau) ? scores : scores.clamp(-options.tau, options.tau);
  auto value = scores.diagonal().mean() - log_mean_exp_offdiag(clipped);
  // Song & Ermon 2020, Sec. 5: report the SMILE value, follow the JS gradient.
  auto mi = j + (value - j).detach();
  return {mi, -mi};
}

SmileBound::SmileBound(const SmileOptions& options) : options_(options) { check_smile_options(options_); }

std::string SmileBound::spec() const { return "smile:tau=" + detail::format_double(options_.tau); }

}  // namespace infotorch::bounds
