#include "infotorch/fit.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "infotorch/core/error.h"
#include "infotorch/core/random.h"
#include "infotorch/core/runtime.h"
#include "infotorch/core/validate.h"

namespace infotorch {

RowBatches::RowBatches(int64_t rows, int64_t batch_size, uint64_t seed, torch::Device device)
    : rows_(rows), batch_size_(batch_size), cursor_(rows), gen_(make_generator(seed)), device_(device) {
  if (batch_size < 1 || batch_size > rows)
    throw Error("batch_size: expected a batch of 1 to " + std::to_string(rows) + " rows (the training rows), got " +
                std::to_string(batch_size));
}

torch::Tensor RowBatches::next() {
  if (cursor_ + batch_size_ > rows_) {  // the rest of this pass is short of a batch: start a new pass
    order_ = torch::randperm(rows_, gen_, torch::TensorOptions().dtype(torch::kLong)).to(device_);
    cursor_ = 0;
  }
  auto idx = order_.slice(0, cursor_, cursor_ + batch_size_);
  cursor_ += batch_size_;
  return idx;
}

PairSampler row_sampler(const torch::Tensor& x, const torch::Tensor& y, int64_t batch_size, uint64_t seed) {
  check_same_rows(x, y, "x", "y");
  auto batches = std::make_shared<RowBatches>(x.size(0), batch_size, seed, x.device());
  return [x, y, batches](int64_t) {
    auto idx = batches->next();
    return std::make_pair(x.index_select(0, idx), y.index_select(0, idx));
  };
}

namespace {
// The mean of per-block numbers weighted by the blocks' rows (NaN without blocks).
double row_weighted(const std::vector<double>& per_block, const std::vector<int64_t>& sizes) {
  double s = 0, t = 0;
  for (size_t i = 0; i < per_block.size(); ++i) {
    s += per_block[i] * static_cast<double>(sizes[i]);
    t += static_cast<double>(sizes[i]);
  }
  return t > 0 ? s / t : std::numeric_limits<double>::quiet_NaN();
}
}  // namespace

double HeldOut::mean() const { return row_weighted(values, sizes); }

double HeldOut::mean_objective() const { return row_weighted(objectives, sizes); }

double HeldOut::median() const {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::vector<double> v = values;
  const size_t h = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + h, v.end());
  if (v.size() % 2) return v[h];
  return 0.5 * (v[h] + *std::max_element(v.begin(), v.begin() + h));
}

namespace {

// Puts a module in eval mode for a scope and gives it back its mode.
struct EvalScope {
  torch::nn::Module& m;
  bool was_training;
  explicit EvalScope(torch::nn::Module& module) : m(module), was_training(module.is_training()) { m.eval(); }
  ~EvalScope() { m.train(was_training); }
};

// Every parameter and buffer of the modules, for the snapshot of the best validation reading.
std::vector<torch::Tensor> state_of(torch::nn::Module& a, torch::nn::Module& b) {
  std::vector<torch::Tensor> out;
  for (auto* m : {&a, &b}) {
    for (auto& p : m->parameters()) out.push_back(p);
    for (auto& t : m->buffers()) out.push_back(t);
  }
  return out;
}

}  // namespace

HeldOut read_held_out(critics::Critic& critic, bounds::Bound& bound, const torch::Tensor& x, const torch::Tensor& y,
                      int64_t max_block, int64_t min_blocks) {
  check_same_rows(x, y, "x", "y");
  const int64_t n = x.size(0);
  if (n < 2) throw Error("held-out rows: expected at least 2, got " + std::to_string(n));
  if (max_block < 2) throw Error("eval_batch_size: expected at least 2, got " + std::to_string(max_block));
  int64_t blocks = std::max<int64_t>((n + max_block - 1) / max_block, std::min<int64_t>(min_blocks, n / 2));
  blocks = std::max<int64_t>(blocks, 1);
  torch::NoGradGuard no_grad;
  EvalScope c(critic), b(bound);
  HeldOut out;
  for (int64_t i = 0; i < blocks; ++i) {
    const int64_t lo = i * n / blocks, hi = (i + 1) * n / blocks;
    auto est = bound.forward(critic.batch_scores(x.slice(0, lo, hi), y.slice(0, lo, hi)));
    out.values.push_back(est.mi.item<double>());
    out.objectives.push_back(-est.loss.item<double>());
    out.sizes.push_back(hi - lo);
  }
  return out;
}

