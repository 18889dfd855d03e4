// Deep InfoMax (Hjelm et al. 2019): maximise the MI between an image's global code and its local features,
// and match the code's distribution to a prior adversarially.
//
//   objective (maximised by the encoder, DIM eq. 8):
//     alpha * I(X; Y) + beta * (1/L) sum_l I(M_l; Y) - gamma * prior term
//   Y = sigmoid(W h) in [0, 1]^d, the global code; M_l the local feature at position l of the 7 x 7 map.
//   Scores are separable critics: local S_l[a][b] = phi(M_l^a) . psi(Y^b) (phi a 1x1-conv MLP, psi an MLP),
//   global S[a][b] = phi_g(M^a) . psi_g(Y^b); each K x K matrix (diagonal = same image) is read by the bound
//   --estimator names: infonce (DIM's NCE), js (DIM's JSD), dv (DIM's DV), or any other spec.
//
// Prior matching (DIM eq. 7) is a GAN game between the encoder and a discriminator D on codes, with V uniform:
//   D maximises  E_V[log D(V)] + E_x[log(1 - D(Y(x)))]
//   the encoder minimises E_x[log(1 - D(Y(x)))], implemented as the non-saturating equivalent
//   -E_x[log D(Y(x))]: either way an encoder step must raise D(Y(x)) (the sign the tests pin).
#pragma once
#include <torch/torch.h>

#include <memory>
#include <string>

#include "infotorch/bounds/bound.h"
#include "infotorch/core/options.h"
#include "infotorch/recipes/encoder.h"
#include "infotorch/training/augment.h"
#include "infotorch/training/recipe.h"

namespace infotorch::recipes {

struct DimOptions {
  EncoderOptions encoder;
  int64_t code = 64;             // size of the global code Y
  int64_t critic = 128;          // embedding size of the separable critics
  double alpha = 0.0;            // global MI weight   } DIM(L): alpha = 0, beta = 1, gamma = 0.1
  double beta = 1.0;             // local MI weight    } (Hjelm et al. 2019, Sec. 4)
  double gamma = 0.1;            // prior matching weight
  std::string estimator = "infonce";  // "infonce" (NCE), "js" (JSD), "dv"; also the aliases nce, jsd
  // Local positions scored per step, drawn without replacement from the step's generator: an unbiased estimate
  // of the mean over all positions at a fraction of the cost (0 or >= the map's positions: all of them).
  int64_t local_positions = 8;
  double lr = 1e-3;              // Adam, encoder and critics
  double discriminator_lr = 1e-3;
  std::string features = "h";    // what the probes read: h (the encoder's 256-d output), local (the c2 x 7 x 7
                                 // map, flattened) or code (Y)
  bool augment = false;          // DIM needs no augmentation; on: one augmented view per image
  training::AugmentOptions augment_options;
  uint64_t seed = 0;
  torch::Device device = torch::kCPU;
};

// "nce" -> "infonce", "jsd" -> "js"; anything else is passed to make_bound unchanged.
std::string dim_estimator_spec(const std::string& name);

// The discriminator's loss, to minimise: -(E[log D(prior)] + E[log(1 - D(code))]) with D = sigmoid(logit).
torch::Tensor prior_discriminator_loss(const torch::Tensor& prior_logits, const torch::Tensor& code_logits);
// The encoder's prior loss, to minimise: -E[log D(code)] (non-saturating form of E[log(1 - D(code))]).
torch::Tensor prior_encoder_loss(const torch::Tensor& code_logits);

// Declares the options `infotorch train dim` and the registry expose (seed and device come from the run).
void declare(OptionList& list, DimOptions& options);

class DimRecipe : public training::Recipe {
 public:
  explicit DimRecipe(const DimOptions& options = {});
  std::string name() const override { return "dim"; }
  // One encoder/critic update through the optimiser "model" (discriminator untouched), then one update of the
  // optimiser "discriminator".
  training::StepStats train_step(const training::Batch& batch, training::StepContext& ctx) override;
  torch::Tensor features(const torch::Tensor& images) override;
  std::vector<std::string> default_evaluators() const override { return {"knn", "probe"}; }

  // The two halves of train_step, public so the sign of the game can be tested.
  training::StepStats encoder_step(const torch::Tensor& images, training::StepContext& ctx);
  // Updates D on these codes (the encoder step's, detached) against as many prior samples drawn from the step's
  // generator.
  double discriminator_step(const torch::Tensor& codes, training::StepContext& ctx);
  // Mean D(Y(x)) over the images (batch statistics, no update): how real the codes look to the discriminator.
  double prior_score(const torch::Tensor& images);
  // The global codes Y (batch statistics, no gradient).
  torch::Tensor codes(const torch::Tensor& images);
  const DimOptions& options() const { return options_; }

 private:
  torch::Tensor inputs(const torch::Tensor& images, at::Generator& gen);

  DimOptions options_;
  Encoder encoder_{nullptr};
  torch::nn::Linear to_code_{nullptr};
  torch::nn::Sequential local_phi_{nullptr}, local_psi_{nullptr}, global_phi_{nullptr}, global_psi_{nullptr};
  torch::nn::Sequential discriminator_{nullptr};
  std::shared_ptr<torch::nn::Module> model_;  // everything the "model" optimiser updates (all but the discriminator)
  torch::Tensor last_codes_;
  std::shared_ptr<bounds::Bound> bound_;
  training::Augment augment_;
};

}  // namespace infotorch::recipes
