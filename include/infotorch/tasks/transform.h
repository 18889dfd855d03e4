// A task seen through an injective map applied to x, y or both: MI is unchanged (data processing both ways).
#pragma once
#include <memory>

#include "infotorch/tasks/task.h"

namespace infotorch::tasks {

// Elementwise: "cubic" t^3, "asinh", "halfcube" t sqrt|t| (Beyond Normal), "normalcdf" Phi(t).
// "spiral": rotates the first two coordinates by the angle speed * |v|^2 (a diffeomorphism, since
// rotation keeps |v|); needs at least 2 columns.
const std::vector<std::string>& transform_names();
torch::Tensor apply_transform(const std::string& name, const torch::Tensor& v, double speed = 0.5);

class TransformTask : public Task {
 public:
  // apply: "both", "x" or "y".
  TransformTask(std::shared_ptr<Task> base, std::string transform, std::string apply = "both", double speed = 0.5);
  std::pair<torch::Tensor, torch::Tensor> sample(int64_t n, at::Generator& gen) const override;
  double mi() const override { return base_->mi(); }
  int64_t dim_x() const override { return base_->dim_x(); }
  int64_t dim_y() const override { return base_->dim_y(); }
  std::string spec() const override;

 private:
  std::shared_ptr<Task> base_;
  std::string transform_, apply_;
  double speed_;
};

}  // namespace infotorch::tasks
