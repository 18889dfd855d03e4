#include "infotorch/bench/staircase.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

#include "infotorch/bounds/factory.h"
#include "infotorch/core/error.h"
#include "infotorch/critics/factory.h"
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

int64_t summary_window(const StaircaseOptions& o) {
  return std::min(o.window, std::max<int64_t>(1, o.steps_per_stage / 4));
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
    critic = critics::make_critic(o.critic, o.dim, o.dim, o.critic_options);
  }
  bound->to(o.critic_options.device);
  std::vector<torch::Tensor> params = critic->parameters();
  for (auto& p : bound->parameters()) params.push_back(p);  // TUBA's learnable baseline, if any
  torch::optim::Adam opt(params, torch::optim::AdamOptions(o.lr));
  // Every estimator sees the same stream of batches.
  auto gen = tasks::make_generator(o.seed + 1);

  StaircaseTrace trace;
  trace.estimator = estimator;
  const int64_t total = o.steps_per_stage * static_cast<int64_t>(o.stages.size());
  trace.true_mi.reserve(total);
  trace.estimate.reserve(total);
  auto start = std::chrono::steady_clock::now();
  int64_t step = 0;
  for (double mi : o.stages) {
    tasks::GaussianTask task(o.dim, tasks::staircase_rho(o.dim, mi));
    for (int64_t s = 0; s < o.steps_per_stage; ++s, ++step) {
      if (trace.diverged_at >= 0) {
        trace.true_mi.push_back(task.mi());
        trace.estimate.push_back(std::nan(""));
        continue;
      }
      auto [x, y] = task.sample(o.batch_size, gen);
      if (o.cubic) y = y.pow(3);
      auto scores = critic->scores(x, y);
      if (!torch::isfinite(scores).all().item<bool>()) {
        trace.diverged_at = step;
        trace.true_mi.push_back(task.mi());
        trace.estimate.push_back(std::nan(""));
        continue;
      }
      auto est = bound->forward(scores);
      opt.zero_grad();
      est.loss.backward();
      opt.step();
      const double value = est.mi.item<double>();
      trace.true_mi.push_back(task.mi());
      trace.estimate.push_back(value);
      if (o.progress && (step % o.progress_every == 0 || step + 1 == total)) o.progress(estimator, step + 1, total, value);
    }
  }
  trace.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
  critics::make_critic(o.critic, o.dim, o.dim, o.critic_options);
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
