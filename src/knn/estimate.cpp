#include "infotorch/knn/estimate.h"

#include <algorithm>

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

const std::vector<std::string>& names() {
  static const std::vector<std::string> n = {"ksg", "ksg2", "mixed", "ross", "discrete",
                                             "cmi", "tc",   "entropy", "gaussian", "lnc"};
  return n;
}

bool is_knn_name(const std::string& name) {
  const auto& n = names();
  return std::find(n.begin(), n.end(), name) != n.end();
}

namespace {

// Spec options -> the estimator's options struct (defaults from the struct itself).
Prepare read_prepare(const Spec& spec, Prepare p) {
  p.standardize = spec.get_bool("standardize", p.standardize);
  p.noise = spec.get_double("noise", p.noise);
  p.copula = spec.get_bool("copula", p.copula);
  if (!(p.noise >= 0)) throw Error("estimator '" + spec.name + "': option noise must be >= 0");
  return p;
}

struct Plan {
  Estimator f;
  Shuffle shuffle = Shuffle::rows_of_y;
  bool permutable = true;
};

Plan plan_for(const Spec& spec, uint64_t seed) {
  const std::string& name = spec.name;
  if (name == "ksg" || name == "ksg2") {
    spec.allow_only({"k", "noise", "standardize", "copula"});
    KsgOptions o;
    o.k = spec.get_int("k", o.k);
    o.prepare = read_prepare(spec, o.prepare);
    o.seed = seed;
    if (name == "ksg") return {[o](auto& x, auto& y, auto&) { return ksg1(x, y, o); }};
    return {[o](auto& x, auto& y, auto&) { return ksg2(x, y, o); }};
  }
  if (name == "mixed") {
    spec.allow_only({"k", "standardize"});
    MixedOptions o;
    o.k = spec.get_int("k", o.k);
    o.prepare.standardize = spec.get_bool("standardize", o.prepare.standardize);
    return {[o](auto& x, auto& y, auto&) { return mixed_mi(x, y, o); }};
  }
  if (name == "ross") {
    spec.allow_only({"k", "noise", "standardize", "copula"});
    RossOptions o;
    o.k = spec.get_int("k", o.k);
    o.prepare = read_prepare(spec, o.prepare);
    o.seed = seed;
    return {[o](auto& x, auto& y, auto&) { return ross_mi(x, y, o); }};
  }
  if (name == "discrete") {
    spec.allow_only({"miller_madow"});
    DiscreteOptions o;
    o.miller_madow = spec.get_bool("miller_madow", o.miller_madow);
    return {[o](auto& x, auto& y, auto&) { return discrete_mi(x, y, o); }};
  }
  if (name == "cmi") {
    spec.allow_only({"k", "noise", "standardize", "copula"});
    CmiOptions o;
    o.k = spec.get_int("k", o.k);
    o.prepare = read_prepare(spec, o.prepare);
    o.seed = seed;
    return {[o](auto& x, auto& y, auto& z) { return cmi(x, y, z, o); }, Shuffle::x_within_z};
  }
  if (name == "tc") {
    spec.allow_only({"k", "noise", "standardize", "copula"});
    TotalCorrelationOptions o;
    o.k = spec.get_int("k", o.k);
    o.prepare = read_prepare(spec, o.prepare);
    o.seed = seed;
    return {[o](auto& x, auto&, auto&) { return total_correlation(x, o); }, Shuffle::columns_of_x};
  }
  if (name == "entropy") {
    spec.allow_only({"k", "noise"});
    EntropyOptions o;
    o.k = spec.get_int("k", o.k);
    o.prepare = read_prepare(spec, o.prepare);
    o.seed = seed;
    return {[o](auto& x, auto&, auto&) { return kl_entropy(x, o); }, Shuffle::rows_of_y, false};
  }
  if (name == "gaussian") {
    // copula=true: the Gaussian-copula estimate (the MI of the normal scores; a lower bound on MI, exact for a
    // Gaussian copula).
    spec.allow_only({"copula"});
    if (!spec.get_bool("copula", false)) return {[](auto& x, auto& y, auto&) { return gaussian_mi(x, y); }};
    return {[seed](auto& x, auto& y, auto&) {
      auto px = to_points(x), py = to_points(y);
      copula_transform(px, seed);
      copula_transform(py, seed + 1);
      return gaussian_mi(px, py);
    }};
  }
  if (name == "lnc") {
    spec.allow_only({"k", "alpha", "noise", "standardize", "copula"});
    LncOptions o;
    o.k = spec.get_int("k", o.k);
    o.alpha = spec.get_double("alpha", o.alpha);
    o.prepare = read_prepare(spec, o.prepare);
    o.seed = seed;
    return {[o](auto& x, auto& y, auto&) { return lnc_mi(x, y, o); }};
  }
  std::string list;
  for (const auto& n : names()) list += (list.empty() ? "" : ", ") + n;
  throw Error("estimator '" + name + "': not a non-parametric estimator (known: " + list + ")");
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
