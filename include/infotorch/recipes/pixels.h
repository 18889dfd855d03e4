// The reference floor: evaluators read the raw inputs, flattened. Nothing to train (epochs must be 0).
#pragma once
#include "infotorch/core/options.h"
#include "infotorch/training/recipe.h"

namespace infotorch::recipes {

struct PixelsOptions {
  uint64_t seed = 0;  // unused: nothing is random
  torch::Device device = torch::kCPU;
};
void declare(OptionList& list, PixelsOptions& options);

class PixelsRecipe : public training::Recipe {
 public:
  explicit PixelsRecipe(const PixelsOptions& options = {}) : training::Recipe(options.device) {}
  std::string name() const override { return "pixels"; }
  training::StepStats train_step(const training::Batch& batch, training::StepContext& ctx) override;
  torch::Tensor features(const torch::Tensor& inputs) override { return inputs.flatten(1); }
  std::vector<std::string> default_evaluators() const override { return {"probe"}; }
};

}  // namespace infotorch::recipes
