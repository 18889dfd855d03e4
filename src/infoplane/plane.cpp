#include "infotorch/infoplane/plane.h"

#include <sstream>

#include "infotorch/core/error.h"
#include "infotorch/core/spec.h"
#include "infotorch/core/validate.h"
#include "infotorch/infoplane/binning.h"
#include "infotorch/infoplane/kde.h"
#include "infotorch/infoplane/noisy_knn.h"

namespace infotorch::infoplane {
namespace {

std::string number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

class Binned : public PlaneEstimator {
 public:
  explicit Binned(BinOptions o) : o_(o) {}
  PlanePoint estimate(const torch::Tensor& t, const torch::Tensor& labels) const override {
    return binned_plane(t, labels, o_);
  }
  std::string spec() const override {
    if (o_.size > 0) return "bin:size=" + number(o_.size);
    return "bin:bins=" + std::to_string(o_.bins) + (o_.adaptive ? ",adaptive=true" : "");
  }

 private:
  BinOptions o_;
};

class Kde : public PlaneEstimator {
 public:
  explicit Kde(KdeOptions o) : o_(o) {}
  PlanePoint estimate(const torch::Tensor& t, const torch::Tensor& labels) const override {
    return kde_plane(t, labels, o_);
  }
  std::string spec() const override { return "kde:var=" + number(o_.variance); }

 private:
  KdeOptions o_;
};

class Knn : public PlaneEstimator {
 public:
  explicit Knn(NoisyKnnOptions o) : o_(o) {}
  PlanePoint estimate(const torch::Tensor& t, const torch::Tensor& labels) const override {
    return knn_plane(t, labels, o_);
  }
  std::string spec() const override {
    return "knn:k=" + std::to_string(o_.k) + ",var=" + number(o_.variance) + ",seed=" + std::to_string(o_.seed);
  }

 private:
  NoisyKnnOptions o_;
};

}  // namespace

std::string PlaneEstimator::label() const {
  std::string out;
  for (char c : spec()) {
    if (c == ':' || c == ',') out += '_';
    else if (c != '=') out += c;
  }
  return out;
}

std::vector<std::string> estimator_names() { return {"bin", "kde", "knn"}; }

std::unique_ptr<PlaneEstimator> make_estimator(const std::string& text) {
  // "bin:30" is the bin count (the information-plane literature's shorthand).
  std::string spec_text = text;
  if (text.rfind("bin:", 0) == 0 && text.size() > 4 && text.find('=') == std::string::npos)
    spec_text = "bin:bins=" + text.substr(4);
  const Spec spec = parse_spec(spec_text);
  if (spec.name == "bin") {
    spec.allow_only({"bins", "size", "adaptive"});
    BinOptions o;
    o.bins = spec.get_int("bins", o.bins);
    o.size = spec.get_double("size", o.size);
    o.adaptive = spec.get_bool("adaptive", o.adaptive);
    if (o.bins < 1) throw Error("bins: expected at least 1 bin, got " + std::to_string(o.bins));
    if (spec.has("size") && !(o.size > 0 && std::isfinite(o.size)))
      throw Error("size: expected a bin width > 0, got " + spec.options.at("size"));
    if (o.adaptive && o.size > 0) throw Error("adaptive: quantile bins take a count (bins), not a width (size)");
    return std::make_unique<Binned>(o);
  }
  if (spec.name == "kde") {
    spec.allow_only({"var", "block"});
    KdeOptions o;
    o.variance = spec.get_double("var", o.variance);
    o.block = spec.get_int("block", o.block);
    if (!(o.variance > 0 && std::isfinite(o.variance)))
      throw Error("var: expected a noise variance > 0, got " + number(o.variance));
    if (o.block < 1) throw Error("block: expected at least 1 row per block");
    return std::make_unique<Kde>(o);
  }
  if (spec.name == "knn") {
    spec.allow_only({"k", "var", "seed"});
    NoisyKnnOptions o;
    o.k = spec.get_int("k", o.k);
    o.variance = spec.get_double("var", o.variance);
    o.seed = static_cast<uint64_t>(spec.get_int("seed", 0));
    if (o.k < 1) throw Error("k: expected at least 1 neighbour");
    if (!(o.variance > 0 && std::isfinite(o.variance)))
      throw Error("var: expected a noise variance > 0, got " + number(o.variance));
    return std::make_unique<Knn>(o);
  }
  throw Error("estimator: unknown information-plane estimator '" + spec.name + "'; expected bin, kde or knn");
}

void check_activations(const torch::Tensor& t, const torch::Tensor& labels) {
  check_rank(t, 2, "activations");
  check_finite(t, "activations");
  check_min_samples(t.size(0), 2, "activations", "the information plane");
  if (!labels.defined() || labels.dim() != 1 || labels.scalar_type() != torch::kLong)
    throw Error("labels: expected N int64 class indices");
  check_same_rows(t, labels.unsqueeze(1), "activations", "labels");
  if (labels.min().item<int64_t>() < 0) throw Error("labels: expected class indices >= 0");
}

}  // namespace infotorch::infoplane
