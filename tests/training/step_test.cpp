// The step context: minimise updates exactly the named optimisers, through the reduction hook, clipping and the
// learning-rate schedule.
#include <gtest/gtest.h>

#include <cmath>

#include "../error_of.h"
#include "infotorch/core/error.h"
#include "infotorch/training/augment.h"
#include "infotorch/training/step.h"

namespace it = infotorch::training;

namespace {

// Two scalar parameters a and b, each with its own SGD optimiser (lr 1): an update is minus the gradient.
struct TwoParams {
  torch::Tensor a = torch::tensor({1.0}, torch::kFloat64).requires_grad_(), b = torch::tensor({2.0}, torch::kFloat64).requires_grad_();
  it::Optimisers opts;
  TwoParams() {
    opts.add("a", std::make_unique<torch::optim::SGD>(std::vector<torch::Tensor>{a}, torch::optim::SGDOptions(1.0)));
    opts.add("b", std::make_unique<torch::optim::SGD>(std::vector<torch::Tensor>{b}, torch::optim::SGDOptions(1.0)));
  }
  // d/da = 3, d/db = 4 (loss = 3a + 4b).
  torch::Tensor loss() const { return (3 * a + 4 * b).sum(); }
};

}  // namespace

TEST(TrainingStep, MinimiseStepsOnlyTheNamedOptimisers) {
  TwoParams p;
  auto gen = it::make_generator(0);
  it::StepContext ctx(p.opts, gen);
  ctx.minimise(p.loss(), "a");
  EXPECT_DOUBLE_EQ(p.a.item<double>(), 1.0 - 3.0);
  EXPECT_DOUBLE_EQ(p.b.item<double>(), 2.0);  // b got a gradient but its optimiser did not step
  // b's own minimise zeroes the stale gradient first: the update is one gradient, not two.
  ctx.minimise(p.loss(), "b");
  EXPECT_DOUBLE_EQ(p.b.item<double>(), 2.0 - 4.0);
  ctx.minimise(p.loss(), std::vector<std::string>{"a", "b"});
  EXPECT_DOUBLE_EQ(p.a.item<double>(), -2.0 - 3.0);
  EXPECT_DOUBLE_EQ(p.b.item<double>(), -2.0 - 4.0);
  EXPECT_THROW(ctx.minimise(p.loss(), "critic"), infotorch::Error);
  EXPECT_EQ(p.opts.names(), (std::vector<std::string>{"a", "b"}));
}

TEST(TrainingStep, ReductionHookClippingAndScheduleApplyInOrder) {
  TwoParams p;
  auto gen = it::make_generator(0);
  it::StepOptions o;
  int calls = 0;
  o.reduce_gradients = [&](std::vector<torch::Tensor>& grads) {
    ++calls;
    for (auto& g : grads) g.mul_(2.0);  // as if summed over two processes
  };
  o.clip_grad_norm = 5.0;
  it::StepContext ctx(p.opts, gen, o);
  ctx.minimise(p.loss(), std::vector<std::string>{"a", "b"});
  EXPECT_EQ(calls, 2);  // once per optimiser
  // Each optimiser clips its own gradients: a's is 6 -> 5, b's 8 -> 5 (LibTorch divides by norm + 1e-6).
  EXPECT_NEAR(p.a.item<double>(), 1.0 - 5.0, 1e-5);
  EXPECT_NEAR(p.b.item<double>(), 2.0 - 5.0, 1e-5);

  TwoParams q;
  it::StepOptions cosine;
  cosine.lr_schedule = "cosine";
  it::StepContext half(q.opts, gen, cosine, {0, 0, 50, 100});  // halfway: lr * 0.5
  half.minimise(q.loss(), "a");
  EXPECT_NEAR(q.a.item<double>(), 1.0 - 1.5, 1e-12);
  // The base rate is kept: a later step's factor applies to it, not to the last scheduled rate.
  it::StepContext start(q.opts, gen, cosine, {0, 0, 0, 100});
  start.minimise(q.loss(), "a");
  EXPECT_NEAR(q.a.item<double>(), -0.5 - 3.0, 1e-12);
}

