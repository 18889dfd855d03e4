#include "infotorch/tasks/uniform.h"

#include <cmath>
#include <cstdio>

#include "infotorch/core/error.h"

namespace infotorch::tasks {

double additive_uniform_mi(double eps) {
  if (!(eps > 0) || !std::isfinite(eps)) throw Error("uniform task: eps must be a positive number");
  // h(Y) - h(Y|X) with h(Y|X) = ln(2 eps); h(Y) from the trapezoid density of U(0,1) + U(-eps, eps).
  return eps <= 0.5 ? eps - std::log(2 * eps) : 1.0 / (4 * eps);
}

AdditiveUniformTask::AdditiveUniformTask(double eps) : eps_(eps) { additive_uniform_mi(eps); }

std::pair<torch::Tensor, torch::Tensor> AdditiveUniformTask::sample(int64_t n, at::Generator& gen) const {
  auto opts = torch::TensorOptions().dtype(torch::kFloat64);
  auto x = torch::rand({n, 1}, gen, opts);
  auto noise = (2 * torch::rand({n, 1}, gen, opts) - 1) * eps_;
  return {x, x + noise};
}

std::string AdditiveUniformTask::spec() const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", eps_);
  return std::string("uniform:eps=") + buf;
}

}  // namespace infotorch::tasks
