// The staircase benchmark (Poole et al. 2019, Sec. 5; Song & Ermon 2020, Sec. 6): d = 20 correlated
// Gaussians whose true MI steps 2 -> 4 -> 6 -> 8 -> 10 nats; each estimator trains its own critic on a
// fresh batch every step and its training-batch estimate is recorded at every step.
#pragma once
#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

#include "infotorch/core/options.h"

namespace infotorch::bench {

struct StaircaseOptions {
  std::vector<std::string> estimators{"infonce", "nwj", "mine", "smile:tau=5", "js", "interpolated"};
  std::string critic = "concat";  // critic spec: separable | bilinear | concat, with options (concat:hidden=512)
  bool cubic = false;             // y -> y^3 (MI unchanged, the critic must learn the inverse)
  std::vector<double> stages{2, 4, 6, 8, 10};  // true MI of each stage, nats
  int64_t steps_per_stage = 4000;
  int64_t dim = 20;
  int64_t batch_size = 64;
  double lr = 5e-4;  // Adam
  // Each stage is summarised over its last `window` steps, at most a quarter of the stage.
  int64_t window = 1000;
  uint64_t seed = 0;
  torch::Device device = torch::kCPU;
  // Estimators trained at once, each on its own thread; the traces are the same as one at a time. Set the
  // intra-op threads to cores / jobs first (set_threads): small matrix products use a core better one per thread.
  int64_t jobs = 1;
  // Called as (estimator, step, total steps, estimate) every `progress_every` steps, from one thread at a
  // time; may be empty.
  std::function<void(const std::string&, int64_t, int64_t, double)> progress;
  int64_t progress_every = 50;
};

// Every step of one estimator's run.
struct StaircaseTrace {
  std::string estimator;
  std::vector<double> true_mi;
  std::vector<double> estimate;
  double seconds = 0;  // wall time of the run
  // First step whose critic scores were not finite (the critic diverged), -1 if none. The run stops there
  // and the remaining steps read NaN, so one diverging estimator does not end the benchmark.
  int64_t diverged_at = -1;
};

struct StageSummary {
  std::string estimator;
  int64_t stage = 0;  // 0-based
  double true_mi = 0;
  double mean = 0;  // mean estimate over the window
  double bias = 0;  // mean - true_mi
  double std = 0;   // standard deviation over the window
  int64_t window = 0;
};

struct StaircaseResult {
  std::vector<StaircaseTrace> traces;
  std::vector<StageSummary> stages;  // estimator-major, then stage
};

// Declares the options a user sets by name (not estimators, stages, device or progress).
void declare(OptionList& list, StaircaseOptions& options);

// Throws Error for bad options (no estimators, unknown estimator or critic, non-positive sizes).
StaircaseResult run_staircase(const StaircaseOptions& options);
// One estimator's run.
StaircaseTrace run_staircase_estimator(const StaircaseOptions& options, const std::string& estimator);
// The steps each stage is summarised over: min(window, max(1, steps_per_stage / 4)).
int64_t summary_window(const StaircaseOptions& options);
std::vector<StageSummary> summarize(const StaircaseTrace& trace, const StaircaseOptions& options);

}  // namespace infotorch::bench
