// The suite's protocol: every estimator through estimate(), early stopping on validation rows for the
// variational ones, summary rows computed by the library.
#include <gtest/gtest.h>

#include <cmath>

#include "infotorch/bench/suite.h"
#include "infotorch/core/error.h"
#include "infotorch/tasks/factory.h"

using namespace infotorch::bench;
using infotorch::OptionList;

TEST(BenchSuite, DefaultTasksAllBuildWithFiniteTruth) {
  for (const auto& spec : default_suite_tasks()) {
    auto task = infotorch::tasks::make_task(spec);
    EXPECT_TRUE(std::isfinite(task->mi()) && task->mi() >= 0) << spec;
  }
}

TEST(BenchSuite, VariationalProtocolRecoversBinormalMiAndStopsEarly) {
  SuiteOptions o;
  o.tasks = {"gaussian:d=1,rho=0.75"};  // 0.4133 nats
  o.estimators = {"infonce", "ksg:k=3"};
  o.n = 2000;
  o.seeds = 2;
  o.seed = 3;
  o.critic = "separable:hidden=64";
  o.max_steps = 600;
  o.eval_every = 50;
  o.patience = 3;
  auto r = run_suite(o);
  ASSERT_EQ(r.runs.size(), 4u);
  ASSERT_EQ(r.cells.size(), 2u);
  for (const auto& run : r.runs) {
    EXPECT_NEAR(run.estimate, run.true_mi, 0.12) << run.estimator << " seed " << run.seed;
    EXPECT_TRUE(run.failure.empty());
    if (run.estimator == "infonce") {
      EXPECT_GT(run.steps, 0);
      EXPECT_LE(run.steps, 600);
    }
  }
  // The summary rows are the mean of the cells' MAE over tasks, computed by the library.
  ASSERT_EQ(r.summary.size(), 2u);
  EXPECT_EQ(r.summary[0].estimator, "infonce");
  EXPECT_DOUBLE_EQ(r.summary[0].mean_mae, r.cells[0].mae);
  EXPECT_EQ(r.summary[1].cells, 1);
}

TEST(BenchSuite, SummaryAveragesCellsOverTasks) {
  SuiteOptions o;
  o.tasks = {"gaussian:d=1,rho=0.5", "gaussian:d=1,rho=0.9"};
  o.estimators = {"ksg:k=3", "gaussian"};
  o.n = 500;
  o.seeds = 2;
  auto r = run_suite(o);
  ASSERT_EQ(r.cells.size(), 4u);
  for (size_t e = 0; e < 2; ++e) {
    const double want = (r.cells[e].mae + r.cells[2 + e].mae) / 2;
    EXPECT_NEAR(r.summary[e].mean_mae, want, 1e-12);
    EXPECT_EQ(r.summary[e].cells, 2);
    EXPECT_EQ(r.summary[e].failed, 0);
  }
}

TEST(BenchSuite, VariationalRunsUseTheDeclaredOptions) {
  SuiteOptions o;
  OptionList list;
  declare(list, o);
  list.set("max_steps", "123");
  list.set("critic", "concat:hidden=8");
  auto eo = variational_options(o, "smile:tau=5", 7);
  EXPECT_EQ(eo.steps, 123);
  EXPECT_EQ(eo.critic, "concat:hidden=8");
  EXPECT_EQ(eo.folds, 1);
  EXPECT_EQ(eo.patience, o.patience);
  EXPECT_EQ(eo.seed, 7u);
}

TEST(BenchSuite, UnknownTaskOrEstimatorFailsBeforeRunning) {
  SuiteOptions o;
  o.tasks = {"gaussian:d=1,rho=0.5", "nosuchtask"};
  EXPECT_THROW(run_suite(o), infotorch::Error);
  o.tasks = {"gaussian:d=1,rho=0.5"};
  o.estimators = {"smile:tau=5,bogus=1"};
  EXPECT_THROW(run_suite(o), infotorch::Error);
}
