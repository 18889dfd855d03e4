// The one critic-fitting loop: batches without replacement, early stopping on validation rows with the best
// reading restored, and divergence reported rather than thrown.
#include "infotorch/fit.h"

#include <gtest/gtest.h>

#include <dlfcn.h>

#include <set>
#include <tuple>

#include "infotorch/bounds/factory.h"
#include "infotorch/core/error.h"
#include "infotorch/critics/factory.h"
#include "infotorch/tasks/factory.h"

using namespace infotorch;

TEST(Fit, BatchesNeverHoldARowTwiceAndEachPassCoversEveryRow) {
  // 10 rows in batches of 4: two batches per pass, the rest of a pass is skipped, never glued to the next.
  RowBatches batches(10, 4, /*seed=*/1);
  for (int pass = 0; pass < 50; ++pass) {
    std::set<int64_t> seen;
    for (int b = 0; b < 2; ++b) {
      auto idx = batches.next();
      ASSERT_EQ(idx.size(0), 4);
      std::set<int64_t> in_batch;
      for (int64_t i = 0; i < 4; ++i) in_batch.insert(idx[i].item<int64_t>());
      EXPECT_EQ(in_batch.size(), 4u) << "a batch holds a row twice";
      for (auto r : in_batch) EXPECT_TRUE(seen.insert(r).second) << "a row twice in one pass";
    }
  }
  // A batch of all the rows is a permutation each time.
  RowBatches all(7, 7, 2);
  for (int i = 0; i < 20; ++i) EXPECT_TRUE(torch::equal(std::get<0>(all.next().sort()), torch::arange(7)));
  EXPECT_THROW(RowBatches(5, 6, 0), Error);
  EXPECT_THROW(RowBatches(5, 0, 0), Error);
}

TEST(Fit, TheSamplerOverRowsKeepsPairsTogether) {
  auto x = torch::arange(20, torch::kFloat).view({20, 1});
  auto y = x * 10;
  auto sample = row_sampler(x, y, 8, 3);
  for (int64_t s = 0; s < 10; ++s) {
    auto [bx, by] = sample(s);
    EXPECT_TRUE(torch::equal(by, bx * 10));
    EXPECT_EQ(std::get<0>(torch::_unique(bx)).size(0), 8);
  }
}

namespace {

std::pair<torch::Tensor, torch::Tensor> task_pairs(const std::string& task, int64_t n, uint64_t seed) {
  auto gen = make_generator(seed);
  auto [x, y] = tasks::make_task(task)->sample(n, gen);
  return {x.to(torch::kFloat), y.to(torch::kFloat)};
}

}  // namespace

TEST(Fit, EarlyStoppingRestoresTheBestValidationReading) {
  auto [x, y] = task_pairs("gaussian:d=2,rho=0.8", 1200, 5);
  torch::manual_seed(0);
  auto critic = critics::make_critic(parse_spec("separable:hidden=32"), 2, 2);
  auto bound = bounds::make_bound("infonce");
  FitOptions o;
  o.steps = 2000;
  o.lr = 1e-2;  // fast, so that validation peaks and then stalls or overfits
  o.eval_every = 20;
  o.patience = 3;
  Validation val{x.slice(0, 1000), y.slice(0, 1000)};
  auto r = fit_critic(*critic, *bound, row_sampler(x.slice(0, 0, 1000), y.slice(0, 0, 1000), 64, 1), o, &val);
  EXPECT_FALSE(r.diverged());
  EXPECT_LT(r.steps, o.steps) << "patience 3 never stopped the run";
  ASSERT_FALSE(r.validation.empty());
  double best = -1e9;
  int64_t best_steps = -1;
  for (auto [steps, v] : r.validation)
    if (v > best) best = v, best_steps = steps;
  EXPECT_EQ(r.best_steps, best_steps);
  EXPECT_DOUBLE_EQ(r.best_validation, best);
  // The last patience readings are no better than the best, and the critic read now is the best one.
  EXPECT_EQ(r.validation.back().first, r.steps);
  EXPECT_EQ(static_cast<int64_t>(r.validation.size()) - 1 - 3, (best_steps / 20) - 1);
  EXPECT_NEAR(read_held_out(*critic, *bound, val.x, val.y, 4096).mean(), best, 1e-6);
}

TEST(Fit, WithoutValidationEveryStepRunsAndTheTailIsTheLastTenth) {
  auto [x, y] = task_pairs("gaussian:d=1,rho=0.5", 300, 2);
  torch::manual_seed(0);
  auto critic = critics::make_critic(parse_spec("separable:hidden=8"), 1, 1);
  auto bound = bounds::make_bound("nwj");
  FitOptions o;
  o.steps = 50;
  std::vector<double> trace;
  o.on_step = [&](int64_t step, double v) {
    EXPECT_EQ(step, static_cast<int64_t>(trace.size()));
    trace.push_back(v);
  };
  auto r = fit_critic(*critic, *bound, row_sampler(x, y, 32, 0), o);
  EXPECT_EQ(r.steps, 50);
  EXPECT_EQ(r.best_steps, -1);
  ASSERT_EQ(trace.size(), 50u);
  double tail = 0;
  for (size_t i = 45; i < 50; ++i) tail += trace[i] / 5;
  EXPECT_NEAR(r.train_tail, tail, 1e-12);
}

