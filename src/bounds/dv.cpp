#include "infotorch/bounds/dv.h"

#include "infotorch/core/numerics.h"
#include "infotorch/core/validate.h"

namespace infotorch::bounds {

Estimate dv(const torch::Tensor& scores, const DvOptions&) {
  check_scores(scores, "scores");
  auto mi = scores.diagonal().mean() - log_mean_exp_offdiag(scores);
  return {mi, -mi};
}

}  // namespace infotorch::bounds
