// A supervised classifier trained by cross-entropy on a data set's labels: the labelled recipe of the training
// layer, and the network of the label-noise recipes (recipes/dmi.h).
//   linear  one linear layer on the flattened input
//   mlp     flattened input -> hidden -> ReLU -> classes
//   cnn     conv 5x5 (16) - ReLU - max-pool 2 - conv 5x5 (32) - ReLU - max-pool 2 - dropout - linear: the small CNN
//           of Xu et al. (NeurIPS 2019, L_DMI) for Fashion-MNIST (512 features on 28 x 28 inputs)
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "infotorch/core/options.h"
#include "infotorch/training/recipe.h"

namespace infotorch::recipes {

struct NetOptions {
  std::string model = "cnn";        // linear, mlp or cnn
  int64_t hidden = 256;             // mlp width
  double dropout = 0.5;             // before the cnn's last layer
  int64_t classes = 0;              // from the data (the registry fills it)
  std::vector<int64_t> input_shape; // one input's shape, e.g. {1, 28, 28} (the registry fills it)
};
void declare(OptionList& list, NetOptions& options);

class ClassifierNetImpl : public torch::nn::Module {
 public:
  explicit ClassifierNetImpl(const NetOptions& options);
  torch::Tensor forward(const torch::Tensor& inputs) { return last_->forward(features(inputs)); }
  // The input of the last layer.
  torch::Tensor features(const torch::Tensor& inputs);
  // What evaluators read: logits (differentiable) and features (no gradient), in evaluation mode (dropout off),
  // leaving the net in training mode.
  torch::Tensor eval_logits(const torch::Tensor& inputs);
  torch::Tensor eval_features(const torch::Tensor& inputs);
  const NetOptions& options() const { return options_; }

 private:
  NetOptions options_;
  torch::nn::Sequential body_{nullptr};
  torch::nn::Linear last_{nullptr};
};
TORCH_MODULE(ClassifierNet);

struct ClassifierOptions {
  NetOptions net;
  double lr = 1e-3;  // Adam
  double weight_decay = 0.0;
  uint64_t seed = 0;  // initial weights
  torch::Device device = torch::kCPU;
};
void declare(OptionList& list, ClassifierOptions& options);

// Fills the network's input shape and class count from the training split (what the registry's setups call).
void size_from_data(NetOptions& net, const training::Splits* data);

class ClassifierRecipe : public training::Recipe {
 public:
  explicit ClassifierRecipe(const ClassifierOptions& options);
  std::string name() const override { return "classifier"; }
  // One Adam step ("model") on the cross-entropy of the batch's labels; reports the batch accuracy.
  training::StepStats train_step(const training::Batch& batch, training::StepContext& ctx) override;
  torch::Tensor logits(const torch::Tensor& inputs) override;
  torch::Tensor features(const torch::Tensor& inputs) override;
  std::vector<std::string> default_evaluators() const override { return {"accuracy"}; }

 private:
  ClassifierOptions options_;
  ClassifierNet net_{nullptr};
};

}  // namespace infotorch::recipes
