// The robustness sweeps: summaries over seeds by hand, and tiny sweeps that write their table and plots.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "infotorch/core/error.h"
#include "infotorch/experiments/robust.h"
#include "infotorch/training/dataset.h"

namespace ie = infotorch::experiments;
namespace it = infotorch::training;

TEST(ExperimentsRobust, SummariesAreMeansAndSampleDeviationsOverSeeds) {
  std::vector<ie::SweepRow> rows = {{{{"loss", "ce"}, {"seed", "0"}}, {{"acc", 0.5}}, 1.0},
                                    {{{"loss", "ce"}, {"seed", "1"}}, {{"acc", 0.7}}, 2.0},
                                    {{{"loss", "dmi"}, {"seed", "0"}}, {{"acc", 0.9}}, 4.0}};
  auto s = ie::summarise(rows, {"acc"});
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].settings.at("loss"), "ce");
  EXPECT_EQ(s[0].settings.count("seed"), 0u);
  EXPECT_NEAR(s[0].metrics.at("acc"), 0.6, 1e-12);
  EXPECT_NEAR(s[0].metrics.at("acc_sd"), std::sqrt(0.02), 1e-12);  // (0.1^2 + 0.1^2) / (2 - 1)
  EXPECT_DOUBLE_EQ(s[0].seconds, 3.0);
  EXPECT_TRUE(std::isnan(s[1].metrics.at("acc_sd")));  // one seed: no spread
}

TEST(ExperimentsRobust, TinySweepsWriteTheirTablesAndPlots) {
  if (!std::filesystem::exists(it::DataOptions{}.data_dir)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  const auto dir = (std::filesystem::temp_directory_path() / ("infotorch_sweep_" + std::to_string(::getpid()))).string();
  std::filesystem::remove_all(dir);
  ie::DmiNoiseOptions d;
  d.cases = "bag_to_clothes";
  d.rates = "0,0.5";
  d.losses = "ce,dmi";
  d.train_limit = 1400;
  d.validation = 400;
  d.test_limit = 500;
  d.epochs = 2;
  d.pretrain_epochs = 1;
  d.out_dir = dir + "/dmi";
  size_t calls = 0;
  auto rows = ie::run_dmi_noise(d, [&](size_t done, size_t total, const ie::SweepRow&) {
    ++calls;
    EXPECT_EQ(total, 4u);
    EXPECT_EQ(done, calls);
  });
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& r : rows) {
    EXPECT_GE(r.metrics.at("test_accuracy"), 0.0);
    EXPECT_LE(r.metrics.at("test_accuracy"), 1.0);
  }
  EXPECT_TRUE(std::filesystem::exists(d.out_dir + "/results.csv"));
  std::ifstream md(d.out_dir + "/results.md");
  std::string text((std::istreambuf_iterator<char>(md)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("| 0.5 |"), std::string::npos) << text;
  if (std::system("command -v gnuplot > /dev/null 2>&1") == 0) EXPECT_TRUE(std::filesystem::exists(d.out_dir + "/bag_to_clothes.png"));

  ie::VibBetaOptions v;
  v.betas = "1e-2";
  v.train_limit = 1000;
  v.test_limit = 300;
  v.epochs = 1;
  v.hidden = 64;
  v.bottleneck = 8;
  v.noise = "0.2";
  v.fgsm = "0.05";
  v.robustness_limit = 200;
  v.out_dir = dir + "/vib";
  auto vrows = ie::run_vib_beta(v);
  ASSERT_EQ(vrows.size(), 2u);  // the deterministic baseline and beta = 1e-2
  EXPECT_EQ(vrows[0].settings.at("deterministic"), "true");
  EXPECT_TRUE(std::isnan(vrows[0].metrics.at("izx_upper")));
  EXPECT_GT(vrows[1].metrics.at("izx_upper"), 0.0);
  EXPECT_EQ(vrows[1].metrics.count("fgsm_0.05_accuracy"), 1u);
  EXPECT_TRUE(std::filesystem::exists(v.out_dir + "/results.md"));
  EXPECT_THROW(
      [] {
        ie::DmiNoiseOptions bad;
        bad.rates = "";
        ie::run_dmi_noise(bad);
      }(),
      infotorch::Error);
  std::filesystem::remove_all(dir);
}
