// The information-plane recipe and its trackers: activations by layer name, log-spaced epochs, gradient statistics
// on constructed gradients, a tiny 12-bit run through the registry and the experiment's files, bad options.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "../error_of.h"
#include "infotorch/experiments/infoplane.h"
#include "infotorch/recipes/infoplane.h"
#include "infotorch/recipes/registry.h"
#include "infotorch/training/layer_tracker.h"
#include "infotorch/training/registry.h"

namespace it = infotorch::training;
namespace ir = infotorch::recipes;
namespace ie = infotorch::experiments;

TEST(TrainingLayerTracker, RecordsTheNamedChildrenOfASequentialInOrder) {
  torch::manual_seed(0);
  torch::nn::Sequential net({{"first", torch::nn::AnyModule(torch::nn::Linear(3, 4))},
                             {"squash", torch::nn::AnyModule(torch::nn::Tanh())},
                             {"last", torch::nn::AnyModule(torch::nn::Linear(4, 2))}});
  const auto x = torch::randn({5, 3});
  const auto all = it::sequential_activations(net, x);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].first, "first");
  EXPECT_TRUE(torch::allclose(all[2].second, net->forward(x)));
  const auto some = it::sequential_activations(net, x, {"last", "squash"});
  ASSERT_EQ(some.size(), 2u);
  EXPECT_EQ(some[0].first, "squash");  // the net's order, not the request's
  EXPECT_TRUE(torch::allclose(some[0].second, torch::tanh(all[0].second)));
  EXPECT_EQ(error_of([&] { it::sequential_activations(net, x, {"middle"}); }),
            "layers: the network has no layer 'middle'; its layers are first, squash, last");
}

TEST(TrainingLayerTracker, LogSpacedEpochsTakeEveryEarlyEpochThenThinOut) {
  std::vector<int64_t> taken;
  for (int64_t e = 1; e <= 1000; ++e)
    if (it::log_spaced_epoch(e, 20)) taken.push_back(e);
  for (int64_t e = 1; e <= 10; ++e) EXPECT_EQ(taken[e - 1], e);  // spacing below one epoch: all of them
  EXPECT_EQ(taken.back(), 1000);                                    // 10^(60/20)
  EXPECT_EQ(taken.size(), 50u);  // 10 up to epoch 10, then 20 per decade
  EXPECT_FALSE(it::log_spaced_epoch(999, 20));
  EXPECT_EQ(error_of([] { it::log_spaced_epoch(5, 0); }),
            "per_decade: expected at least 1 measurement per decade of epochs");
}

TEST(TrainingLayerTracker, GradientStatisticsAreTheNormsOfTheMeanAndTheElementwiseDeviation) {
  it::GradientTracker g;
  g.add({{"a", torch::tensor({1.0, 2.0})}, {"b", torch::tensor({0.0})}});
  g.add({{"a", torch::tensor({3.0, 2.0})}, {"b", torch::tensor({4.0})}});
  const auto columns = g.end_epoch(7);
  // a: mean (2, 2), deviations (1, 0); b: mean 2, deviation 2.
  EXPECT_NEAR(columns.at("a_grad_mean"), std::sqrt(8.0), 1e-12);
  EXPECT_NEAR(columns.at("a_grad_std"), 1.0, 1e-12);
  EXPECT_NEAR(columns.at("b_grad_std"), 2.0, 1e-12);
  ASSERT_EQ(g.rows().size(), 2u);
  EXPECT_EQ(g.rows()[0].epoch, 7);
  EXPECT_EQ(g.rows()[0].steps, 2);
  EXPECT_TRUE(g.end_epoch(8).empty());  // no steps since: no rows
}

