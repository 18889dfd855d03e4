// Fitting a critic under a bound: the one training loop behind estimate(), the ground-truth suite, the
// staircase and the speed benchmark.
//
// A critic f(x, y) is trained by AdamW on the bound's loss over batches from a sampler (fixed rows drawn
// without replacement, or fresh draws from a task); optionally the bound is read on validation rows every few
// steps, training stops early when it stops improving, and the critic is restored to its best reading. A critic
// whose scores or bound turn NaN or Inf stops there and the result says so: the caller decides whether that
// fails the run (estimate) or is recorded (the staircase).
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "infotorch/bounds/bound.h"
#include "infotorch/critics/critic.h"

namespace infotorch {

// Row indices in batches without replacement: each pass over the rows is a fresh seeded permutation, and a
// batch never spans two passes, so no batch holds a row twice (a repeated row would put a joint pair off the
// diagonal of the score matrix, where the bound counts it as a negative).
class RowBatches {
 public:
  // batch_size in [1, rows].
  RowBatches(int64_t rows, int64_t batch_size, uint64_t seed, torch::Device device = torch::kCPU);
  // The next batch_size distinct row indices (int64, on the device).
  torch::Tensor next();

 private:
  int64_t rows_, batch_size_, cursor_;
  at::Generator gen_;
  torch::Device device_;
  torch::Tensor order_;
};

// The training pairs of step `step` (0-based): x (K x dx), y (K x dy).
using PairSampler = std::function<std::pair<torch::Tensor, torch::Tensor>(int64_t step)>;
// Batches of fixed rows (x, y) through RowBatches.
PairSampler row_sampler(const torch::Tensor& x, const torch::Tensor& y, int64_t batch_size, uint64_t seed);

// The bound read on held-out rows, scored in consecutive blocks of near-equal size.
struct HeldOut {
  std::vector<double> values;  // the bound on each block
  std::vector<int64_t> sizes;  // the rows of each block
  // -loss on each block: the objective the critic is trained to maximise. The same as `values` for the lower
  // bounds; for JS and f-DIME the variational objective, whose read-out (E_p[s]) is not itself a bound.
  std::vector<double> objectives;
  double mean_objective() const;  // row-weighted
  double mean() const;         // the row-weighted mean of the block values
  double median() const;       // the median of the block values (the mean of the middle two for an even count)
};
// Blocks of at most `max_block` rows, at least `min_blocks` of them where the rows allow (each >= 2 rows), read
// without gradients and with the critic and bound in eval mode (their modes are restored).
HeldOut read_held_out(critics::Critic& critic, bounds::Bound& bound, const torch::Tensor& x, const torch::Tensor& y,
                      int64_t max_block, int64_t min_blocks = 1);

struct FitOptions {
  int64_t steps = 2000;  // the step budget
  double lr = 2e-4;      // AdamW
  double weight_decay = 0;
  // With validation rows: the bound's objective (-loss; HeldOut::objectives) is read on them every eval_every
  // steps (and after the last step); after
  // `patience` readings without a new best training stops (0: never early), and the critic and the bound are
  // restored to the state of the best reading.
  int64_t eval_every = 100;
  int64_t patience = 5;
  int64_t eval_batch_size = 4096;  // validation rows are scored in blocks of at most this many
  // train_tail averages the training-batch estimate over the last `tail` steps run (0: a tenth of them).
  int64_t tail = 0;
  // Called after each step with (step, 0-based, and its training-batch estimate); may be empty.
  std::function<void(int64_t, double)> on_step;
};

struct FitResult {
  int64_t steps = 0;  // steps run
  double train_tail = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::pair<int64_t, double>> validation;  // (steps run, validation objective)
  int64_t best_steps = -1;  // steps run at the reading restored; -1 without validation (the last state)
  double best_validation = std::numeric_limits<double>::quiet_NaN();
  int64_t diverged_at = -1;  // the 0-based step whose scores or bound were NaN or Inf (training stopped); -1: none
  std::string diverged_why;  // what was not finite
  bool diverged() const { return diverged_at >= 0; }
};

struct Validation {
  torch::Tensor x, y;
};

// Throws Error naming the first bad option (non-positive steps, lr, eval_every; negative weight_decay, patience,
// tail).
void validate(const FitOptions& options);

// Trains `critic` (and the bound's own parameters, such as TUBA's baseline) in place. Throws Error for bad
// options (validate).
FitResult fit_critic(critics::Critic& critic, bounds::Bound& bound, const PairSampler& sample, const FitOptions& options,
                     const Validation* validation = nullptr);

}  // namespace infotorch
