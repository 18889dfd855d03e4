// Bilinear critic f(x, y) = x^T W y (a linear separable critic; exact for Gaussians up to a
// quadratic term, cf. Poole et al. 2019).
#pragma once
#include "infotorch/critics/critic.h"
#include "infotorch/critics/options.h"

namespace infotorch::critics {

class BilinearCritic : public Critic {
 public:
  BilinearCritic(int64_t dx, int64_t dy, const CriticOptions& options = {});
  torch::Tensor scores(const torch::Tensor& x, const torch::Tensor& y) override;
  torch::Tensor paired(const torch::Tensor& x, const torch::Tensor& y) override;
  int64_t network_rows(int64_t k) const override { return 2 * k; }
  torch::Tensor weight() const { return w_; }

 private:
  int64_t dx_, dy_;
  torch::Tensor w_;  // dx x dy
};

}  // namespace infotorch::critics
