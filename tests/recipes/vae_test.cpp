// The VAE recipes on generated dSprites: bad options get errors naming the option; a tiny run of each registered
// model (and of the MI-bound penalties) learns to reconstruct and reports both MIGs; the TC penalty lowers the
// estimated TC; figures are written; a two-optimiser run resumes exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "../error_of.h"
#include "infotorch/recipes/registry.h"
#include "infotorch/recipes/vae.h"
#include "infotorch/training/dsprites.h"
#include "infotorch/training/registry.h"
#include "infotorch/training/trainer.h"

namespace it = infotorch::training;
namespace ir = infotorch::recipes;

namespace {

ir::VaeOptions small_vae(const std::string& penalty = "none") {
  ir::VaeOptions o;
  o.input_shape = {1, 16, 16};
  o.dataset_size = 1000;
  o.latent = 4;
  o.hidden = 64;
  o.critic_hidden = 32;
  o.penalty = penalty;
  return o;
}

std::string vae_temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("infotorch_vae_" + name + "_" + std::to_string(::getpid()))).string();
}

// A registered model trained through the registry as `infotorch train NAME --option value ...` would.
it::TrainResult run_vae(const std::string& recipe, const std::map<std::string, std::string>& extra) {
  it::RecipeRun cell(ir::find_recipe(recipe));
  std::map<std::string, std::string> s = {{"dsprites_image_size", "16"}, {"dsprites_samples", "1024"}, {"epochs", "3"},
                                          {"batch_size", "64"}, {"latent", "4"}, {"hidden", "128"}, {"lr", "1e-3"},
                                          {"critic_hidden", "32"}, {"evaluators", "mig:points=1024,samples=512"}};
  for (const auto& [k, v] : extra) s[k] = v;
  for (const auto& [k, v] : s) cell.declared.set(k, v);
  return cell.run();
}

}  // namespace

TEST(RecipesVae, BadOptionsGetClearErrors) {
  auto o = small_vae();
  o.beta = -1;
  EXPECT_EQ(error_of([&] { ir::VaeRecipe r(o); }), "beta: expected a finite number >= 0, got -1.000000");
  o = small_vae();
  o.gamma = NAN;
  EXPECT_EQ(error_of([&] { ir::VaeRecipe r(o); }), "gamma: expected a finite number >= 0, got nan");
  o = small_vae();
  o.latent = 0;
  EXPECT_EQ(error_of([&] { ir::VaeRecipe r(o); }), "latent: expected at least 1 dimension, got 0");
  o = small_vae("mss");
  o.latent = 1;
  EXPECT_EQ(error_of([&] { ir::VaeRecipe r(o); }), "latent: a dependence penalty between dimensions needs at least 2, got 1");
  o = small_vae("bogus");
  EXPECT_EQ(error_of([&] { ir::VaeRecipe r(o); }),
            "penalty: unknown penalty 'bogus' (known: none, mws, mss, factor, club, vclub, l1out, js, dv, smile, nwj)");
  o = small_vae("infonce");  // a bound of a score matrix's rows, not a divergence between q(z) and prod q(z_j)
  EXPECT_EQ(error_of([&] { ir::VaeRecipe r(o); }).rfind("penalty: unknown penalty 'infonce'", 0), 0u);
  o = small_vae("mss:tau=2");
  EXPECT_EQ(error_of([&] { ir::VaeRecipe r(o); }), "penalty: 'mss' takes no options, got 'mss:tau=2'");
  o = small_vae("club:bogus=1");
  EXPECT_NE(error_of([&] { ir::VaeRecipe r(o); }).find("bogus"), std::string::npos);
  o = small_vae("smile:tau=-1");
  EXPECT_NE(error_of([&] { ir::VaeRecipe r(o); }).find("tau"), std::string::npos);
  o = small_vae();
  o.arch = "resnet";
  EXPECT_EQ(error_of([&] { ir::VaeRecipe r(o); }), "arch: expected mlp or conv, got 'resnet'");
  o = small_vae();
  o.arch = "conv";
  o.input_shape = {1, 12, 12};
  EXPECT_EQ(error_of([&] { ir::VaeRecipe r(o); }), "arch: conv needs square images with a power-of-two side >= 8, got 12 x 12");
  // Through the registry, by name, as the CLI sets them.
  it::RecipeRun cell(ir::find_recipe("tcvae"));
  cell.declared.set("penalty", "bogus");
  cell.declared.set("dsprites_samples", "128");
  cell.declared.set("dsprites_image_size", "16");
  EXPECT_EQ(error_of([&] { cell.run(); }).rfind("penalty: unknown penalty 'bogus'", 0), 0u);
}

TEST(RecipesVae, RegisteredVariantsCarryTheirDefaults) {
  struct Want {
    const char* name;
    double beta;
    const char* penalty;
    double gamma;
  };
  for (const auto& w : {Want{"vae", 1, "none", 0}, Want{"betavae", 4, "none", 0}, Want{"tcvae", 1, "mss", 5},
                        Want{"factorvae", 1, "factor", 10}}) {
    it::RecipeRun cell(ir::find_recipe(w.name));
    EXPECT_DOUBLE_EQ(std::stod(cell.declared.get("beta")), w.beta) << w.name;
    EXPECT_EQ(cell.declared.get("penalty"), w.penalty) << w.name;
    EXPECT_DOUBLE_EQ(std::stod(cell.declared.get("gamma")), w.gamma) << w.name;
  }
}

