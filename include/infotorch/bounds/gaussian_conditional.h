// A Gaussian variational conditional q(y|x) = N(mu(x), diag e^{logvar(x)}) for the upper bounds (CLUB,
// vCLUB-sample, L1Out; Cheng et al. 2020, Sec. 3.2; Poole et al. 2019, Sec. 2.6). Two MLP heads; the
// log-variance is bounded, logvar = b tanh(raw / b), so a confident q cannot drive the bound to +-infinity.
// q is trained by maximum likelihood, nll(x, y), in its own step on detached samples (Cheng et al.,
// Algorithm 1), never through the bound it serves.
#pragma once
#include <torch/torch.h>

#include <utility>

namespace infotorch::bounds {

struct GaussianConditionalOptions {
  int64_t x_dim = 1;
  int64_t y_dim = 1;
  int64_t hidden = 64;      // width of each head's hidden layer
  double max_logvar = 5.0;  // b: the log-variance stays in (-b, b)
};

// log N(y_i; mu_i, diag e^{logvar_i}) for matched rows: a K-vector. mu, logvar, y: K x d.
torch::Tensor gaussian_log_prob(const torch::Tensor& mu, const torch::Tensor& logvar, const torch::Tensor& y);
// The K x K matrix L_ij = log N(y_j; mu_i, diag e^{logvar_i}) (row i: q(. | x_i); diagonal: matched pairs).
// Memory O(K^2 d).
torch::Tensor gaussian_log_prob_matrix(const torch::Tensor& mu, const torch::Tensor& logvar, const torch::Tensor& y);

class GaussianConditionalImpl : public torch::nn::Module {
 public:
  explicit GaussianConditionalImpl(const GaussianConditionalOptions& options);
  // (mu, logvar), each K x y_dim.
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& x);
  torch::Tensor log_prob(const torch::Tensor& x, const torch::Tensor& y);
  torch::Tensor log_prob_matrix(const torch::Tensor& x, const torch::Tensor& y);
  // -mean_i log q(y_i | x_i): minimise it (on detached x, y) to fit q.
  torch::Tensor nll(const torch::Tensor& x, const torch::Tensor& y);
  const GaussianConditionalOptions& options() const { return options_; }

 private:
  GaussianConditionalOptions options_;
  torch::nn::Sequential mu_{nullptr}, logvar_{nullptr};
};
TORCH_MODULE(GaussianConditional);

}  // namespace infotorch::bounds
