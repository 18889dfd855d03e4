#include "infotorch/bench/suite.h"

#include <chrono>
#include <cmath>
#include <limits>

#include "infotorch/bounds/factory.h"
#include "infotorch/core/error.h"
#include "infotorch/core/spec.h"
#include "infotorch/critics/factory.h"
#include "infotorch/estimate.h"
#include "infotorch/tasks/factory.h"

namespace infotorch::bench {

const std::vector<std::string>& default_suite_tasks() {
  static const std::vector<std::string> tasks{
      "gaussian:d=1,rho=0.75",                      // 1-D binormal, 0.4133
      "gaussian:d=1,rho=0.75,transform=halfcube",   // monotone maps leave MI unchanged
      "gaussian:d=1,rho=0.75,transform=asinh",
      "gaussian:d=1,rho=0.75,transform=normalcdf",
      "uniform:eps=0.1",                            // additive uniform noise, 1.7094
      "uniform:eps=0.75",                           // 0.3333
      "student:dx=1,dy=1,nu=1",                     // 0.2242
      "student:dx=2,dy=2,nu=1",
      "student:dx=2,dy=2,nu=2",
      "student:dx=3,dy=3,nu=2",
      "student:dx=5,dy=5,nu=2",
      "dense:dx=2,dy=2",                            // 0.2939
      "dense:dx=5,dy=5",                            // 0.5928
      "dense:dx=25,dy=25",                          // 1.2922
      "dense:dx=50,dy=50",                          // 1.6243
      "sparse:dx=5,dy=5,k=2",                       // two pairs with rho = 0.8, 1.0217
      "dense:dx=3,dy=3,transform=spiral",
      "swissroll",                                  // 0.4133
  };
  return tasks;
}

torch::Tensor standardise(const torch::Tensor& t) {
  auto mean = t.mean(0, true);
  auto sd = t.std(0, true, true);
  sd = torch::where(sd > 0, sd, torch::ones_like(sd));
  return (t - mean) / sd;
}

namespace {

bool is_variational(const std::string& spec) { return bounds::is_bound_name(parse_spec(spec).name); }

void check(const SuiteOptions& o) {
  if (o.tasks.empty()) throw Error("suite: expected at least one task");
  if (o.estimators.empty()) throw Error("suite: expected at least one estimator");
  if (o.n < 4) throw Error("suite: n must be >= 4, got " + std::to_string(o.n));
  if (o.seeds < 1) throw Error("suite: seeds must be >= 1, got " + std::to_string(o.seeds));
  if (!(o.test_fraction > 0 && o.test_fraction < 1)) throw Error("suite: test_fraction must be in (0, 1)");
  if (o.batch_size < 2 || o.max_steps < 1 || o.eval_every < 1 || o.patience < 1 || o.eval_batch < 2)
    throw Error("suite: batch_size, eval_batch >= 2 and max_steps, eval_every, patience >= 1 expected");
}

// Mean of the bound over blocks of `block` held-out rows.
double held_out(critics::Critic& critic, bounds::Bound& bound, const torch::Tensor& x, const torch::Tensor& y,
                int64_t block) {
  torch::NoGradGuard no_grad;
  const int64_t n = x.size(0), blocks = std::max<int64_t>(1, n / block), size = n / blocks;
  double sum = 0;
  for (int64_t b = 0; b < blocks; ++b)
    sum += bound.forward(critic.scores(x.narrow(0, b * size, size), y.narrow(0, b * size, size))).mi.item<double>();
  return sum / static_cast<double>(blocks);
}

}  // namespace

std::pair<double, int64_t> variational_estimate(const torch::Tensor& x, const torch::Tensor& y,
                                                const std::string& estimator, const SuiteOptions& o, uint64_t seed) {
  auto gen = tasks::make_generator(seed * 7919 + 17);
  const int64_t n = x.size(0), n_test = std::max<int64_t>(2, static_cast<int64_t>(std::llround(n * o.test_fraction)));
  const int64_t n_train = n - n_test;
  if (n_train < 2) throw Error("suite: too few training samples");
  auto perm = torch::randperm(n, gen, torch::kLong);
  auto dev = o.critic_options.device;
  auto xf = x.to(torch::kFloat).to(dev), yf = y.to(torch::kFloat).to(dev);
  auto train_idx = perm.narrow(0, 0, n_train).to(dev), test_idx = perm.narrow(0, n_train, n_test).to(dev);
  auto x_train = xf.index_select(0, train_idx), y_train = yf.index_select(0, train_idx);
  auto x_test = xf.index_select(0, test_idx), y_test = yf.index_select(0, test_idx);

  torch::manual_seed(seed);
  auto critic = critics::make_critic(o.critic, x.size(1), y.size(1), o.critic_options);
  auto bound = bounds::make_bound(estimator);
  auto eval_bound = bounds::make_bound(estimator);  // reading out never touches the training bound's state
  bound->to(dev);
  eval_bound->to(dev);
  std::vector<torch::Tensor> params = critic->parameters();
  for (auto& p : bound->parameters()) params.push_back(p);
  torch::optim::Adam opt(params, torch::optim::AdamOptions(o.lr));
  const int64_t batch = std::min(o.batch_size, n_train);

  double best = -std::numeric_limits<double>::infinity();
  int64_t since_best = 0, step = 0;
  while (step < o.max_steps) {
    auto idx = torch::randint(n_train, {batch}, gen, torch::kLong).to(dev);
    auto est = bound->forward(critic->scores(x_train.index_select(0, idx), y_train.index_select(0, idx)));
    opt.zero_grad();
    est.loss.backward();
    opt.step();
    ++step;
    if (step % o.eval_every == 0 || step == o.max_steps) {
      // Copy the shared-parameter state (e.g. TUBA's baseline) into the read-out bound.
      auto src = bound->parameters(), dst = eval_bound->parameters();
      {
        torch::NoGradGuard no_grad;
        for (size_t i = 0; i < src.size() && i < dst.size(); ++i) dst[i].copy_(src[i]);
      }
      double v = held_out(*critic, *eval_bound, x_test, y_test, std::min(o.eval_batch, n_test));
      if (std::isfinite(v) && v > best) {
        best = v;
        since_best = 0;
      } else if (++since_best >= o.patience) {
        break;
      }
    }
  }
  return {best, step};
}

SuiteResult run_suite(const SuiteOptions& o) {
  check(o);
  std::vector<std::shared_ptr<tasks::Task>> tasks;
  for (const auto& t : o.tasks) tasks.push_back(tasks::make_task(t));
  for (const auto& e : o.estimators) {
    if (is_variational(e)) bounds::make_bound(e);
  }
  SuiteResult result;
  const int64_t total = static_cast<int64_t>(o.tasks.size() * o.estimators.size()) * o.seeds;
  int64_t done = 0;
  for (size_t ti = 0; ti < tasks.size(); ++ti) {
    const auto& task = tasks[ti];
    std::vector<std::pair<torch::Tensor, torch::Tensor>> samples;
    for (int64_t s = 0; s < o.seeds; ++s) {
      auto gen = tasks::make_generator(o.seed + s);
      auto xy = task->sample(o.n, gen);
      samples.emplace_back(standardise(xy.first), standardise(xy.second));
    }
    for (const auto& e : o.estimators) {
      SuiteCell cell;
      cell.task = o.tasks[ti];
      cell.estimator = e;
      cell.true_mi = task->mi();
      std::vector<double> values;
      for (int64_t s = 0; s < o.seeds; ++s) {
        SuiteRun run;
        run.task = o.tasks[ti];
        run.estimator = e;
        run.seed = o.seed + s;
        run.true_mi = task->mi();
        auto start = std::chrono::steady_clock::now();
        if (is_variational(e)) {
          auto r = variational_estimate(samples[s].first, samples[s].second, e, o, run.seed);
          run.estimate = r.first;
          run.steps = r.second;
        } else {
          EstimateOptions eo;
          eo.estimator = e;
          eo.seed = run.seed;
          run.estimate = estimate(samples[s].first, samples[s].second, eo).mi_nats;
        }
        run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        values.push_back(run.estimate);
        result.runs.push_back(run);
        if (o.progress) o.progress(++done, total, cell.task + " / " + e);
      }
      double sum = 0, abs_err = 0;
      for (double v : values) {
        sum += v;
        abs_err += std::abs(v - cell.true_mi);
      }
      const double m = static_cast<double>(values.size());
      cell.mean_estimate = sum / m;
      cell.mae = abs_err / m;
      double sq = 0;
      for (double v : values) sq += (v - cell.mean_estimate) * (v - cell.mean_estimate);
      cell.std_estimate = values.size() > 1 ? std::sqrt(sq / (m - 1)) : 0.0;
      cell.seeds = static_cast<int64_t>(values.size());
      result.cells.push_back(cell);
    }
  }
  return result;
}

}  // namespace infotorch::bench
