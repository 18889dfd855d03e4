// Multi-process training over c10d (training/distributed.h, data_parallel.h): the launch environment, and runs of
// 2 and 4 processes on loopback (workers: tests/helpers/dist_worker.cpp, rendezvous through a FileStore).
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "../error_of.h"
#include "../helpers/dist_model.h"
#include "infotorch/core/error.h"
#include "infotorch/training/data_parallel.h"
#include "infotorch/training/distributed.h"

extern char** environ;

namespace fs = std::filesystem;
namespace it = infotorch::training;
using Clock = std::chrono::steady_clock;

namespace {

it::LaunchEnv env_of(const std::map<std::string, std::string>& vars) {
  return it::launch_env([&](const std::string& k) -> std::optional<std::string> {
    auto i = vars.find(k);
    if (i == vars.end()) return std::nullopt;
    return i->second;
  });
}

std::string env_error(const std::map<std::string, std::string>& vars) {
  try {
    env_of(vars);
  } catch (const infotorch::Error& e) {
    return e.what();
  }
  return "";
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh directory for one test's store, outputs and logs.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name) {
    path = fs::temp_directory_path() / ("infotorch_dist_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string operator/(const std::string& f) const { return (path / f).string(); }
};

struct Worker {
  pid_t pid = -1;
  std::string log;
  bool reaped = false;
  int code = 0;  // exit status, or -signal
};

Worker spawn(const std::vector<std::string>& args, const std::string& log) {
  std::vector<std::string> a = {INFOTORCH_DIST_WORKER};
  a.insert(a.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : a) argv.push_back(s.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  Worker w;
  w.log = log;
  if (posix_spawn(&w.pid, argv[0], &fa, nullptr, argv.data(), environ) != 0) w.pid = -1;
  posix_spawn_file_actions_destroy(&fa);
  return w;
}

// Reaps the worker if it has exited; true when it has.
bool poll(Worker& w) {
  if (w.reaped) return true;
  int status = 0;
  if (waitpid(w.pid, &status, WNOHANG) != w.pid) return false;
  w.reaped = true;
  w.code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  return true;
}

// Waits for the workers (all but `except`) to exit, at most `seconds`; kills what is left. Returns the time taken.
double wait_all(std::vector<Worker>& ws, double seconds, int except = -1) {
  const auto t0 = Clock::now();
  auto left = [&] {
    int n = 0;
    for (size_t i = 0; i < ws.size(); ++i)
      if (static_cast<int>(i) != except && !poll(ws[i])) ++n;
    return n;
  };
  while (left() > 0 && std::chrono::duration<double>(Clock::now() - t0).count() < seconds)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const double took = std::chrono::duration<double>(Clock::now() - t0).count();
  for (auto& w : ws)
    if (!poll(w)) {
      ::kill(w.pid, SIGKILL);
      int status = 0;
      waitpid(w.pid, &status, 0);
      w.reaped = true;
      w.code = -SIGKILL;
    }
  return took;
}

}  // namespace

TEST(LaunchEnv, NoVariablesIsOneProcessAndTorchrunVariablesAreRead) {
  auto one = env_of({});
  EXPECT_FALSE(one.distributed());
  EXPECT_EQ(one.world_size, 1);
  auto e = env_of({{"RANK", "3"}, {"WORLD_SIZE", "4"}, {"LOCAL_RANK", "1"}, {"LOCAL_WORLD_SIZE", "2"},
                   {"MASTER_ADDR", "node0"}, {"MASTER_PORT", "29500"}});
  EXPECT_TRUE(e.distributed());
  EXPECT_EQ(e.rank, 3);
  EXPECT_EQ(e.world_size, 4);
  EXPECT_EQ(e.local_rank, 1);
  EXPECT_EQ(e.local_world_size, 2);
  EXPECT_EQ(e.master_addr, "node0");
  EXPECT_EQ(e.port, 29500);
  // Slurm's variables where torchrun's are absent; its per-node count may read "2(x3)".
  auto s = env_of({{"SLURM_PROCID", "5"}, {"SLURM_NTASKS", "6"}, {"SLURM_LOCALID", "1"},
                   {"SLURM_NTASKS_PER_NODE", "2(x3)"}, {"MASTER_ADDR", "n1"}, {"MASTER_PORT", "1234"}});
  EXPECT_EQ(s.rank, 5);
  EXPECT_EQ(s.world_size, 6);
  EXPECT_EQ(s.local_rank, 1);
  EXPECT_EQ(s.local_world_size, 2);
}

TEST(LaunchEnv, BadVariablesAreErrorsNamingTheVariable) {
  const std::map<std::string, std::string> ok = {{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "127.0.0.1"},
                                                 {"MASTER_PORT", "29500"}};
  auto with = [&](const std::string& k, const std::string& v) {
    auto m = ok;
    m[k] = v;
    return m;
  };
  auto without = [&](const std::string& k) {
    auto m = ok;
    m.erase(k);
    return m;
  };
  EXPECT_EQ(env_error(ok), "");
  EXPECT_EQ(env_error(with("RANK", "2")), "RANK: expected 0 <= RANK < WORLD_SIZE (2), got 2");
  EXPECT_EQ(env_error(with("WORLD_SIZE", "two")), "WORLD_SIZE: expected an integer >= 1, got 'two'");
  EXPECT_EQ(env_error(with("RANK", "-1")), "RANK: expected an integer >= 0, got '-1'");
  EXPECT_EQ(env_error(with("MASTER_PORT", "70000")), "MASTER_PORT: expected a port in 1..65535, got 70000");
  EXPECT_NE(env_error(without("MASTER_ADDR")).find("MASTER_ADDR: unset"), std::string::npos);
  EXPECT_NE(env_error(without("MASTER_PORT")).find("MASTER_PORT: unset"), std::string::npos);
  EXPECT_NE(env_error(without("WORLD_SIZE")).find("WORLD_SIZE: unset, but RANK is set"), std::string::npos);
  EXPECT_NE(env_error(with("LOCAL_RANK", "2")).find("LOCAL_RANK: expected 0 <= LOCAL_RANK < LOCAL_WORLD_SIZE"),
            std::string::npos);
  // One process needs no rendezvous address.
  EXPECT_EQ(env_error({{"RANK", "0"}, {"WORLD_SIZE", "1"}}), "");
}

TEST(Distributed, OptionsAreCheckedByName) {
  it::DistributedOptions o;
  o.timeout_s = 0;
  EXPECT_EQ(error_of([&] { it::check(o); }), "timeout_s: expected a positive number of seconds");
  o = {};
  o.bucket_mib = -1;
  EXPECT_EQ(error_of([&] { it::check(o); }), "bucket_mib: expected a positive size in MiB");
}

TEST(Distributed, AGroupOfOneIsTheIdentity) {
  TempDir dir("one");
  auto g = it::ProcessGroup::connect_file(dir / "store", 0, 1);
  auto x = torch::arange(6, torch::kFloat32).reshape({3, 2}).requires_grad_();
  EXPECT_TRUE(torch::equal(g->all_gather(x.detach()), x.detach()));
  auto y = it::all_gather_with_grad(x, *g);
  y.sum().backward();
  EXPECT_TRUE(torch::equal(x.grad(), torch::ones_like(x)));
  std::vector<torch::Tensor> grads = {torch::ones({2}), torch::full({3}, 2.0)};
  it::average_gradients(*g, grads, 4);
  EXPECT_TRUE(torch::equal(grads[1], torch::full({3}, 2.0)));
}

// One step of global-batch InfoNCE over W processes equals one process on the concatenated batch: the loss
// (SimCLR's layout: every rank's; per-row losses: their mean) and the parameters after the SGD update.
class GlobalBatchStep : public ::testing::TestWithParam<std::tuple<int, std::string, double>> {};

TEST_P(GlobalBatchStep, EqualsOneProcessOnTheConcatenatedBatch) {
  const auto [world, mode, bucket_mib] = GetParam();
  TempDir dir("step");
  std::vector<Worker> ws;
  for (int r = 0; r < world; ++r)
    ws.push_back(spawn({"step", mode, dir / "store", std::to_string(r), std::to_string(world),
                        dir / ("out" + std::to_string(r) + ".pt"), std::to_string(bucket_mib)},
                       dir / ("log" + std::to_string(r))));
  wait_all(ws, 120);
  dist_test::Model before;
  auto ref = dist_test::one_step(mode, {}, 0, 1);
  // The update is large enough for a wrongly scaled or missing gradient term to show.
  ASSERT_GT((ref[1] - before.flat()).abs().max().item<double>(), 1e-2);
  double mean_loss = 0;
  for (int r = 0; r < world; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    ASSERT_EQ(ws[r].code, 0) << read_text(ws[r].log);
    std::vector<torch::Tensor> out;
    torch::load(out, dir / ("out" + std::to_string(r) + ".pt"));
    mean_loss += out[0].item<double>() / world;
    if (mode == "simclr") EXPECT_NEAR(out[0].item<double>(), ref[0].item<double>(), 1e-5);
    EXPECT_TRUE(torch::allclose(out[1], ref[1], 1e-5, 1e-6))
        << "max |difference| " << (out[1] - ref[1]).abs().max().item<double>();
  }
  EXPECT_NEAR(mean_loss, ref[0].item<double>(), 1e-5);
}

INSTANTIATE_TEST_SUITE_P(Processes, GlobalBatchStep,
                         ::testing::Values(std::make_tuple(2, "simclr", 4.0), std::make_tuple(4, "simclr", 4.0),
                                           std::make_tuple(2, "simclr-rows", 4.0),
                                           std::make_tuple(4, "simclr-rows", 4.0),
                                           std::make_tuple(2, "rows", 4.0), std::make_tuple(4, "rows", 4.0),
                                           // 128-byte buckets: the gradients travel in many buckets
                                           std::make_tuple(2, "rows", 128.0 / (1 << 20))));

// A loss that is NaN on one rank only (its gradients finite): every rank learns of it in the reduction, so all
// skip the update together (on_nonfinite = skip) or all stop, naming whose loss it was.
TEST(Distributed, ANonFiniteLossOnOneRankSkipsOrStopsEveryRank) {
  const int world = 2;
  dist_test::Model before;
  for (std::string policy : {"skip", "stop"}) {
    SCOPED_TRACE(policy);
    TempDir dir("nan_" + policy);
    std::vector<Worker> ws;
    for (int r = 0; r < world; ++r)
      ws.push_back(spawn({"nan", policy, dir / "store", std::to_string(r), std::to_string(world),
                          dir / ("out" + std::to_string(r) + ".pt")},
                         dir / ("log" + std::to_string(r))));
    wait_all(ws, 120);
    for (int r = 0; r < world; ++r) {
      SCOPED_TRACE("rank " + std::to_string(r));
      const std::string log = read_text(ws[r].log);
      if (policy == "skip") {
        ASSERT_EQ(ws[r].code, 0) << log;
        std::vector<torch::Tensor> out;
        torch::load(out, dir / ("out" + std::to_string(r) + ".pt"));
        EXPECT_EQ(out[2].item<float>(), 1.0f);
        EXPECT_TRUE(torch::equal(out[1], before.flat()));
      } else {
        EXPECT_EQ(ws[r].code, 3) << log;
        EXPECT_NE(log.find(r == 1 ? "the loss of optimiser 'model' is NaN or Inf"
                                  : "the loss of another process of optimiser 'model' is NaN or Inf"),
                  std::string::npos)
            << log;
      }
    }
  }
}

// A rank that dies (SIGKILL) or hangs (SIGSTOP) ends every other rank with an error naming the failure, within
// the timeout, not a hang.
class RankFailure : public ::testing::TestWithParam<std::tuple<int, int>> {};

TEST_P(RankFailure, EndsTheOtherRanksWithAnErrorWithinTheTimeout) {
  const auto [world, sig] = GetParam();
  const double timeout_s = 3;
  TempDir dir("fail");
  std::vector<Worker> ws;
  for (int r = 0; r < world; ++r)
    ws.push_back(spawn({"loop", dir / "store", std::to_string(r), std::to_string(world), std::to_string(timeout_s),
                        dir / ("ready" + std::to_string(r))},
                       dir / ("log" + std::to_string(r))));
  const auto t0 = Clock::now();
  auto all_ready = [&] {
    for (int r = 0; r < world; ++r)
      if (!fs::exists(dir / ("ready" + std::to_string(r)))) return false;
    return true;
  };
  while (!all_ready() && std::chrono::duration<double>(Clock::now() - t0).count() < 60)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(all_ready()) << read_text(ws[0].log);
  const int victim = 1;
  ::kill(ws[victim].pid, sig);
  const double took = wait_all(ws, timeout_s + 20, victim);
  if (sig == SIGSTOP) {
    ::kill(ws[victim].pid, SIGKILL);
    wait_all(ws, 5);
  }
  for (int r = 0; r < world; ++r) {
    if (r == victim) continue;
    SCOPED_TRACE("rank " + std::to_string(r));
    EXPECT_EQ(ws[r].code, 3) << read_text(ws[r].log);
    const std::string log = read_text(ws[r].log);
    EXPECT_NE(log.find("distributed: "), std::string::npos) << log;
    EXPECT_NE(log.find("timeout_s = 3"), std::string::npos) << log;
  }
  // A dead rank breaks its connections: the others fail at once. A stopped one answers nothing: they wait for
  // the timeout, and not much longer.
  EXPECT_LT(took, timeout_s + 5);
  if (sig == SIGSTOP) EXPECT_GT(took, 0.5 * timeout_s);
}

INSTANTIATE_TEST_SUITE_P(Processes, RankFailure,
                         ::testing::Values(std::make_tuple(2, SIGKILL), std::make_tuple(4, SIGKILL),
                                           std::make_tuple(2, SIGSTOP), std::make_tuple(4, SIGSTOP)));
