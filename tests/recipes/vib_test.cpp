// The variational information bottleneck: the KL term against its closed form and a Monte Carlo estimate, the
// I(Z;X) bound falling with beta, robustness columns, bad options.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "../error_of.h"
#include "infotorch/recipes/vib.h"
#include "infotorch/training/augment.h"
#include "infotorch/training/trainer.h"

namespace it = infotorch::training;
namespace ir = infotorch::recipes;

TEST(RecipesVib, KlTermIsTheClosedFormAndMatchesMonteCarlo) {
  auto mu = torch::tensor({{0.5, -1.0}}, torch::kFloat64), sigma = torch::tensor({{0.3, 2.0}}, torch::kFloat64);
  // 0.5 sum (mu^2 + sigma^2 - 1 - log sigma^2), by hand.
  const double want = 0.5 * ((0.25 + 0.09 - 1 - std::log(0.09)) + (1.0 + 4.0 - 1 - std::log(4.0)));
  EXPECT_NEAR(ir::gaussian_kl_to_standard(mu, sigma).item<double>(), want, 1e-12);
  // E_q[log q(z) - log p(z)] by sampling (400,000 draws: standard error ~ 0.003).
  auto gen = it::make_generator(1);
  auto z = mu + sigma * torch::randn({400000, 2}, gen, torch::kFloat64);
  auto log_q = (-0.5 * ((z - mu) / sigma).pow(2) - torch::log(sigma)).sum(1);
  auto log_p = (-0.5 * z.pow(2)).sum(1);
  EXPECT_NEAR((log_q - log_p).mean().item<double>(), want, 0.02);
}

TEST(RecipesVib, BadOptionsGetClearErrors) {
  ir::VibOptions o;
  o.input_shape = {1, 28, 28};
  o.classes = 10;
  o.beta = -1;
  EXPECT_EQ(error_of([&] { ir::VibRecipe r(o); }), "beta: expected a finite number >= 0, got -1.000000");
  o.beta = 1e-3;
  o.samples = 0;
  EXPECT_NE(error_of([&] { ir::VibRecipe r(o); }), "(no error)");
}

TEST(RecipesVib, TinyRunsLearnAndLargerBetaTightensTheBottleneck) {
  if (!std::filesystem::exists(it::DataOptions{}.data_dir)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  auto data = it::load_idx({it::DataOptions{}.data_dir, 3000, 1000});
  auto run = [&](double beta, bool deterministic) {
    ir::VibOptions o;
    o.input_shape = {1, 28, 28};
    o.classes = 10;
    o.hidden = 256;
    o.bottleneck = 32;
    o.samples = 4;
    o.lr = 1e-3;
    o.beta = beta;
    o.deterministic = deterministic;
    ir::VibRecipe r(o);
    it::TrainOptions t;
    t.epochs = 3;
    t.batch_size = 100;
    t.evaluators = "accuracy;robustness:noise=0/0.5,fgsm=0/0.1,limit=500";
    return it::train(r, data, t);
  };
  auto low = run(1e-3, false), high = run(0.3, false), det = run(0, true);
  for (const auto* r : {&low, &det}) EXPECT_GT(r->final_metrics.at("test_accuracy"), 0.6);  // 10 classes: chance 0.1
  for (const auto* r : {&low, &high, &det}) {
    // No corruption, no change: sigma = 0 and eps = 0 give the clean accuracy of the same 500 images.
    EXPECT_DOUBLE_EQ(r->final_metrics.at("noise_0_accuracy"), r->final_metrics.at("fgsm_0_accuracy"));
    EXPECT_LT(r->final_metrics.at("fgsm_0.1_accuracy"), r->final_metrics.at("fgsm_0_accuracy"));
  }
  EXPECT_LT(high.metric("izx_upper"), low.metric("izx_upper"));
  EXPECT_EQ(det.epochs.back().metrics.count("izx_upper"), 0u);  // no KL bound for the deterministic net
  EXPECT_GT(low.metric("izy_lower"), 0.5);  // H(Y) = log 10 = 2.30 nats
  EXPECT_LT(low.metric("izy_lower"), std::log(10.0) + 0.01);
}
