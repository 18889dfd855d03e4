// The suite's protocol pieces: standardisation and the variational protocol (split, training, early
// stopping on the held-out estimate) on a task with known MI.
#include <gtest/gtest.h>

#include <cmath>

#include "infotorch/bench/suite.h"
#include "infotorch/core/error.h"
#include "infotorch/tasks/factory.h"

using namespace infotorch::bench;

TEST(BenchSuite, StandardiseGivesZeroMeanUnitStdColumns) {
  auto t = torch::stack({torch::arange(10, torch::kDouble) * 3 + 5, torch::full({10}, 2.0, torch::kDouble)}, 1);
  auto s = standardise(t);
  EXPECT_NEAR(s.select(1, 0).mean().item<double>(), 0, 1e-12);
  EXPECT_NEAR(s.select(1, 0).std().item<double>(), 1, 1e-12);
  EXPECT_NEAR(s.select(1, 1).abs().max().item<double>(), 0, 1e-12);  // constant column: only centred
}

TEST(BenchSuite, DefaultTasksAllBuildWithFiniteTruth) {
  for (const auto& spec : default_suite_tasks()) {
    auto task = infotorch::tasks::make_task(spec);
    EXPECT_TRUE(std::isfinite(task->mi()) && task->mi() >= 0) << spec;
  }
}

TEST(BenchSuite, VariationalProtocolRecoversBinormalMi) {
  auto task = infotorch::tasks::make_task("gaussian:d=1,rho=0.75");  // 0.4133 nats
  auto gen = infotorch::tasks::make_generator(3);
  auto [x, y] = task->sample(2000, gen);
  SuiteOptions o;
  o.critic_options.hidden = 64;
  o.max_steps = 600;
  o.eval_every = 50;
  auto [est, steps] = variational_estimate(standardise(x), standardise(y), "infonce", o, 0);
  EXPECT_NEAR(est, task->mi(), 0.12);
  EXPECT_GT(steps, 0);
  EXPECT_LE(steps, 600);
}

TEST(BenchSuite, UnknownTaskOrEstimatorFailsBeforeRunning) {
  SuiteOptions o;
  o.tasks = {"gaussian:d=1,rho=0.5", "nosuchtask"};
  EXPECT_THROW(run_suite(o), infotorch::Error);
  o.tasks = {"gaussian:d=1,rho=0.5"};
  o.estimators = {"smile:tau=5,bogus=1"};
  EXPECT_THROW(run_suite(o), infotorch::Error);
}
