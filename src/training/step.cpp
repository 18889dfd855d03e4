#include "infotorch/training/step.h"

#include <cmath>

#include "infotorch/core/error.h"
#include "infotorch/training/data_parallel.h"

namespace infotorch::training {

torch::optim::Optimizer& Optimisers::add(const std::string& name, std::unique_ptr<torch::optim::Optimizer> optimizer) {
  if (name.empty() || has(name)) throw Error("optimiser '" + name + "' is registered twice (or has no name)");
  if (!optimizer) throw Error("optimiser '" + name + "': null");
  std::vector<double> lrs;
  for (auto& group : optimizer->param_groups()) lrs.push_back(group.options().get_lr());
  index_[name] = entries_.size();
  entries_.push_back({name, std::move(optimizer), lrs});
  return *entries_.back().optimizer;
}

torch::optim::Optimizer& Optimisers::get(const std::string& name) const {
  auto it = index_.find(name);
  if (it == index_.end()) {
    std::string known;
    for (const auto& e : entries_) known += (known.empty() ? "" : ", ") + e.name;
    throw Error("no optimiser named '" + name + "' (registered: " + (known.empty() ? "none" : known) + ")");
  }
  return *entries_[it->second].optimizer;
}

std::vector<std::string> Optimisers::names() const {
  std::vector<std::string> out;
  for (const auto& e : entries_) out.push_back(e.name);
  return out;
}

const std::vector<double>& Optimisers::base_lrs(const std::string& name) const {
  get(name);
  return entries_[index_.at(name)].base_lrs;
}

void Optimisers::save(torch::serialize::OutputArchive& archive) const {
  for (const auto& e : entries_) {
    torch::serialize::OutputArchive a;
    e.optimizer->save(a);
    archive.write(e.name, a);
  }
}

void Optimisers::load(torch::serialize::InputArchive& archive) {
  for (auto& e : entries_) {
    torch::serialize::InputArchive a;
    if (!archive.try_read(e.name, a)) throw Error("checkpoint: no state for the optimiser '" + e.name + "'");
    e.optimizer->load(a);
  }
}

void declare(OptionList& list, StepOptions& o) {
  list.add("clip_grad_norm", o.clip_grad_norm, "clip gradients to this global L2 norm per optimiser (0: no clipping)");
  list.add("lr_schedule", o.lr_schedule, "learning-rate schedule: constant or cosine (to 0 over the run)");
  list.add("warmup_steps", o.warmup_steps, "linear learning-rate warm-up over the first steps (0: none)");
  list.add("on_nonfinite", o.on_nonfinite,
           "a NaN or Inf loss or gradient: stop (the run fails, naming the step) or skip (the update; counted in the log)");
}

void check(const StepOptions& o) {
  if (!(o.clip_grad_norm >= 0)) throw Error("clip_grad_norm: expected >= 0 (0: no clipping)");
  if (o.lr_schedule != "constant" && o.lr_schedule != "cosine")
    throw Error("lr_schedule: expected constant or cosine, got '" + o.lr_schedule + "'");
  if (o.warmup_steps < 0) throw Error("warmup_steps: expected >= 0");
  if (o.on_nonfinite != "stop" && o.on_nonfinite != "skip")
    throw Error("on_nonfinite: expected stop or skip, got '" + o.on_nonfinite + "'");
}

double lr_factor(const StepOptions& o, int64_t step, int64_t total) {
  double f = 1.0;
  if (o.warmup_steps > 0 && step < o.warmup_steps) f = static_cast<double>(step + 1) / o.warmup_steps;
  if (o.lr_schedule == "cosine" && total > 0) {
    const double t = std::min<double>(step, total) / static_cast<double>(total);
    f *= 0.5 * (1.0 + std::cos(M_PI * t));
  }
  return f;
}

StepContext::StepContext(Optimisers& optimisers, at::Generator& generator, const StepOptions& options,
                         const StepInfo& info)
    : optimisers_(optimisers), generator_(generator), options_(options), info_(info) {}

int64_t StepContext::rank() const { return options_.group ? options_.group->rank() : 0; }
int64_t StepContext::world_size() const { return options_.group ? options_.group->world_size() : 1; }

torch::Tensor StepContext::all_gather(const torch::Tensor& x) {
  return options_.group ? all_gather_with_grad(x, *options_.group) : x;
}

namespace {

bool all_finite(const std::vector<torch::Tensor>& tensors) {
  if (tensors.empty()) return true;
  std::vector<torch::Tensor> flags;
  flags.reserve(tensors.size());
  for (const auto& t : tensors) flags.push_back(torch::isfinite(t).all());
  return torch::stack(flags).all().item<bool>();  // one synchronisation for all of them
}

}  // namespace

bool StepContext::nonfinite(const std::string& what, const std::vector<std::string>& names) {
  if (options_.on_nonfinite == "skip") {
    skipped_ = true;
    return true;
  }
  std::string opts;
  for (const auto& n : names) opts += (opts.empty() ? "'" : ", '") + n + "'";
  throw RunError("training diverged at step " + std::to_string(info_.global_step + 1) + " (epoch " +
                 std::to_string(info_.epoch + 1) + ", step " + std::to_string(info_.step + 1) + "): " + what +
                 " of optimiser " + opts + " is NaN or Inf");
}

void StepContext::minimise(const torch::Tensor& loss, const std::vector<std::string>& names, bool retain_graph) {
  if (!loss.defined() || loss.numel() != 1) throw Error("minimise: expected a scalar loss");
  std::vector<torch::optim::Optimizer*> opts;
  for (const auto& n : names) opts.push_back(&optimisers_.get(n));
  for (auto* o : opts) o->zero_grad();
  const bool collective = options_.group && options_.group->world_size() > 1;
  const bool loss_finite = std::isfinite(loss.item<double>());
  if (!loss_finite && !collective && nonfinite("the loss", names)) return;
  loss.backward({}, retain_graph);
  const double factor = lr_factor(options_, info_.global_step, info_.total_steps);
  // Every optimiser's gradients are checked before any steps, so a skipped update leaves all of them as they were.
  std::vector<std::vector<torch::Tensor>> params(opts.size()), grads(opts.size());
  std::vector<torch::Tensor> every_grad;
  bool some_loss_nonfinite = !loss_finite;
  for (size_t i = 0; i < opts.size(); ++i) {
    for (auto& group : opts[i]->param_groups())
      for (auto& p : group.params())
        if (p.grad().defined()) {
          params[i].push_back(p);
          grads[i].push_back(p.grad());
        }
    // The first reduction carries one more value, whether this process's loss was finite: the processes agree
    // on stopping or skipping without a collective of its own.
    const bool carry_flag = collective && i == 0;
    if (carry_flag)
      grads[i].push_back(torch::full({1}, loss_finite ? 0.0 : 1.0,
                                     grads[i].empty() ? loss.options() : grads[i].front().options()));
    if (options_.reduce_gradients)
      options_.reduce_gradients(grads[i]);
    else if (collective)
      average_gradients(*options_.group, grads[i],
                        static_cast<int64_t>(options_.group->options().bucket_mib * 1024 * 1024));
    if (carry_flag) {
      some_loss_nonfinite = grads[i].back().item<double>() != 0.0;
      grads[i].pop_back();
    }
    every_grad.insert(every_grad.end(), grads[i].begin(), grads[i].end());
  }
  if (some_loss_nonfinite && nonfinite(loss_finite ? "the loss of another process" : "the loss", names)) {
    for (auto* o : opts) o->zero_grad();
    return;
  }
  if (!all_finite(every_grad) && nonfinite("a gradient", names)) {
    for (auto* o : opts) o->zero_grad();
    return;
  }
  for (size_t i = 0; i < opts.size(); ++i) {
    if (options_.clip_grad_norm > 0) torch::nn::utils::clip_grad_norm_(params[i], options_.clip_grad_norm);
    const auto& base = optimisers_.base_lrs(names[i]);
    auto& groups = opts[i]->param_groups();
    // A constant rate without warm-up leaves the optimiser's own rate untouched.
    if (options_.warmup_steps > 0 || options_.lr_schedule != "constant")
      for (size_t g = 0; g < groups.size(); ++g) groups[g].options().set_lr(base[g] * factor);
    opts[i]->step();
  }
}

}  // namespace infotorch::training
