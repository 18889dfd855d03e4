#include "infotorch/tasks/swissroll.h"

#include <cmath>
#include <cstdio>

#include "infotorch/core/error.h"

namespace infotorch::tasks {

SwissRollTask::SwissRollTask(double rho) : rho_(rho) {
  if (!(std::abs(rho) < 1)) throw Error("swissroll task: rho must lie in (-1, 1), got " + std::to_string(rho));
}

std::pair<torch::Tensor, torch::Tensor> SwissRollTask::sample(int64_t n, at::Generator& gen) const {
  auto opts = torch::TensorOptions().dtype(torch::kFloat64);
  auto x = torch::randn({n, 1}, gen, opts);
  auto y = rho_ * x + std::sqrt(1 - rho_ * rho_) * torch::randn({n, 1}, gen, opts);
  auto u = 0.5 * torch::erfc(-x / std::sqrt(2.0));
  auto t = 1.5 * M_PI * (1 + 2 * u);
  auto roll = torch::cat({t * torch::cos(t), t * torch::sin(t)}, 1) / 10.0;
  return {roll, y};
}

double SwissRollTask::mi() const { return -0.5 * std::log1p(-rho_ * rho_); }

std::string SwissRollTask::spec() const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "swissroll:rho=%.17g", rho_);
  return buf;
}

}  // namespace infotorch::tasks
