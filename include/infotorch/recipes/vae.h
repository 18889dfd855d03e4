// Variational autoencoders for disentanglement on generated dSprites (training/dsprites.h): a Gaussian encoder
// q(z|x) = N(mu(x), diag exp(log_var(x))), a Bernoulli decoder p(x|z) (logits), the prior N(0, I), trained by
//   loss = E_q[-log p(x|z)] + beta KL(q(z|x) || N(0, I)) + gamma * penalty(z)        (one sample z per input)
// where the penalty is a measure of the dependence between the latent dimensions, chosen by `penalty`:
//   none              VAE (beta = 1) and beta-VAE (Higgins et al. 2017, beta > 1)
//   mws | mss         beta-TCVAE (Chen et al. 2018): the total correlation TC(z) = KL(q(z) || prod_j q(z_j)) by
//                     minibatch-weighted or minibatch-stratified sampling (bounds/minibatch_tc.h). With beta = 1
//                     and gamma = B - 1 this is their objective with alpha = gamma = 1 and beta = B (the KL is
//                     index-code MI + TC + dimension-wise KL).
//   factor            FactorVAE (Kim & Mnih 2018, Eq. 2-3): a discriminator D(z) (logit) trained by logistic loss
//                     to tell z ~ q(z) from permute_dims(z) ~ prod_j q(z_j); TC ~ E_q(z)[logit D(z)], the density
//                     ratio log q(z) / prod_j q(z_j) it learns. Its own optimiser, "discriminator".
//   club | vclub | l1out (with the upper bound's options: "club:hidden=64")
//                     an MI upper bound (bounds/upper_bound.h) between each z_i and the rest z_-i, summed over i:
//                     sum_i I(z_i; z_-i) >= sum_i I(z_i; z_<i) = TC(z), so the sum bounds TC from above. Each
//                     bound's variational q(z_-i | z_i) is fitted by its own likelihood, optimiser "critic".
//   js | dv | smile | nwj (with the bound's options: "smile:tau=5")
//                     TC as the KL divergence between q(z) and prod_j q(z_j), read through a lower bound
//                     (bounds/factory.h) on a critic T(z): the score matrix has T(z_i) on its diagonal (samples of
//                     q(z)) and T(permute_dims(z)_j) off it (samples of the product), so e.g. DV gives
//                     mean_i T(z_i) - log mean_j exp T(z~_j). T maximises the bound (optimiser "critic"), the
//                     encoder minimises its value.
//                     Both kinds are clamped at 0 (per i for the upper bounds): TC and each I(z_i; z_-i) are >= 0,
//                     and a negative estimate (a lagging q or critic) would otherwise be driven down without bound.
// Logged per step: recon, kl, tc_mws, tc_mss (the TC estimates, whatever the penalty) and, with a learned
// penalty, penalty (its value). The step's `mi` column is tc_mss.
// Architectures: mlp (Chen et al.'s dSprites MLP: S*S - hidden - hidden - 2d; decoder d - hidden - hidden - S*S)
// and conv (4x4 stride-2 convolutions, 32-32-64-64 channels down to 4 x 4, one hidden layer; the transpose for
// the decoder; image side a power of two >= 8).
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "infotorch/bounds/bound.h"
#include "infotorch/bounds/upper_bound.h"
#include "infotorch/core/options.h"
#include "infotorch/training/dsprites.h"
#include "infotorch/training/recipe.h"

namespace infotorch::recipes {

struct VaeOptions {
  std::string model = "vae";  // the registered name (set by the derived defaults below; not an option)
  std::string arch = "mlp";   // mlp | conv
  int64_t latent = 10;        // d (Chen et al.: 10 on dSprites)
  int64_t hidden = 1200;      // MLP width (Chen et al.'s dSprites MLP); conv: the fully connected layer
  double beta = 1;            // weight of KL(q(z|x) || N(0, I))
  std::string penalty = "none";
  double gamma = 0;           // weight of the penalty
  double lr = 5e-4;           // Adam (Chen et al. / Kim & Mnih on dSprites)
  int64_t critic_hidden = 256;  // the FactorVAE discriminator / lower-bound critic: MLP d - h - h - 1 (LeakyReLU)
  double critic_lr = 1e-4;      // Adam, betas (0.5, 0.9) (Kim & Mnih's discriminator)
  std::string figures_dir;      // reconstructions.png and traversal.png when training ends; empty: none
  training::DspritesOptions data;
  int64_t dataset_size = 0;     // N, for the TC estimates (the registry fills it from the data)
  std::vector<int64_t> input_shape;  // 1 x S x S (from the data)
  uint64_t seed = 0;
  torch::Device device = torch::kCPU;
};
void declare(OptionList& list, VaeOptions& options);

// The defaults of the registered variants (everything else as VaeOptions).
struct BetaVaeOptions : VaeOptions {
  BetaVaeOptions() {
    model = "betavae";
    beta = 4;  // Higgins et al. 2017's dSprites beta
  }
};
struct TcVaeOptions : VaeOptions {
  TcVaeOptions() {
    model = "tcvae";
    penalty = "mss";
    gamma = 5;  // Chen et al.'s beta = 6 on dSprites: TC weight 1 + 5
  }
};
struct FactorVaeOptions : VaeOptions {
  FactorVaeOptions() {
    model = "factorvae";
    penalty = "factor";
    gamma = 10;  // the common FactorVAE default (REFERENCES.md)
  }
};

// Every penalty name, in the order above.
const std::vector<std::string>& vae_penalty_names();

class VaeRecipe : public training::Recipe {
 public:
  explicit VaeRecipe(const VaeOptions& options);
  std::string name() const override { return options_.model; }
  training::StepStats train_step(const training::Batch& batch, training::StepContext& ctx) override;
  torch::Tensor features(const torch::Tensor& inputs) override;  // mu(x)
  training::GaussianCode gaussian_code(const torch::Tensor& inputs) override;
  std::vector<std::string> default_evaluators() const override { return {"mig"}; }
  void end_training(const training::Splits& data) override;
  // Decoder logits for codes z (N x d), shaped like the inputs.
  torch::Tensor decode(const torch::Tensor& z);
  // The penalty on a batch of codes (what gamma weights), differentiable in z.
  torch::Tensor penalty(const torch::Tensor& z, at::Generator& generator);

 private:
  enum class Kind { none, mws, mss, factor, upper, lower };
  training::GaussianCode encode(const torch::Tensor& x);
  torch::Tensor critic_scores(const torch::Tensor& z, at::Generator& generator);
  VaeOptions options_;
  Kind kind_ = Kind::none;
  torch::nn::Sequential encoder_{nullptr}, decoder_{nullptr}, critic_{nullptr};
  std::vector<bounds::UpperBound> upper_;
  std::shared_ptr<bounds::Bound> lower_;
};

}  // namespace infotorch::recipes
