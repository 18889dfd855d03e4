#include "infotorch/bounds/dmi.h"

#include <cmath>

#include "infotorch/core/error.h"
#include "infotorch/core/validate.h"

namespace infotorch::bounds {
namespace {

torch::Tensor label_rows(const torch::Tensor& labels, int64_t n, int64_t c, const torch::TensorOptions& options) {
  if (labels.dim() == 1) {
    if (labels.scalar_type() != torch::kInt64) throw Error("labels: expected int64 classes or an N x C float matrix");
    if (labels.size(0) != n)
      throw Error("labels: expected one label per row of probs (" + std::to_string(n) + "), got " + shape_str(labels));
    if (n > 0 && (labels.min().item<int64_t>() < 0 || labels.max().item<int64_t>() >= c))
      throw Error("labels: classes must lie in [0, " + std::to_string(c) + ")");
    return torch::one_hot(labels, c).to(options);
  }
  if (labels.dim() != 2 || labels.size(0) != n || labels.size(1) != c)
    throw Error("labels: expected N int64 classes or an N x C matrix matching probs, got " + shape_str(labels));
  check_finite(labels, "labels");
  return labels.to(options);
}

}  // namespace

torch::Tensor dmi_joint(const torch::Tensor& probs, const torch::Tensor& labels) {
  check_rank(probs, 2, "probs");
  check_finite(probs, "probs");
  const int64_t n = probs.size(0), c = probs.size(1);
  if (c < 2) throw Error("probs: expected at least 2 classes, got " + shape_str(probs));
  check_min_samples(n, 1, "probs", "a joint distribution");
  auto l = label_rows(labels, n, c, probs.options());
  return probs.t().matmul(l) / static_cast<double>(n);
}

torch::Tensor dmi(const torch::Tensor& probs, const torch::Tensor& labels) {
  return torch::det(dmi_joint(probs, labels)).abs();
}

torch::Tensor dmi_loss(const torch::Tensor& logits, const torch::Tensor& labels, const DmiOptions& options) {
  check_rank(logits, 2, "logits");
  if (!(options.epsilon >= 0) || !std::isfinite(options.epsilon))
    throw Error("epsilon: expected a finite number >= 0, got " + std::to_string(options.epsilon));
  auto u = dmi_joint(torch::softmax(logits, 1), labels);
  if (options.epsilon == 0) return -std::get<1>(torch::linalg_slogdet(u));
  const double c = static_cast<double>(logits.size(1));
  return -torch::log(torch::det(u).abs() + options.epsilon * std::pow(c, -c));
}

}  // namespace infotorch::bounds
