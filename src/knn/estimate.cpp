#include "infotorch/knn/estimate.h"

#include <algorithm>

#include "infotorch/core/error.h"
#include "infotorch/core/family.h"
#include "infotorch/core/validate.h"
#include "infotorch/knn/cmi.h"
#include "infotorch/knn/copula.h"
#include "infotorch/knn/discrete.h"
#include "infotorch/knn/entropy.h"
#include "infotorch/knn/gaussian.h"
#include "infotorch/knn/ksg.h"
#include "infotorch/knn/lnc.h"
#include "infotorch/knn/mixed.h"
#include "infotorch/knn/ross.h"
#include "infotorch/knn/total_correlation.h"
#include "infotorch/knn/uncertainty.h"

namespace infotorch::knn {

namespace {

// The options of the shared preparation, for the kinds that read them.
void declare_prepare(OptionList& l, Prepare& p, bool scaling = true, bool copula = true) {
  l.add("noise", p.noise, "tie-breaking noise in units of each column's standard deviation (>= 0)");
  if (scaling) l.add("standardize", p.standardize, "scale each column to unit variance first");
  if (copula) l.add("copula", p.copula, "replace each column by the normal scores of its ranks (knn/copula.h)");
}

void check_prepare(const Prepare& p, const char* name) {
  if (!(p.noise >= 0)) throw Error(std::string("estimator '") + name + "': option noise must be >= 0");
}

// A kind whose options struct has k, prepare and seed (the KSG family), computed by `f(x, y, z, options)`.
template <class Options, class F>
Kind<PlanBuild> seeded(const char* name, const char* doc, F f, Shuffle shuffle = Shuffle::rows_of_y,
                       bool permutable = true) {
  return make_kind<Options, PlanBuild>(
      name, doc,
      [](OptionList& l, Options& o) {
        l.add("k", o.k, "neighbours");
        declare_prepare(l, o.prepare);
      },
      [name, f, shuffle, permutable](const Options& opts, uint64_t seed) {
        check_prepare(opts.prepare, name);
        Options o = opts;
        o.seed = seed;
        return Plan{[o, f](auto& x, auto& y, auto& z) { return f(x, y, z, o); }, shuffle, permutable};
      });
}

struct GaussianOptions {
  bool copula = false;
};

}  // namespace

const std::vector<Kind<PlanBuild>>& knn_kinds() {
  static const std::vector<Kind<PlanBuild>> kinds = {
      seeded<KsgOptions>("ksg", "Kraskov-Stoegbauer-Grassberger estimator 1",
                         [](auto& x, auto& y, auto&, const KsgOptions& o) { return ksg1(x, y, o); }),
      seeded<KsgOptions>("ksg2", "Kraskov-Stoegbauer-Grassberger estimator 2",
                         [](auto& x, auto& y, auto&, const KsgOptions& o) { return ksg2(x, y, o); }),
      make_kind<MixedOptions, PlanBuild>(
          "mixed", "Gao et al. 2017: mixtures of discrete and continuous values (ties kept)",
          [](OptionList& l, MixedOptions& o) {
            l.add("k", o.k, "neighbours").add("standardize", o.prepare.standardize, "scale each column to unit variance first");
          },
          [](const MixedOptions& o, uint64_t) { return Plan{[o](auto& x, auto& y, auto&) { return mixed_mi(x, y, o); }}; }),
      seeded<RossOptions>("ross", "Ross 2014: discrete labels x, continuous y",
                          [](auto& x, auto& y, auto&, const RossOptions& o) { return ross_mi(x, y, o); }),
      make_kind<DiscreteOptions, PlanBuild>(
          "discrete", "plug-in MI of symbols",
          [](OptionList& l, DiscreteOptions& o) { l.add("miller_madow", o.miller_madow, "Miller-Madow bias correction"); },
          [](const DiscreteOptions& o, uint64_t) {
            return Plan{[o](auto& x, auto& y, auto&) { return discrete_mi(x, y, o); }};
          }),
      seeded<CmiOptions>("cmi", "Frenzel-Pompe conditional MI I(X;Y|Z)",
                         [](auto& x, auto& y, auto& z, const CmiOptions& o) { return cmi(x, y, z, o); },
                         Shuffle::x_within_z),
      seeded<TotalCorrelationOptions>("tc", "total correlation of the columns of x (KSG-style)",
                                      [](auto& x, auto&, auto&, const TotalCorrelationOptions& o) {
                                        return total_correlation(x, o);
                                      },
                                      Shuffle::columns_of_x),
      make_kind<EntropyOptions, PlanBuild>(
          "entropy", "Kozachenko-Leonenko differential entropy of x",
          [](OptionList& l, EntropyOptions& o) {
            l.add("k", o.k, "neighbours");
            declare_prepare(l, o.prepare, /*scaling=*/false, /*copula=*/false);
          },
          [](const EntropyOptions& opts, uint64_t seed) {
            check_prepare(opts.prepare, "entropy");
            EntropyOptions o = opts;
            o.seed = seed;
            return Plan{[o](auto& x, auto&, auto&) { return kl_entropy(x, o); }, Shuffle::rows_of_y, false};
          }),
      // copula=true: the Gaussian-copula estimate (the MI of the normal scores; a lower bound on MI, exact for a
      // Gaussian copula).
      make_kind<GaussianOptions, PlanBuild>(
          "gaussian", "MI of a Gaussian with the sample covariance",
          [](OptionList& l, GaussianOptions& o) {
            l.add("copula", o.copula, "on the normal scores of the ranks (the Gaussian-copula estimate)");
          },
          [](const GaussianOptions& o, uint64_t seed) {
            if (!o.copula) return Plan{[](auto& x, auto& y, auto&) { return gaussian_mi(x, y); }};
            return Plan{[seed](auto& x, auto& y, auto&) {
              auto px = to_points(x), py = to_points(y);
              copula_transform(px, seed);
              copula_transform(py, seed + 1);
              return gaussian_mi(px, py);
            }};
          }),
      make_kind<LncOptions, PlanBuild>(
          "lnc", "KSG with the local non-uniformity correction (Gao et al. 2015)",
          [](OptionList& l, LncOptions& o) {
            l.add("k", o.k, "neighbours (more than dx + dy)")
                .add("alpha", o.alpha, "volume-ratio threshold below which the correction applies");
            declare_prepare(l, o.prepare);
          },
          [](const LncOptions& opts, uint64_t seed) {
            check_prepare(opts.prepare, "lnc");
            LncOptions o = opts;
            o.seed = seed;
            return Plan{[o](auto& x, auto& y, auto&) { return lnc_mi(x, y, o); }};
          }),
  };
  return kinds;
}

const std::vector<std::string>& names() {
  static const std::vector<std::string> n = kind_names(knn_kinds());
  return n;
}

bool is_knn_name(const std::string& name) { return find_kind(knn_kinds(), name) != nullptr; }

namespace {

Plan plan_for(const Spec& spec, uint64_t seed) {
  return configure(knn_kinds(), spec, "estimator", [](const std::string& name) {
    throw Error("estimator '" + name + "': not a non-parametric estimator (known: " + join_names(names()) + ")");
  })(seed);
}

}  // namespace

Result estimate(const Spec& spec, const torch::Tensor& x, const torch::Tensor& y, const RunOptions& options) {
  Plan plan = plan_for(spec, options.seed);
  // Shapes are checked here once so the permutation and subsampling loops see N x d tensors.
  torch::Tensor xs = as_samples(x, "x");
  torch::Tensor ys, zs;
  if (spec.name == "entropy") {
    if (y.defined()) throw Error("y: entropy takes one variable (x); expected no y");
  } else if (spec.name == "tc") {
    if (y.defined()) {  // y's columns are further variables
      ys = as_samples(y, "y");
      check_same_rows(xs, ys, "x", "y");
      xs = torch::cat({xs.to(torch::kDouble), ys.to(xs.device(), torch::kDouble)}, 1);
      ys = torch::Tensor();
    }
  } else {
    if (!y.defined()) throw Error("y: estimator '" + spec.name + "' needs a second variable y (N x dy samples)");
    ys = as_samples(y, "y");
    check_same_rows(xs, ys, "x", "y");
  }
  if (spec.name == "cmi") {
    if (!options.z || !options.z->defined())
      throw Error("cmi: needs the conditioning variable z (N x dz samples, option z)");
    zs = as_samples(*options.z, "z");
    check_same_rows(xs, zs, "x", "z");
  }

  Result r;
  r.n = xs.size(0);
  r.value = plan.f(xs, ys, zs);
  if (options.permutations > 0) {
    if (!plan.permutable)
      throw Error("permutations: estimator '" + spec.name + "' measures one variable; a permutation test needs two");
    PermutationOptions p;
    p.permutations = options.permutations;
    p.shuffle = plan.shuffle;
    p.seed = options.seed;
    auto t = permutation_test(plan.f, xs, ys, zs, r.value, p);
    r.p_value = t.p_value;
    r.null_mean_nats = t.null_mean;
  }
  if (options.want_stderr) {
    SubsampleOptions s;
    s.seed = options.seed;
    r.stderr_nats = subsample_stderr(plan.f, xs, ys, zs, s);
  }
  return r;
}

}  // namespace infotorch::knn
