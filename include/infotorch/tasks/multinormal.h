// Jointly Gaussian (x, y) with a given joint covariance; MI = (1/2) ln(|Sigma_xx| |Sigma_yy| / |Sigma|).
// The dense, sparse and canonical-correlation tasks of Beyond Normal (Czyz et al. 2023) are built on it.
#pragma once
#include "infotorch/tasks/task.h"

namespace infotorch::tasks {

class MultinormalTask : public Task {
 public:
  // `sigma`: (dx + dy) x (dx + dy) symmetric positive definite; the first dx coordinates are x.
  MultinormalTask(torch::Tensor sigma, int64_t dx, std::string spec);
  std::pair<torch::Tensor, torch::Tensor> sample(int64_t n, at::Generator& gen) const override;
  double mi() const override { return mi_; }
  int64_t dim_x() const override { return dx_; }
  int64_t dim_y() const override { return dy_; }
  std::string spec() const override { return spec_; }
  const torch::Tensor& covariance() const { return sigma_; }

 private:
  torch::Tensor sigma_, chol_;
  int64_t dx_, dy_;
  double mi_;
  std::string spec_;
};

// (1/2) ln(|Sigma_xx| |Sigma_yy| / |Sigma|) for a joint covariance whose first dx coordinates are x.
double gaussian_mi(const torch::Tensor& sigma, int64_t dx);

// Every pair of the dx + dy coordinates correlated `corr` (Sigma = (1 - corr) I + corr 11^T).
torch::Tensor dense_covariance(int64_t dx, int64_t dy, double corr);
// x_i and y_i correlated rho for i < k, every other pair independent: I = -(k/2) ln(1 - rho^2).
torch::Tensor sparse_covariance(int64_t dx, int64_t dy, int64_t k, double rho);
// The covariance of (A x, B y) for random well-conditioned invertible A, B drawn from `mix_seed`
// (orthogonal times a diagonal scale in [e^-1/2, e^1/2]): MI unchanged, correlations no longer axis-aligned.
torch::Tensor mix_covariance(const torch::Tensor& sigma, int64_t dx, uint64_t mix_seed);

}  // namespace infotorch::tasks
