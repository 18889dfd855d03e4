// The label-noise recipe: noise cases, the baseline losses against their definitions, the data splits, and tiny
// runs on Fashion-MNIST's bag-vs-clothes task.
#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>
#include <filesystem>

#include "../error_of.h"
#include "infotorch/recipes/dmi.h"
#include "infotorch/recipes/registry.h"
#include "infotorch/training/registry.h"

namespace it = infotorch::training;
namespace ir = infotorch::recipes;

TEST(RecipesDmi, NoiseCasesAreTheStatedTransitionMatrices) {
  auto u = ir::noise_transition("uniform", 2, 0.4);
  EXPECT_TRUE(torch::allclose(u, torch::tensor({{0.8, 0.2}, {0.2, 0.8}}, torch::kFloat64)));
  EXPECT_TRUE(torch::allclose(ir::noise_transition("bag_to_clothes", 2, 0.3), torch::tensor({{0.7, 0.3}, {0.0, 1.0}}, torch::kFloat64)));
  EXPECT_TRUE(torch::allclose(ir::noise_transition("clothes_to_bag", 2, 0.3), torch::tensor({{1.0, 0.0}, {0.3, 0.7}}, torch::kFloat64)));
  EXPECT_TRUE(torch::allclose(ir::noise_transition("symmetric", 10, 0.5).sum(1), torch::ones({10}, torch::kFloat64)));
  EXPECT_NEAR(ir::noise_transition("pair_flip", 10, 0.3)[9][0].item<double>(), 0.3, 1e-12);
  EXPECT_TRUE(ir::noise_transition("none", 3, 0.0).equal(torch::eye(3, torch::kFloat64)));
  EXPECT_EQ(error_of([] { ir::noise_transition("uniform", 2, 1.5); }), "rate: expected a noise amount in [0, 1], got 1.500000");
  EXPECT_EQ(error_of([] { ir::noise_transition("uniform", 10, 0.2); }), "noise: uniform is a case of the binary task (task binary)");
  EXPECT_NE(error_of([] { ir::noise_transition("salt", 2, 0.2); }), "(no error)");
}

TEST(RecipesDmi, BaselineLossesMatchTheirDefinitions) {
  torch::manual_seed(1);
  auto logits = torch::randn({8, 3}, torch::kFloat64);
  auto y = torch::tensor({0, 1, 2, 0, 1, 2, 0, 1}, torch::kInt64);
  auto p = torch::softmax(logits, 1);
  double want = 0;
  for (int i = 0; i < 8; ++i) want += (1 - std::pow(p[i][y[i].item<int64_t>()].item<double>(), 0.7)) / 0.7;
  EXPECT_NEAR(ir::gce_loss(logits, y, 0.7).item<double>(), want / 8, 1e-12);
  // q -> 0 is cross-entropy; forward correction with the identity is cross-entropy.
  const double ce = torch::nn::functional::cross_entropy(logits, y).item<double>();
  EXPECT_NEAR(ir::gce_loss(logits, y, 1e-6).item<double>(), ce, 1e-5);
  EXPECT_NEAR(ir::forward_corrected_loss(logits, y, torch::eye(3, torch::kFloat64)).item<double>(), ce, 1e-12);
  // With T, the corrected probability of label j is sum_i p_i T[i][j].
  auto t = ir::noise_transition("symmetric", 3, 0.3);
  auto q = p.matmul(t);
  double fwd = 0;
  for (int i = 0; i < 8; ++i) fwd -= std::log(q[i][y[i].item<int64_t>()].item<double>());
  EXPECT_NEAR(ir::forward_corrected_loss(logits, y, t).item<double>(), fwd / 8, 1e-12);
  EXPECT_THROW(ir::gce_loss(logits, y, 0.0), infotorch::Error);
}

TEST(RecipesDmi, BadOptionsGetClearErrors) {
  ir::DmiRecipeOptions o;
  o.net.input_shape = {1, 28, 28};
  o.net.classes = 2;
  o.loss = "mae";
  EXPECT_EQ(error_of([&] { ir::DmiRecipe r(o); }), "loss: expected dmi, ce, gce or forward, got 'mae'");
  o.loss = "dmi";
  o.data.noise = "uniform";
  o.data.rate = -0.1;
  EXPECT_EQ(error_of([&] { ir::DmiRecipe r(o); }), "rate: expected a noise amount in [0, 1], got -0.100000");
}

