// The recipe registry: every recipe is listed, declares its options once, builds from its setup, and the CLI
// renders exactly those declarations. A labelled recipe trains through it with the accuracy evaluator.
#include <gtest/gtest.h>

#include <array>
#include <map>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "infotorch/core/error.h"
#include "infotorch/recipes/classifier.h"
#include "infotorch/recipes/registry.h"
#include "infotorch/training/augment.h"
#include "infotorch/training/registry.h"

namespace it = infotorch::training;
namespace ir = infotorch::recipes;

namespace {

std::string run_cli(const std::string& args) {
  std::string out;
  std::array<char, 4096> buf{};
  FILE* p = popen((std::string(INFOTORCH_CLI) + " " + args + " 2>&1").c_str(), "r");
  if (p == nullptr) return out;
  while (fgets(buf.data(), buf.size(), p) != nullptr) out += buf.data();
  pclose(p);
  return out;
}

// 128 synthetic 28 x 28 images of 4 classes (a bright quadrant each), train = test.
it::Splits quadrants() {
  auto g = it::make_generator(2);
  auto y = torch::arange(128, torch::kInt64) % 4;
  auto x = torch::rand({128, 1, 28, 28}, g, torch::kFloat32) * 0.3;
  for (int64_t i = 0; i < 128; ++i) {
    const int64_t c = y[i].item<int64_t>();
    x[i].slice(1, (c / 2) * 14, (c / 2) * 14 + 14).slice(2, (c % 2) * 14, (c % 2) * 14 + 14).add_(0.6);
  }
  it::Batch b;
  b.inputs = x;
  b.labels = y;
  auto set = std::make_shared<it::TensorDataset>(b);
  return {set, nullptr, set};
}

}  // namespace

TEST(RecipesRegistry, ListsEveryRecipeAndFindsThemByName) {
  std::set<std::string> names;
  for (const auto& r : ir::registry()) {
    EXPECT_TRUE(names.insert(r.name).second) << r.name << " registered twice";
    EXPECT_FALSE(r.summary.empty()) << r.name;
    EXPECT_EQ(ir::find_recipe(r.name).name, r.name);
  }
  for (const char* n : {"simclr", "dim", "classifier", "pixels", "iic", "rim", "infogan", "cgan-mi"})
    EXPECT_EQ(names.count(n), 1u) << n;
  try {
    ir::find_recipe("gan");
    FAIL();
  } catch (const infotorch::Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("recipe: unknown recipe 'gan' (known: simclr, dim", 0), 0u) << e.what();
  }
  // The CLI's listing is the registry's.
  const std::string listing = run_cli("train --list");
  for (const auto& r : ir::registry()) EXPECT_NE(listing.find(r.name + " "), std::string::npos) << listing;
}

TEST(RecipesRegistry, EveryRecipeBuildsFromItsSetupAndItsOptionsDoNotCollideWithTheRunsOptions) {
  auto data = quadrants();
  for (const auto& r : ir::registry()) {
    auto setup = r.setup();
    it::RunOptions run;
    infotorch::OptionList all;
    it::declare(all, run);
    EXPECT_NO_THROW(all.append(setup->options())) << r.name;
    auto recipe = setup->build({3, torch::kCPU, &data});
    EXPECT_EQ(recipe->name(), r.name);
    EXPECT_EQ(recipe->device(), torch::Device(torch::kCPU));
    // Two builds from one seed start from the same weights; another seed changes them (where there are any).
    auto again = setup->build({3, torch::kCPU, &data});
    EXPECT_TRUE(recipe->flat_state().equal(again->flat_state())) << r.name;
    if (recipe->flat_state().numel() > 0) {
      auto other = setup->build({4, torch::kCPU, &data});
      EXPECT_FALSE(recipe->flat_state().equal(other->flat_state())) << r.name;
    }
  }
}

