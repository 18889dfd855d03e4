// What the trainer needs from a recipe: one step on a batch, through the step context, and (where the recipe has
// them) a representation and class scores for the evaluators. Modules hang under one root and optimisers are
// registered by name, so checkpoints, fingerprints and devices are handled once, here and in the trainer.
#pragma once
#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "infotorch/training/batch.h"
#include "infotorch/training/dataset.h"
#include "infotorch/training/step.h"

namespace infotorch::training {

// Scalars a step reports. `loss` is what the step minimised; `mi` the recipe's MI estimate in nats
// (NaN where a recipe has none); `extra` anything else worth logging (named columns).
// A Gaussian code q(z|x) = N(mean, diag exp(log_var)), for the disentanglement metrics (training/mig.h).
struct GaussianCode {
  torch::Tensor mean, log_var;  // N x d each
};

struct StepStats {
  double loss = 0;
  double mi = 0;
  std::map<std::string, double> extra;
};

class Recipe {
 public:
  explicit Recipe(torch::Device device = torch::kCPU);
  virtual ~Recipe() = default;
  virtual std::string name() const = 0;
  // One optimisation step on a batch already on the recipe's device; ctx.generator() is the only source of
  // randomness it may use and ctx.minimise() the only way it updates parameters.
  virtual StepStats train_step(const Batch& batch, StepContext& ctx) = 0;
  // The representation the kNN monitor and the linear probe read, N x D, without gradients. Default: none
  // (throws an Error saying so).
  virtual torch::Tensor features(const torch::Tensor& inputs);
  // Class scores (N x C logits) in evaluation mode, for the accuracy and robustness evaluators; differentiable
  // in the inputs (the FGSM attack calls it with gradients on). Default: none (throws).
  virtual torch::Tensor logits(const torch::Tensor& inputs);
  // The encoder's Gaussian posterior (VAE-like recipes), without gradients, for the MIG evaluator. Default: none
  // (throws).
  virtual GaussianCode gaussian_code(const torch::Tensor& inputs);
  // Generated images (N x C x H x W in [0, 1], no gradients, evaluation mode) for N conditions (int64 values of
  // the recipe's categorical code or class), drawing everything else from `generator`: for the generation
  // evaluator (generation.h). Default: none (throws).
  virtual torch::Tensor generate(const torch::Tensor& conditions, at::Generator& generator);
  // Evaluator specs used when the run names none (training/evaluator.h).
  virtual std::vector<std::string> default_evaluators() const { return {}; }
  // After each complete epoch (1-based) and its evaluators: the recipe's own columns for the epoch log (a
  // validation loss); model selection keeps its snapshot here (as buffers under the root, so checkpoints hold
  // it). Default: none.
  virtual std::map<std::string, double> end_epoch(int64_t epoch, const Splits& data) { return {}; }
  // Once when training ends, before the end-of-run evaluators (e.g. restore the selected snapshot).
  virtual void end_training(const Splits& data) {}

  torch::nn::Module& root() { return *root_; }
  Optimisers& optimisers() { return optimisers_; }
  torch::Device device() const { return device_; }
  // Every parameter and buffer under the root, flattened and concatenated: a fingerprint for exact comparisons.
  torch::Tensor flat_state();
  // The root module and every optimiser.
  void save(torch::serialize::OutputArchive& archive);
  void load(torch::serialize::InputArchive& archive);

 protected:
  template <class M>
  M add_module(const std::string& name, M module) {
    return root_->register_module(name, std::move(module));
  }
  // Registers an optimiser under `name` ("model", "critic", "discriminator", ...).
  void add_optimizer(const std::string& name, std::unique_ptr<torch::optim::Optimizer> optimizer) {
    optimisers_.add(name, std::move(optimizer));
  }

 private:
  std::shared_ptr<torch::nn::Module> root_ = std::make_shared<torch::nn::Module>();
  Optimisers optimisers_;
  torch::Device device_;
};

// Every parameter and buffer of a module, flattened and concatenated.
torch::Tensor flatten_state(torch::nn::Module& module);

}  // namespace infotorch::training
