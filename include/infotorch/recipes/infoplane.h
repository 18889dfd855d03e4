// The information-plane recipe: an MLP classifier trained by cross-entropy whose layers are tracked in the
// information plane (training/layer_tracker.h) at log-spaced epochs, with per-layer gradient statistics every
// epoch.
//   task twelve-bit   Shwartz-Ziv & Tishby's 12-bit task (training/twelve_bit.h), 12-10-7-5-4-3-2, 80 % of the
//                     patterns for training; the plane is measured on all 4,096 patterns
//   task fashion-mlp  Fashion-MNIST through 784-1024-20-20-20-10 (Saxe et al. 2018's MNIST network); the plane is
//                     measured on the first plane_limit training images
// Layers are named h1, h2, ... (after their activation) and out (the softmax output, as in both papers; the
// network trains on its logits). Weights start from a normal of standard deviation 1/sqrt(fan_in) truncated at
// two deviations, biases at zero (Shwartz-Ziv & Tishby's initialisation).
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "infotorch/core/options.h"
#include "infotorch/training/dataset.h"
#include "infotorch/training/layer_tracker.h"
#include "infotorch/training/recipe.h"

namespace infotorch::recipes {

struct InfoPlaneOptions {
  std::string task = "twelve-bit";        // twelve-bit or fashion-mlp
  std::string hidden;                     // hidden widths "10-7-5-4-3"; empty: the task's network
  std::string activation = "tanh";        // tanh or relu (hidden layers)
  double lr = 4e-4;                       // Adam (both papers)
  std::string estimators = "bin:bins=30;kde:var=1e-3";  // information-plane specs (infoplane/plane.h)
  int64_t per_decade = 20;                // measurements per decade of epochs (log-spaced; the last epoch too)
  std::string layers;                     // comma-separated layer names; empty: all
  int64_t plane_limit = 4096;             // evaluation inputs the plane is measured on
  double train_fraction = 0.8;            // twelve-bit: share of the 4,096 patterns used for training
  uint64_t split_seed = 0;                // twelve-bit: the training / test split
  int64_t inputs = 0, classes = 0;        // from the data (the registry fills them)
  uint64_t seed = 0;
  torch::Device device = torch::kCPU;
};
void declare(OptionList& list, InfoPlaneOptions& options);

// The task's data: twelve-bit splits, or the IDX directory for fashion-mlp.
training::Splits infoplane_data(const InfoPlaneOptions& options, const training::DataOptions& data);
// Fills inputs and classes from the training split.
void size_from_data(InfoPlaneOptions& options, const training::Splits* data);
// The hidden widths the options give (the task's own when `hidden` is empty).
std::vector<int64_t> hidden_widths(const InfoPlaneOptions& options);

class InfoPlaneRecipe : public training::Recipe {
 public:
  explicit InfoPlaneRecipe(const InfoPlaneOptions& options);
  std::string name() const override { return "infoplane"; }
  // One Adam step on the cross-entropy; the gradients of every layer go to the gradient tracker.
  training::StepStats train_step(const training::Batch& batch, training::StepContext& ctx) override;
  torch::Tensor logits(const torch::Tensor& inputs) override;
  torch::Tensor features(const torch::Tensor& inputs) override;
  std::vector<std::string> default_evaluators() const override { return {"accuracy:split=test"}; }
  // Gradient statistics every epoch; the information plane at log-spaced epochs.
  std::map<std::string, double> end_epoch(int64_t epoch, const training::Splits& data) override;
  // Measures the last epoch if it was not.
  void end_training(const training::Splits& data) override;

  // The tracked layers' activations (softmax for out) on `inputs`, without gradients.
  training::Activations activations(const torch::Tensor& inputs);
  const std::vector<training::PlaneRow>& plane_rows() const { return tracker_.rows(); }
  const std::vector<training::GradientRow>& gradient_rows() const { return gradients_.rows(); }
  const std::vector<std::string>& layer_names() const { return layers_; }

 private:
  std::map<std::string, double> measure(int64_t epoch, const training::Splits& data);

  InfoPlaneOptions options_;
  torch::nn::Sequential net_{nullptr};
  std::vector<std::string> layers_;
  training::LayerTracker tracker_;
  training::GradientTracker gradients_;
  torch::Tensor plane_inputs_, plane_labels_;
  int64_t last_epoch_ = 0;
};

}  // namespace infotorch::recipes
