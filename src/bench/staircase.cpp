#include "infotorch/bench/staircase.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

#include "infotorch/bounds/factory.h"
#include "infotorch/core/error.h"
#include "infotorch/core/random.h"
#include "infotorch/core/spec.h"
#include "infotorch/critics/factory.h"
#include "infotorch/fit.h"
#include "infotorch/tasks/gaussian.h"

namespace infotorch::bench {
namespace {

void check(const StaircaseOptions& o) {
  if (o.estimators.empty()) throw Error("staircase: expected at least one estimator");
  if (o.stages.empty()) throw Error("staircase: expected at least one stage");
  if (o.steps_per_stage < 1) throw Error("staircase: steps_per_stage must be >= 1, got " + std::to_string(o.steps_per_stage));
  if (o.batch_size < 2) throw Error("staircase: batch_size must be >= 2, got " + std::to_string(o.batch_size));
  if (o.dim < 1) throw Error("staircase: dim must be >= 1, got " + std::to_string(o.dim));
  if (o.window < 1) throw Error("staircase: window must be >= 1, got " + std::to_string(o.window));
  if (o.jobs < 1) throw Error("staircase: jobs must be >= 1, got " + std::to_string(o.jobs));
  if (!(o.lr > 0)) throw Error("staircase: lr must be positive");
  for (double mi : o.stages)
    if (!(mi >= 0) || !std::isfinite(mi)) throw Error("staircase: stage MI must be finite and >= 0");
}

}  // namespace

void declare(OptionList& list, StaircaseOptions& o) {
  list.add("critic", o.critic, "critic spec: concat | separable | bilinear, with options (concat:hidden=512); a ';'-separated list runs once per critic")
      .add("cubic", o.cubic, "the cubic variant y -> y^3 (MI unchanged)")
      .add("steps_per_stage", o.steps_per_stage, "training steps per MI stage")
      .add("dim", o.dim, "dimension of x and y")
      .add("batch_size", o.batch_size, "batch K")
      .add("lr", o.lr, "Adam learning rate")
      .add("window", o.window, "steps summarised at the end of each stage (at most a quarter)")
      .add("seed", o.seed, "seed of the batches and the critics")
      .add("jobs", o.jobs, "estimators trained at once, sharing the threads");
}

int64_t summary_window(const StaircaseOptions& o) {
  return std::min(o.window, std::max<int64_t>(1, o.steps_per_stage / 4));
}

static std::shared_ptr<critics::Critic> make_staircase_critic(const StaircaseOptions& o) {
  return critics::make_critic(parse_spec(o.critic), o.dim, o.dim, o.device);
}

StaircaseTrace run_staircase_estimator(const StaircaseOptions& o, const std::string& estimator) {
  check(o);
  auto bound = bounds::make_bound(estimator);
  std::shared_ptr<critics::Critic> critic;
  {
    // The critic's initialisation draws from LibTorch's global generator: one run at a time seeds and draws.
    static std::mutex init;
    std::lock_guard<std::mutex> lock(init);
    torch::manual_seed(o.seed);
    critic = make_staircase_critic(o);
  }
  bound->to(o.device);
  std::vector<tasks::GaussianTask> stages;
  for (double mi : o.stages) stages.emplace_back(o.dim, tasks::staircase_rho(o.dim, mi));
  // Every estimator sees the same stream of batches: a fresh draw of the stage's task at every step.
  auto gen = make_generator(o.seed + 1);
  PairSampler sample = [&](int64_t step) {
    auto [x, y] = stages[static_cast<size_t>(step / o.steps_per_stage)].sample(o.batch_size, gen);
    if (o.cubic) y = y.pow(3);
    return std::make_pair(x, y);
  };

  StaircaseTrace trace;
  trace.estimator = estimator;
  const int64_t total = o.steps_per_stage * static_cast<int64_t>(o.stages.size());
  trace.estimate.reserve(total);
  FitOptions fo;
  fo.steps = total;
  fo.lr = o.lr;
  fo.on_step = [&](int64_t step, double value) {
    trace.estimate.push_back(value);
    if (o.progress && (step % o.progress_every == 0 || step + 1 == total)) o.progress(estimator, step + 1, total, value);
  };
  auto start = std::chrono::steady_clock::now();
  auto fit = fit_critic(*critic, *bound, sample, fo);
  trace.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // A diverged run stops there; its remaining steps read NaN, so one estimator does not end the benchmark.
  trace.diverged_at = fit.diverged_at;
  trace.estimate.resize(static_cast<size_t>(total), std::nan(""));
  for (int64_t step = 0; step < total; ++step)
    trace.true_mi.push_back(stages[static_cast<size_t>(step / o.steps_per_stage)].mi());
  return trace;
}

std::vector<StageSummary> summarize(const StaircaseTrace& trace, const StaircaseOptions& o) {
  const int64_t w = summary_window(o);
  std::vector<StageSummary> out;
  for (size_t st = 0; st < o.stages.size(); ++st) {
    const int64_t end = std::min<int64_t>((st + 1) * o.steps_per_stage, trace.estimate.size());
    const int64_t begin = std::max<int64_t>(end - w, st * o.steps_per_stage);
    if (end <= begin) break;
    double sum = 0, sq = 0;
    for (int64_t i = begin; i < end; ++i) sum += trace.estimate[i];
    const double n = static_cast<double>(end - begin), mean = sum / n;
    for (int64_t i = begin; i < end; ++i) sq += (trace.estimate[i] - mean) * (trace.estimate[i] - mean);
    StageSummary s;
    s.estimator = trace.estimator;
    s.stage = static_cast<int64_t>(st);
    s.true_mi = trace.true_mi[begin];
    s.mean = mean;
    s.bias = mean - s.true_mi;
    s.std = n > 1 ? std::sqrt(sq / (n - 1)) : 0.0;
    s.window = end - begin;
    out.push_back(s);
  }
  return out;
}

StaircaseResult run_staircase(const StaircaseOptions& o) {
  check(o);
  // Fail on a bad spec before any training.
  for (const auto& e : o.estimators) bounds::make_bound(e);
  make_staircase_critic(o);
  StaircaseResult result;
  result.traces.resize(o.estimators.size());
  const size_t jobs = std::min<size_t>(static_cast<size_t>(o.jobs), o.estimators.size());
  if (jobs <= 1) {
    for (size_t i = 0; i < o.estimators.size(); ++i) result.traces[i] = run_staircase_estimator(o, o.estimators[i]);
  } else {
    StaircaseOptions shared = o;
    std::mutex report;
    if (o.progress)
      shared.progress = [&](const std::string& e, int64_t step, int64_t total, double v) {
        std::lock_guard<std::mutex> lock(report);
        o.progress(e, step, total, v);
      };
    std::atomic<size_t> next{0};
    std::vector<std::exception_ptr> errors(jobs);
    std::vector<std::thread> workers;
    for (size_t w = 0; w < jobs; ++w)
      workers.emplace_back([&, w] {
        try {
          for (size_t i; (i = next++) < o.estimators.size();) result.traces[i] = run_staircase_estimator(shared, o.estimators[i]);
        } catch (...) {
          errors[w] = std::current_exception();
          next = o.estimators.size();  // the others finish their current run and stop
        }
      });
    for (auto& t : workers) t.join();
    for (auto& e : errors)
      if (e) std::rethrow_exception(e);
  }
  for (const auto& t : result.traces) {
    auto s = summarize(t, o);
    result.stages.insert(result.stages.end(), s.begin(), s.end());
  }
  return result;
}

}  // namespace infotorch::bench
