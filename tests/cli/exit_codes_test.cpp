// Every exit code of `infotorch` (README, "Exit codes"), as a user or a script sees it: 0 success, 1 internal
// error, 2 bad input or usage, 3 a failed (diverged) run, 128 + signal for an interrupted run.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <torch/cuda.h>

#include "infotorch/training/dataset.h"
#include "process.h"


namespace {

std::string exit_temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("infotorch_exit_" + name + "_" + std::to_string(::getpid()))).string();
}

bool exit_have_fmnist() { return std::filesystem::exists(infotorch::training::DataOptions{}.data_dir); }

// A short classifier run on 128 Fashion-MNIST images: 2 steps per epoch.
const std::string kTinyRun = "train classifier --model linear --limit 128 --test-limit 64 --batch-size 64 --evaluators none --no-plot";

}  // namespace

TEST(ExitCodes, ZeroForSuccessAndHelp) {
  EXPECT_EQ(cli_test::run_infotorch("--help").code, 0);
  auto r = cli_test::run_infotorch("estimate --task gaussian:d=1,mi=0.5 --n 300 --estimator ksg:k=3 --quiet");
  EXPECT_EQ(r.code, 0) << r.out;
}

TEST(ExitCodes, OneWhenTheProgramCannotStartItsCore) {
  // The launcher alone, without infotorch-core beside it: an internal failure, in one line.
  const auto dir = exit_temp_path("lonely");
  std::filesystem::create_directories(dir);
  const auto launcher = dir + "/infotorch";
  std::filesystem::copy_file(INFOTORCH_CLI, launcher, std::filesystem::copy_options::overwrite_existing);
  auto r = cli_test::run_program(launcher, "--help");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "infotorch: error: cannot run " + dir + "/infotorch-core: No such file or directory\n");
  std::filesystem::remove_all(dir);
}

TEST(ExitCodes, TwoForBadUsageAndBadInput) {
  EXPECT_EQ(cli_test::run_infotorch("estimate --no-such-flag").code, 2);
  EXPECT_EQ(cli_test::run_infotorch("estimate --task gaussian:d=0").code, 2);
  auto r = cli_test::run_infotorch("estimate --x /nonexistent.csv --y /nonexistent.csv");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "infotorch: error: --x: cannot open '/nonexistent.csv': No such file or directory\n");
}

TEST(ExitCodes, TwoForADeviceThisBuildLacks) {
  if (torch::cuda::is_available()) GTEST_SKIP() << "a CUDA device is available";
  auto r = cli_test::run_infotorch("train classifier --device cuda --epochs 1 --limit 128");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "infotorch: error: device: 'cuda' is not available (this LibTorch has no CUDA support or sees no GPU)\n");
}

TEST(ExitCodes, TwoAndOneLineForANpyHeaderClaimingTerabytes) {
  // The case: 10^12 rows claimed by a tiny file; once a 16 TB allocation and a LibTorch backtrace.
  std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000, 2), }";
  while ((10 + dict.size() + 1) % 64) dict += ' ';
  dict += '\n';
  const auto path = exit_temp_path("huge") + ".npy";
  {
    std::ofstream out(path, std::ios::binary);
    out.write("\x93NUMPY\x01\x00", 8);
    out.put(static_cast<char>(dict.size()));
    out.put(0);
    out << dict;
  }
  auto r = cli_test::run_infotorch("estimate --x " + path + " --y " + path);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "infotorch: error: --x: " + path + " is truncated: the header claims 1000000000000 x 2 values "
                   "(16000000000000 bytes), the file holds 0 bytes of data\n");
  std::filesystem::remove(path);
}

