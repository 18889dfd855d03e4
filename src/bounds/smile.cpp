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

Estimate smile(const Scores& scores, const SmileOptions& options) {
  check_smile_options(options);
  auto j = js_objective(scores);
  auto clipped = std::isinf(options.tau) ? scores : scores.map([&](const torch::Tensor& s) {
    return s.clamp(-options.tau, options.tau);
  });
  auto value = scores.joint().mean() - clipped.log_mean_exp_negative();
  // Song & Ermon 2020, Sec. 5: report the SMILE value, follow the JS gradient.
  auto mi = j + (value - j).detach();
  return {mi, -mi};
}

SmileBound::SmileBound(const SmileOptions& options) : options_(options) { check_smile_options(options_); }

std::string SmileBound::spec() const { return "smile:tau=" + detail::format_double(options_.tau); }

}  // namespace infotorch::bounds
