// Per-layer tracking for the information plane: the activations of chosen layers on a fixed evaluation set at
// chosen epochs, measured with information-plane estimators (infoplane/plane.h), and the per-layer statistics
// of the stochastic gradients over each epoch (Shwartz-Ziv & Tishby 2017's "drift" and "diffusion" phases).
// A recipe owns the trackers, feeds them after its steps and at the end of its epochs, and writes their
// numbers as epoch columns; faces read the long-format rows.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "infotorch/infoplane/plane.h"

namespace infotorch::training {

// Named activations, in layer order.
using Activations = std::vector<std::pair<std::string, torch::Tensor>>;

// The names of a Sequential's children, in order.
std::vector<std::string> child_names(const torch::nn::Sequential& net);
// Runs `net` child by child on `inputs` and keeps the output of each child named in `layers` (every child when
// `layers` is empty), in the net's order. Error naming `layers` for a name the net does not have.
Activations sequential_activations(const torch::nn::Sequential& net, const torch::Tensor& inputs,
                                   const std::vector<std::string>& layers = {});

// Epochs spaced evenly in log10: round(10^(i / per_decade)) for i = 0, 1, ..., duplicates dropped — 1, 2, 3, ...
// while the spacing is below one epoch. Independent of the run's length, so a longer run only adds epochs.
bool log_spaced_epoch(int64_t epoch, int64_t per_decade);

struct PlaneRow {
  int64_t epoch = 0;
  std::string layer;
  std::string estimator;  // canonical spec
  infoplane::PlanePoint point;
};

class LayerTracker {
 public:
  // `estimators`: a ';'-list of information-plane specs.
  explicit LayerTracker(const std::string& estimators);
  // Measures each layer with each estimator, appends the rows and returns them as epoch columns
  // "<layer>_<estimator label>_ixt" / "_ity" (and "_ixt_lower" / "_ity_lower" where the estimator has them).
  std::map<std::string, double> measure(int64_t epoch, const Activations& activations, const torch::Tensor& labels);
  const std::vector<PlaneRow>& rows() const { return rows_; }
  bool measured(int64_t epoch) const { return epochs_.count(epoch) > 0; }

 private:
  std::vector<std::unique_ptr<infoplane::PlaneEstimator>> estimators_;
  std::vector<PlaneRow> rows_;
  std::set<int64_t> epochs_;
};

struct GradientRow {
  int64_t epoch = 0;
  std::string layer;
  double mean_norm = 0;  // |mean over the epoch's steps of the gradient|
  double std_norm = 0;   // |element-wise standard deviation over those steps|
  int64_t steps = 0;
};

class GradientTracker {
 public:
  // After a step: the gradient of each tracked layer's parameters (flattened and concatenated per layer).
  void add(const std::vector<std::pair<std::string, torch::Tensor>>& gradients);
  // Closes the epoch: one row per layer (none when no step was added), then starts afresh. Also returns them as
  // epoch columns "<layer>_grad_mean" and "<layer>_grad_std".
  std::map<std::string, double> end_epoch(int64_t epoch);
  const std::vector<GradientRow>& rows() const { return rows_; }

 private:
  struct Sums {
    torch::Tensor sum, sum_sq;
    int64_t n = 0;
  };
  std::vector<std::pair<std::string, Sums>> sums_;
  std::vector<GradientRow> rows_;
};

}  // namespace infotorch::training
