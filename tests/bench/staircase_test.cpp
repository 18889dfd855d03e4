// The staircase runner: its summaries are the plain statistics of the trace, and a short run shows
// the orderings theory predicts (Poole et al. 2019, Fig. 2; Song & Ermon 2020, Fig. 1):
// InfoNCE never above log K; NWJ's variance grows with the true MI; SMILE(tau=5) varies less than NWJ.
#include <gtest/gtest.h>

#include <cmath>

#include "infotorch/bench/staircase.h"
#include "infotorch/core/error.h"
#include "infotorch/core/runtime.h"

using namespace infotorch::bench;

TEST(BenchStaircase, SummaryIsMeanBiasAndStdOfTheLastWindowOfEachStage) {
  StaircaseOptions o;
  o.stages = {2, 4};
  o.steps_per_stage = 8;  // window = min(1000, 8 / 4) = 2
  EXPECT_EQ(summary_window(o), 2);
  StaircaseTrace t;
  t.estimator = "x";
  t.estimate = {0, 0, 0, 0, 0, 0, 1, 3, 9, 9, 9, 9, 9, 9, 4, 4};
  t.true_mi = {2, 2, 2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 4, 4};
  auto s = summarize(t, o);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_DOUBLE_EQ(s[0].mean, 2.0);
  EXPECT_DOUBLE_EQ(s[0].bias, 0.0);
  EXPECT_DOUBLE_EQ(s[0].std, std::sqrt(2.0));  // sample std of {1, 3}
  EXPECT_DOUBLE_EQ(s[1].mean, 4.0);
  EXPECT_DOUBLE_EQ(s[1].std, 0.0);
  EXPECT_EQ(s[1].window, 2);
  o.steps_per_stage = 4000;
  EXPECT_EQ(summary_window(o), 1000);
}

TEST(BenchStaircase, BadOptionsAreRejectedBeforeTraining) {
  StaircaseOptions o;
  o.estimators = {"infonce", "nce"};
  try {
    run_staircase(o);
    FAIL() << "expected an error";
  } catch (const infotorch::Error& e) {
    EXPECT_NE(std::string(e.what()).find("nce"), std::string::npos) << e.what();
  }
  o.estimators = {"infonce"};
  o.critic = "mlp";
  EXPECT_THROW(run_staircase(o), infotorch::Error);
  o.critic = "separable";
  o.steps_per_stage = 0;
  EXPECT_THROW(run_staircase(o), infotorch::Error);
}

TEST(BenchStaircase, ShortRunShowsTheTheoreticalOrderings) {
  StaircaseOptions o;
  o.estimators = {"infonce", "nwj", "smile:tau=5"};
  o.critic = "separable:hidden=128";
  o.stages = {2, 8};
  o.steps_per_stage = 300;  // summarised over the last 75 steps of each stage
  auto r = run_staircase(o);
  ASSERT_EQ(r.traces.size(), 3u);
  ASSERT_EQ(r.stages.size(), 6u);
  auto stage = [&](const std::string& e, int64_t st) {
    for (const auto& s : r.stages)
      if (s.estimator == e && s.stage == st) return s;
    ADD_FAILURE() << e;
    return StageSummary{};
  };
  const double log_k = std::log(64.0);
  for (double v : r.traces[0].estimate) ASSERT_LE(v, log_k + 1e-5);
  // The critic learns: InfoNCE at 2 nats is well above 0, and saturates below log K at 8 nats.
  EXPECT_GT(stage("infonce", 0).mean, 1.0);
  EXPECT_LT(stage("infonce", 1).mean, log_k);
  EXPECT_GT(stage("infonce", 1).mean, stage("infonce", 0).mean);
  // NWJ: variance grows with MI.
  EXPECT_GT(stage("nwj", 1).std, 1.5 * stage("nwj", 0).std);
  // SMILE's clipped estimate varies less than NWJ's at high MI.
  EXPECT_LT(stage("smile:tau=5", 1).std, stage("nwj", 1).std);
}

TEST(BenchStaircase, ParallelJobsGiveTheSameTracesAsOneAtATime) {
  // One thread per job, so that both runs sum in the same order: the critics are seeded and initialised
  // under a lock, and every run draws its batches from its own generator.
  const int before = torch::get_num_threads();
  infotorch::set_threads(1);
  StaircaseOptions o;
  o.estimators = {"infonce", "nwj", "smile:tau=5", "js"};
  o.critic = "concat:hidden=32";
  o.stages = {2, 4};
  o.steps_per_stage = 15;
  const auto one = run_staircase(o);
  o.jobs = 3;
  int reports = 0;
  o.progress_every = 1;
  o.progress = [&reports](const std::string&, int64_t, int64_t, double) { ++reports; };  // serialised by the runner
  const auto parallel = run_staircase(o);
  infotorch::set_threads(before);
  EXPECT_EQ(reports, 4 * 30);
  ASSERT_EQ(parallel.traces.size(), one.traces.size());
  for (size_t i = 0; i < one.traces.size(); ++i) {
    EXPECT_EQ(parallel.traces[i].estimator, one.traces[i].estimator);
    EXPECT_EQ(parallel.traces[i].estimate, one.traces[i].estimate) << one.traces[i].estimator;
  }
  ASSERT_EQ(parallel.stages.size(), one.stages.size());
  o.jobs = 0;
  EXPECT_THROW(run_staircase(o), infotorch::Error);
}

namespace infotorch::bench {
namespace {

TEST(BenchStaircase, ADivergingCriticIsRecordedAsNanFromThatStepOn) {
  // An absurd learning rate drives NWJ's exp(score - 1) to overflow within a few steps (then Adam turns the
  // infinite gradients into NaN weights); the run must go on
  // (NaN from the first non-finite score matrix), not abort the benchmark.
  StaircaseOptions o;
  o.estimators = {"nwj"};
  // ELU: no dead units; with ReLU this learning rate just silences the critic.
  o.critic = "separable:hidden=16,activation=elu";
  o.stages = {2, 4};
  o.steps_per_stage = 20;
  o.lr = 1e4;
  StaircaseResult r;
  ASSERT_NO_THROW(r = run_staircase(o));
  ASSERT_EQ(r.traces.size(), 1u);
  const auto& t = r.traces[0];
  ASSERT_EQ(t.estimate.size(), 40u);
  ASSERT_GE(t.diverged_at, 1) << "the first step has finite scores from the initial weights";
  ASSERT_LT(t.diverged_at, 40);
  for (int64_t s = t.diverged_at; s < 40; ++s) EXPECT_TRUE(std::isnan(t.estimate[s])) << s;
  EXPECT_TRUE(std::isnan(r.stages.back().mean));
  EXPECT_DOUBLE_EQ(t.true_mi.back(), 4.0);
}

}  // namespace
}  // namespace infotorch::bench