TEST(RecipesInfoPlane, ATinyTwelveBitRunThroughTheRegistryLearnsAndFillsThePlane) {
  it::RecipeRun run(ir::find_recipe("infoplane"));
  for (const auto& [k, v] : std::map<std::string, std::string>{
           {"epochs", "40"}, {"estimators", "bin:30;kde:var=1e-3"}, {"per_decade", "4"}, {"plane_limit", "1024"}})
    run.declared.set(k, v);
  const auto r = run.run();
  ASSERT_EQ(r.epochs.size(), 40u);
  EXPECT_GT(r.metric("test_accuracy"), 0.7);  // chance is 0.5
  // Measured epochs carry every layer's columns; I(T;Y) never exceeds 1 bit, nor I(X;T) log2 1024 = 10 bits (the
  // plane is measured on the first 1,024 patterns here).
  const double hy = 1.0;
  const auto& first = r.epochs[0].metrics;
  for (const char* layer : {"h1", "h2", "h3", "h4", "h5", "out"}) {
    for (const char* est : {"bin_bins30", "kde_var0.001"}) {
      const std::string p = std::string(layer) + "_" + est + "_";
      ASSERT_TRUE(first.count(p + "ixt")) << p;
      EXPECT_LE(first.at(p + "ity"), hy + 1e-9) << p;
      EXPECT_LE(first.at(p + "ixt"), 10.0 + 1e-9) << p;
    }
    EXPECT_TRUE(first.count(std::string(layer) + "_grad_mean")) << layer;
  }
  EXPECT_EQ(r.epochs[0].metrics.at("h1_bin_bins30_ixt"), 10.0);  // 10 tanh units of 12 inputs stay injective
  // 4 per decade: epochs 1, 2, 3, 6, 10, 18, 32 (rounded 10^(i/4)).
  for (int64_t e = 1; e <= 40; ++e)
    EXPECT_EQ(r.epochs[e - 1].metrics.count("h1_bin_bins30_ixt"), e == 1 || e == 2 || e == 3 || e == 6 || e == 10 || e == 18 || e == 32 ? 1u : 0u) << e;
}

TEST(RecipesInfoPlane, TheExperimentWritesItsTablesAndPlots) {
  const auto dir = std::filesystem::temp_directory_path() / "infotorch_infoplane_test";
  std::filesystem::remove_all(dir);
  ie::InfoPlaneExperimentOptions o;
  o.epochs = 12;
  o.seeds = 2;
  o.estimators = "bin:30";
  o.per_decade = 10;
  o.out_dir = dir.string();
  const auto runs = ie::run_infoplane(o);
  ASSERT_EQ(runs.size(), 4u);  // tanh and relu, two seeds each
  for (const auto& run : runs) {
    // 10 per decade: epochs 1, 2, 3, 4, 5, 6, 8, 10, and the last (12) when training ends; six layers.
    EXPECT_EQ(run.plane.size(), 9u * 6);
    EXPECT_EQ(run.gradients.size(), 12u * 6);
  }
  // Another seed: other weights, another split, other numbers.
  EXPECT_NE(runs[0].plane[30].point.ixt + runs[0].test_accuracy, runs[1].plane[30].point.ixt + runs[1].test_accuracy);
  for (const char* f : {"rows.csv", "rows.json", "plane.csv", "gradients.csv", "runs.csv", "summary.md", "plane.png", "mi_epochs.png",
                        "gradients.png"})
    EXPECT_TRUE(std::filesystem::exists(dir / f)) << f;
  std::ifstream md(dir / "summary.md");
  const std::string text((std::istreambuf_iterator<char>(md)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("| tanh | h1 |"), std::string::npos) << text;
  EXPECT_NE(text.find("| relu | out |"), std::string::npos) << text;
  std::filesystem::remove_all(dir);
}

TEST(RecipesInfoPlane, BadOptionsGetClearErrors) {
  ir::InfoPlaneOptions o;
  o.inputs = 12;
  o.classes = 2;
  o.activation = "sigmoid";
  EXPECT_EQ(error_of([&] { ir::InfoPlaneRecipe r(o); }), "activation: expected tanh or relu, got 'sigmoid'");
  o.activation = "relu";
  o.layers = "h1,h9";
  EXPECT_EQ(error_of([&] { ir::InfoPlaneRecipe r(o); }),
            "layers: the network has no layer 'h9'; its layers are h1, h2, h3, h4, h5, out");
  o.layers = "";
  o.hidden = "10-x";
  EXPECT_EQ(error_of([&] { ir::InfoPlaneRecipe r(o); }),
            "hidden: expected positive widths separated by '-', e.g. 10-7-5-4-3, got '10-x'");
  o.hidden = "";
  o.estimators = "kde:var=0";
  EXPECT_EQ(error_of([&] { ir::InfoPlaneRecipe r(o); }), "var: expected a noise variance > 0, got 0");
  o.estimators = "bin:30";
  o.per_decade = 0;
  EXPECT_NE(error_of([&] { ir::InfoPlaneRecipe r(o); }).find("per_decade"), std::string::npos);
  o.per_decade = 20;
  o.task = "cifar";
  EXPECT_EQ(error_of([&] { ir::infoplane_data(o, {}); }), "task: expected twelve-bit or fashion-mlp, got 'cifar'");
  ie::InfoPlaneExperimentOptions e;
  e.estimators = "bin:0";
  EXPECT_EQ(error_of([&] { ie::run_infoplane(e); }), "bins: expected at least 1 bin, got 0");
}
