#include "infotorch/bench/suite.h"

#include <chrono>
#include <cmath>
#include <limits>

#include "infotorch/bounds/factory.h"
#include "infotorch/core/error.h"
#include "infotorch/core/random.h"
#include "infotorch/core/spec.h"
#include "infotorch/critics/factory.h"
#include "infotorch/estimate.h"
#include "infotorch/knn/estimate.h"
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

namespace {

void check(const SuiteOptions& o) {
  if (o.tasks.empty()) throw Error("tasks: expected at least one task");
  if (o.estimators.empty()) throw Error("estimators: expected at least one estimator");
  if (o.n < 4) throw Error("n: expected at least 4 samples, got " + std::to_string(o.n));
  if (o.seeds < 1) throw Error("seeds: expected at least 1, got " + std::to_string(o.seeds));
  if (o.max_steps < 1) throw Error("max_steps: expected at least 1, got " + std::to_string(o.max_steps));
}

}  // namespace

EstimateOptions variational_options(const SuiteOptions& o, const std::string& estimator, uint64_t seed) {
  EstimateOptions eo;
  eo.estimator = estimator;
  eo.seed = seed;
  eo.critic = o.critic;
  eo.batch_size = o.batch_size;
  eo.lr = o.lr;
  eo.steps = o.max_steps;
  eo.eval_every = o.eval_every;
  eo.patience = o.patience;
  eo.folds = 1;
  eo.test_fraction = o.test_fraction;
  eo.validation_fraction = o.validation_fraction;
  eo.copula = o.copula;
  eo.eval_batch_size = o.eval_batch;
  eo.device = o.device;
  return eo;
}

void declare(OptionList& list, SuiteOptions& o) {
  list.add("n", o.n, "samples per task and seed")
      .add("seeds", o.seeds, "seeds per task")
      .add("seed", o.seed, "first seed (seeds used: seed, seed + 1, ...)")
      .add("critic", o.critic, "critic spec of the variational estimators")
      .add("batch_size", o.batch_size, "training batch of the variational estimators")
      .add("lr", o.lr, "Adam learning rate")
      .add("max_steps", o.max_steps, "training steps at most")
      .add("eval_every", o.eval_every, "steps between validation readings")
      .add("patience", o.patience, "validation readings without a new best before stopping")
      .add("test_fraction", o.test_fraction, "held-out fraction the estimate is read on")
      .add("validation_fraction", o.validation_fraction, "fraction of the training rows that validates")
      .add("copula", o.copula, "variational estimators on each column's normal scores (false: the raw values)")
      .add("eval_batch", o.eval_batch, "held-out rows scored per block");
}

SuiteResult run_suite(const SuiteOptions& o) {
  check(o);
  std::vector<std::shared_ptr<tasks::Task>> tasks;
  for (const auto& t : o.tasks) tasks.push_back(tasks::make_task(t));
  // Every estimator spec and option checked before the first run: a small sample goes through the boundary.
  for (const auto& e : o.estimators) {
    if (bounds::is_bound_name(parse_spec(e).name)) {
      bounds::make_bound(e);
      critics::make_critic(parse_spec(o.critic), 1, 1);
    } else if (!knn::is_knn_name(parse_spec(e).name)) {
      throw Error("estimator '" + parse_spec(e).name + "' is unknown");
    }
  }
  SuiteResult result;
  const int64_t total = static_cast<int64_t>(o.tasks.size() * o.estimators.size()) * o.seeds;
  int64_t done = 0;
  for (size_t ti = 0; ti < tasks.size(); ++ti) {
    const auto& task = tasks[ti];
    std::vector<std::pair<torch::Tensor, torch::Tensor>> samples;
    for (int64_t s = 0; s < o.seeds; ++s) {
      auto gen = make_generator(o.seed + s);
      samples.push_back(task->sample(o.n, gen));
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
        EstimateOptions eo;
        if (bounds::is_bound_name(parse_spec(e).name)) {
          eo = variational_options(o, e, run.seed);
        } else {
          eo.estimator = e;
          eo.seed = run.seed;
        }
        try {
          auto r = estimate(samples[s].first, samples[s].second, eo);
          if (r.diverged()) throw RunError("estimator '" + r.estimator + "' diverged: " + r.diverged_why);
          run.estimate = r.mi_nats;
          run.steps = r.steps;
          values.push_back(run.estimate);
        } catch (const RunError& err) {  // a diverged critic: recorded, and the suite goes on
          run.estimate = std::nan("");
          run.failure = err.what();
          ++cell.failed;
        }
        run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        result.runs.push_back(run);
        if (o.progress) o.progress(++done, total, cell.task + " / " + e);
      }
      const double m = static_cast<double>(values.size());
      double sum = 0, abs_err = 0, sq = 0;
      for (double v : values) {
        sum += v;
        abs_err += std::abs(v - cell.true_mi);
      }
      cell.seeds = static_cast<int64_t>(values.size());
      cell.mean_estimate = m > 0 ? sum / m : std::nan("");
      cell.mae = m > 0 ? abs_err / m : std::nan("");
      for (double v : values) sq += (v - cell.mean_estimate) * (v - cell.mean_estimate);
      cell.std_estimate = values.size() > 1 ? std::sqrt(sq / (m - 1)) : 0.0;
      result.cells.push_back(cell);
    }
  }
  for (size_t e = 0; e < o.estimators.size(); ++e) {
    SuiteSummary row;
    row.estimator = o.estimators[e];
    double sum = 0;
    for (size_t i = e; i < result.cells.size(); i += o.estimators.size()) {
      const auto& c = result.cells[i];
      row.failed += c.failed;
      if (c.seeds > 0) {
        sum += c.mae;
        ++row.cells;
      }
    }
    row.mean_mae = row.cells > 0 ? sum / static_cast<double>(row.cells) : std::nan("");
    result.summary.push_back(row);
  }
  return result;
}

}  // namespace infotorch::bench
