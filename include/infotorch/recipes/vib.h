// The deep variational information bottleneck (Alemi, Fischer, Dillon, Murphy, ICLR 2017): a stochastic encoder
// q(z|x) = N(mu(x), diag sigma(x)^2), sigma = softplus(rho - 5), bottleneck size K, and a linear softmax decoder
// q(y|z), trained by
//   loss = E_{z ~ q(z|x)} [-log q(y|z)] + beta KL(q(z|x) || N(0, I))      (one reparameterised sample per input)
// The KL term's mean is an upper bound on I(Z; X) (the variational marginal r(z) = N(0, I)); H(Y) - E[-log q(y|z)]
// is a lower bound on I(Z; Y). At test time the decoder's softmax is averaged over `samples` posterior draws.
// deterministic: the same encoder and decoder trained without noise or KL (z = mu), the baseline.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "infotorch/core/options.h"
#include "infotorch/training/recipe.h"

namespace infotorch::recipes {

struct VibOptions {
  int64_t bottleneck = 256;    // K
  int64_t hidden = 1024;       // encoder: input -> hidden -> hidden -> 2K (ReLU), Alemi et al.'s MNIST network
  double beta = 1e-3;
  int64_t samples = 12;        // posterior samples averaged at test time
  bool deterministic = false;  // z = mu, no KL: the baseline
  double lr = 1e-4;            // Adam
  int64_t classes = 0;                // from the data (the registry fills them)
  std::vector<int64_t> input_shape;
  uint64_t seed = 0;
  torch::Device device = torch::kCPU;
};
void declare(OptionList& list, VibOptions& options);

// KL(N(mu, sigma^2) || N(0, I)) per row: 0.5 sum_k (mu^2 + sigma^2 - 1 - log sigma^2).
torch::Tensor gaussian_kl_to_standard(const torch::Tensor& mu, const torch::Tensor& sigma);

class VibRecipe : public training::Recipe {
 public:
  explicit VibRecipe(const VibOptions& options);
  std::string name() const override { return "vib"; }
  training::StepStats train_step(const training::Batch& batch, training::StepContext& ctx) override;
  // log of the softmax averaged over `samples` posterior draws (a fixed generator: evaluation is repeatable).
  torch::Tensor logits(const torch::Tensor& inputs) override;
  // mu(x), the bottleneck's mean.
  torch::Tensor features(const torch::Tensor& inputs) override;
  std::vector<std::string> default_evaluators() const override { return {"accuracy", "robustness"}; }
  // On the test split: izx_upper (mean KL, nats; not for deterministic), izy_lower (H(Y) - mean -log q(y|z)).
  std::map<std::string, double> end_epoch(int64_t epoch, const training::Splits& data) override;
  struct Posterior {
    torch::Tensor mu, sigma;
  };
  Posterior encode(const torch::Tensor& inputs);

 private:
  VibOptions options_;
  torch::nn::Sequential encoder_{nullptr};
  torch::nn::Linear decoder_{nullptr};
};

}  // namespace infotorch::recipes
