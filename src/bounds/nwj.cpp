#include "infotorch/bounds/nwj.h"

#include "infotorch/bounds/tuba.h"

namespace infotorch::bounds {

// NWJ is TUBA with log a = 1 (Poole et al. 2019, Eq. 7 from Eq. 6).
Estimate nwj(const Scores& scores, const NwjOptions&) {
  TubaOptions fixed;
  fixed.log_a = 1.0;
  return tuba(scores, fixed);
}

}  // namespace infotorch::bounds
