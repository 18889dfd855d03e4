#include "infotorch/bounds/js.h"

#include "infotorch/bounds/tuba.h"
#include "infotorch/core/numerics.h"
#include "infotorch/core/validate.h"

namespace infotorch::bounds {

torch::Tensor js_objective(const Scores& scores) {
  namespace F = torch::nn::functional;
  auto softplus = scores.map([](const torch::Tensor& s) { return F::softplus(s); });
  return (-F::softplus(-scores.joint())).mean() - softplus.mean_negative();
}

Estimate js(const Scores& scores, const JsOptions&) {
  auto j = js_objective(scores);
  // Readout tuba(f) at a = 1 (= nwj(f + 1)), unbiased at the JS optimum f = log r; see js.h for the derivation.
  auto readout = tuba(scores).mi;
  auto mi = j + (readout - j).detach();
  return {mi, -j};
}

}  // namespace infotorch::bounds
