// The interface every critic shares: a learnable f(x, y) scored on all K x K pairs of a batch.
#pragma once
#include <torch/torch.h>

#include <string>
#include <utility>

#include "infotorch/bounds/scores.h"

namespace infotorch::critics {

class Critic : public torch::nn::Module {
 public:
  // K x K matrix S_ij = f(x_i, y_j) for x: K x dx, y: K x dy (diagonal = positive pairs).
  virtual torch::Tensor scores(const torch::Tensor& x, const torch::Tensor& y) = 0;
  // The K matched scores f(x_i, y_i) only (cheaper than the diagonal of scores()).
  virtual torch::Tensor paired(const torch::Tensor& x, const torch::Tensor& y) = 0;
  // What a bound reads for this batch when the critic is trained or read out (fit.h): the K x K matrix of
  // scores(); a critic that samples its negatives (deranged.h) scores K joint pairs beside K negatives instead.
  virtual bounds::Scores batch_scores(const torch::Tensor& x, const torch::Tensor& y) { return scores(x, y); }
  // How many rows the critic's network sees for a batch of k pairs under batch_scores: the size of one step's
  // work, which decides its threads (fit.h). Default k * k (a network on every pair).
  virtual int64_t network_rows(int64_t k) const { return k * k; }
};

// The boundary check every critic runs: x (K x dx) and y (K' x dy) 2-D floating tensors with the
// critic's column counts, K == K' when `same_rows`; returned converted to the dtype and device of
// `like` (a parameter of the critic), so float64 task samples feed a float32 critic.
std::pair<torch::Tensor, torch::Tensor> check_critic_inputs(const torch::Tensor& x, const torch::Tensor& y,
                                                            int64_t dx, int64_t dy, const torch::Tensor& like,
                                                            bool same_rows = true);

}  // namespace infotorch::critics
