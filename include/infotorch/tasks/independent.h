// Independent standard normal x and y: I(X; Y) = 0 (the null every estimator should read as ~0).
#pragma once
#include "infotorch/tasks/task.h"

namespace infotorch::tasks {

class IndependentTask : public Task {
 public:
  IndependentTask(int64_t dx, int64_t dy);
  std::pair<torch::Tensor, torch::Tensor> sample(int64_t n, at::Generator& gen) const override;
  double mi() const override { return 0; }
  int64_t dim_x() const override { return dx_; }
  int64_t dim_y() const override { return dy_; }
  std::string spec() const override;

 private:
  int64_t dx_, dy_;
};

}  // namespace infotorch::tasks
