// The one place a bound spec string becomes a bound (shared by the library, the CLI and the bindings).
//
// Lower bounds on I(X; Y) over a K x K critic score matrix (Bound interface, bound.h):
//   dv                          Donsker-Varadhan                          (dv.h)
//   mine:ema=0.01               DV value, Belghazi et al.'s EMA gradient  (mine.h)
//   nwj                         Nguyen-Wainwright-Jordan, = tuba(S - 1)   (nwj.h)
//   tuba:log_a=0,learn=true     TUBA with a constant (learned) baseline   (tuba.h)
//   infonce:dir=row             InfoNCE, dir = row | col | sym            (infonce.h)
//   js                          Deep InfoMax JS objective, tuba readout   (js.h)
//   smile:tau=5                 SMILE: clipped DV value, JS gradient      (smile.h)
//   interpolated:alpha=0.5,log_q=0   I_alpha of Poole et al.           (interpolated.h)
//   kl-dime, hd-dime, gan-dime  f-DIME (Letizia et al. 2024): f-divergence objective, E_p[s] readout (fdime.h)
// Defaults are those of each bound's options struct.
//
// Upper bounds (for minimising MI) take x, y and a variational q(y|x), not a score matrix, so they are not
// built here: CLUB and vCLUB-sample (club.h), L1Out (l1out.h) with a learned Gaussian q(y|x)
// (gaussian_conditional.h), and the Gaussian-encoder bound against N(0, I) (gaussian_kl.h).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "infotorch/bounds/bound.h"
#include "infotorch/core/family.h"

namespace infotorch::bounds {

// Throws infotorch::Error for a malformed spec, an unknown name (listing the known ones), an unknown option
// (listing the known ones) or a bad option value.
std::shared_ptr<Bound> make_bound(const std::string& spec);
bool is_bound_name(const std::string& name);
// The known names, in the order above.
const std::vector<std::string>& bound_names();

// The bounds as a family: each kind's doc and declared options (the factory above and help listings read these).
using BoundBuild = std::function<std::shared_ptr<Bound>()>;
const std::vector<Kind<BoundBuild>>& bound_kinds();

}  // namespace infotorch::bounds
