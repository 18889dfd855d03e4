#include "infotorch/training/layer_tracker.h"

#include <algorithm>
#include <cmath>

#include "infotorch/core/error.h"
#include "infotorch/core/spec.h"

namespace infotorch::training {

std::vector<std::string> child_names(const torch::nn::Sequential& net) {
  std::vector<std::string> names;
  for (const auto& item : net->named_children()) names.push_back(item.key());
  return names;
}

Activations sequential_activations(const torch::nn::Sequential& net, const torch::Tensor& inputs,
                                   const std::vector<std::string>& layers) {
  const auto names = child_names(net);
  std::set<std::string> wanted(layers.begin(), layers.end());
  for (const auto& l : layers)
    if (std::find(names.begin(), names.end(), l) == names.end()) {
      std::string known;
      for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
      throw Error("layers: the network has no layer '" + l + "'; its layers are " + known);
    }
  Activations out;
  torch::Tensor h = inputs;
  size_t i = 0;
  const auto impl = net.ptr();  // the holder is const, the module it holds is run as usual
  for (auto it = impl->begin(); it != impl->end(); ++it, ++i) {
    h = it->forward(h);
    if (wanted.empty() || wanted.count(names[i])) out.emplace_back(names[i], h);
  }
  return out;
}

bool log_spaced_epoch(int64_t epoch, int64_t per_decade) {
  if (per_decade < 1) throw Error("per_decade: expected at least 1 measurement per decade of epochs");
  if (epoch < 1) return false;
  // The i whose rounded 10^(i / per_decade) could be `epoch` lie near per_decade * log10(epoch).
  const double centre = per_decade * std::log10(static_cast<double>(epoch));
  for (int64_t i = std::max<int64_t>(0, static_cast<int64_t>(centre) - 2); i <= static_cast<int64_t>(centre) + 2; ++i)
    if (std::llround(std::pow(10.0, static_cast<double>(i) / per_decade)) == epoch) return true;
  return false;
}

LayerTracker::LayerTracker(const std::string& estimators) {
  for (const auto& s : split_spec_list(estimators)) estimators_.push_back(infoplane::make_estimator(s));
  if (estimators_.empty()) throw Error("estimators: expected at least one information-plane estimator spec");
}

std::map<std::string, double> LayerTracker::measure(int64_t epoch, const Activations& activations,
                                                    const torch::Tensor& labels) {
  std::map<std::string, double> columns;
  for (const auto& [layer, t] : activations) {
    const auto flat = t.detach().flatten(1).to(torch::kDouble).cpu();
    for (const auto& e : estimators_) {
      PlaneRow row{epoch, layer, e->spec(), e->estimate(flat, labels)};
      const std::string prefix = layer + "_" + e->label() + "_";
      columns[prefix + "ixt"] = row.point.ixt;
      columns[prefix + "ity"] = row.point.ity;
      if (!std::isnan(row.point.ixt_lower)) columns[prefix + "ixt_lower"] = row.point.ixt_lower;
      if (!std::isnan(row.point.ity_lower)) columns[prefix + "ity_lower"] = row.point.ity_lower;
      rows_.push_back(std::move(row));
    }
  }
  epochs_.insert(epoch);
  return columns;
}

void GradientTracker::add(const std::vector<std::pair<std::string, torch::Tensor>>& gradients) {
  if (sums_.empty())
    for (const auto& [name, g] : gradients) {
      const auto z = torch::zeros({g.numel()}, torch::kDouble);
      sums_.push_back({name, {z.clone(), z.clone(), 0}});
    }
  if (sums_.size() != gradients.size()) throw Error("gradients: expected the same layers at every step");
  for (size_t i = 0; i < gradients.size(); ++i) {
    const auto g = gradients[i].second.detach().flatten().to(torch::kDouble).cpu();
    auto& s = sums_[i].second;
    s.sum += g;
    s.sum_sq += g * g;
    ++s.n;
  }
}

std::map<std::string, double> GradientTracker::end_epoch(int64_t epoch) {
  std::map<std::string, double> columns;
  for (auto& [name, s] : sums_) {
    if (s.n == 0) continue;
    const auto mean = s.sum / static_cast<double>(s.n);
    const auto var = (s.sum_sq / static_cast<double>(s.n) - mean * mean).clamp_min(0);
    GradientRow row{epoch, name, mean.norm().item<double>(), var.sum().sqrt().item<double>(), s.n};
    columns[name + "_grad_mean"] = row.mean_norm;
    columns[name + "_grad_std"] = row.std_norm;
    rows_.push_back(row);
    s.sum.zero_();
    s.sum_sq.zero_();
    s.n = 0;
  }
  return columns;
}

}  // namespace infotorch::training
