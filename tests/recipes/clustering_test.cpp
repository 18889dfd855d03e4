// The clustering recipes (IIC, RIM): a tiny Fashion-MNIST run of each raises its exact MI and clusters above
// chance under the Hungarian matching; bad options name themselves.
#include "infotorch/recipes/clustering.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "../error_of.h"
#include "infotorch/training/dataset.h"
#include "infotorch/training/trainer.h"

namespace it = infotorch::training;
namespace ir = infotorch::recipes;

namespace {
template <class O>
it::TrainResult tiny_run(O o) {
  auto data = it::load_idx({it::DataOptions{}.data_dir, 1024, 500});
  o.encoder.c1 = 16;
  o.encoder.c2 = 32;
  o.encoder.dim = 64;
  it::TrainOptions t;
  t.epochs = 4;
  t.batch_size = 128;
  ir::ClusteringRecipe r(o);
  return it::train(r, data, t);
}
}  // namespace

TEST(RecipesClustering, TinyIicAndRimRunsRaiseTheirMiAndClusterAboveChance) {
  if (!std::filesystem::exists(it::DataOptions{}.data_dir)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  for (bool iic : {true, false}) {
    auto res = iic ? tiny_run(ir::ClusteringOptions{}) : tiny_run(ir::RimOptions{});
    ASSERT_EQ(res.epochs.size(), 4u);
    // The exact batch MI of the main head (ceiling log 10 = 2.30) must rise from the first epoch (IIC starts slowly:
    // 0.02 -> 0.18 nats in these 32 steps).
    EXPECT_GT(res.epochs.back().mi, res.epochs.front().mi + 0.1) << (iic ? "iic " : "rim ") << res.epochs.front().mi
                                                                 << " -> " << res.epochs.back().mi;
    EXPECT_LE(res.epochs.back().mi, std::log(10.0) + 1e-6);
    // Ten balanced classes: chance under the best matching is about 0.1 (a little above for few points).
    EXPECT_GT(res.final_metrics.at("test_cluster_accuracy"), 0.25) << (iic ? "iic" : "rim");
  }
}

TEST(RecipesClustering, BadOptionsNameTheOption) {
  ir::ClusteringOptions o;
  o.clusters = 0;
  EXPECT_EQ(error_of([&] { ir::ClusteringRecipe r(o); }), "clusters: expected at least 2, got 0");
  o = {};
  o.overclusters = 1;
  EXPECT_EQ(error_of([&] { ir::ClusteringRecipe r(o); }), "overclusters: expected 0 (none) or at least 2, got 1");
  o = {};
  o.weight_decay = -1;
  EXPECT_EQ(error_of([&] { ir::ClusteringRecipe r(o); }), "weight_decay: expected >= 0");
}
