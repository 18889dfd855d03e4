// Clustering by maximising the MI between the input and a discrete prediction, computed exactly from the batch
// (bounds/discrete_mi.h), on the small convolutional encoder:
//   iic: I(y1; y2) between the cluster assignments of two augmented views of each image (Ji, Henriques & Vedaldi
//        2019, Invariant Information Clustering), a main head of `clusters` outputs and an over-clustering head of
//        `overclusters` (summed; 0: none);
//   rim: I(x; y) = H(mean p) - mean H(p) on the images themselves (Krause, Perona & Gomes 2010, Regularized
//        Information Maximization; the regulariser is the weight decay).
// Neither sees a label; the "cluster" evaluator matches the main head's clusters to the classes (Hungarian).
#pragma once
#include <torch/torch.h>

#include <string>

#include "infotorch/core/options.h"
#include "infotorch/recipes/encoder.h"
#include "infotorch/training/augment.h"
#include "infotorch/training/recipe.h"

namespace infotorch::recipes {

struct ClusteringOptions {
  enum class Objective { iic, rim };
  Objective objective = Objective::iic;
  EncoderOptions encoder;
  int64_t clusters = 10;       // main head: the number of classes to find
  int64_t overclusters = 50;   // IIC's auxiliary head (Ji et al. use 5x the classes); 0: none
  double lr = 1e-3;            // Adam
  double weight_decay = 0.0;   // RIM's regulariser (lambda ||theta||^2) when > 0
  training::AugmentOptions augment;  // IIC's views
  uint64_t seed = 0;
  torch::Device device = torch::kCPU;
};
// RIM's preset (the registry's "rim"): the same recipe on the other objective, with weight decay on.
struct RimOptions : ClusteringOptions {
  RimOptions() {
    objective = Objective::rim;
    overclusters = 0;
    weight_decay = 1e-4;
  }
};

void declare(OptionList& list, ClusteringOptions& options);

class ClusteringRecipe : public training::Recipe {
 public:
  explicit ClusteringRecipe(const ClusteringOptions& options = {});
  std::string name() const override { return options_.objective == ClusteringOptions::Objective::iic ? "iic" : "rim"; }
  // One Adam step on -MI; logs mi (the main head's MI in nats; its ceiling is log clusters).
  training::StepStats train_step(const training::Batch& batch, training::StepContext& ctx) override;
  torch::Tensor features(const torch::Tensor& images) override;
  // The main head's cluster scores (N x clusters).
  torch::Tensor logits(const torch::Tensor& images) override;
  std::vector<std::string> default_evaluators() const override { return {"cluster"}; }

 private:
  ClusteringOptions options_;
  Encoder encoder_{nullptr};
  torch::nn::Linear head_{nullptr}, over_{nullptr};
  training::Augment augment_;
};

}  // namespace infotorch::recipes
