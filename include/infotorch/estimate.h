// The one entry point that measures I(X; Y) from samples, for the library, the CLI and the bindings.
//
// The estimator spec picks the family:
//  - variational bounds ("infonce", "smile:tau=5", "mine:ema=0.01", ...): a critic is trained on a
//    training split and the bound is read out on the held-out split;
//  - non-parametric estimators ("ksg:k=3", "ksg2", "mixed", "cmi", "entropy", "gaussian", ...): computed
//    directly on all samples;
//  - "auto": one of the above chosen from the data (choose.h), the choice and its reason in the result.
// The defaults below are the only home of these defaults: the CLI and bindings read them from here.
#pragma once
#include <torch/torch.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "infotorch/core/options.h"

namespace infotorch {

struct EstimateOptions {
  // GAN-DIME: within 6 % of the truth on 10-d Gaussians at 2, 4 and 6 nats and on their cubic transform, where
  // SMILE read 8 % low at 2 nats and 16-20 % high at 6 once trained as long (docs/results/estimate.md, "Defaults").
  std::string estimator = "gan-dime";
  // Variational estimators.
  // The critic spec (critics/factory.h): a kind and its options. 64 wide: 256 overfits 8k training pairs;
  // smooth ELU generalises better here (docs/results/estimate.md).
  std::string critic = "separable:hidden=64,activation=elu";
  // The step budget of each critic; 0: `epochs` passes over its fitting rows, within [kMinSteps, kMaxSteps]
  // (5,000 steps at N = 10,000 with 5 folds and early stopping), so that larger data sets train longer.
  int64_t steps = 0;
  int64_t epochs = 100;
  static constexpr int64_t kMinSteps = 2000, kMaxSteps = 20000;
  int64_t batch_size = 128;
  double lr = 5e-4;  // with early stopping; 2e-4 left GAN-DIME 8-12 % low at 6 nats (docs/results/estimate.md)
  double weight_decay = 0;  // decoupled (AdamW) weight decay of the critic
  // Early stopping (fit.h): with patience > 0, validation_fraction of each critic's training rows is held for
  // validation, the bound is read on it every eval_every steps, training stops after `patience` readings without
  // a new best, and the best reading's critic is the one read out. 0: every critic trains all `steps`.
  int64_t patience = 5;
  int64_t eval_every = 200;
  double validation_fraction = 0.2;
  // Cross-fitting: the rows are cut into `folds` blocks; each block is held out once while a fresh critic
  // trains on the others, and the estimate averages the bound over every held-out row. Every sample then
  // counts in the estimate (the held-out noise of one 20 % split alone is ~0.03 nats at N = 1e4, MI = 1),
  // at `folds` times the training cost. 1: a single split holding out `test_fraction` of the rows.
  int64_t folds = 5;
  double test_fraction = 0.2;  // held-out split the estimate is read on when folds == 1
  // Held-out rows are scored in batches of at most this many (the whole split when smaller), and the bound
  // averaged over them: InfoNCE's ceiling is log of this batch size, not of the training batch.
  int64_t eval_batch_size = 4096;
  // The read-out over held-out blocks (each fold's held-out rows are cut into at least `blocks` of them):
  // median: the median of the block values (median of means: a few extreme held-out scores, or one fold whose
  // critic went wrong, cannot move it far; docs/results/estimate.md); mean: their row-weighted mean.
  enum class Readout { median, mean };
  Readout readout = Readout::median;
  int64_t blocks = 3;
  // Each column of x and y replaced by the normal scores of its ranks before the critics see it (knn/copula.h),
  // over all rows, the held-out ones too (ranks of one coordinate carry no pairing). MI is unchanged by a
  // monotone map of each coordinate, but a critic is not: heavy tails and distortions such as y^3 no longer
  // reach it. false: the critics read the (standardised) values themselves.
  bool copula = true;
  uint64_t seed = 0;
  torch::Device device = torch::kCPU;
  // Non-parametric estimators.
  std::optional<torch::Tensor> z;  // conditioning variable for "cmi"
  // Error bar and nominal 90 % interval (EstimateResult::stderr_nats, ci90_low/high). Non-parametric: bootstrap /
  // subsampling (knn). Variational: across the cross-fitting folds; with one split, over its held-out blocks
  // (at least 5 of them).
  bool want_stderr = false;
  int64_t permutations = 0;        // > 0: permutation test (p-value, null mean)
  // Called every few steps with (step, steps, current training estimate); may be empty.
  std::function<void(int64_t, int64_t, double)> progress;
};

struct EstimateResult {
  std::string estimator;  // the spec as parsed
  double mi_nats = 0;
  int64_t n = 0;      // samples used
  int64_t steps = 0;  // training steps per critic (0 for non-parametric estimators)
  int64_t folds = 0;  // critics trained (cross-fitting folds; 0 for non-parametric estimators)
  std::optional<double> train_mi_nats;  // mean training-batch estimate over the last 10% of steps (mean over folds)
  // With want_stderr. Variational, folds >= 2: the cross-fitting standard error sd(fold_mi_nats) / sqrt(folds), so
  // that the critics' own variability counts, not only the held-out rows'; one split: from its held-out blocks.
  // Non-parametric: bootstrap / subsampling (knn).
  std::optional<double> stderr_nats;
  // The nominal 90 % interval mi_nats -/+ q stderr_nats, q the 0.95 quantile of Student's t with folds - 1 degrees
  // of freedom over cross-fitting folds (2.132 for 5), of the normal otherwise (1.645).
  std::optional<double> ci90_low, ci90_high;
  std::optional<double> p_value;
  std::optional<double> null_mean_nats;
  // Variational estimates only. A fold is implausible when its held-out value lies below -0.25 nats (worse than
  // the best constant critic, which reads 0) or above its training estimate by more than max(1, |training|)
  // nats (made by a few extreme held-out scores), or when its training estimate (the last tenth of the steps)
  // averages below -1 nat (the objective ran away). The result is flagged `diverged` when the estimate itself is
  // below -0.25 nats, or when implausible folds could move it: any with the mean read-out, at least half of
  // them with the median. A diverged result is not an estimate: mi_nats is only what was read.
  std::vector<double> fold_mi_nats;  // each fold's held-out value (row-weighted mean of its blocks)
  int64_t implausible_folds = 0;
  std::string diverged_why;  // why the result is flagged; empty when it stands
  bool diverged() const { return !diverged_why.empty(); }
  std::string critic;  // the critic a variational estimate trained (empty for non-parametric ones)
  std::string chosen;  // "auto": the estimator it picked (empty otherwise)
  std::string why;     // "auto": the facts and the rule behind the choice
};

// Declares every option of EstimateOptions that is set from text (not device, z or progress), so the CLI's flags
// and the Python keyword arguments have one list of names, defaults and docs. want_stderr is named "stderr".
void declare(OptionList& list, EstimateOptions& options);

// The families a spec names, each kind with its declared options and defaults: variational bounds, non-parametric
// estimators, critics and tasks (what `--help` lists; made from the declarations).
std::string families_help();

// The plausibility rules of a variational estimate (EstimateResult): `estimate` as read out, each fold's
// held-out value and its training estimate. `why` is empty when the estimate stands.
struct Plausibility {
  int64_t implausible_folds = 0;
  std::string why;
};
Plausibility judge_plausibility(double estimate, const std::vector<double>& fold_held_out,
                                const std::vector<double>& fold_train, EstimateOptions::Readout readout);

// x: N x dx, y: N x dy (1-D is taken as N x 1). Throws infotorch::Error on bad input.
EstimateResult estimate(const torch::Tensor& x, const torch::Tensor& y, const EstimateOptions& options = {});

}  // namespace infotorch
