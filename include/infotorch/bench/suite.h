// A suite of ground-truth tasks in the style of the Beyond Normal benchmark (Czyz et al. 2023): every
// chosen estimator on every task over several seeds, summarised as the mean absolute error in nats.
//
// Protocol (the one home of its defaults is SuiteOptions):
//  - draw N samples of the task (seeded), standardise every column to mean 0, standard deviation 1;
//  - non-parametric estimators ("ksg:k=3", ...) run through infotorch::estimate() on all N samples;
//  - variational bounds ("infonce", "smile:tau=5", ...) split the samples 50/50 (random, seeded), train
//    a critic with Adam on random batches of the training half, evaluate the bound on the held-out half
//    every `eval_every` steps, and stop once `patience` evaluations pass without a new best held-out
//    estimate (or at `max_steps`); the result is the best held-out estimate.
#pragma once
#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

#include "infotorch/critics/options.h"

namespace infotorch::bench {

// The default task list (task spec strings, see tasks/factory.h).
const std::vector<std::string>& default_suite_tasks();

struct SuiteOptions {
  std::vector<std::string> tasks = default_suite_tasks();
  std::vector<std::string> estimators{"infonce", "smile:tau=5", "nwj", "ksg:k=3"};
  int64_t n = 5000;
  int64_t seeds = 3;
  uint64_t seed = 0;  // seeds used: seed, seed + 1, ...
  // Variational estimators.
  std::string critic = "separable";
  critics::CriticOptions critic_options;
  int64_t batch_size = 256;
  double lr = 5e-4;
  int64_t max_steps = 3000;
  int64_t eval_every = 100;
  int64_t patience = 5;
  double test_fraction = 0.5;
  int64_t eval_batch = 2500;  // the held-out half is scored in blocks of this many (mean of block estimates)
  // Called after every (task, estimator, seed) run as (done, total, what); may be empty.
  std::function<void(int64_t, int64_t, const std::string&)> progress;
};

struct SuiteRun {
  std::string task, estimator;
  uint64_t seed = 0;
  double true_mi = 0, estimate = 0;
  int64_t steps = 0;  // training steps (0 for non-parametric)
  double seconds = 0;
};

struct SuiteCell {
  std::string task, estimator;
  double true_mi = 0;
  double mae = 0;            // mean over seeds of |estimate - true_mi|
  double mean_estimate = 0;  // mean over seeds
  double std_estimate = 0;   // standard deviation over seeds
  int64_t seeds = 0;
};

struct SuiteResult {
  std::vector<SuiteRun> runs;
  std::vector<SuiteCell> cells;  // task-major, then estimator, in the order of the options
};

// Throws Error for an unknown task or estimator before running anything.
SuiteResult run_suite(const SuiteOptions& options);

// The variational protocol above on one (x, y) sample; returns {best held-out estimate, steps run}.
std::pair<double, int64_t> variational_estimate(const torch::Tensor& x, const torch::Tensor& y,
                                                const std::string& estimator, const SuiteOptions& options,
                                                uint64_t seed);
// Columns to mean 0 and standard deviation 1 (constant columns are only centred).
torch::Tensor standardise(const torch::Tensor& t);

}  // namespace infotorch::bench
