// Test helper: a correlated Gaussian pair with a closed form for everything the bound tests need.
// x ~ N(0, I_d), y = rho x + sqrt(1 - rho^2) e: per dimension I = -log(1 - rho^2) / 2, and the log density
// ratio log r(x, y) = log p(x, y) - log p(x) - log p(y) is the optimal critic of TUBA / DV / JS.
#pragma once
#include <torch/torch.h>

#include <cmath>
#include <functional>

#include <ATen/CPUGeneratorImpl.h>

namespace infotorch::bounds::bounds_test {

struct GaussianPair {
  int64_t d = 1;
  double rho = 0.8;

  double mi() const { return -0.5 * static_cast<double>(d) * std::log(1 - rho * rho); }

  // K samples of (x, y) in float64.
  std::pair<torch::Tensor, torch::Tensor> sample(int64_t k, at::Generator& gen) const {
    auto opts = torch::TensorOptions().dtype(torch::kFloat64);
    auto x = torch::randn({k, d}, gen, opts);
    auto e = torch::randn({k, d}, gen, opts);
    return {x, rho * x + std::sqrt(1 - rho * rho) * e};
  }

  // S_ij = log r(x_i, y_j).
  torch::Tensor log_ratio(const torch::Tensor& x, const torch::Tensor& y) const {
    const double s2 = 1 - rho * rho;
    auto xi = x.unsqueeze(1), yj = y.unsqueeze(0);
    auto t = -0.5 * std::log(s2) - (xi * xi - 2 * rho * xi * yj + yj * yj) / (2 * s2) + (xi * xi + yj * yj) / 2;
    return t.sum(2);
  }

  // The true conditional p(y | x) = N(rho x, 1 - rho^2) as (mu, logvar).
  std::pair<torch::Tensor, torch::Tensor> conditional(const torch::Tensor& x) const {
    return {rho * x, torch::full_like(x, std::log(1 - rho * rho))};
  }
};

// Mean and standard error of `stat` over `batches` independent batches of K samples.
struct MeanSe {
  double mean = 0, se = 0;
};
inline MeanSe over_batches(int batches, const std::function<double()>& stat) {
  double s = 0, s2 = 0;
  for (int b = 0; b < batches; ++b) {
    double v = stat();
    s += v;
    s2 += v * v;
  }
  double m = s / batches;
  double var = (s2 - batches * m * m) / (batches - 1);
  return {m, std::sqrt(std::max(var, 0.0) / batches)};
}

// Central finite-difference gradient of a scalar function of a float64 tensor.
inline torch::Tensor finite_difference(const std::function<torch::Tensor(const torch::Tensor&)>& f,
                                       const torch::Tensor& at, double h = 1e-6) {
  torch::NoGradGuard no_grad;
  auto g = torch::zeros_like(at);
  auto flat = at.reshape({-1});
  auto gflat = g.view({-1});
  for (int64_t i = 0; i < flat.numel(); ++i) {
    auto plus = flat.clone(), minus = flat.clone();
    plus[i] += h;
    minus[i] -= h;
    gflat[i] = (f(plus.view(at.sizes())).item<double>() - f(minus.view(at.sizes())).item<double>()) / (2 * h);
  }
  return g;
}

// Autograd gradient of f at `at`.
inline torch::Tensor autograd_gradient(const std::function<torch::Tensor(const torch::Tensor&)>& f,
                                       const torch::Tensor& at) {
  auto v = at.detach().clone().requires_grad_(true);
  f(v).backward();
  return v.grad();
}

inline at::Generator seeded(uint64_t seed) { return at::detail::createCPUGenerator(seed); }

}  // namespace infotorch::bounds::bounds_test
