// The same command with the same seed and thread count prints bit-identical results (JSON numbers carry 17
// significant digits, enough to round-trip a double): a neural and a kNN estimate, and a short training run.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "infotorch/training/dataset.h"
#include "process.h"


namespace {

// Everything but the timings.
std::string without_seconds(std::string json) {
  for (const std::string key : {"\"seconds\":", "\"samples_per_sec\":"}) {
    const auto p = json.find(key);
    if (p == std::string::npos) continue;
    const auto end = json.find_first_of(",}", p);
    json.erase(p, end - p);
  }
  return json;
}

}  // namespace

TEST(Determinism, NeuralEstimateIsBitIdenticalForTheSameSeedAndThreads) {
  const std::string cmd = "estimate --task gaussian:d=3,mi=1 --n 2000 --estimator smile:tau=5 --steps 150 --folds 2 "
                          "--seed 4 --threads 2 --json --quiet";
  auto a = cli_test::run_infotorch(cmd), b = cli_test::run_infotorch(cmd);
  ASSERT_EQ(a.code, 0) << a.out;
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out.find("\"mi_nats\":"), std::string::npos);
  // Another seed gives another number: the comparison above can fail.
  auto c = cli_test::run_infotorch("estimate --task gaussian:d=3,mi=1 --n 2000 --estimator smile:tau=5 --steps 150 --folds 2 "
                   "--seed 5 --threads 2 --json --quiet");
  EXPECT_NE(a.out, c.out);
}

TEST(Determinism, KnnEstimateIsBitIdenticalAndIndependentOfTheThreadCount) {
  const std::string cmd = "estimate --task student:dx=2,dy=2,nu=3 --n 3000 --estimator ksg:k=3 --seed 2 --json --quiet";
  auto one = cli_test::run_infotorch(cmd + " --threads 1"), two = cli_test::run_infotorch(cmd + " --threads 2"), again = cli_test::run_infotorch(cmd + " --threads 2");
  ASSERT_EQ(one.code, 0) << one.out;
  EXPECT_EQ(two.out, again.out);
  EXPECT_EQ(one.out, two.out);  // kNN counts neighbours exactly: no floating-point reduction depends on threads
}

TEST(Determinism, ShortTrainingRunIsBitIdenticalForTheSameSeedAndThreads) {
  if (!std::filesystem::exists(infotorch::training::DataOptions{}.data_dir)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  const std::string cmd = "train classifier --model mlp --hidden 64 --limit 512 --test-limit 256 --batch-size 64 "
                          "--epochs 2 --evaluators accuracy --no-plot --seed 3 --threads 2 --json --quiet";
  auto a = cli_test::run_infotorch(cmd), b = cli_test::run_infotorch(cmd);
  ASSERT_EQ(a.code, 0) << a.out;
  EXPECT_EQ(without_seconds(a.out), without_seconds(b.out));
  EXPECT_NE(a.out.find("\"loss\":"), std::string::npos);
}
