// The training loop every recipe shares: data order and sharding, time budget, per-epoch log, evaluators,
// generic checkpoint and resume.
//
// Reproducibility: the order of epoch e is randperm from a generator seeded derive_seed(seed, e, 0, 1); step s
// of epoch e draws its randomness from derive_seed(seed, e, s, 2), and LibTorch's default generator is reseeded
// with derive_seed(seed, e, s, 3) before the step, so modules that draw from it (dropout) are reproducible too.
// A checkpoint stores the recipe (root module, named optimisers), the position (epoch, step) and the log so far,
// so a run resumed from any step boundary ends at the same weights as an uninterrupted run with the same seed
// (on the same device and thread count). Checkpoints are written to a temporary file and renamed, so a process
// killed while writing leaves the previous checkpoint whole. A NaN or Inf loss or gradient stops the run with a
// RunError naming the step and the last checkpoint written (or skips the update: StepOptions::on_nonfinite).
//
// Several processes (TrainOptions::step.group, training/distributed.h): each rank takes its contiguous share of
// every global batch (shard), the gradients are averaged over the ranks in minimise, and rank r > 0 draws its
// steps' randomness from derive_seed(seed, r, 0, 4) in place of seed (rank 0's is the one-process run's). The
// ranks start from rank 0's weights, agree before each step whether to stop (a budget or a signal on any rank
// stops all at that step), log the mean of their step scalars, and only rank 0 writes logs and checkpoints;
// every rank runs the evaluators (on identical weights; batch-norm buffers stay per rank). A rank that fails or
// stops answering ends the run on every rank with a CommError naming the last checkpoint.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "infotorch/core/options.h"
#include "infotorch/training/dataset.h"
#include "infotorch/training/evaluator.h"
#include "infotorch/training/recipe.h"
#include "infotorch/training/step.h"

namespace infotorch::training {

struct TrainOptions {
  int64_t epochs = 10;
  int64_t batch_size = 256;     // the global batch; each of world_size processes gets batch_size / world_size
  uint64_t seed = 0;
  double max_minutes = 0;       // stop (and checkpoint) once this invocation has lasted this long; 0: no budget
  int64_t max_steps = 0;        // stop after this many steps in this invocation; 0: no limit
  std::string save_path;        // checkpoint written after every epoch and when stopping; empty: none
  std::string resume_path;      // continue the run stored here; empty: start fresh
  std::string out_dir;          // log.json, epochs.csv, steps.csv, training.png; empty: no files
  int64_t log_every = 10;       // steps between rows of the step log (each epoch's last step is logged too)
  std::string evaluators;       // evaluator specs, ';'-separated (training/evaluator.h); empty: the recipe's own;
                                // "none": none
  StepOptions step;             // clipping, learning-rate schedule, gradient reduction, the process group
  bool plot = true;             // draw training.png with gnuplot when out_dir is set
  int64_t rank = 0;             // this process among world_size (only rank 0 writes logs and checkpoints);
  int64_t world_size = 1;       // with step.group, those of the group
  // Polled before each step: true stops the run there as a budget does (checkpoint, logs), marking it
  // interrupted. The CLI sets it from SIGINT and SIGTERM. Empty: never.
  std::function<bool()> stop_requested;
};
// Declares the options a user sets (not rank and world_size, which come from the launcher).
void declare(OptionList& list, TrainOptions& options);

struct EpochRecord {
  int64_t epoch = 0;           // 1-based
  int64_t steps = 0;           // steps taken in this epoch
  int64_t skipped = 0;         // of them, steps whose update was skipped (on_nonfinite = skip); not in the means
  bool complete = true;        // false for an epoch cut by the time or step budget
  double loss = 0;             // mean over the epoch's steps
  double mi = 0;               // mean MI estimate (nats)
  std::map<std::string, double> extra;  // means of the recipe's extra scalars
  Metrics metrics;             // evaluator columns (knn_accuracy, test_accuracy, ...)
  double seconds = 0;          // wall time since the run began (summed over resumed invocations)
  double samples_per_sec = 0;  // training samples (of the global batch) per second during this epoch's steps
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
  Metrics final_metrics;   // the evaluators that run when training ends (probe, accuracy)
  int64_t global_step = 0;
  bool finished = false;   // all epochs done (false when a budget stopped the run)
  bool interrupted = false;  // stop_requested stopped the run
  int64_t skipped_steps = 0;  // over the whole run (resumed invocations included)
  double seconds = 0;
  // A multi-process run, this process, this invocation's steps: the bytes it handed to collectives and the wall
  // time it waited for them (distributed.h Traffic).
  int64_t comm_bytes = 0;
  double comm_seconds = 0;
  int64_t rank = 0, world_size = 1;  // of the process that returned this result
  // A column of the final metrics, or else of the last epoch that has it; NaN if none.
  double metric(const std::string& name) const;
};

struct ProgressInfo {
  int64_t epoch = 0, epochs = 0;          // 1-based current epoch
  int64_t step = 0, steps_per_epoch = 0;  // step within the epoch, 1-based after it is taken
  double loss = 0, mi = 0;
  double samples_per_sec = 0;
  std::string phase;  // "train", or the name of the evaluator running
};
using ProgressFn = std::function<void(const ProgressInfo&)>;

TrainResult train(Recipe& recipe, const Splits& data, const TrainOptions& options, const ProgressFn& progress = {});

// The order of epoch `epoch` (0-based) over n samples: the same on every rank.
torch::Tensor epoch_order(int64_t n, uint64_t seed, int64_t epoch);
// This rank's contiguous share of a global batch of indices (size divisible by world_size).
torch::Tensor shard(const torch::Tensor& batch, int64_t rank, int64_t world_size);

// Writes log.json, epochs.csv, steps.csv (and training.png when plot) into dir, creating it.
void write_logs(const TrainResult& result, const std::string& dir, const std::string& title, bool plot);

}  // namespace infotorch::training
