// `infotorch launch -n N -- train ...`: N processes as one run over c10d (cli/launch.cpp, training/distributed.h).
#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "infotorch/training/dataset.h"
#include "process.h"

namespace fs = std::filesystem;

namespace {

const std::string kSmall =
    "train classifier --model mlp --hidden 64 --limit 256 --test-limit 64 --batch-size 64 --evaluators none "
    "--no-plot --quiet";

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// The launcher's children, from /proc.
std::vector<pid_t> children(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
  std::vector<pid_t> out;
  for (pid_t c; in >> c;) out.push_back(c);
  return out;
}

bool alive(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

struct Paths {
  std::string base, ck, log;
  explicit Paths(const std::string& name) {
    base = (fs::temp_directory_path() / ("infotorch_launch_" + name + "_" + std::to_string(::getpid()))).string();
    ck = base + ".pt";
    log = base + ".log";
    fs::remove(ck);
  }
  ~Paths() {
    fs::remove(ck);
    fs::remove(log);
    fs::remove_all(base + "_out");
  }
};

}  // namespace

TEST(Launch, TwoProcessesTrainAsOneRunAndResumeWithTheSameWorldSize) {
  if (!fs::exists(infotorch::training::DataOptions{}.data_dir)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  Paths p("run");
  auto r = cli_test::run_infotorch("launch -n 2 -- " + kSmall + " --epochs 1 --save " + p.ck + " --out " + p.base +
                                   "_out --json");
  ASSERT_EQ(r.code, 0) << r.out;
  // Each rank reports the run: 256 / 64 = 4 steps of the global batch.
  EXPECT_EQ(count(r.out, "\"steps\":4"), 2) << r.out;
  EXPECT_TRUE(fs::exists(p.base + "_out/epochs.csv"));  // written by rank 0
  ASSERT_TRUE(fs::exists(p.ck));
  auto resumed = cli_test::run_infotorch("launch -n 2 -- " + kSmall + " --epochs 2 --resume " + p.ck + " --json");
  EXPECT_EQ(resumed.code, 0) << resumed.out;
  EXPECT_EQ(count(resumed.out, "\"steps\":8"), 2) << resumed.out;
  auto other = cli_test::run_infotorch(kSmall + " --epochs 2 --resume " + p.ck);
  EXPECT_EQ(other.code, 2) << other.out;
  EXPECT_NE(other.out.find("world_size: the checkpoint was trained by 2 processes, got 1"), std::string::npos)
      << other.out;
}

// SimCLR's global-batch NT-Xent over 2 processes (each scores its own anchors): both report the run's mean loss.
TEST(Launch, SimclrTrainsOverTwoProcesses) {
  if (!fs::exists(infotorch::training::DataOptions{}.data_dir)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  auto r = cli_test::run_infotorch("launch -n 2 -- train simclr --limit 128 --test-limit 64 --batch-size 64 "
                                   "--epochs 1 --evaluators none --no-plot --quiet --json");
  ASSERT_EQ(r.code, 0) << r.out;
  std::istringstream lines(r.out);
  std::vector<std::string> losses;
  for (std::string line; std::getline(lines, line);) {
    const auto at = line.find("\"loss\":");
    if (at != std::string::npos) losses.push_back(line.substr(at, line.find(',', at) - at));
  }
  ASSERT_EQ(losses.size(), 2u) << r.out;
  EXPECT_EQ(losses[0], losses[1]);
  EXPECT_NE(r.out.find("\"comm_bytes\":"), std::string::npos) << r.out;
}

TEST(Launch, BadLaunchVariablesAreBadInputNamingTheVariable) {
  auto r = cli_test::run_program("RANK=2 WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=29500 " +
                                     std::string(INFOTORCH_CLI),
                                 kSmall + " --epochs 1");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("RANK: expected 0 <= RANK < WORLD_SIZE (2), got 2"), std::string::npos) << r.out;
  auto no_addr = cli_test::run_program("env -u MASTER_ADDR RANK=0 WORLD_SIZE=2 " + std::string(INFOTORCH_CLI),
                                       kSmall + " --epochs 1");
  EXPECT_EQ(no_addr.code, 2) << no_addr.out;
  EXPECT_NE(no_addr.out.find("MASTER_ADDR: unset"), std::string::npos) << no_addr.out;
}

// A killed rank: the launcher stops the other, exits with 128 + SIGKILL, leaves no process behind, and the last
// checkpoint resumes.
TEST(Launch, AKilledRankEndsTheRunWithoutOrphans) {
  if (!fs::exists(infotorch::training::DataOptions{}.data_dir)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  Paths p("kill");
  auto args = words("launch -n 2 -- " + kSmall + " --epochs 100000 --timeout-s 10 --save " + p.ck);
  cli_test::Child launcher(args, p.log);
  ASSERT_TRUE(cli_test::wait_until([&] { return fs::exists(p.ck); }, 120)) << cli_test::read_text(p.log);
  auto kids = children(launcher.pid());
  ASSERT_EQ(kids.size(), 2u);
  const auto t0 = std::chrono::steady_clock::now();
  ::kill(kids[1], SIGKILL);
  EXPECT_EQ(launcher.wait(), 128 + SIGKILL) << cli_test::read_text(p.log);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 15.0);
  for (pid_t k : kids) EXPECT_FALSE(alive(k)) << k;
  EXPECT_NE(cli_test::read_text(p.log).find("was killed by signal 9"), std::string::npos) << cli_test::read_text(p.log);
  auto resumed = cli_test::run_infotorch("launch -n 2 -- " + kSmall + " --epochs 100000 --max-steps 1 --resume " + p.ck);
  EXPECT_EQ(resumed.code, 0) << resumed.out;
}

// SIGTERM to the launcher reaches every rank once: they stop at the same step, checkpoint, and exit 143.
TEST(Launch, SigtermStopsEveryRankAtOneStep) {
  if (!fs::exists(infotorch::training::DataOptions{}.data_dir)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  Paths p("term");
  auto args = words("launch -n 2 -- " + kSmall + " --epochs 100000 --save " + p.ck);
  cli_test::Child launcher(args, p.log);
  ASSERT_TRUE(cli_test::wait_until([&] { return fs::exists(p.ck); }, 120)) << cli_test::read_text(p.log);
  auto kids = children(launcher.pid());
  launcher.signal(SIGTERM);
  EXPECT_EQ(launcher.wait(), 128 + SIGTERM) << cli_test::read_text(p.log);
  for (pid_t k : kids) EXPECT_FALSE(alive(k)) << k;
  EXPECT_EQ(count(cli_test::read_text(p.log), "(interrupted;"), 2) << cli_test::read_text(p.log);
  auto resumed = cli_test::run_infotorch("launch -n 2 -- " + kSmall + " --epochs 100000 --max-steps 1 --resume " + p.ck);
  EXPECT_EQ(resumed.code, 0) << resumed.out;
}
