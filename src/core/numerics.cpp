#include "infotorch/core/numerics.h"

namespace infotorch {

torch::Tensor log_mean_exp(const torch::Tensor& t, c10::optional<int64_t> dim) {
  if (dim) return torch::logsumexp(t, {*dim}) - std::log(static_cast<double>(t.size(*dim)));
  return torch::logsumexp(t.reshape({-1}), {0}) - std::log(static_cast<double>(t.numel()));
}

torch::Tensor offdiag_mask(int64_t k, const torch::Device& device) {
  return ~torch::eye(k, torch::TensorOptions().dtype(torch::kBool).device(device));
}

torch::Tensor log_mean_exp_offdiag(const torch::Tensor& scores) {
  const int64_t k = scores.size(0);
  // Put -inf on the diagonal so logsumexp skips it; divide by the K(K-1) off-diagonal pairs.
  auto masked = scores.masked_fill(~offdiag_mask(k, scores.device()), -std::numeric_limits<double>::infinity());
  return torch::logsumexp(masked.reshape({-1}), {0}) - std::log(static_cast<double>(k * (k - 1)));
}

torch::Tensor mean_offdiag(const torch::Tensor& scores) {
  const int64_t k = scores.size(0);
  return (scores.sum() - scores.diagonal().sum()) / static_cast<double>(k * (k - 1));
}

double digamma(double x) {
  // Recurrence up to x >= 10, then the asymptotic series (truncation error ~2e-14 there).
  double result = 0.0;
  while (x < 10.0) {
    result -= 1.0 / x;
    x += 1.0;
  }
  const double f = 1.0 / (x * x);
  result += std::log(x) - 0.5 / x -
            f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
  return result;
}

}  // namespace infotorch
