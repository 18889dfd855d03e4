// Ground-truth tasks: distributions of (x, y) whose mutual information is known in closed form.
#pragma once
#include <torch/torch.h>

#include "infotorch/core/random.h"

#include <string>
#include <utility>

namespace infotorch::tasks {

class Task {
 public:
  virtual ~Task() = default;
  // n fresh samples (float64, n x dim_x and n x dim_y), reproducible through `gen`.
  virtual std::pair<torch::Tensor, torch::Tensor> sample(int64_t n, at::Generator& gen) const = 0;
  // The true mutual information I(X; Y) in nats.
  virtual double mi() const = 0;
  virtual int64_t dim_x() const = 0;
  virtual int64_t dim_y() const = 0;
  // The spec string that builds this task again ("gaussian:d=5,mi=1").
  virtual std::string spec() const = 0;
};

// The seeded CPU generator of core/random.h.
using infotorch::make_generator;

}  // namespace infotorch::tasks