namespace {

// A critic whose scores blow up to Inf from its fourth call on: a constructed divergence.
class Exploding : public critics::Critic {
 public:
  Exploding() { w_ = register_parameter("w", torch::ones({1})); }
  torch::Tensor scores(const torch::Tensor& x, const torch::Tensor& y) override {
    auto s = w_ * x.mm(y.t());
    return ++calls_ > 3 ? s * std::numeric_limits<float>::infinity() : s;
  }
  torch::Tensor paired(const torch::Tensor& x, const torch::Tensor& y) override { return (x * y).sum(1) * w_; }

 private:
  torch::Tensor w_;
  int calls_ = 0;
};

}  // namespace

TEST(Fit, ADivergingCriticIsReportedWithItsStep) {
  auto [x, y] = task_pairs("gaussian:d=1,rho=0.5", 200, 2);
  Exploding critic;
  auto bound = bounds::make_bound("nwj");
  FitOptions o;
  o.steps = 100;
  auto r = fit_critic(critic, *bound, row_sampler(x, y, 16, 0), o);
  EXPECT_TRUE(r.diverged());
  EXPECT_EQ(r.diverged_at, 3);
  EXPECT_EQ(r.steps, 3);
  EXPECT_NE(r.diverged_why.find("NaN or Inf"), std::string::npos);
}

TEST(Fit, BadOptionsNameTheOption) {
  auto [x, y] = task_pairs("gaussian:d=1,rho=0.5", 100, 2);
  auto critic = critics::make_critic(parse_spec("separable:hidden=4"), 1, 1);
  auto bound = bounds::make_bound("nwj");
  auto message = [&](FitOptions o) {
    try {
      fit_critic(*critic, *bound, row_sampler(x, y, 16, 0), o);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  FitOptions o;
  o.steps = 0;
  EXPECT_EQ(message(o).rfind("steps:", 0), 0u);
  o = {};
  o.lr = -1;
  EXPECT_EQ(message(o).rfind("lr", 0), 0u);
  o = {};
  o.patience = -1;
  EXPECT_EQ(message(o).rfind("patience:", 0), 0u);
}

TEST(Fit, HeldOutMedianIgnoresOneExtremeBlockWhereTheMeanFollowsIt) {
  HeldOut odd{{1.0, 1e6, 2.0}, {10, 10, 10}};
  EXPECT_DOUBLE_EQ(odd.median(), 2.0);
  EXPECT_GT(odd.mean(), 3e5);
  HeldOut even{{4.0, 1.0, -1e9, 3.0}, {10, 10, 10, 10}};
  EXPECT_DOUBLE_EQ(even.median(), 2.0);  // the mean of the middle two (1 and 3)
  EXPECT_TRUE(std::isnan(HeldOut{}.median()));
}

TEST(Fit, TheDerangedCriticUnderGanDimeLearnsAGaussianPairsMi) {
  // 2-d Gaussian, I = 2 * -log(1 - 0.8^2) / 2 = 1.022 nats.
  auto [x, y] = task_pairs("gaussian:d=2,rho=0.8", 6000, 3);
  torch::manual_seed(0);
  auto critic = critics::make_critic(parse_spec("deranged:hidden=64"), 2, 2);
  auto bound = bounds::make_bound("gan-dime");
  FitOptions o;
  o.steps = 1500;
  o.lr = 1e-3;
  auto r = fit_critic(*critic, *bound, row_sampler(x.slice(0, 0, 5000), y.slice(0, 0, 5000), 128, 1), o);
  ASSERT_FALSE(r.diverged());
  const double held = read_held_out(*critic, *bound, x.slice(0, 5000), y.slice(0, 5000), 1000).mean();
  EXPECT_NEAR(held, 1.022, 0.15);
}

TEST(Fit, TrainingLeavesTheThreadCountAsItFoundIt) {
  // fit_critic runs LibTorch's pool on one thread where OpenBLAS does the products, and OpenBLAS on one thread
  // too when the critic's network sees at most 512 rows a step (runtime.h); both are restored.
  const int before = torch::get_num_threads();
  torch::set_num_threads(2);
  using GetThreads = int (*)();
  auto* blas_threads = reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  const bool openblas = dlsym(RTLD_DEFAULT, "openblas_set_num_threads") != nullptr;
  auto [x, y] = task_pairs("gaussian:d=1,rho=0.5", 200, 2);
  // separable at K = 16: 32 rows (small); concat at K = 32: 1,024 rows (not small).
  for (const auto& [spec, k, small] : std::vector<std::tuple<std::string, int64_t, bool>>{
           {"separable:hidden=8", 16, true}, {"concat:hidden=8", 32, false}}) {
    auto critic = critics::make_critic(parse_spec(spec), 1, 1);
    auto bound = bounds::make_bound("nwj");
    FitOptions o;
    o.steps = 5;
    int during = -1, blas_during = -1;
    o.on_step = [&](int64_t, double) {
      during = torch::get_num_threads();
      if (blas_threads) blas_during = blas_threads();
    };
    fit_critic(*critic, *bound, row_sampler(x, y, k, 0), o);
    EXPECT_EQ(torch::get_num_threads(), 2) << spec;
    EXPECT_EQ(during, openblas ? 1 : 2) << spec;
    if (blas_threads) {
      EXPECT_EQ(blas_during, small ? 1 : 2) << spec;
      EXPECT_EQ(blas_threads(), 2) << spec;
    }
  }
  torch::set_num_threads(before);
}
