#include "infotorch/bounds/dv.h"

#include "infotorch/core/numerics.h"
#include "infotorch/core/validate.h"

namespace infotorch::bounds {

Estimate dv(const Scores& scores, const DvOptions&) {
  auto mi = scores.joint().mean() - scores.log_mean_exp_negative();
  return {mi, -mi};
}

}  // namespace infotorch::bounds
