// Robustness to noisy labels through MI: L_DMI (Xu, Cao, Kong, Wang, NeurIPS 2019; bounds/dmi.h) and the baselines
// it is compared with, on Fashion-MNIST with seeded label noise.
//
// Data (label_noise_splits): the training file split (seeded) into noisy training and noisy validation sets, the
// clean test set; task binary = bag (class 8 -> 0) vs clothes (every other class -> 1), the paper's study, or all
// 10 classes. Noise cases (r = rate; row = clean class, column = noisy label):
//   uniform         [[1 - r/2, r/2], [r/2, 1 - r/2]]      (binary)
//   bag_to_clothes  [[1 - r, r], [0, 1]]                  (binary)
//   clothes_to_bag  [[1, 0], [r, 1 - r]]                  (binary)
//   symmetric       1 - r kept, r spread over the other C - 1 classes
//   pair_flip       1 - r kept, r to class (c + 1) mod C
//
// Losses: dmi (the paper's recipe: cross-entropy for pretrain_epochs, keeping the model with the best
// noisy-validation accuracy, then L_DMI from that model with a fresh Adam, keeping the lowest noisy-validation
// L_DMI), ce, gce (generalised cross-entropy, Zhang & Sabuncu 2018: (1 - p_y^q) / q), forward (forward correction
// with the true transition matrix, Patrini et al. 2017: cross-entropy of softmax(logits) T). Every loss keeps its
// best noisy-validation model when `select` is on (the model the end-of-run evaluators see).
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <string>

#include "infotorch/core/options.h"
#include "infotorch/recipes/classifier.h"
#include "infotorch/training/dataset.h"
#include "infotorch/training/recipe.h"

namespace infotorch::recipes {

struct LabelNoiseOptions {
  std::string task = "binary";    // binary (bag vs clothes) or all (10 classes)
  std::string noise = "none";     // none, uniform, bag_to_clothes, clothes_to_bag, symmetric, pair_flip
  double rate = 0.0;              // r in [0, 1]
  int64_t validation = 10000;     // training-file samples held out as the noisy validation split
  uint64_t noise_seed = 0;        // the split and the noise draw
};
void declare(OptionList& list, LabelNoiseOptions& options);
// The transition matrix of a noise case (see above) for `classes` classes.
torch::Tensor noise_transition(const std::string& noise, int64_t classes, double rate);
training::Splits label_noise_splits(const training::DataOptions& data, const LabelNoiseOptions& noise);

// Generalised cross-entropy (1 - p_y^q) / q, averaged; q -> 0 is cross-entropy, q = 1 the MAE loss.
torch::Tensor gce_loss(const torch::Tensor& logits, const torch::Tensor& labels, double q);
// Forward correction: cross-entropy of the noisy labels under softmax(logits) T.
torch::Tensor forward_corrected_loss(const torch::Tensor& logits, const torch::Tensor& labels,
                                     const torch::Tensor& transition);

struct DmiRecipeOptions {
  NetOptions net;                // the small CNN by default
  LabelNoiseOptions data;
  std::string loss = "dmi";      // dmi, ce, gce, forward
  int64_t pretrain_epochs = 10;  // cross-entropy epochs before L_DMI (loss dmi)
  double lr = 1e-4;              // Adam, both phases (Xu et al.)
  double epsilon = 1e-3;         // L_DMI's floor (bounds::DmiOptions)
  double gce_q = 0.7;
  bool select = true;            // keep the best noisy-validation model of each phase
  uint64_t seed = 0;
  torch::Device device = torch::kCPU;
};
void declare(OptionList& list, DmiRecipeOptions& options);

class DmiRecipe : public training::Recipe {
 public:
  explicit DmiRecipe(const DmiRecipeOptions& options);
  std::string name() const override { return "dmi"; }
  training::StepStats train_step(const training::Batch& batch, training::StepContext& ctx) override;
  torch::Tensor logits(const torch::Tensor& inputs) override;
  torch::Tensor features(const torch::Tensor& inputs) override;
  std::vector<std::string> default_evaluators() const override { return {"accuracy"}; }
  // Noisy-validation accuracy and L_DMI (columns validation_noisy_accuracy, validation_dmi_loss, phase,
  // selected); model selection.
  std::map<std::string, double> end_epoch(int64_t epoch, const training::Splits& data) override;
  void end_training(const training::Splits& data) override;
  // Whether 0-based epoch `epoch` trains L_DMI.
  bool dmi_phase(int64_t epoch) const { return options_.loss == "dmi" && epoch >= options_.pretrain_epochs; }

 private:
  void snapshot();
  void restore();
  DmiRecipeOptions options_;
  ClassifierNet net_{nullptr};
  std::shared_ptr<torch::nn::Module> best_;  // buffers: the selected weights and the best score
  torch::Tensor transition_;
};

}  // namespace infotorch::recipes
