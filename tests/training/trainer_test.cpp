// The shared trainer: a resumed run ends at the same weights as an uninterrupted one; logs and budgets.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <nlohmann/json.hpp>

#include "infotorch/core/error.h"
#include "infotorch/recipes/classifier.h"
#include "infotorch/recipes/dim.h"
#include "infotorch/recipes/simclr.h"
#include "infotorch/training/augment.h"
#include "infotorch/training/trainer.h"

namespace it = infotorch::training;
namespace ir = infotorch::recipes;

namespace {

// 192 random images in 4 classes (a class is a bright quadrant), enough for 6 steps of 32 per epoch.
it::Splits synthetic(int64_t n = 192) {
  auto g = it::make_generator(11);
  auto y = torch::randint(0, 4, {n}, g, torch::kInt64);
  auto x = torch::rand({n, 1, 28, 28}, g, torch::kFloat32) * 0.3;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t c = y[i].item<int64_t>();
    x[i].slice(1, (c / 2) * 14, (c / 2) * 14 + 14).slice(2, (c % 2) * 14, (c % 2) * 14 + 14).add_(0.6);
  }
  it::Batch train, test;
  train.inputs = x;
  train.labels = y;
  test.inputs = x.slice(0, 0, 64);
  test.labels = y.slice(0, 0, 64);
  return {std::make_shared<it::TensorDataset>(train), nullptr, std::make_shared<it::TensorDataset>(test)};
}

ir::SimclrOptions small_simclr() {
  ir::SimclrOptions o;
  o.encoder.c1 = 8;
  o.encoder.c2 = 16;
  o.encoder.dim = 32;
  o.hidden = 32;
  o.projection = 16;
  o.seed = 5;
  return o;
}

ir::DimOptions small_dim() {
  ir::DimOptions o;
  o.encoder.c1 = 8;
  o.encoder.c2 = 16;
  o.encoder.dim = 32;
  o.code = 16;
  o.critic = 16;
  o.alpha = 0.5;  // every term on, so every module and both optimisers are in the checkpoint
  o.augment = true;
  o.seed = 5;
  return o;
}

it::TrainOptions quick(const std::string& save = "", const std::string& resume = "") {
  it::TrainOptions o;
  o.epochs = 3;
  o.batch_size = 32;
  o.seed = 9;
  o.evaluators = "none";
  o.save_path = save;
  o.resume_path = resume;
  return o;
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("infotorch_h4_" + name + "_" + std::to_string(::getpid()))).string();
}

template <class Recipe, class Options>
void expect_resume_equals_uninterrupted(const Options& options, int64_t cut_after) {
  auto data = synthetic();
  Recipe whole(options);
  auto full = it::train(whole, data, quick());
  ASSERT_TRUE(full.finished);
  ASSERT_EQ(full.global_step, 18);

  const std::string ckpt = temp_path("resume.pt");
  Recipe first(options);
  auto o1 = quick(ckpt);
  o1.max_steps = cut_after;
  auto part = it::train(first, data, o1);
  EXPECT_FALSE(part.finished);
  EXPECT_EQ(part.global_step, cut_after);

  Recipe second(options);  // fresh weights from the seed, replaced by the checkpoint
  auto rest = it::train(second, data, quick("", ckpt));
  EXPECT_TRUE(rest.finished);
  EXPECT_EQ(rest.global_step, 18);
  torch::Tensor a = whole.flat_state(), b = second.flat_state();
  ASSERT_EQ(a.sizes(), b.sizes());
  EXPECT_TRUE(a.equal(b)) << "max |diff| = " << (a - b).abs().max().item<double>();
  // The log of the resumed run matches too, epoch by epoch.
  ASSERT_EQ(rest.epochs.size(), full.epochs.size());
  for (size_t i = 0; i < full.epochs.size(); ++i) {
    EXPECT_EQ(rest.epochs[i].steps, full.epochs[i].steps);
    EXPECT_DOUBLE_EQ(rest.epochs[i].loss, full.epochs[i].loss);
  }
  std::filesystem::remove(ckpt);
}

}  // namespace

TEST(TrainingResume, SimclrMidEpochResumeEqualsUninterrupted) {
  expect_resume_equals_uninterrupted<ir::SimclrRecipe>(small_simclr(), 8);  // cut inside epoch 2
}

TEST(TrainingResume, SimclrEpochBoundaryResumeEqualsUninterrupted) {
  expect_resume_equals_uninterrupted<ir::SimclrRecipe>(small_simclr(), 6);
}

TEST(TrainingResume, DimResumeEqualsUninterrupted) {
  expect_resume_equals_uninterrupted<ir::DimRecipe>(small_dim(), 10);
}

TEST(TrainingResume, ClassifierWithDropoutResumeEqualsUninterrupted) {
  // Dropout draws from LibTorch's default generator, which the trainer reseeds at every step.
  ir::ClassifierOptions o;
  o.net.model = "cnn";
  o.net.dropout = 0.5;
  o.net.input_shape = {1, 28, 28};
  o.net.classes = 4;
  o.seed = 5;
  expect_resume_equals_uninterrupted<ir::ClassifierRecipe>(o, 7);
}

TEST(TrainingResume, RejectsAnotherRecipesCheckpointAndOtherBatchSize) {
  auto data = synthetic();
  const std::string ckpt = temp_path("other.pt");
  ir::SimclrRecipe s(small_simclr());
  auto o = quick(ckpt);
  o.max_steps = 2;
  it::train(s, data, o);
  ir::DimRecipe d(small_dim());
  EXPECT_THROW(it::train(d, data, quick("", ckpt)), infotorch::Error);
  auto other = quick("", ckpt);
  other.batch_size = 16;
  ir::SimclrRecipe s2(small_simclr());
  EXPECT_THROW(it::train(s2, data, other), infotorch::Error);
  EXPECT_THROW(it::train(s2, data, quick("", ckpt + ".missing")), infotorch::Error);
  std::filesystem::remove(ckpt);
}