TEST(TrainingStep, LearningRateFactors) {
  it::StepOptions o;
  EXPECT_DOUBLE_EQ(it::lr_factor(o, 10, 100), 1.0);
  o.lr_schedule = "cosine";
  EXPECT_DOUBLE_EQ(it::lr_factor(o, 0, 100), 1.0);
  EXPECT_NEAR(it::lr_factor(o, 50, 100), 0.5, 1e-12);
  EXPECT_NEAR(it::lr_factor(o, 100, 100), 0.0, 1e-12);
  EXPECT_DOUBLE_EQ(it::lr_factor(o, 10, 0), 1.0);  // unknown length: the base rate
  o.lr_schedule = "constant";
  o.warmup_steps = 4;
  EXPECT_DOUBLE_EQ(it::lr_factor(o, 0, 100), 0.25);
  EXPECT_DOUBLE_EQ(it::lr_factor(o, 3, 100), 1.0);
  EXPECT_DOUBLE_EQ(it::lr_factor(o, 9, 100), 1.0);
  o.lr_schedule = "linear";
  EXPECT_THROW(it::check(o), infotorch::Error);
}

TEST(TrainingStep, ANonFiniteLossStopsTheRunNamingTheStep) {
  TwoParams p;
  auto gen = it::make_generator(0);
  it::StepContext ctx(p.opts, gen, {}, {1, 4, 10, 100});  // epoch 2, step 5, global step 11
  try {
    ctx.minimise(p.loss() * std::numeric_limits<double>::quiet_NaN(), std::vector<std::string>{"a", "b"});
    ADD_FAILURE() << "no RunError";
  } catch (const infotorch::RunError& e) {
    EXPECT_STREQ(e.what(), "training diverged at step 11 (epoch 2, step 5): the loss of optimiser 'a', 'b' is NaN or Inf");
  }
  EXPECT_DOUBLE_EQ(p.a.item<double>(), 1.0);  // nothing stepped
}

TEST(TrainingStep, ANonFiniteGradientStopsOrIsSkippedLeavingEveryOptimiserAsItWas) {
  // loss = sqrt(a - 1) + b at a = 1: the loss is 0 + b (finite), d/da is +Inf.
  auto loss_of = [](const TwoParams& p) { return (torch::sqrt(p.a - 1.0) + p.b).sum(); };
  {
    TwoParams p;
    auto gen = it::make_generator(0);
    it::StepContext ctx(p.opts, gen);
    EXPECT_THROW(ctx.minimise(loss_of(p), std::vector<std::string>{"a", "b"}), infotorch::RunError);
  }
  TwoParams p;
  auto gen = it::make_generator(0);
  it::StepOptions o;
  o.on_nonfinite = "skip";
  it::StepContext ctx(p.opts, gen, o);
  ctx.minimise(loss_of(p), std::vector<std::string>{"a", "b"});
  EXPECT_TRUE(ctx.skipped());
  EXPECT_DOUBLE_EQ(p.a.item<double>(), 1.0);
  EXPECT_DOUBLE_EQ(p.b.item<double>(), 2.0);  // b's gradient was finite, but the step is skipped as a whole
  it::StepContext next(p.opts, gen, o);
  next.minimise(p.loss(), std::vector<std::string>{"a", "b"});  // a finite step afterwards updates as usual
  EXPECT_FALSE(next.skipped());
  EXPECT_DOUBLE_EQ(p.a.item<double>(), 1.0 - 3.0);
  EXPECT_DOUBLE_EQ(p.b.item<double>(), 2.0 - 4.0);
  o.on_nonfinite = "ignore";
  EXPECT_EQ(error_of([&] { it::check(o); }), "on_nonfinite: expected stop or skip, got 'ignore'");
}
