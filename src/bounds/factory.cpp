#include "infotorch/bounds/factory.h"

#include "infotorch/bounds/dv.h"
#include "infotorch/bounds/fdime.h"
#include "infotorch/bounds/infonce.h"
#include "infotorch/bounds/interpolated.h"
#include "infotorch/bounds/js.h"
#include "infotorch/bounds/mine.h"
#include "infotorch/bounds/nwj.h"
#include "infotorch/bounds/smile.h"
#include "infotorch/bounds/tuba.h"
#include "infotorch/core/error.h"
#include "infotorch/core/family.h"
#include "infotorch/core/spec.h"

namespace infotorch::bounds {

namespace {

template <class Options, class B, class Declare>
Kind<BoundBuild> bound(const char* name, const char* doc, Declare declare) {
  return make_kind<Options, BoundBuild>(name, doc, declare,
                                        [](const Options& o) -> std::shared_ptr<Bound> { return std::make_shared<B>(o); });
}

Kind<BoundBuild> fdime_kind(const char* name, const char* doc, FDivergence divergence) {
  return make_kind<FdimeOptions, BoundBuild>(name, doc, [](OptionList&, FdimeOptions&) {},
                                             [divergence](const FdimeOptions&) -> std::shared_ptr<Bound> {
                                               FdimeOptions o;
                                               o.divergence = divergence;
                                               return std::make_shared<FdimeBound>(o);
                                             });
}

}  // namespace

const std::vector<Kind<BoundBuild>>& bound_kinds() {
  static const std::vector<Kind<BoundBuild>> kinds = {
      bound<DvOptions, DvBound>("dv", "Donsker-Varadhan lower bound", [](OptionList&, DvOptions&) {}),
      bound<MineOptions, MineBound>("mine", "DV value with MINE's moving-average gradient (Belghazi et al. 2018)",
                                    [](OptionList& l, MineOptions& o) {
                                      l.add("ema", o.ema, "moving-average rate in (0, 1]; 1: the plain DV gradient");
                                    }),
      bound<NwjOptions, NwjBound>("nwj", "Nguyen-Wainwright-Jordan (f-GAN KL) lower bound",
                                  [](OptionList&, NwjOptions&) {}),
      bound<TubaOptions, TubaBound>("tuba", "TUBA with a constant baseline (Poole et al. 2019)",
                                    [](OptionList& l, TubaOptions& o) {
                                      l.add("log_a", o.log_a, "log of the baseline (its initial value when learned)")
                                          .add("learn", o.learn, "learn log_a by gradient");
                                    }),
      bound<InfoNceOptions, InfoNceBound>(
          "infonce", "InfoNCE / CPC (van den Oord et al. 2018), at most log K",
          [](OptionList& l, InfoNceOptions& o) {
            l.add_choice("dir", o.dir,
                         {{"row", InfoNceDirection::row}, {"col", InfoNceDirection::col}, {"sym", InfoNceDirection::sym}},
                         "x against every y (row), y against every x (col), or their mean (sym)");
          }),
      bound<JsOptions, JsBound>("js", "Jensen-Shannon objective (Deep InfoMax) with the TUBA read-out",
                                [](OptionList&, JsOptions&) {}),
      bound<SmileOptions, SmileBound>("smile", "SMILE: clipped DV value, JS gradient (Song & Ermon 2020)",
                                      [](OptionList& l, SmileOptions& o) {
                                        l.add("tau", o.tau, "clip threshold of the negative-pair scores (> 0)");
                                      }),
      bound<InterpolatedOptions, InterpolatedBound>(
          "interpolated", "I_alpha between InfoNCE and NWJ (Poole et al. 2019)", [](OptionList& l, InterpolatedOptions& o) {
            l.add("alpha", o.alpha, "weight of the InfoNCE batch average in [0, 1]")
                .add("log_q", o.log_q, "constant log q(y) baseline");
          }),
      fdime_kind("kl-dime", "KL-DIME (Letizia et al. 2024): KL variational objective, read-out E_p[log D]",
                 FDivergence::kl),
      fdime_kind("hd-dime", "HD-DIME (Letizia et al. 2024): squared-Hellinger objective, read-out E_p[log 1/D^2]",
                 FDivergence::hellinger),
      fdime_kind("gan-dime", "GAN-DIME (Letizia et al. 2024): BCE objective, read-out mean log-odds on joint pairs",
                 FDivergence::gan),
  };
  return kinds;
}

const std::vector<std::string>& bound_names() {
  static const std::vector<std::string> names = kind_names(bound_kinds());
  return names;
}

bool is_bound_name(const std::string& name) { return find_kind(bound_kinds(), name) != nullptr; }

std::shared_ptr<Bound> make_bound(const std::string& text) {
  const Spec spec = parse_spec(text);
  return configure(bound_kinds(), spec, "estimator", [](const std::string& name) {
    throw Error("estimator '" + name + "': unknown bound (known: " + join_names(bound_names()) + ")");
  })();
}

}  // namespace infotorch::bounds
