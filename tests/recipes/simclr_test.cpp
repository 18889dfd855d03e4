// The contrastive recipe: the 2N-view score matrix, NT-Xent against a direct loop, and a tiny run on
// Fashion-MNIST whose MI bound rises and whose probe beats chance.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "infotorch/core/error.h"
#include "infotorch/recipes/simclr.h"
#include "infotorch/training/augment.h"
#include "infotorch/training/dataset.h"
#include "infotorch/training/trainer.h"

namespace it = infotorch::training;
namespace ir = infotorch::recipes;

TEST(RecipesSimclr, ViewScoresPutPartnersOnTheDiagonalAndMaskSelfPairs) {
  auto g = it::make_generator(1);
  auto z = torch::nn::functional::normalize(torch::randn({6, 4}, g, torch::kFloat64),
                                            torch::nn::functional::NormalizeFuncOptions().dim(1));
  auto s = ir::view_scores(z, 0.5);
  const int64_t k = 6, n = 3;
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < k; ++j) {
      const int64_t pj = (j + n) % k;
      if (pj == i)
        EXPECT_EQ(s[i][j].item<double>(), -1e4) << i << "," << j;
      else
        EXPECT_NEAR(s[i][j].item<double>(), z[i].dot(z[pj]).item<double>() / 0.5, 1e-12);
    }
}

TEST(RecipesSimclr, NtXentMiMatchesTheDefinition) {
  // NT-Xent (Chen et al. 2020, eq. 1): l(i, j) = -log exp(s_ij / t) / sum_{k != i} exp(s_ik / t), averaged over
  // all 2N anchors; the bound is log(2N - 1) - loss.
  auto g = it::make_generator(2);
  const int64_t n = 5, k = 2 * n;
  const double t = 0.3;
  auto z = torch::nn::functional::normalize(torch::randn({k, 8}, g, torch::kFloat64),
                                            torch::nn::functional::NormalizeFuncOptions().dim(1));
  double loss = 0;
  for (int64_t i = 0; i < k; ++i) {
    const int64_t partner = (i + n) % k;
    double denom = 0;
    for (int64_t m = 0; m < k; ++m)
      if (m != i) denom += std::exp(z[i].dot(z[m]).item<double>() / t);
    loss += -std::log(std::exp(z[i].dot(z[partner]).item<double>() / t) / denom);
  }
  loss /= k;
  EXPECT_NEAR(ir::ntxent_mi(ir::view_scores(z, t)).item<double>(), std::log(k - 1.0) - loss, 1e-9);
}

TEST(RecipesSimclr, EachProcessesAnchorTermsAverageToTheGlobalNtXent) {
  // 3 processes of n = 2 images: process r's 2n projections are rows [its first views; its second views] of the
  // global 2N views [every first view; every second view].
  auto g = it::make_generator(3);
  const int64_t world = 3, n = 2, half = world * n;
  const double t = 0.5;
  auto all = torch::nn::functional::normalize(torch::randn({2 * half, 8}, g, torch::kFloat64),
                                              torch::nn::functional::NormalizeFuncOptions().dim(1));
  const double global = std::log(2.0 * half - 1) - ir::ntxent_mi(ir::view_scores(all, t)).item<double>();
  double mean = 0;
  for (int64_t r = 0; r < world; ++r) {
    auto z = torch::cat({all.slice(0, r * n, (r + 1) * n), all.slice(0, half + r * n, half + (r + 1) * n)});
    auto terms = ir::ntxent_terms(z, all, r, t);
    ASSERT_EQ(terms.size(0), 2 * n);
    mean += terms.mean().item<double>() / world;
  }
  EXPECT_NEAR(mean, global, 1e-12);
}

TEST(RecipesSimclr, InfoNceBoundNeverExceedsLogOfCandidates) {
  // Perfectly aligned, mutually orthogonal pairs at a tiny temperature reach the ceiling log(2N - 1).
  auto z = torch::eye(4, torch::kFloat64).repeat({2, 1});
  auto mi = ir::ntxent_mi(ir::view_scores(z, 0.01)).item<double>();
  EXPECT_NEAR(mi, std::log(7.0), 1e-6);
  EXPECT_LE(mi, std::log(7.0) + 1e-12);
}

TEST(RecipesSimclr, RejectsBadInput) {
  EXPECT_THROW(ir::view_scores(torch::randn({5, 3}), 0.5), infotorch::Error);
  EXPECT_THROW(ir::view_scores(torch::randn({6, 3}), 0.0), infotorch::Error);
  ir::SimclrOptions o;
  o.estimator = "nosuchbound";
  EXPECT_THROW(ir::SimclrRecipe{o}, infotorch::Error);
}

TEST(RecipesSimclr, EveryEstimatorTrainsOnTheViewScores) {
  auto g = it::make_generator(3);
  auto x = torch::rand({16, 1, 28, 28}, g, torch::kFloat32);
  for (const std::string spec : {"infonce", "js", "nwj", "smile:tau=5", "dv"}) {
    ir::SimclrOptions o;
    o.encoder.c1 = 4;
    o.encoder.c2 = 8;
    o.encoder.dim = 16;
    o.estimator = spec;
    ir::SimclrRecipe r(o);
    auto gen = it::make_generator(4);
    it::StepContext ctx(r.optimisers(), gen);
    it::Batch batch;
    batch.inputs = x;
    auto st = r.train_step(batch, ctx);
    EXPECT_TRUE(std::isfinite(st.loss)) << spec;
    EXPECT_TRUE(std::isfinite(st.mi)) << spec;
    EXPECT_LE(st.mi, std::log(31.0) + 1e-9) << spec;
  }
}

TEST(RecipesSimclr, TinyFashionMnistRunRaisesTheBoundAndBeatsChance) {
  if (!std::filesystem::exists(it::DataOptions{}.data_dir)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  auto data = it::load_idx({it::DataOptions{}.data_dir, 512, 500});
  ir::SimclrOptions o;
  o.encoder.c1 = 16;
  o.encoder.c2 = 32;
  o.encoder.dim = 64;
  o.hidden = 64;
  o.projection = 32;
  it::TrainOptions t;
  t.epochs = 6;
  t.batch_size = 128;
  t.evaluators = "probe:iterations=50";
  ir::SimclrRecipe r(o);
  auto res = it::train(r, data, t);
  ASSERT_EQ(res.epochs.size(), 6u);
  // The InfoNCE bound of the first epoch against the last (4 steps each): it must rise clearly.
  EXPECT_GT(res.epochs.back().mi, res.epochs.front().mi + 0.2)
      << res.epochs.front().mi << " -> " << res.epochs.back().mi;
  // Ten balanced classes: chance is 0.1.
  EXPECT_GT(res.final_metrics.at("probe_test_accuracy"), 0.4);
}
