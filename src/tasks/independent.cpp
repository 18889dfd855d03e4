#include "infotorch/tasks/independent.h"

#include "infotorch/core/error.h"

namespace infotorch::tasks {

IndependentTask::IndependentTask(int64_t dx, int64_t dy) : dx_(dx), dy_(dy) {
  if (dx < 1 || dy < 1) throw Error("independent task: dx and dy must be >= 1");
}

std::pair<torch::Tensor, torch::Tensor> IndependentTask::sample(int64_t n, at::Generator& gen) const {
  auto opts = torch::TensorOptions().dtype(torch::kFloat64);
  auto x = torch::randn({n, dx_}, gen, opts);
  auto y = torch::randn({n, dy_}, gen, opts);
  return {x, y};
}

std::string IndependentTask::spec() const {
  return "independent:dx=" + std::to_string(dx_) + ",dy=" + std::to_string(dy_);
}

}  // namespace infotorch::tasks
