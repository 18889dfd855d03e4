// A training run killed (SIGKILL) while it writes a checkpoint leaves the previous checkpoint whole: the next
// run resumes from it. Checkpoints are written to <path>.tmp and renamed (training/trainer.h).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "infotorch/training/dataset.h"
#include "process.h"

namespace fs = std::filesystem;

TEST(CheckpointKill, KilledWhileWritingTheNextCheckpointTheLastOneStillResumes) {
  if (!fs::exists(infotorch::training::DataOptions{}.data_dir)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  const std::string base = (fs::temp_directory_path() / ("infotorch_kill_" + std::to_string(::getpid()))).string();
  const std::string ck = base + ".pt", tmp = ck + ".tmp", log = base + ".log";
  fs::remove(ck);
  fs::remove(tmp);
  // A 2048-wide MLP: 1.6 M weights and Adam's two moments, a 19 MB checkpoint after every 2-step epoch, so the
  // run spends most of its time writing.
  std::vector<std::string> args = {"train", "classifier", "--model", "mlp", "--hidden", "2048", "--limit", "128",
                                   "--test-limit", "64", "--batch-size", "64", "--evaluators", "none", "--no-plot",
                                   "--epochs", "100000", "--save", ck, "--quiet"};
  int killed_mid_write = 0;
  for (int round = 0; round < 4; ++round) {
    SCOPED_TRACE(round);
    auto run_args = args;
    if (round > 0) run_args.insert(run_args.end(), {"--resume", ck});  // fails with exit 2 if ck were damaged
    cli_test::Child child(run_args, log);
    // Wait for a checkpoint to exist and the next one to be in progress, then kill at once.
    ASSERT_TRUE(cli_test::wait_until([&] { return fs::exists(ck) && fs::exists(tmp); }, 120))
        << cli_test::read_text(log);
    child.signal(SIGKILL);
    EXPECT_EQ(child.wait(), -SIGKILL) << cli_test::read_text(log);
    killed_mid_write += fs::exists(tmp);
    fs::remove(tmp);  // what the killed write left; the next write starts it afresh
  }
  EXPECT_GE(killed_mid_write, 3);  // the write may just have ended between the check and the kill
  // The last checkpoint resumes and the run finishes normally.
  auto r = cli_test::run_infotorch("train classifier --model mlp --hidden 2048 --limit 128 --test-limit 64 --batch-size 64 "
                             "--evaluators none --no-plot --epochs 100000 --max-steps 2 --resume " + ck + " --json --quiet");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("\"finished\":false"), std::string::npos) << r.out;
  fs::remove(ck);
  fs::remove(log);
}
