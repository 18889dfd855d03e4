// Additive uniform noise (Beyond Normal): X ~ U(0, 1), Y = X + U(-eps, eps);
// I = eps - ln(2 eps) for eps <= 1/2, else 1 / (4 eps).
#pragma once
#include "infotorch/tasks/task.h"

namespace infotorch::tasks {

double additive_uniform_mi(double eps);

class AdditiveUniformTask : public Task {
 public:
  explicit AdditiveUniformTask(double eps);
  std::pair<torch::Tensor, torch::Tensor> sample(int64_t n, at::Generator& gen) const override;
  double mi() const override { return additive_uniform_mi(eps_); }
  int64_t dim_x() const override { return 1; }
  int64_t dim_y() const override { return 1; }
  std::string spec() const override;

 private:
  double eps_;
};

}  // namespace infotorch::tasks