TEST(RecipesRegistry, TheCliHelpListsExactlyTheDeclaredOptions) {
  for (const auto& r : ir::registry()) {
    it::RecipeRun recipe(r);
    const auto& all = recipe.declared;
    const std::string help = run_cli("train " + r.name + " --help");
    for (const auto& o : all.options())
      EXPECT_NE(help.find(infotorch::option_flag(o.name)), std::string::npos) << r.name << ": " << o.name << "\n" << help;
    // Every flag the help shows is a declared option, an alias of one, or a face option (--threads, --json, --quiet).
    std::set<std::string> declared = {"--help", "--save",   "--threads", "--resume",    "--json",      "--out",
                                      "--quiet", "--data",  "--limit",   "--estimator", "--activation"};
    for (const auto& o : all.options()) {
      declared.insert(infotorch::option_flag(o.name));
      declared.insert("--no-" + infotorch::option_flag(o.name).substr(2));
    }
    for (size_t at = help.find("--"); at != std::string::npos; at = help.find("--", at + 2)) {
      size_t end = at + 2;
      while (end < help.size() && (std::isalnum(static_cast<unsigned char>(help[end])) || help[end] == '-')) ++end;
      EXPECT_EQ(declared.count(help.substr(at, end - at)), 1u) << r.name << ": " << help.substr(at, end - at);
      at = end - 2;
    }
  }
}

TEST(RecipesRegistry, ABadOptionValueIsRefusedWithTheOptionsName) {
  const std::string out = run_cli("train classifier --lr fast");
  EXPECT_NE(out.find("lr: expected a number, got 'fast'"), std::string::npos) << out;
  const std::string missing = run_cli("train classifier --data /nonexistent --epochs 1");
  EXPECT_NE(missing.find("data_dir: no train-images-idx3-ubyte"), std::string::npos) << missing;
}

TEST(RecipesClassifier, LearnsSyntheticQuadrantsWithEachModel) {
  auto data = quadrants();
  for (const std::string model : {"linear", "mlp", "cnn"}) {
    ir::ClassifierOptions o;
    o.net.model = model;
    o.net.input_shape = {1, 28, 28};
    o.net.classes = 4;
    o.lr = 3e-3;
    ir::ClassifierRecipe r(o);
    it::TrainOptions t;
    t.epochs = 8;
    t.batch_size = 32;
    auto res = it::train(r, data, t);
    EXPECT_GT(res.final_metrics.at("test_accuracy"), 0.9) << model;  // chance: 0.25
    EXPECT_EQ(r.logits(data.test->all().inputs).sizes(), (std::vector<int64_t>{128, 4}));
  }
  ir::ClassifierOptions bad;
  bad.net.input_shape = {1, 28, 28};
  bad.net.classes = 1;
  EXPECT_THROW(ir::ClassifierRecipe{bad}, infotorch::Error);
  bad.net.classes = 4;
  bad.net.model = "resnet";
  EXPECT_THROW(ir::ClassifierRecipe{bad}, infotorch::Error);
}

TEST(RecipesClassifier, TrainsOnAFashionMnistSubsetThroughTheRegistryInUnder30Seconds) {
  if (!std::filesystem::exists(it::DataOptions{}.data_dir)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  const auto start = std::chrono::steady_clock::now();
  it::RecipeRun classifier(ir::find_recipe("classifier"));
  // As the CLI does: every value set by name from text.
  for (const auto& [k, v] : std::map<std::string, std::string>{{"train_limit", "4096"}, {"test_limit", "2000"},
                                                                 {"epochs", "3"}, {"model", "cnn"}, {"lr", "2e-3"},
                                                                 {"evaluators", "accuracy;accuracy:split=train"}})
    classifier.declared.set(k, v);
  EXPECT_EQ(classifier.options.train.batch_size, 128);  // the recipe's trainer default
  auto r = classifier.run();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(r.epochs.size(), 3u);
  // Fashion-MNIST, 10 classes: chance is 0.1; the small CNN reaches about 0.8 on 4,096 images in 3 epochs.
  EXPECT_GT(r.final_metrics.at("test_accuracy"), 0.7);
  EXPECT_GT(r.epochs.back().metrics.at("test_accuracy"), 0.7);
  EXPECT_GT(r.final_metrics.at("train_accuracy"), 0.7);
  EXPECT_LT(r.epochs.back().loss, r.epochs.front().loss);
#ifndef __SANITIZE_ADDRESS__  // gcc defines it under -fsanitize=address, which runs this 2-3x slower
  EXPECT_LT(seconds, 30.0);
#endif
}
