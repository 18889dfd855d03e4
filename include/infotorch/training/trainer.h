// The training loop every recipe shares: data order, time budget, per-epoch log, checkpoint and resume,
// kNN monitor, final linear probe.
//
// Reproducibility: the order of epoch e is randperm from a generator seeded derive_seed(seed, e, 0, 1) and
// step s of epoch e draws its randomness from derive_seed(seed, e, s, 2); a checkpoint stores the recipe
// (modules, optimisers), the position (epoch, step) and the log so far, so a run resumed from any step boundary
// ends at the same weights as an uninterrupted run with the same seed (on the same device and thread count).
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "infotorch/training/dataset.h"
#include "infotorch/training/probe.h"
#include "infotorch/training/recipe.h"

namespace infotorch::training {

struct TrainOptions {
  int64_t epochs = 10;
  int64_t batch_size = 256;
  uint64_t seed = 0;
  double max_minutes = 0;       // stop (and checkpoint) once the run has lasted this long; 0: no budget
  int64_t max_steps = 0;        // stop after this many steps in this invocation; 0: no limit (for tests)
  std::string save_path;        // checkpoint written after every epoch and when stopping; empty: none
  std::string resume_path;      // continue the run stored here; empty: start fresh
  std::string out_dir;          // log.json, epochs.csv, steps.csv, training.png; empty: no files
  int64_t log_every = 10;       // steps between rows of the step log (each epoch's last step is logged too)
  int64_t knn_every = 1;        // epochs between kNN monitor evaluations; 0: never
  int64_t knn_bank = 10000;     // first N training images form the monitor's bank
  int64_t knn_queries = 2000;   // first N test images are the monitor's queries
  KnnMonitorOptions knn;
  bool probe = true;            // linear probe on the full train/test sets when training ends
  ProbeOptions probe_options;
  bool plot = true;             // draw training.png with gnuplot when out_dir is set
};

struct EpochRecord {
  int64_t epoch = 0;           // 1-based
  int64_t steps = 0;           // steps taken in this epoch
  bool complete = true;        // false for an epoch cut by the time or step budget
  double loss = 0;             // mean over the epoch's steps
  double mi = 0;               // mean MI lower bound (nats)
  std::map<std::string, double> extra;  // means of the recipe's extra scalars
  double knn_accuracy = std::numeric_limits<double>::quiet_NaN();
  double seconds = 0;          // wall time since the run began (summed over resumed invocations)
  double images_per_sec = 0;   // training images per second during this epoch's steps
};

struct StepRecord {
  int64_t step = 0;  // global, 1-based
  int64_t epoch = 0;
  double loss = 0;
  double mi = 0;
  double seconds = 0;
};

struct TrainResult {
  std::vector<EpochRecord> epochs;
  std::vector<StepRecord> steps;
  int64_t global_step = 0;
  bool finished = false;  // all epochs done (false when a budget stopped the run)
  double seconds = 0;
  bool probed = false;
  ProbeResult probe;
};

struct ProgressInfo {
  int64_t epoch = 0, epochs = 0;  // 1-based current epoch
  int64_t step = 0, steps_per_epoch = 0;  // step within the epoch, 1-based after it is taken
  double loss = 0, mi = 0;
  double images_per_sec = 0;
  std::string phase;  // "train", "monitor", "probe"
};
using ProgressFn = std::function<void(const ProgressInfo&)>;

TrainResult train(Recipe& recipe, const Dataset& data, const TrainOptions& options, const ProgressFn& progress = {});

// The linear probe of the recipe's representation on the full train and test sets.
ProbeResult probe_recipe(Recipe& recipe, const Dataset& data, const ProbeOptions& options = {});

// Writes log.json, epochs.csv, steps.csv (and training.png when plot) into dir, creating it.
void write_logs(const TrainResult& result, const std::string& dir, const std::string& title, bool plot);

}  // namespace infotorch::training