TEST(RecipesVae, TinyRunOfEachModelAndPenaltyLearnsAndReportsBothMigs) {
  struct Case {
    const char* recipe;
    std::map<std::string, std::string> extra;
  };
  const std::vector<Case> cases = {{"vae", {}},
                                   {"betavae", {}},
                                   {"tcvae", {}},
                                   {"tcvae", {{"penalty", "mws"}}},
                                   {"factorvae", {}},
                                   {"tcvae", {{"penalty", "l1out"}, {"gamma", "1"}}},
                                   {"tcvae", {{"penalty", "club:hidden=16"}, {"gamma", "1"}}},
                                   {"tcvae", {{"penalty", "smile:tau=5"}, {"gamma", "1"}}},
                                   {"tcvae", {{"penalty", "js"}, {"gamma", "1"}}},
                                   {"vae", {{"arch", "conv"}, {"hidden", "64"}}}};
  for (const auto& c : cases) {
    const std::string what = std::string(c.recipe) + (c.extra.empty() ? "" : " " + c.extra.begin()->second);
    auto r = run_vae(c.recipe, c.extra);
    ASSERT_TRUE(r.finished) << what;
    ASSERT_EQ(r.epochs.size(), 3u) << what;
    // Reconstruction improves on the untrained decoder: 256 pixels at log 2 nats each is ~177 nats.
    EXPECT_LT(r.epochs.back().extra.at("recon"), r.epochs.front().extra.at("recon")) << what;
    EXPECT_LT(r.epochs.back().extra.at("recon"), 0.6 * 256 * std::log(2.0)) << what;
    for (const char* k : {"tc_mss", "tc_mws", "kl"}) EXPECT_TRUE(std::isfinite(r.epochs.back().extra.at(k))) << what << " " << k;
    for (const char* k : {"mig_posterior", "mig_histogram"}) {
      const double m = r.final_metrics.at(k);
      EXPECT_GE(m, 0.0) << what << " " << k;
      EXPECT_LE(m, 1.0) << what << " " << k;
    }
    if (c.extra.count("penalty") && c.extra.at("penalty") != "mws")
      EXPECT_TRUE(std::isfinite(r.epochs.back().extra.at("penalty"))) << what;
    if (std::string(c.recipe) == "factorvae") {
      EXPECT_TRUE(std::isfinite(r.epochs.back().extra.at("penalty")));
      EXPECT_LT(r.epochs.back().extra.at("discriminator_loss"), 2 * std::log(2.0) + 0.2);  // chance: 2 log 2
    }
  }
}

TEST(RecipesVae, TheTcPenaltyLowersTheEstimatedTc) {
  // The same data, seed and budget; only the TC weight differs (beta-TCVAE with gamma 0 is the VAE).
  auto plain = run_vae("tcvae", {{"gamma", "0"}, {"epochs", "6"}, {"evaluators", "none"}});
  auto penalised = run_vae("tcvae", {{"gamma", "20"}, {"epochs", "6"}, {"evaluators", "none"}});
  EXPECT_LT(penalised.epochs.back().extra.at("tc_mss"), plain.epochs.back().extra.at("tc_mss"));
}

TEST(RecipesVae, WritesReconstructionsAndTraversals) {
  const auto dir = vae_temp_path("figures");
  auto r = run_vae("vae", {{"epochs", "1"}, {"figures_dir", dir}, {"evaluators", "none"}});
  for (const char* f : {"reconstructions.png", "traversal.png"}) {
    std::ifstream in(dir + "/" + f, std::ios::binary);
    ASSERT_TRUE(in.good()) << f;
    char sig[8] = {};
    in.read(sig, 8);
    EXPECT_EQ(std::string(sig + 1, 3), "PNG") << f;
  }
  std::filesystem::remove_all(dir);
}

TEST(RecipesVae, FactorVaeResumedMidRunEqualsUninterrupted) {
  auto data = it::dsprites_splits({16, 256, 1});
  auto o = small_vae("factor");
  o.gamma = 10;
  o.dataset_size = 256;
  it::TrainOptions t;
  t.epochs = 2;
  t.batch_size = 32;
  t.seed = 4;
  t.evaluators = "none";
  ir::VaeRecipe whole(o);
  auto full = it::train(whole, data, t);
  const auto ckpt = vae_temp_path("resume.pt");
  ir::VaeRecipe first(o);
  auto cut = t;
  cut.save_path = ckpt;
  cut.max_steps = 11;
  it::train(first, data, cut);
  ir::VaeRecipe second(o);
  auto rest = t;
  rest.resume_path = ckpt;
  auto r = it::train(second, data, rest);
  EXPECT_TRUE(r.finished);
  EXPECT_TRUE(whole.flat_state().equal(second.flat_state()));
  std::filesystem::remove(ckpt);
}