namespace {

bool have_fashion() { return std::filesystem::exists(it::DataOptions{}.data_dir); }

}  // namespace

TEST(RecipesDmi, SplitsAreNoisyTrainingAndValidationAndACleanTest) {
  if (!have_fashion()) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  ir::LabelNoiseOptions o;
  o.noise = "clothes_to_bag";
  o.rate = 0.4;
  o.validation = 2000;
  auto s = ir::label_noise_splits({it::DataOptions{}.data_dir, 12000, 3000}, o);
  ASSERT_TRUE(s.validation);
  EXPECT_EQ(s.train->size(), 10000);
  EXPECT_EQ(s.validation->size(), 2000);
  EXPECT_EQ(s.test->size(), 3000);
  EXPECT_EQ(s.train->num_classes(), 2);
  auto train = s.train->all(), test = s.test->all();
  // Bags (class 8 -> 0) are a tenth of Fashion-MNIST; under clothes_to_bag 40 % of clothes are labelled bag, no bag
  // is labelled clothes; the test labels are clean.
  const double bags = train.clean_labels.eq(0).to(torch::kFloat64).mean().item<double>();
  EXPECT_NEAR(bags, 0.1, 0.02);
  EXPECT_EQ(train.labels.index({train.clean_labels.eq(0)}).ne(0).sum().item<int64_t>(), 0);
  EXPECT_NEAR(train.labels.index({train.clean_labels.eq(1)}).eq(0).to(torch::kFloat64).mean().item<double>(), 0.4, 0.02);
  EXPECT_FALSE(test.clean_labels.defined());
  EXPECT_NEAR(test.labels.eq(0).to(torch::kFloat64).mean().item<double>(), 0.1, 0.02);
}

TEST(RecipesDmi, TinyRunsBeatTheMajorityClassUnderHeavyOneSidedNoise) {
  if (!have_fashion()) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  // 6,000 images, clothes_to_bag r = 0.4: 40 % of the clothes are labelled bag. Predicting "clothes" everywhere
  // scores 0.9 on the clean test set; L_DMI after 2 CE epochs must beat it clearly. One tiny run is fragile (seed
  // 0 read 0.888 on one machine and above 0.95 on another; seeds 0-2 here: 0.888, 0.925, 0.954), so the median of
  // three seeds must beat the majority class by more than one point (20 of the 2,000 test images).
  std::vector<double> accuracy;
  for (const char* seed : {"0", "1", "2"}) {
    it::RecipeRun dmi(ir::find_recipe("dmi"));
    for (const auto& [k, v] : std::map<std::string, std::string>{{"train_limit", "7000"}, {"test_limit", "2000"},
                                                                   {"validation", "1000"}, {"noise", "clothes_to_bag"},
                                                                   {"rate", "0.4"}, {"epochs", "4"}, {"pretrain_epochs", "2"},
                                                                   {"lr", "1e-3"}, {"seed", seed}})
      dmi.declared.set(k, v);
    auto r = dmi.run();
    ASSERT_EQ(r.epochs.size(), 4u);
    EXPECT_EQ(r.epochs[1].metrics.at("phase"), 0.0);
    EXPECT_EQ(r.epochs[2].metrics.at("phase"), 1.0);
    accuracy.push_back(r.final_metrics.at("test_accuracy"));
    // The validation L_DMI falls in the DMI phase (it is what the phase minimises).
    EXPECT_LT(std::min(r.epochs[2].metrics.at("validation_dmi_loss"), r.epochs[3].metrics.at("validation_dmi_loss")),
              r.epochs[1].metrics.at("validation_dmi_loss") + 1e-9)
        << "seed " << seed;
  }
  std::sort(accuracy.begin(), accuracy.end());
  EXPECT_GT(accuracy[1], 0.91) << "dmi, median of " << accuracy[0] << ", " << accuracy[1] << ", " << accuracy[2];
}
