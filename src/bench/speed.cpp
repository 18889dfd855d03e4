#include "infotorch/bench/speed.h"

#include <chrono>
#include <cmath>

#include "infotorch/bench/memory.h"
#include "infotorch/bounds/factory.h"
#include "infotorch/bounds/infonce_embeddings.h"
#include "infotorch/core/error.h"
#include "infotorch/core/random.h"
#include "infotorch/core/spec.h"
#include "infotorch/critics/factory.h"
#include "infotorch/fit.h"
#include "infotorch/tasks/gaussian.h"

namespace infotorch::bench {
namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

}  // namespace

double time_staircase_step(const std::string& critic_spec, int64_t k, int64_t steps, int64_t warmup,
                           const std::string& estimator, torch::Device device) {
  if (steps < 1) throw Error("steps: expected at least 1 timed step, got " + std::to_string(steps));
  const int64_t d = 20;
  torch::manual_seed(0);
  auto critic = critics::make_critic(parse_spec(critic_spec), d, d, device);
  auto bound = bounds::make_bound(estimator);
  tasks::GaussianTask task(d, tasks::staircase_rho(d, 2.0));
  auto gen = make_generator(1);
  auto fopt = torch::TensorOptions().dtype(torch::kFloat).device(device);
  const double rho = task.rho(), noise = std::sqrt(1 - rho * rho);
  // Drawn in float32 on the critic's device, as the Python reference does.
  PairSampler sample = [&](int64_t) {
    auto x = torch::randn({k, d}, gen, torch::kFloat).to(fopt);
    auto y = rho * x + noise * torch::randn({k, d}, gen, torch::kFloat).to(fopt);
    return std::make_pair(x, y);
  };
  FitOptions fo;
  fo.steps = warmup + steps;
  fo.lr = 5e-4;
  // The loop reads every step's estimate (a sync, as the reference's .item() is); the clock starts after warm-up.
  Clock::time_point start = Clock::now();
  fo.on_step = [&](int64_t step, double) {
    if (step + 1 == warmup) start = Clock::now();
  };
  auto fit = fit_critic(*critic, *bound, sample, fo);
  if (fit.diverged()) throw RunError("speed: the critic diverged (" + fit.diverged_why + ")");
  return ms_since(start) / static_cast<double>(steps);
}

Throughput measure_matmul(int64_t m, int64_t k, int64_t n, int64_t reps) {
  auto a = torch::randn({m, k}), b = torch::randn({k, n});
  auto c = torch::mm(a, b);  // warm-up, and the output buffer
  auto start = Clock::now();
  for (int64_t i = 0; i < reps; ++i) torch::mm_out(c, a, b);
  Throughput t;
  t.ms = ms_since(start) / static_cast<double>(reps);
  t.gflop = 2.0 * m * k * n / 1e9;
  t.gflops = t.gflop / (t.ms / 1e3);
  return t;
}

Throughput measure_infonce(int64_t n, int64_t d, int64_t reps, bool from_embeddings) {
  bounds::InfoNceBound bound;
  auto u = torch::randn({n, d}).div_(std::sqrt(static_cast<double>(d))).requires_grad_(true);
  auto v = torch::randn({n, d}).div_(std::sqrt(static_cast<double>(d))).requires_grad_(true);
  auto step = [&] {
    auto est = from_embeddings ? bounds::infonce_embeddings(u, v) : bound.forward(u.mm(v.t()));
    est.loss.backward();
  };
  step();
  Clock::time_point start = Clock::now();
  for (int64_t i = 0; i < reps; ++i) {
    u.mutable_grad().reset();
    v.mutable_grad().reset();
    step();
  }
  Throughput t;
  t.ms = ms_since(start) / static_cast<double>(reps);
  t.gflop = 6.0 * n * n * d / 1e9;
  t.gflops = t.gflop / (t.ms / 1e3);
  return t;
}

PeakMemory measure_concat_memory(int64_t k, const critics::CriticOptions& options) {
  const int64_t d = 20;
  torch::manual_seed(0);
  auto critic = critics::make_critic("concat", d, d, options);
  auto x = torch::randn({k, d}), y = torch::randn({k, d});
  // Warm up on a few rows first: BLAS and allocator set-up is not the critic's memory.
  critic->scores(x.narrow(0, 0, std::min<int64_t>(k, 16)), y.narrow(0, 0, std::min<int64_t>(k, 16))).sum().backward();
  critic->zero_grad();
  PeakMemory m;
  m.k = k;
  m.reset_ok = reset_peak_rss();
  m.baseline_bytes = current_rss_bytes();
  auto start = Clock::now();
  critic->scores(x, y).sum().backward();
  m.seconds = ms_since(start) / 1e3;
  m.peak_bytes = peak_rss_bytes();
  return m;
}

}  // namespace infotorch::bench