TEST(TrainingTrainer, WritesLogsAndPlot) {
  auto data = synthetic();
  const std::string dir = temp_path("logs");
  std::filesystem::remove_all(dir);
  ir::SimclrRecipe s(small_simclr());
  auto o = quick();
  o.epochs = 2;
  o.out_dir = dir;
  o.evaluators = "knn:bank=128,queries=64;probe:iterations=20";
  o.log_every = 2;
  int64_t calls = 0;
  std::set<std::string> phases;
  auto r = it::train(s, data, o, [&](const it::ProgressInfo& p) {
    ++calls;
    phases.insert(p.phase);
  });
  EXPECT_GE(calls, 12);
  EXPECT_EQ(phases, (std::set<std::string>{"train", "knn", "probe"}));
  ASSERT_EQ(r.epochs.size(), 2u);
  EXPECT_TRUE(std::isfinite(r.epochs[1].metrics.at("knn_accuracy")));
  EXPECT_TRUE(std::isfinite(r.final_metrics.at("probe_test_accuracy")));
  EXPECT_EQ(r.final_metrics.at("probe_features"), 32);
  EXPECT_EQ(r.metric("knn_accuracy"), r.epochs[1].metrics.at("knn_accuracy"));
  EXPECT_TRUE(std::isnan(r.metric("nothing")));
  EXPECT_EQ(r.steps.size(), 6u);
  auto j = nlohmann::json::parse(std::ifstream(dir + "/log.json"));
  EXPECT_EQ(j["epochs"].size(), 2u);
  EXPECT_NEAR(j["final"]["probe_test_accuracy"].get<double>(), r.final_metrics.at("probe_test_accuracy"), 1e-12);
  EXPECT_NEAR(j["epochs"][0]["metrics"]["knn_accuracy"].get<double>(), r.epochs[0].metrics.at("knn_accuracy"), 1e-12);
  std::ifstream csv(dir + "/epochs.csv");
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header,
            "epoch,steps,skipped,complete,loss,mi,seconds,samples_per_sec,knn_accuracy,probe_features,probe_test_accuracy,"
            "probe_train_accuracy,estimator_mi");
  EXPECT_TRUE(std::filesystem::exists(dir + "/steps.csv"));
  if (std::system("command -v gnuplot > /dev/null 2>&1") == 0) {
    EXPECT_TRUE(std::filesystem::exists(dir + "/training.png"));
  }
  std::filesystem::remove_all(dir);
}

TEST(TrainingTrainer, ZeroEpochsRunsOnlyTheEndEvaluators) {
  auto data = synthetic();
  ir::SimclrRecipe s(small_simclr());
  auto before = s.flat_state();
  auto o = quick();
  o.epochs = 0;
  o.evaluators = "";  // the recipe's own: knn (per epoch, so not here) and probe
  auto r = it::train(s, data, o);
  EXPECT_EQ(r.global_step, 0);
  EXPECT_TRUE(r.epochs.empty());
  EXPECT_EQ(r.final_metrics.count("probe_test_accuracy"), 1u);
  EXPECT_TRUE(s.flat_state().equal(before));
}

TEST(TrainingTrainer, RejectsBadOptionsNamingTheOption) {
  auto data = synthetic();
  ir::SimclrRecipe s(small_simclr());
  auto expect_error = [&](it::TrainOptions o, const std::string& start) {
    try {
      it::train(s, data, o);
      ADD_FAILURE() << "expected an Error starting with " << start;
    } catch (const infotorch::Error& e) {
      EXPECT_EQ(std::string(e.what()).rfind(start, 0), 0u) << e.what();
    }
  };
  auto o = quick();
  o.batch_size = 1000;
  expect_error(o, "batch_size: 1000 exceeds the 192 training samples");
  o = quick();
  o.max_minutes = -1;
  expect_error(o, "max_minutes:");
  o = quick();
  o.evaluators = "knn:bogus=1";
  expect_error(o, "evaluator 'knn': unknown option 'bogus'");
  o = quick();
  o.evaluators = "accuracy";  // SimCLR predicts no classes
  o.epochs = 1;
  expect_error(o, "recipe 'simclr' predicts no classes");
  o = quick();
  o.step.lr_schedule = "sawtooth";
  expect_error(o, "lr_schedule:");
  o = quick();
  o.world_size = 3;
  expect_error(o, "batch_size: 32 is not divisible by world_size 3");
  o = quick("", temp_path("missing.pt"));
  expect_error(o, "resume_path: no checkpoint at");
}

TEST(TrainingTrainer, ShardsSplitEachGlobalBatchAcrossRanksInTheSameOrder) {
  auto order = it::epoch_order(100, 4, 2);
  EXPECT_TRUE(order.equal(it::epoch_order(100, 4, 2)));
  EXPECT_FALSE(order.equal(it::epoch_order(100, 4, 3)));
  EXPECT_TRUE(std::get<0>(order.sort()).equal(torch::arange(100, torch::kInt64)));
  auto batch = order.slice(0, 0, 12);
  auto parts = torch::cat({it::shard(batch, 0, 3), it::shard(batch, 1, 3), it::shard(batch, 2, 3)});
  EXPECT_TRUE(parts.equal(batch));
  EXPECT_EQ(it::shard(batch, 1, 3).size(0), 4);
}
