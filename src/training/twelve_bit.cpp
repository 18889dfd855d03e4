#include "infotorch/training/twelve_bit.h"

#include <array>
#include <cmath>
#include <vector>

#include "infotorch/core/error.h"

namespace infotorch::training {
namespace {

constexpr int64_t kPatterns = 4096;
constexpr double kGamma = 3.0 / 8.0;

torch::Tensor bit_patterns() {
  const auto i = torch::arange(kPatterns, torch::kLong).unsqueeze(1);
  const auto shift = (11 - torch::arange(12, torch::kLong)).unsqueeze(0);
  return i.div(torch::pow(2, shift), "floor").remainder(2);
}

}  // namespace

torch::Tensor icosahedron_vertices() {
  const double phi = (1 + std::sqrt(5.0)) / 2;
  std::vector<double> v;
  for (double a : {-1.0, 1.0})
    for (double b : {-phi, phi})
      for (auto p : {std::array<double, 3>{0, a, b}, {a, b, 0}, {b, 0, a}}) v.insert(v.end(), p.begin(), p.end());
  auto u = torch::tensor(v, torch::kDouble).reshape({12, 3});
  return u / u.norm(2, 1, true);
}

torch::Tensor twelve_bit_scores() {
  const auto x = bit_patterns().to(torch::kDouble);
  const auto dipole = x.matmul(icosahedron_vertices());
  return x.sum(1) - kGamma * (dipole * dipole).sum(1);
}

DatasetPtr twelve_bit_patterns() {
  // Scores are compared after rounding: patterns in one symmetry orbit differ only by float rounding.
  const auto f = torch::round(twelve_bit_scores() * 1e9) / 1e9;
  const auto values = std::get<0>(torch::_unique(f, /*sorted=*/true));
  int64_t best_above = -1;
  double theta = 0;
  for (int64_t i = 0; i < values.numel(); ++i) {
    const double v = values[i].item<double>();
    const int64_t above = (f > v).sum().item<int64_t>();
    if (best_above < 0 || std::abs(above - kPatterns / 2) < std::abs(best_above - kPatterns / 2)) {
      best_above = above;
      theta = v;
    }
  }
  Batch b;
  b.inputs = bit_patterns().to(torch::kFloat);
  b.labels = (f > theta).to(torch::kLong);
  return std::make_shared<TensorDataset>(b, 2);
}

Splits twelve_bit_splits(double train_fraction, uint64_t seed) {
  if (!(train_fraction > 0 && train_fraction < 1))
    throw Error("train_fraction: expected a fraction in (0, 1), got " + std::to_string(train_fraction));
  const int64_t n_train = std::llround(train_fraction * kPatterns);
  if (n_train < 1 || n_train >= kPatterns) throw Error("train_fraction: leaves no training or no test pattern");
  auto [train, test] = random_split(twelve_bit_patterns(), n_train, seed);
  return {train, nullptr, test};
}

}  // namespace infotorch::training
