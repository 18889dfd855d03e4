#include "infotorch/tasks/gaussian.h"

#include <cmath>
#include <cstdio>

#include "infotorch/core/error.h"

namespace infotorch::tasks {

double staircase_rho(int64_t d, double mi) {
  if (d < 1) throw Error("gaussian task: d must be >= 1, got " + std::to_string(d));
  if (!(mi >= 0) || !std::isfinite(mi)) throw Error("gaussian task: mi must be a finite number >= 0 nats");
  // Invert I = -(d/2) ln(1 - rho^2).
  return std::sqrt(-std::expm1(-2.0 * mi / static_cast<double>(d)));
}

GaussianTask::GaussianTask(int64_t d, double rho) : d_(d), rho_(rho) {
  if (d < 1) throw Error("gaussian task: d must be >= 1, got " + std::to_string(d));
  if (!(std::abs(rho) < 1)) throw Error("gaussian task: rho must lie in (-1, 1), got " + std::to_string(rho));
}

std::pair<torch::Tensor, torch::Tensor> GaussianTask::sample(int64_t n, at::Generator& gen) const {
  auto opts = torch::TensorOptions().dtype(torch::kFloat64);
  auto x = torch::randn({n, d_}, gen, opts);
  auto eps = torch::randn({n, d_}, gen, opts);
  auto y = rho_ * x + std::sqrt(1 - rho_ * rho_) * eps;
  return {x, y};
}

double GaussianTask::mi() const { return -0.5 * static_cast<double>(d_) * std::log1p(-rho_ * rho_); }

std::string GaussianTask::spec() const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", rho_);
  return "gaussian:d=" + std::to_string(d_) + ",rho=" + buf;
}

}  // namespace infotorch::tasks
