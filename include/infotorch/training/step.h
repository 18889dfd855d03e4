// The step context: the one place a recipe's losses become parameter updates. A recipe registers named
// optimisers ("model", "critic", "discriminator", ...) once; each step it calls ctx.minimise(loss, names), and the
// context zeroes those optimisers' gradients, back-propagates, reduces the gradients (the hook distributed
// training fills), clips them, applies the learning-rate schedule and steps. Multi-phase recipes (a GAN's
// generator and discriminator, DIM's prior discriminator) keep their phases; what is common has one home.
#pragma once
#include <ATen/core/Generator.h>
#include <torch/torch.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "infotorch/core/options.h"

namespace infotorch::training {

class ProcessGroup;  // distributed.h

// A recipe's named optimisers, in registration order, with the learning rate each parameter group started at
// (what schedules scale).
class Optimisers {
 public:
  torch::optim::Optimizer& add(const std::string& name, std::unique_ptr<torch::optim::Optimizer> optimizer);
  torch::optim::Optimizer& get(const std::string& name) const;
  bool has(const std::string& name) const { return index_.count(name) > 0; }
  std::vector<std::string> names() const;
  const std::vector<double>& base_lrs(const std::string& name) const;
  void save(torch::serialize::OutputArchive& archive) const;
  void load(torch::serialize::InputArchive& archive);

 private:
  struct Entry {
    std::string name;
    std::unique_ptr<torch::optim::Optimizer> optimizer;
    std::vector<double> base_lrs;
  };
  std::vector<Entry> entries_;
  std::map<std::string, size_t> index_;
};

// What every update does besides the optimiser's own rule.
struct StepOptions {
  double clip_grad_norm = 0;             // clip each optimiser's gradients to this global L2 norm; 0: no clipping
  std::string lr_schedule = "constant";  // constant, or cosine: lr * (1 + cos(pi t / T)) / 2 over the run's T steps
  int64_t warmup_steps = 0;              // linear warm-up from lr / warmup_steps over the first steps
  // A NaN or Inf loss or gradient: "stop" the run (a RunError naming the step), or "skip" the update (the
  // optimisers keep their state; the trainer counts the step as skipped).
  std::string on_nonfinite = "stop";
  // Called with each updated optimiser's gradients before clipping: the gradient reduction. Empty: with a
  // group, the bucketed mean over its ranks (data_parallel.h average_gradients); without, none.
  std::function<void(std::vector<torch::Tensor>&)> reduce_gradients;
  // The process group of a multi-process run (set by the trainer from TrainOptions::group); null: one process.
  std::shared_ptr<ProcessGroup> group;
};
void declare(OptionList& list, StepOptions& options);
void check(const StepOptions& options);

// The learning-rate factor at global step `step` (0-based) of `total` steps.
double lr_factor(const StepOptions& options, int64_t step, int64_t total);

// Where the run is.
struct StepInfo {
  int64_t epoch = 0;        // 0-based
  int64_t step = 0;         // 0-based within the epoch
  int64_t global_step = 0;  // 0-based over the run
  int64_t total_steps = 0;  // of the whole run (0: unknown, schedules hold the base rate)
};

class StepContext {
 public:
  StepContext(Optimisers& optimisers, at::Generator& generator, const StepOptions& options = {},
              const StepInfo& info = {});
  // The only source of randomness a step may use (augmentations, negatives, prior samples).
  at::Generator& generator() { return generator_; }
  const StepInfo& info() const { return info_; }
  // This process among the run's (0 of 1 without a group).
  int64_t rank() const;
  int64_t world_size() const;
  // The rows of x from every process of the run, in rank order (x itself in a run of one): how a recipe's
  // objective sees the global batch. Differentiable; the backward gives each process the gradient of its own
  // rows summed over every process's loss (data_parallel.h), so with the gradient mean of minimise the update
  // is the one-process update on the concatenated batch.
  torch::Tensor all_gather(const torch::Tensor& x);
  // Whether a minimise of this step met a non-finite loss or gradient and skipped its update.
  bool skipped() const { return skipped_; }
  // Zeroes the named optimisers' gradients, back-propagates `loss` (retaining the graph when asked), reduces and
  // clips their gradients and steps them at the scheduled learning rate. Gradients reaching parameters of other
  // optimisers are left for those optimisers' own minimise, which zeroes them first. A non-finite loss or
  // gradient throws RunError, or (on_nonfinite = skip) steps no optimiser and marks the step skipped(). With a
  // group every process back-propagates and reduces even when its loss is not finite (the backward and the
  // reduction are collectives), and all of them learn that some process's loss or gradient was not: they stop,
  // or skip, together.
  void minimise(const torch::Tensor& loss, const std::vector<std::string>& optimisers, bool retain_graph = false);
  void minimise(const torch::Tensor& loss, const std::string& optimiser = "model", bool retain_graph = false) {
    minimise(loss, std::vector<std::string>{optimiser}, retain_graph);
  }

 private:
  Optimisers& optimisers_;
  at::Generator& generator_;
  // Handles a non-finite `what`: throws RunError (stop) or marks the step skipped and returns true (skip).
  bool nonfinite(const std::string& what, const std::vector<std::string>& names);
  StepOptions options_;  // a copy: contexts are built per step, often from a temporary
  StepInfo info_;
  bool skipped_ = false;
};

}  // namespace infotorch::training
