// Correlated Gaussians with the same correlation rho on every dimension: x ~ N(0, I_d),
// y = rho x + sqrt(1 - rho^2) eps, so I(X; Y) = -(d/2) ln(1 - rho^2) (the staircase task of Poole et al. 2019).
#pragma once
#include "infotorch/tasks/task.h"

namespace infotorch::tasks {

// The per-dimension correlation that gives total MI `mi` nats over `d` dimensions:
// rho = sqrt(1 - exp(-2 mi / d)) (d = 20, mi = 2 -> 0.4258).
double staircase_rho(int64_t d, double mi);

class GaussianTask : public Task {
 public:
  // d >= 1, |rho| < 1.
  GaussianTask(int64_t d, double rho);
  std::pair<torch::Tensor, torch::Tensor> sample(int64_t n, at::Generator& gen) const override;
  double mi() const override;
  int64_t dim_x() const override { return d_; }
  int64_t dim_y() const override { return d_; }
  std::string spec() const override;
  double rho() const { return rho_; }

 private:
  int64_t d_;
  double rho_;
};

}  // namespace infotorch::tasks
