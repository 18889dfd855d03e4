// A supervised classifier trained by cross-entropy on a data set's labels: the labelled recipe of the training
// layer, the baseline of the label-noise studies and their pre-training phase.
//   linear  one linear layer on the flattened input
//   mlp     flattened input -> hidden -> ReLU -> classes
//   cnn     conv 5x5 (16) - ReLU - max-pool 2 - conv 5x5 (32) - ReLU - max-pool 2 - dropout - linear: the small CNN
//           of Xu et al. (NeurIPS 2019, L_DMI) for Fashion-MNIST
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "infotorch/core/options.h"
#include "infotorch/training/recipe.h"

namespace infotorch::recipes {

struct ClassifierOptions {
  std::string model = "cnn";  // linear, mlp or cnn
  int64_t hidden = 256;       // mlp width
  double dropout = 0.5;       // before the cnn's last layer
  double lr = 1e-3;           // Adam
  double weight_decay = 0.0;
  int64_t classes = 0;                 // from the data (the registry fills it)
  std::vector<int64_t> input_shape;    // one input's shape, e.g. {1, 28, 28} (the registry fills it)
  uint64_t seed = 0;                   // initial weights
  torch::Device device = torch::kCPU;
};
void declare(OptionList& list, ClassifierOptions& options);

class ClassifierRecipe : public training::Recipe {
 public:
  explicit ClassifierRecipe(const ClassifierOptions& options);
  std::string name() const override { return "classifier"; }
  // One Adam step ("model") on the cross-entropy of the batch's labels; reports the batch accuracy.
  training::StepStats train_step(const training::Batch& batch, training::StepContext& ctx) override;
  torch::Tensor logits(const torch::Tensor& inputs) override;
  // The input of the last layer.
  torch::Tensor features(const torch::Tensor& inputs) override;
  std::vector<std::string> default_evaluators() const override { return {"accuracy"}; }
  // Training-mode logits, with gradients.
  torch::Tensor forward(const torch::Tensor& inputs);

 private:
  torch::Tensor body(const torch::Tensor& inputs);
  ClassifierOptions options_;
  torch::nn::Sequential body_{nullptr};
  torch::nn::Linear last_{nullptr};
};

}  // namespace infotorch::recipes
