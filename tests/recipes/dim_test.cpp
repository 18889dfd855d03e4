// Deep InfoMax: the prior game's losses and signs, estimator aliases, and a tiny run.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "infotorch/core/error.h"
#include "infotorch/recipes/dim.h"
#include "infotorch/training/augment.h"
#include "infotorch/training/dataset.h"
#include "infotorch/training/trainer.h"

namespace it = infotorch::training;
namespace ir = infotorch::recipes;

namespace {

ir::DimOptions small(double alpha, double beta, double gamma) {
  ir::DimOptions o;
  o.encoder.c1 = 8;
  o.encoder.c2 = 16;
  o.encoder.dim = 32;
  o.code = 8;
  o.critic = 16;
  o.alpha = alpha;
  o.beta = beta;
  o.gamma = gamma;
  o.seed = 3;
  return o;
}

}  // namespace

TEST(RecipesDim, PriorLossesAreTheGanTerms) {
  auto real = torch::tensor({0.5, -1.0}, torch::kFloat64), fake = torch::tensor({2.0, 0.0}, torch::kFloat64);
  auto sig = [](double t) { return 1 / (1 + std::exp(-t)); };
  // -(E log D(prior) + E log(1 - D(code)))
  double want = -0.5 * (std::log(sig(0.5)) + std::log(sig(-1.0))) - 0.5 * (std::log(1 - sig(2.0)) + std::log(1 - sig(0.0)));
  EXPECT_NEAR(ir::prior_discriminator_loss(real, fake).item<double>(), want, 1e-12);
  EXPECT_NEAR(ir::prior_encoder_loss(fake).item<double>(), -0.5 * (std::log(sig(2.0)) + std::log(sig(0.0))), 1e-12);
}

TEST(RecipesDim, EncoderStepRaisesTheDiscriminatorsScoreOfTheCodes) {
  // Only the prior term (beta tiny): one encoder step must make D(E(x)) larger (fool the discriminator),
  // one discriminator step must make it smaller.
  auto g = it::make_generator(5);
  auto x = torch::rand({64, 1, 28, 28}, g, torch::kFloat32);
  auto o = small(0.0, 1e-6, 1.0);
  o.lr = 1e-2;
  ir::DimRecipe dim(o);
  const double before = dim.prior_score(x);
  auto gen = it::make_generator(6);
  it::StepContext ctx(dim.optimisers(), gen);
  dim.encoder_step(x, ctx);
  const double after_encoder = dim.prior_score(x);
  EXPECT_GT(after_encoder, before + 1e-4) << before << " -> " << after_encoder;
  auto codes = dim.codes(x);
  dim.discriminator_step(codes, ctx);
  dim.discriminator_step(codes, ctx);
  EXPECT_LT(dim.prior_score(x), after_encoder);
}

TEST(RecipesDim, RegistersTheModelAndTheDiscriminatorOptimisers) {
  ir::DimRecipe dim(small(0.0, 1.0, 0.1));
  EXPECT_EQ(dim.optimisers().names(), (std::vector<std::string>{"model", "discriminator"}));
  // The root holds both parts, so a checkpoint of the root holds every parameter.
  EXPECT_EQ(dim.root().named_children().size(), 2u);
}

TEST(RecipesDim, EstimatorAliasesAndValidation) {
  EXPECT_EQ(ir::dim_estimator_spec("nce"), "infonce");
  EXPECT_EQ(ir::dim_estimator_spec("jsd"), "js");
  EXPECT_EQ(ir::dim_estimator_spec("dv"), "dv");
  EXPECT_THROW(ir::DimRecipe(small(0, 0, 0.1)), infotorch::Error);
  auto o = small(0, 1, 0.1);
  o.estimator = "nope";
  EXPECT_THROW(ir::DimRecipe{o}, infotorch::Error);
}

TEST(RecipesDim, EveryTermRunsForEachEstimator) {
  auto g = it::make_generator(7);
  auto x = torch::rand({16, 1, 28, 28}, g, torch::kFloat32);
  for (const std::string e : {"nce", "jsd", "dv"}) {
    auto o = small(0.5, 1.0, 0.1);
    o.estimator = e;
    ir::DimRecipe dim(o);
    auto gen = it::make_generator(8);
    it::StepContext ctx(dim.optimisers(), gen);
    it::Batch batch;
    batch.inputs = x;
    auto st = dim.train_step(batch, ctx);
    EXPECT_TRUE(std::isfinite(st.loss)) << e;
    EXPECT_TRUE(st.extra.count("local_mi") && st.extra.count("global_mi") && st.extra.count("d_loss")) << e;
    EXPECT_EQ(dim.features(x).sizes(), (std::vector<int64_t>{16, 32}));
  }
}

TEST(RecipesDim, TinyFashionMnistRunRaisesLocalMiAndBeatsChance) {
  if (!std::filesystem::exists(it::DataOptions{}.data_dir)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  auto data = it::load_idx({it::DataOptions{}.data_dir, 512, 500});
  auto o = small(0.0, 1.0, 0.1);
  o.encoder.c1 = 16;
  o.encoder.c2 = 32;
  o.encoder.dim = 64;
  o.code = 32;
  o.critic = 32;
  it::TrainOptions t;
  t.epochs = 5;
  t.batch_size = 64;
  t.evaluators = "probe:iterations=50";
  ir::DimRecipe dim(o);
  auto res = it::train(dim, data, t);
  ASSERT_EQ(res.epochs.size(), 5u);
  EXPECT_GT(res.epochs.back().mi, res.epochs.front().mi + 0.2)
      << res.epochs.front().mi << " -> " << res.epochs.back().mi;
  EXPECT_GT(res.final_metrics.at("probe_test_accuracy"), 0.4);
}

TEST(RecipesDim, FeaturesSelectTheProbedRepresentation) {
  auto g = it::make_generator(9);
  auto x = torch::rand({4, 1, 28, 28}, g, torch::kFloat32);
  auto o = small(0.0, 1.0, 0.1);
  o.features = "local";
  EXPECT_EQ(ir::DimRecipe(o).features(x).sizes(), (std::vector<int64_t>{4, 16 * 7 * 7}));
  o.features = "code";
  auto y = ir::DimRecipe(o).features(x);
  EXPECT_EQ(y.sizes(), (std::vector<int64_t>{4, 8}));
  EXPECT_GE(y.min().item<float>(), 0.0f);  // Y = sigmoid(.) lives in [0, 1]^d, the prior's support
  EXPECT_LE(y.max().item<float>(), 1.0f);
  o.features = "pixels";
  EXPECT_THROW(ir::DimRecipe{o}, infotorch::Error);
}
