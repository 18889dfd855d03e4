#include "infotorch/bounds/upper_bound.h"

#include <ATen/CPUGeneratorImpl.h>

#include "infotorch/bounds/club.h"
#include "infotorch/bounds/l1out.h"
#include "infotorch/core/error.h"
#include "infotorch/core/spec.h"
#include "spec_format.h"

namespace infotorch::bounds {

UpperBoundImpl::UpperBoundImpl(const UpperBoundOptions& options)
    : options_(options), generator_(at::detail::createCPUGenerator(options.seed)) {
  q_ = register_module("q", GaussianConditional(options_.q));
}

Estimate UpperBoundImpl::forward(const torch::Tensor& x, const torch::Tensor& y) {
  switch (options_.kind) {
    case UpperBoundKind::club: return club(q_, x, y);
    case UpperBoundKind::club_sample: return club_sample(q_, x, y, generator_);
    case UpperBoundKind::l1out: return l1out(q_, x, y);
  }
  return club(q_, x, y);
}

torch::Tensor UpperBoundImpl::q_loss(const torch::Tensor& x, const torch::Tensor& y) {
  return q_->nll(x.detach(), y.detach());
}

std::string UpperBoundImpl::spec() const {
  const auto& q = options_.q;
  std::string s;
  switch (options_.kind) {
    case UpperBoundKind::club: s = "club"; break;
    case UpperBoundKind::club_sample: s = "vclub"; break;
    case UpperBoundKind::l1out: s = "l1out"; break;
  }
  s += ":hidden=" + std::to_string(q.hidden) + ",max_logvar=" + detail::format_double(q.max_logvar);
  if (options_.kind == UpperBoundKind::club_sample) s += ",seed=" + std::to_string(options_.seed);
  return s;
}

const std::vector<std::string>& upper_bound_names() {
  static const std::vector<std::string> names = {"club", "vclub", "l1out"};
  return names;
}

bool is_upper_bound_name(const std::string& name) {
  for (const auto& n : upper_bound_names())
    if (n == name) return true;
  return false;
}

UpperBound make_upper_bound(const std::string& text, int64_t x_dim, int64_t y_dim) {
  const Spec spec = parse_spec(text);
  UpperBoundOptions o;
  if (spec.name == "club") {
    o.kind = UpperBoundKind::club;
    spec.allow_only({"hidden", "max_logvar"});
  } else if (spec.name == "vclub") {
    o.kind = UpperBoundKind::club_sample;
    spec.allow_only({"hidden", "max_logvar", "seed"});
    const int64_t seed = spec.get_int("seed", static_cast<int64_t>(o.seed));
    if (seed < 0) throw Error("vclub: option seed: expected a non-negative integer, got " + std::to_string(seed));
    o.seed = static_cast<uint64_t>(seed);
  } else if (spec.name == "l1out") {
    o.kind = UpperBoundKind::l1out;
    spec.allow_only({"hidden", "max_logvar"});
  } else {
    throw Error("estimator '" + spec.name + "': unknown upper bound (known: club, vclub, l1out)");
  }
  o.q.x_dim = x_dim;
  o.q.y_dim = y_dim;
  o.q.hidden = spec.get_int("hidden", o.q.hidden);
  o.q.max_logvar = spec.get_double("max_logvar", o.q.max_logvar);
  return UpperBound(o);
}

}  // namespace infotorch::bounds
