// The information-plane experiment (docs/results/infoplane.md): the infoplane recipe (recipes/infoplane.h) trained
// once per activation and seed, its per-layer (I(X;T), I(T;Y)) at log-spaced epochs and its gradient statistics
// collected, averaged over seeds, and written into out_dir:
//   rows.csv       every measurement: activation, seed, epoch, layer, estimator, I(X;T), I(T;Y) (and the KDE
//                  lower bounds), in bits; rows.json the same as JSON
//   plane.csv      the same averaged over seeds (mean and sample standard deviation)
//   gradients.csv  per epoch and layer: |mean gradient| and |standard deviation| over the epoch's steps
//   runs.csv       per run: test accuracy, seconds
//   summary.md     per activation, estimator and layer: I(X;T) at the first measured epoch, at its peak and at
//                  the end; I(T;Y) at the end
//   plane.png      the information plane: one panel per estimator (rows) and activation (columns), one
//                  trajectory per layer coloured by epoch, layers joined at equal epochs
//   mi_epochs.png  I(X;T) and I(T;Y) against epoch; gradients.png the gradient statistics against epoch
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "infotorch/core/options.h"
#include "infotorch/training/layer_tracker.h"

namespace infotorch::experiments {

struct InfoPlaneExperimentOptions {
  std::string task = "twelve-bit";        // twelve-bit or fashion-mlp
  std::string activations = "tanh,relu";  // one run per activation and seed
  std::string estimators = "bin:bins=30;kde:var=1e-3";
  int64_t epochs = 5000;                  // both phases show by then (docs/results/infoplane.md)
  int64_t seeds = 1;                      // seeds 0 .. seeds-1 (weights, data order and the twelve-bit split)
  int64_t per_decade = 20;                // plane measurements per decade of epochs
  std::string hidden;                     // empty: the task's network
  double lr = 4e-4;
  int64_t batch_size = 256;
  double train_fraction = 0.8;            // twelve-bit
  std::string data_dir = "/usr/share/datasets/fashion-mnist";  // fashion-mlp
  int64_t train_limit = 10000;            // fashion-mlp: training images
  int64_t test_limit = 2000;              // fashion-mlp: test images
  int64_t plane_limit = 4096;             // evaluation inputs of the plane
  std::string out_dir = "infoplane-results";  // empty: no files
};
void declare(OptionList& list, InfoPlaneExperimentOptions& options);

struct InfoPlaneRun {
  std::string activation;
  int64_t seed = 0;
  std::vector<training::PlaneRow> plane;
  std::vector<training::GradientRow> gradients;
  double test_accuracy = 0;
  double seconds = 0;
};
// After each run: runs done, runs in all, the run.
using InfoPlaneProgress = std::function<void(size_t, size_t, const InfoPlaneRun&)>;

std::vector<InfoPlaneRun> run_infoplane(const InfoPlaneExperimentOptions& options, const InfoPlaneProgress& progress = {});

}  // namespace infotorch::experiments
