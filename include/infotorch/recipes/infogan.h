// Generative adversarial networks whose output must carry their code (issue 18):
//   infogan  InfoGAN (Chen et al. 2016): G(z, c) from incompressible noise z ~ N(0, I), a categorical code
//            c_cat ~ U{0..categories-1} and continuous codes c_cont ~ U[-1, 1]; a discriminator D whose trunk
//            also feeds a head Q(c | x); the MI term L_I <= I(c; G(z, c)) is maximised by G (weight lambda) and
//            by Q (weight 1, so that L_I stays a fitted bound even in the lambda = 0 control). With mi = q, L_I is
//            the Barber-Agakov bound of Q's likelihood: log C - CE(Q_cat, c_cat) for the categorical code
//            (bounds/discrete_mi.h; ceiling log C) plus, for each continuous code, H(U[-1, 1]) + log N(c; mu, sigma)
//            of Q's factored Gaussian (ln 2 + the log-likelihood).
//            Any lower bound of the core can be the MI term instead (mi = infonce | js | smile:tau=5 | ...): the
//            bound between the whole code (one-hot c_cat, c_cont) and D's trunk features of the generated image,
//            on a critic (critic = separable | concat | bilinear | deranged, with their options), fitted with D.
//   cgan-mi  Controlled generation, auxiliary-classifier style: the categorical code is the class; Q also learns
//            the true classes of real images (cross-entropy), and G maximises the same MI term with the condition
//            (lambda = 0: nothing makes G use its condition, the control).
// Networks (Chen et al.'s MNIST InfoGAN at width w = 64; default 32): G: FC 16w - BN - ReLU - FC 2w (S/4)^2 - BN - ReLU - upconv 4x4
// (w) - BN - ReLU - upconv 4x4 (C) - sigmoid; D: conv 4x4 (w) - lReLU - conv 4x4 (2w) - BN - lReLU - FC 16w - BN -
// lReLU (the trunk features) - FC 1; Q: FC 128 - BN - lReLU - FC. Adam (0.5, 0.999): D 2e-4, G 1e-3 (the paper's).
// Logged per step: mi (L_I of the categorical code with mi = q, else the bound's value), mi_continuous (with mi = q
// and continuous codes), d_loss, g_adv (G's adversarial loss), d_real and d_fake (mean D probabilities).
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "infotorch/bounds/bound.h"
#include "infotorch/core/options.h"
#include "infotorch/critics/critic.h"
#include "infotorch/training/recipe.h"

namespace infotorch::recipes {

struct InfoGanOptions {
  std::string model = "infogan";  // the registered name (set by the presets; not an option)
  bool conditional = false;       // cgan-mi: the categorical code is the class of the image
  int64_t categories = 10;        // values of the categorical code (cgan-mi: the classes, from the data)
  int64_t continuous = 2;         // continuous codes U[-1, 1]
  int64_t noise = 62;             // incompressible noise dimensions (Chen et al. on MNIST)
  double lambda = 1;              // weight of the MI term in G's loss (Chen et al.: 1 for discrete codes)
  double continuous_weight = 0.1; // weight of the continuous codes' terms inside L_I (smaller, as Chen et al.)
  std::string mi = "q";           // q (Q's likelihood), or a lower-bound spec (bounds/factory.h)
  std::string critic = "separable";  // the critic of a bound MI term (critics/factory.h spec)
  // D's first channel count (see above). Chen et al. use 64; 32 trains 2.3x faster on a CPU (667 against 286
  // images/s, 2 threads) and is what docs/results/generative.md measures.
  int64_t width = 32;
  double lr_g = 1e-3, lr_d = 2e-4;
  std::string figures_dir;        // samples.png and traversal_<j>.png when training ends; empty: none
  std::vector<int64_t> input_shape;  // C x S x S (from the data; S divisible by 4)
  uint64_t seed = 0;
  torch::Device device = torch::kCPU;
};
void declare(OptionList& list, InfoGanOptions& options);

struct CganMiOptions : InfoGanOptions {
  CganMiOptions() {
    model = "cgan-mi";
    conditional = true;
    continuous = 0;
  }
};

class InfoGanRecipe : public training::Recipe {
 public:
  explicit InfoGanRecipe(const InfoGanOptions& options);
  std::string name() const override { return options_.model; }
  // One discriminator (and Q / critic) step, then one generator step, on the same generated batch.
  training::StepStats train_step(const training::Batch& batch, training::StepContext& ctx) override;
  // The categorical code read from real images (N x categories): Q's logits, or with a bound MI term the critic's
  // score of each code value (continuous codes at 0) against the image's trunk features. The cluster evaluator
  // matches its argmax to the classes.
  torch::Tensor logits(const torch::Tensor& images) override;
  torch::Tensor features(const torch::Tensor& images) override;  // D's trunk features
  torch::Tensor generate(const torch::Tensor& conditions, at::Generator& generator) override;
  std::vector<std::string> default_evaluators() const override;
  void end_training(const training::Splits& data) override;

 private:
  // G(z, c_cat, c_cont) in [0, 1]: z N x noise, c_cat N int64 in [0, categories), c_cont N x continuous.
  torch::Tensor generator_forward(const torch::Tensor& z, const torch::Tensor& c_cat, const torch::Tensor& c_cont);
  struct Codes {
    torch::Tensor z, cat, cont;
  };
  Codes sample_codes(int64_t n, at::Generator& gen, const torch::Tensor& cat = {});
  torch::Tensor code_vector(const Codes& c);  // one-hot c_cat beside c_cont
  torch::Tensor code_logits(const torch::Tensor& f);  // what logits() reads, from trunk features
  // L_I of the generated images' trunk features `f` (differentiable) and its loss; continuous term apart.
  struct MiTerm {
    torch::Tensor value, loss, continuous;
  };
  MiTerm mi_term(const torch::Tensor& f, const Codes& c);

  InfoGanOptions options_;
  bool bound_term_ = false;
  torch::nn::Sequential g_{nullptr}, trunk_{nullptr}, d_head_{nullptr}, q_{nullptr};
  std::shared_ptr<critics::Critic> critic_;
  std::shared_ptr<bounds::Bound> bound_;
};

}  // namespace infotorch::recipes
