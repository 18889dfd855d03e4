// The GAN recipes with an MI term (InfoGAN, cgan-mi): tiny Fashion-MNIST runs raise the categorical code's L_I
// towards log 10 with lambda = 1 and leave it lower with lambda = 0 (Q still fitted: the code is ignored), any lower
// bound can be the MI term, the pictures are written, bad options name themselves.
#include "infotorch/recipes/infogan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "../error_of.h"
#include "infotorch/core/random.h"
#include "infotorch/training/dataset.h"
#include "infotorch/training/trainer.h"

namespace it = infotorch::training;
namespace ir = infotorch::recipes;

namespace {
const it::Splits& tiny_data() {
  static const it::Splits data = it::load_idx({it::DataOptions{}.data_dir, 2048, 500});
  return data;
}
ir::InfoGanOptions tiny(ir::InfoGanOptions o = {}) {
  o.width = 8;
  o.input_shape = {1, 28, 28};
  return o;
}
it::TrainResult run(ir::InfoGanRecipe& r, int64_t epochs = 4) {
  it::TrainOptions t;
  t.epochs = epochs;
  t.batch_size = 32;
  t.evaluators = "cluster";
  return it::train(r, tiny_data(), t);
}
}  // namespace

TEST(RecipesInfoGan, TheMiTermCarriesTheCodeAndLambdaZeroLeavesItLower) {
  if (!std::filesystem::exists(it::DataOptions{}.data_dir)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  ir::InfoGanRecipe with(tiny()), without(tiny([] { ir::InfoGanOptions o; o.lambda = 0; return o; }()));
  auto a = run(with), b = run(without);
  ASSERT_EQ(a.epochs.size(), 4u);
  const double ceiling = std::log(10.0);
  EXPECT_LE(a.epochs.back().mi, ceiling + 1e-6);
  // 256 steps: lambda = 1 reaches most of log 10 (1.90 nats when written); without it Q can only read what G
  // happens to leave (0.12).
  EXPECT_GT(a.epochs.back().mi, 0.6 * ceiling) << a.epochs.back().mi;
  EXPECT_LT(b.epochs.back().mi, a.epochs.back().mi - 0.5) << b.epochs.back().mi << " vs " << a.epochs.back().mi;
  EXPECT_TRUE(std::isfinite(a.final_metrics.at("test_cluster_accuracy")));
}

TEST(RecipesInfoGan, AnyLowerBoundCanBeTheMiTerm) {
  if (!std::filesystem::exists(it::DataOptions{}.data_dir)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  for (const char* mi : {"infonce", "js"}) {
    auto o = tiny();
    o.mi = mi;
    ir::InfoGanRecipe r(o);
    auto res = run(r);
    EXPECT_GT(res.epochs.back().mi, res.epochs.front().mi) << mi;
    // The code read from images through the critic: one score per code value.
    EXPECT_EQ(r.logits(tiny_data().test->get(torch::arange(5, torch::kInt64)).inputs).sizes(),
              (std::vector<int64_t>{5, 10}));
  }
}

TEST(RecipesInfoGan, TheConditionalGeneratorGeneratesTheAskedShapeAndDrawsItsGrids) {
  if (!std::filesystem::exists(it::DataOptions{}.data_dir)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  auto dir = std::filesystem::temp_directory_path() / "infotorch_cgan_test";
  std::filesystem::remove_all(dir);
  ir::CganMiOptions o;
  o.width = 8;
  o.input_shape = {1, 28, 28};
  o.figures_dir = dir.string();
  ir::InfoGanRecipe r(o);
  auto res = run(r);
  EXPECT_GT(res.epochs.back().mi, 0.3);  // the class is readable from the generated images already
  auto gen = infotorch::make_generator(0);
  auto images = r.generate(torch::tensor({0, 3, 9}, torch::kInt64), gen);
  EXPECT_EQ(images.sizes(), (std::vector<int64_t>{3, 1, 28, 28}));
  EXPECT_GE(images.min().item<double>(), 0.0);
  EXPECT_LE(images.max().item<double>(), 1.0);
  EXPECT_TRUE(std::filesystem::exists(dir / "samples.png"));
  EXPECT_NE(error_of([&] { r.generate(torch::tensor({10}, torch::kInt64), gen); }).find("conditions"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(RecipesInfoGan, InfoGanDrawsATraversalPerContinuousCode) {
  auto dir = std::filesystem::temp_directory_path() / "infotorch_infogan_fig_test";
  std::filesystem::remove_all(dir);
  auto o = tiny();
  o.figures_dir = dir.string();
  ir::InfoGanRecipe r(o);
  r.end_training({});
  for (const char* f : {"samples.png", "traversal_0.png", "traversal_1.png"}) EXPECT_TRUE(std::filesystem::exists(dir / f)) << f;
  EXPECT_FALSE(std::filesystem::exists(dir / "traversal_2.png"));
  std::filesystem::remove_all(dir);
}

TEST(RecipesInfoGan, BadOptionsNameTheOption) {
  auto bad = [](auto edit) {
    auto o = tiny();
    edit(o);
    return error_of([&] { ir::InfoGanRecipe r(o); });
  };
  EXPECT_EQ(bad([](auto& o) { o.lambda = -1; }), "lambda: expected a finite weight >= 0, got -1.000000");
  EXPECT_EQ(bad([](auto& o) { o.categories = 0; }), "categories: expected at least 2 values of the code, got 0");
  EXPECT_EQ(bad([](auto& o) { o.mi = "club"; }), "mi: expected q or a lower-bound spec, got 'club'");
  EXPECT_NE(bad([](auto& o) { o.mi = "smile:tau=-1"; }).find("tau"), std::string::npos);
  EXPECT_NE(bad([](auto& o) { o.mi = "infonce"; o.critic = "nope"; }).find("nope"), std::string::npos);
  EXPECT_EQ(bad([](auto& o) { o.width = 0; }), "width: expected at least 1 channel, got 0");
  EXPECT_EQ(bad([](auto& o) { o.input_shape = {1, 30, 30}; }), "input_shape: expected C x S x S images with S divisible by 4");
  ir::InfoGanRecipe r(tiny());
  it::Batch b;
  b.inputs = torch::rand({4, 1, 32, 32});
  auto gen = infotorch::make_generator(0);
  it::Optimisers& opts = r.optimisers();
  it::StepContext ctx(opts, gen);
  EXPECT_EQ(error_of([&] { r.train_step(b, ctx); }), "images: expected N x 1 x 28 x 28");
}
