#include "infotorch/critics/bilinear.h"

#include <cmath>

#include "infotorch/core/error.h"

namespace infotorch::critics {

BilinearCritic::BilinearCritic(int64_t dx, int64_t dy, const CriticOptions& options) : dx_(dx), dy_(dy) {
  validate(options);
  if (dx <= 0 || dy <= 0) throw Error("bilinear critic: dx and dy must be positive");
  // Same scale as a Linear(dx, dy) layer's default initialisation.
  double bound = 1.0 / std::sqrt(static_cast<double>(dx));
  w_ = register_parameter("weight", torch::empty({dx, dy}).uniform_(-bound, bound));
}

torch::Tensor BilinearCritic::scores(const torch::Tensor& x, const torch::Tensor& y) {
  auto [xs, ys] = check_critic_inputs(x, y, dx_, dy_, w_);
  return xs.mm(w_).mm(ys.t());
}

torch::Tensor BilinearCritic::paired(const torch::Tensor& x, const torch::Tensor& y) {
  auto [xs, ys] = check_critic_inputs(x, y, dx_, dy_, w_);
  return (xs.mm(w_) * ys).sum(1);
}

}  // namespace infotorch::critics
