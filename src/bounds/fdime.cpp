#include "infotorch/bounds/fdime.h"

#include "infotorch/bounds/js.h"
#include "infotorch/core/error.h"
#include "infotorch/core/numerics.h"
#include "infotorch/core/validate.h"

namespace infotorch::bounds {

torch::Tensor fdime_objective(const Scores& scores, FDivergence divergence) {
  const auto& pos = scores.joint();
  switch (divergence) {
    case FDivergence::kl:  // E_p[s] - E_q[e^s] + 1; E_q[e^s] as exp(LME) so the sum does not overflow
      return pos.mean() - torch::exp(scores.log_mean_exp_negative()) + 1.0;
    case FDivergence::hellinger: {  // 2 - E_p[e^{-s/2}] - E_q[e^{s/2}]
      auto half = scores.map([](const torch::Tensor& s) { return 0.5 * s; });
      return 2.0 - torch::exp(log_mean_exp(-0.5 * pos)) - torch::exp(half.log_mean_exp_negative());
    }
    case FDivergence::gan:  // -E_p[softplus(-s)] - E_q[softplus(s)]
      return js_objective(scores);
  }
  throw Error("fdime: unknown divergence");
}

Estimate fdime(const Scores& scores, const FdimeOptions& options) {
  auto j = fdime_objective(scores, options.divergence);
  auto readout = scores.joint().mean();                  // E_p[s] = E_p[log r^] (see fdime.h)
  auto mi = j + (readout - j).detach();
  return {mi, -j};
}

std::string FdimeBound::spec() const {
  switch (options_.divergence) {
    case FDivergence::kl: return "kl-dime";
    case FDivergence::hellinger: return "hd-dime";
    case FDivergence::gan: return "gan-dime";
  }
  return "gan-dime";
}

}  // namespace infotorch::bounds
