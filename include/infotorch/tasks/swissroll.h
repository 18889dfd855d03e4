// Swiss roll (Beyond Normal): a 1-D binormal pair (x, y) with correlation rho, x rolled into 2-D by
// u = Phi(x), t = 1.5 pi (1 + 2u), x -> (t cos t, t sin t) / 10. The roll is injective (radius t), so
// I = -(1/2) ln(1 - rho^2) (rho = 0.75 -> 0.4133).
#pragma once
#include "infotorch/tasks/task.h"

namespace infotorch::tasks {

class SwissRollTask : public Task {
 public:
  explicit SwissRollTask(double rho);
  std::pair<torch::Tensor, torch::Tensor> sample(int64_t n, at::Generator& gen) const override;
  double mi() const override;
  int64_t dim_x() const override { return 2; }
  int64_t dim_y() const override { return 1; }
  std::string spec() const override;

 private:
  double rho_;
};

}  // namespace infotorch::tasks