void validate(const FitOptions& o) {
  if (o.steps < 1) throw Error("steps: expected at least 1 training step, got " + std::to_string(o.steps));
  check_positive(o.lr, "lr");
  if (!(o.weight_decay >= 0)) throw Error("weight_decay: expected >= 0, got " + std::to_string(o.weight_decay));
  if (o.eval_every < 1) throw Error("eval_every: expected at least 1, got " + std::to_string(o.eval_every));
  if (o.patience < 0) throw Error("patience: expected >= 0 (0: no early stopping), got " + std::to_string(o.patience));
  if (o.tail < 0) throw Error("tail: expected >= 0, got " + std::to_string(o.tail));
}

FitResult fit_critic(critics::Critic& critic, bounds::Bound& bound, const PairSampler& sample, const FitOptions& o,
                     const Validation* validation) {
  validate(o);
  // Small ops on one LibTorch thread, the matrix products on OpenBLAS's; a step whose network sees at most
  // kSmallStepRows rows runs on one thread altogether (runtime.h). Sized by the first batch.
  constexpr int64_t kSmallStepRows = 512;
  std::optional<BlasOnlyThreads> threads;

  auto params = critic.parameters();
  for (auto& p : bound.parameters()) params.push_back(p);
  torch::optim::AdamW opt(params, torch::optim::AdamWOptions(o.lr).weight_decay(o.weight_decay));
  critic.train();
  bound.train();

  FitResult r;
  std::vector<double> trace;
  trace.reserve(static_cast<size_t>(o.steps));
  auto state = state_of(critic, bound);
  std::vector<torch::Tensor> best_state;
  int64_t since_best = 0;
  auto diverge = [&](int64_t step, const std::string& why) {
    r.diverged_at = step;
    r.diverged_why = why;
  };

  for (int64_t step = 0; step < o.steps; ++step) {
    auto [x, y] = sample(step);
    if (!threads) threads.emplace(critic.network_rows(x.size(0)) <= kSmallStepRows);
    bounds::Estimate est;
    try {
      est = bound.forward(critic.batch_scores(x, y));
    } catch (const NonFiniteError&) {  // from finite samples: the critic (or the bound's parameters) diverged
      diverge(step, "NaN or Inf critic scores");
      break;
    }
    opt.zero_grad();
    est.loss.backward();
    opt.step();
    const double value = est.mi.item<double>();
    if (!std::isfinite(value)) {
      diverge(step, "a NaN or Inf bound");
      break;
    }
    trace.push_back(value);
    r.steps = step + 1;
    if (o.on_step) o.on_step(step, value);

    if (validation && (r.steps % o.eval_every == 0 || r.steps == o.steps)) {
      // The objective, not the read-out: a read-out that is not a bound (f-DIME's E_p[s]) would reward the
      // critic that inflates its scores on the validation pairs.
      const double v = read_held_out(critic, bound, validation->x, validation->y, o.eval_batch_size).mean_objective();
      if (!std::isfinite(v)) {
        diverge(step, "a NaN or Inf bound on the validation rows");
        break;
      }
      r.validation.emplace_back(r.steps, v);
      if (best_state.empty() || v > r.best_validation) {
        r.best_validation = v;
        r.best_steps = r.steps;
        since_best = 0;
        torch::NoGradGuard no_grad;
        if (best_state.empty())
          for (auto& t : state) best_state.push_back(t.detach().clone());
        else
          for (size_t i = 0; i < state.size(); ++i) best_state[i].copy_(state[i]);
      } else if (o.patience > 0 && ++since_best >= o.patience) {
        break;
      }
    }
  }

  if (!best_state.empty() && !r.diverged()) {
    torch::NoGradGuard no_grad;
    for (size_t i = 0; i < state.size(); ++i) state[i].copy_(best_state[i]);
  }
  if (!trace.empty()) {
    const int64_t n = static_cast<int64_t>(trace.size());
    const int64_t tail = std::min(n, o.tail > 0 ? o.tail : std::max<int64_t>(1, n / 10));
    double s = 0;
    for (int64_t i = n - tail; i < n; ++i) s += trace[static_cast<size_t>(i)];
    r.train_tail = s / static_cast<double>(tail);
  }
  return r;
}

}  // namespace infotorch
