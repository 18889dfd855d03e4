// Concat critic f(x, y) = MLP([x; y]) (Belghazi et al. 2018; Poole et al. 2019).
//
// The first layer W [x; y] + b = (W_x x + b) + W_y y splits into a per-row x-part and y-part, computed
// once per row (2K rows) instead of once per pair (K^2), then broadcast-added to K x K x hidden.
// The rest of the MLP runs on blocks of rows (CriticOptions::chunk_elements); when the K x K x hidden
// activations exceed one block, the blocks are recomputed in backward instead of stored.
#pragma once
#include "infotorch/critics/critic.h"
#include "infotorch/critics/mlp.h"
#include "infotorch/critics/options.h"

namespace infotorch::critics {

class ConcatCritic : public Critic {
 public:
  ConcatCritic(int64_t dx, int64_t dy, const CriticOptions& options = {});
  torch::Tensor scores(const torch::Tensor& x, const torch::Tensor& y) override;
  torch::Tensor paired(const torch::Tensor& x, const torch::Tensor& y) override;
  // The same K x K scores, without chunking or recomputation (plain autograd; for tests and timing).
  torch::Tensor scores_unchunked(const torch::Tensor& x, const torch::Tensor& y);
  // The full first-layer weight [W_x, W_y] (hidden x (dx + dy)) and bias, as an MLP on [x; y] would hold them.
  torch::Tensor first_weight() const;
  torch::Tensor first_bias() const;
  // The layers after the first (hidden layers 2.. and the output layer).
  const std::vector<torch::nn::Linear>& rest() const { return rest_; }
  const CriticOptions& options() const { return options_; }

 protected:
  // Hidden layers 2.. and the output on a block of first-layer pre-activations (rows x K x hidden).
  torch::Tensor head(const torch::Tensor& pre) const;
  int64_t dx_, dy_;
  CriticOptions options_;
  torch::nn::Linear first_x_{nullptr}, first_y_{nullptr};
  std::vector<torch::nn::Linear> rest_;
};

}  // namespace infotorch::critics
