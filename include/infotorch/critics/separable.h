// Separable critic f(x, y) = g(x)^T h(y) with two MLPs (Oord et al. 2018; Poole et al. 2019, Sec. 4):
// the K x K scores cost two forward passes of K rows and one K x K matmul.
#pragma once
#include "infotorch/critics/critic.h"
#include "infotorch/critics/mlp.h"
#include "infotorch/critics/options.h"

namespace infotorch::critics {

class SeparableCritic : public Critic {
 public:
  SeparableCritic(int64_t dx, int64_t dy, const CriticOptions& options = {});
  torch::Tensor scores(const torch::Tensor& x, const torch::Tensor& y) override;
  torch::Tensor paired(const torch::Tensor& x, const torch::Tensor& y) override;
  int64_t network_rows(int64_t k) const override { return 2 * k; }  // g on the x's, h on the y's
  // The embeddings g(x) (K x embed) and h(y).
  torch::Tensor embed_x(const torch::Tensor& x);
  torch::Tensor embed_y(const torch::Tensor& y);

 private:
  int64_t dx_, dy_;
  Mlp g_{nullptr}, h_{nullptr};
};

}  // namespace infotorch::critics
