// Test data with known MI, drawn from fixed seeds.
#pragma once
#include <torch/torch.h>

#include <cmath>
#include <utility>

namespace knn_test {

// (X, Y) standard bivariate normal with correlation rho: I = -1/2 ln(1 - rho^2).
inline std::pair<torch::Tensor, torch::Tensor> correlated(int64_t n, double rho, uint64_t seed) {
  torch::manual_seed(seed);
  auto x = torch::randn({n, 1}, torch::kDouble);
  auto y = rho * x + std::sqrt(1 - rho * rho) * torch::randn({n, 1}, torch::kDouble);
  return {x, y};
}

inline double gaussian_truth(double rho) { return -0.5 * std::log(1 - rho * rho); }

}  // namespace knn_test
