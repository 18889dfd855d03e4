// The interface every critic shares: a learnable f(x, y) scored on all K x K pairs of a batch.
#pragma once
#include <torch/torch.h>

namespace infotorch::critics {

class Critic : public torch::nn::Module {
 public:
  // K x K matrix S_ij = f(x_i, y_j) for x: K x dx, y: K x dy (diagonal = positive pairs).
  virtual torch::Tensor scores(const torch::Tensor& x, const torch::Tensor& y) = 0;
  // The K matched scores f(x_i, y_i) only (cheaper than the diagonal of scores()).
  virtual torch::Tensor paired(const torch::Tensor& x, const torch::Tensor& y) = 0;
};

}  // namespace infotorch::critics