TEST(ExitCodes, ThreeWhenTrainingDivergesNamingTheStepAndTheCheckpoint) {
  if (!exit_have_fmnist()) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  const auto ck = exit_temp_path("diverge") + ".pt";
  // Adam moves each weight by about lr per step: at 4e34 the float32 logits overflow in the third epoch.
  auto r = cli_test::run_infotorch(kTinyRun + " --epochs 5 --lr 4e34 --threads 1 --save " + ck + " --quiet");
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_EQ(r.out, "infotorch: error: training diverged at step 5 (epoch 3, step 1): the loss of optimiser 'model' "
                   "is NaN or Inf; the last good checkpoint is '" + ck + "' (after step 4); on_nonfinite=skip skips "
                   "such steps\n");
  // Asked to, the run skips that step instead and counts it.
  auto skip = cli_test::run_infotorch(kTinyRun + " --epochs 3 --lr 4e34 --threads 1 --on-nonfinite skip --quiet --json");
  EXPECT_EQ(skip.code, 0) << skip.out;
  EXPECT_NE(skip.out.find("\"skipped_steps\":1,"), std::string::npos) << skip.out;
  std::filesystem::remove(ck);
}

TEST(ExitCodes, ThreeWhenANeuralEstimateDiverges) {
  // NWJ's e^(T - 1) term overflows once a critic trained at lr 1e10 has run away.
  auto r = cli_test::run_infotorch("estimate --task gaussian:d=2,mi=1 --n 500 --estimator nwj --lr 1e10 --steps 50 --threads 1 --quiet");
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_EQ(r.out, "infotorch: error: estimator 'nwj': the critic diverged at training step 2 of 250 (NaN or Inf "
                   "critic scores); a smaller lr or another estimator may help\n");
}

TEST(ExitCodes, ThreeWhenAFiniteEstimateIsFlaggedAsDivergedUnlessAllowed) {
  // NWJ on Cauchy-tailed data at lr 2e-3: the training objective runs away (its last tenth averages ~ -2e20 nats)
  // while the held-out value stays finite and near 0. The JSON carries the flag; the exit says the run failed.
  // (On the copula, the default, the tails are gone and the same run does not diverge: 0.12 nats of 0.22.)
  const std::string cmd = "estimate --task student:dx=1,dy=1,nu=1 --n 2000 --estimator nwj --steps 300 --lr 0.002 "
                          "--seed 1 --folds 1 --no-copula --patience 0 --threads 1 --quiet --json";
  auto r = cli_test::run_infotorch(cmd);
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("\"diverged\":true"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("error: estimator 'nwj' diverged: 1 of 1 folds read implausible"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not an estimate"), std::string::npos) << r.out;
  auto allowed = cli_test::run_infotorch(cmd + " --allow-diverged");
  EXPECT_EQ(allowed.code, 0) << allowed.out;
  EXPECT_NE(allowed.out.find("\"diverged\":true"), std::string::npos) << allowed.out;
}

TEST(ExitCodes, InterruptedTrainingCheckpointsAndExits128PlusTheSignal) {
  if (!exit_have_fmnist()) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  for (int sig : {SIGINT, SIGTERM}) {
    SCOPED_TRACE(sig);
    const auto ck = exit_temp_path("interrupt") + ".pt", log = exit_temp_path("interrupt") + ".log";
    std::filesystem::remove(ck);
    cli_test::Child child({"train", "classifier", "--model", "linear", "--limit", "128", "--test-limit", "64",
                           "--batch-size", "64", "--evaluators", "none", "--no-plot", "--epochs", "100000", "--save",
                           ck},
                          log);
    ASSERT_TRUE(cli_test::wait_until([&] { return std::filesystem::exists(ck); }, 60)) << cli_test::read_text(log);
    child.signal(sig);
    EXPECT_EQ(child.wait(), 128 + sig);
    const auto out = cli_test::read_text(log);
    EXPECT_NE(out.find("(interrupted; --resume continues from the checkpoint"), std::string::npos) << out;
    // The checkpoint it wrote on the way out resumes.
    auto resumed = cli_test::run_infotorch(kTinyRun + " --epochs 100000 --max-steps 1 --resume " + ck + " --quiet");
    EXPECT_EQ(resumed.code, 0) << resumed.out;
    std::filesystem::remove(ck);
    std::filesystem::remove(log);
  }
}
