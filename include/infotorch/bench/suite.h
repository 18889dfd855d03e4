// A suite of ground-truth tasks in the style of the Beyond Normal benchmark (Czyz et al. 2023): every
// chosen estimator on every task over several seeds, summarised as the mean absolute error in nats.
//
// Protocol (the one home of its defaults is SuiteOptions): draw N samples of the task (seeded) and run every
// estimator on them through infotorch::estimate() —
//  - non-parametric estimators ("ksg:k=3", ...) on all N samples;
//  - variational bounds ("infonce", "smile:tau=5", ...): a random (seeded) split holds out `test_fraction` of the
//    rows; a critic trains on the rest (fit.h: batches without replacement, columns standardised with the
//    training rows' statistics) while the bound is read every `eval_every` steps on `validation_fraction` of the
//    training rows; training stops after `patience` readings without a new best (or at `max_steps`), and the
//    bound of the best reading's critic on the held-out rows is the estimate — the rows that chose the stopping
//    point never score the estimate, so picking the best reading does not bias it upward.
// A run whose critic diverges is recorded as failed (NaN estimate, its message kept) and the suite goes on.
#pragma once
#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

#include "infotorch/core/options.h"
#include "infotorch/estimate.h"

namespace infotorch::bench {

// The default task list (task spec strings, see tasks/factory.h).
const std::vector<std::string>& default_suite_tasks();

struct SuiteOptions {
  std::vector<std::string> tasks = default_suite_tasks();
  std::vector<std::string> estimators{"infonce", "smile:tau=5", "nwj", "ksg:k=3"};
  int64_t n = 5000;
  int64_t seeds = 10;
  uint64_t seed = 0;  // seeds used: seed, seed + 1, ...
  // Variational estimators (the options of infotorch::estimate() they run with).
  std::string critic = "separable:hidden=256,layers=2,embed=32,activation=relu";
  int64_t batch_size = 256;
  double lr = 5e-4;
  int64_t max_steps = 3000;
  int64_t eval_every = 100;
  int64_t patience = 5;
  double test_fraction = 0.5;
  double validation_fraction = 0.2;
  // The variational estimators read the copula (EstimateOptions::copula, estimate's default since 2 Dec 2026);
  // false: the standardised raw values, as every suite run before that date (docs/results/suite.md).
  bool copula = true;
  int64_t eval_batch = 2500;  // held-out rows are scored in blocks of at most this many (mean of block estimates)
  torch::Device device = torch::kCPU;
  // Called after every (task, estimator, seed) run as (done, total, what); may be empty.
  std::function<void(int64_t, int64_t, const std::string&)> progress;
};

// Declares the options a user sets by name (not tasks, estimators, device or progress).
void declare(OptionList& list, SuiteOptions& options);

struct SuiteRun {
  std::string task, estimator;
  uint64_t seed = 0;
  double true_mi = 0, estimate = 0;
  int64_t steps = 0;  // training steps run (0 for non-parametric)
  double seconds = 0;
  std::string failure;  // why the run failed (its critic diverged); empty for a result
};

struct SuiteCell {
  std::string task, estimator;
  double true_mi = 0;
  double mae = 0;            // mean over the seeds that gave a result of |estimate - true_mi|
  double mean_estimate = 0;  // mean over those seeds
  double std_estimate = 0;   // standard deviation over those seeds
  int64_t seeds = 0;         // seeds that gave a result
  int64_t failed = 0;        // seeds whose run failed
};

// One summary row per estimator over every task: the mean of the cells' MAE (the suite's headline).
struct SuiteSummary {
  std::string estimator;
  double mean_mae = 0;
  int64_t cells = 0;   // tasks whose cell had a result
  int64_t failed = 0;  // failed runs over all tasks
};

struct SuiteResult {
  std::vector<SuiteRun> runs;
  std::vector<SuiteCell> cells;  // task-major, then estimator, in the order of the options
  std::vector<SuiteSummary> summary;  // one per estimator, in the order of the options
};

// Throws Error for an unknown task or estimator before running anything.
SuiteResult run_suite(const SuiteOptions& options);

// The estimate() options of a variational run of the suite on seed `seed`.
EstimateOptions variational_options(const SuiteOptions& options, const std::string& estimator, uint64_t seed);

}  // namespace infotorch::bench
