// What the trainer needs from a recipe: one optimisation step, a frozen representation, and its state.
#pragma once
#include <ATen/core/Generator.h>
#include <torch/torch.h>

#include <map>
#include <string>

namespace infotorch::training {

// Scalars a step reports. `loss` is what the step minimised; `mi` the recipe's MI lower bound in nats
// (NaN where a recipe has none); `extra` anything else worth logging (named columns).
struct StepStats {
  double loss = 0;
  double mi = 0;
  std::map<std::string, double> extra;
};

class Recipe {
 public:
  virtual ~Recipe() = default;
  virtual std::string name() const = 0;
  // One optimisation step on a batch of images (N x 1 x H x W in [0, 1]) already on the recipe's device;
  // `gen` is the only source of randomness the step may use (augmentations, negative sampling).
  virtual StepStats train_step(const torch::Tensor& images, at::Generator& gen) = 0;
  // The representation evaluated by the probes, N x D, in evaluation mode and without gradients.
  virtual torch::Tensor features(const torch::Tensor& images) = 0;
  // Everything a resumed run needs: modules (parameters and buffers) and optimiser states.
  virtual void save(torch::serialize::OutputArchive& archive) = 0;
  virtual void load(torch::serialize::InputArchive& archive) = 0;
  virtual torch::Device device() const = 0;
  // A fingerprint of every parameter and buffer (for tests and logs): the concatenation, flattened.
  virtual torch::Tensor flat_state() = 0;
};

}  // namespace infotorch::training
