// `infotorch launch -n N [--nodes M --node-rank K --master-addr HOST --master-port P] -- <subcommand ...>`: starts
// N processes of `infotorch <subcommand ...>` on this machine with torchrun's variables (RANK, WORLD_SIZE,
// LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT), which the library reads (training/distributed.h).
//
// No orphans: each child dies with the launcher (PR_SET_PDEATHSIG); when one exits with an error or is killed,
// the others get SIGTERM, then SIGKILL after the grace period, and the launcher exits with the first failure's
// code (128 + signal for a killed one). SIGINT, SIGTERM and SIGHUP sent to the launcher are forwarded once to
// every child (they run in a process group of their own, so a terminal's Ctrl-C reaches them only this way).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "commands.h"
#include "exit_codes.h"
#include "infotorch/core/error.h"

extern char** environ;

namespace infotorch::cli {
namespace {

struct LaunchArgs {
  int processes = 0;
  int nodes = 1;
  int node_rank = 0;
  std::string master_addr = "127.0.0.1";
  int master_port = 0;   // 0: a free port of this machine (one node only)
  double grace_s = 10;   // after SIGTERM, before SIGKILL
  std::vector<std::string> command;
};

volatile std::sig_atomic_t g_forward = 0;
extern "C" void on_launcher_signal(int sig) { g_forward = sig; }

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw Error(std::string("master_port: cannot open a socket: ") + std::strerror(errno));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_ANY);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(fd);
    throw Error(std::string("master_port: cannot find a free port: ") + std::strerror(errno));
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

std::string self_path() {
  char path[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) throw Error(std::string("cannot find this program's path: ") + std::strerror(errno));
  return std::string(path, static_cast<size_t>(n));
}

int exit_code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : kInterrupted + WTERMSIG(status); }

std::string describe(int status) {
  return WIFEXITED(status) ? "exited with " + std::to_string(WEXITSTATUS(status))
                           : std::string("was killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
                                 strsignal(WTERMSIG(status)) + ")";
}

void run(const LaunchArgs& a) {
  if (a.processes < 1) throw Error("processes: expected at least 1");
  if (a.nodes < 1 || a.node_rank < 0 || a.node_rank >= a.nodes)
    throw Error("node_rank: expected 0 <= node_rank < nodes, got " + std::to_string(a.node_rank) + " of " +
                std::to_string(a.nodes));
  if (a.command.empty()) throw Error("command: expected the subcommand to run after --, e.g. train simclr");
  if (a.master_port < 0 || a.master_port > 65535) throw Error("master_port: expected a port in 0..65535");
  if (a.master_port == 0 && a.nodes > 1)
    throw Error("master_port: a run over several nodes needs the same port on every node");
  if (!(a.grace_s >= 0)) throw Error("grace_s: expected a non-negative number of seconds");
  const int port = a.master_port > 0 ? a.master_port : free_port();
  const std::string program = self_path();
  const int world = a.processes * a.nodes;

  std::signal(SIGINT, on_launcher_signal);
  std::signal(SIGTERM, on_launcher_signal);
  std::signal(SIGHUP, on_launcher_signal);
  const pid_t launcher = ::getpid();
  std::vector<pid_t> pids(a.processes, -1);
  // Each child's argv and environment are built before fork: after it, in a process that may have other
  // threads, only async-signal-safe calls are sure to work.
  std::vector<std::string> args = {program};
  args.insert(args.end(), a.command.begin(), a.command.end());
  std::vector<char*> argv;
  for (auto& s : args) argv.push_back(s.data());
  argv.push_back(nullptr);
  const std::vector<std::string> ours = {"RANK", "WORLD_SIZE", "LOCAL_RANK", "LOCAL_WORLD_SIZE", "MASTER_ADDR",
                                         "MASTER_PORT"};
  std::vector<std::string> inherited;
  for (char** e = environ; *e; ++e) {
    const std::string kv = *e;
    const std::string key = kv.substr(0, kv.find('='));
    if (std::find(ours.begin(), ours.end(), key) == ours.end()) inherited.push_back(kv);
  }
  std::vector<std::vector<std::string>> envs(a.processes, inherited);
  std::vector<std::vector<char*>> envps(a.processes);
  for (int local = 0; local < a.processes; ++local) {
    const int rank = a.node_rank * a.processes + local;
    for (const auto& kv : {"RANK=" + std::to_string(rank), "WORLD_SIZE=" + std::to_string(world),
                           "LOCAL_RANK=" + std::to_string(local), "LOCAL_WORLD_SIZE=" + std::to_string(a.processes),
                           "MASTER_ADDR=" + a.master_addr, "MASTER_PORT=" + std::to_string(port)})
      envs[local].push_back(kv);
    for (auto& kv : envs[local]) envps[local].push_back(kv.data());
    envps[local].push_back(nullptr);
  }
  for (int local = 0; local < a.processes; ++local) {
    const pid_t pid = ::fork();
    if (pid < 0) {
      for (pid_t p : pids)
        if (p > 0) ::kill(p, SIGKILL);
      throw RunError(std::string("launch: fork failed: ") + std::strerror(errno));
    }
    if (pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != launcher) ::_exit(kInternal);  // the launcher died before prctl took effect
      ::setpgid(0, 0);
      ::signal(SIGINT, SIG_DFL);
      ::signal(SIGTERM, SIG_DFL);
      ::signal(SIGHUP, SIG_DFL);
      ::execve(program.c_str(), argv.data(), envps[local].data());
      static const char msg[] = "infotorch: error: launch: cannot run infotorch-core\n";
      [[maybe_unused]] auto w = ::write(2, msg, sizeof msg - 1);
      ::_exit(kInternal);
    }
    pids[local] = pid;
  }

  using Clock = std::chrono::steady_clock;
  int running = a.processes, first_failure = 0, forwarded = 0;
  bool terminating = false;
  Clock::time_point kill_at{};
  auto signal_all = [&](int sig) {
    for (pid_t p : pids)
      if (p > 0) ::kill(p, sig);
  };
  while (running > 0) {
    if (g_forward != 0 && forwarded == 0) {
      forwarded = g_forward;
      signal_all(forwarded);  // the children checkpoint and stop at their next step
    }
    int status = 0;
    const pid_t done = ::waitpid(-1, &status, WNOHANG);
    if (done > 0) {
      for (int local = 0; local < a.processes; ++local) {
        if (pids[local] != done) continue;
        pids[local] = -1;
        --running;
        if (exit_code(status) != 0 && first_failure == 0 && forwarded == 0) {
          first_failure = exit_code(status);
          std::fprintf(stderr, "infotorch: launch: rank %d (pid %d) %s; stopping the other %d process(es)\n",
                       a.node_rank * a.processes + local, static_cast<int>(done), describe(status).c_str(), running);
        }
      }
      continue;
    }
    if ((first_failure != 0 || forwarded != 0) && !terminating && running > 0) {
      terminating = true;
      if (first_failure != 0) signal_all(SIGTERM);
      kill_at = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(a.grace_s));
    }
    if (terminating && Clock::now() >= kill_at) signal_all(SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGHUP, SIG_DFL);
  if (forwarded != 0) throw ExitWith{kInterrupted + forwarded};
  if (first_failure != 0) throw ExitWith{first_failure};
}

}  // namespace

void register_launch(CLI::App& app) {
  auto a = std::make_shared<LaunchArgs>();
  auto* cmd = app.add_subcommand(
      "launch", "run N processes of a subcommand as one multi-process run (torchrun's variables): launch -n 2 -- train simclr");
  cmd->add_option("-n,--processes", a->processes, "processes on this machine")->required();
  cmd->add_option("--nodes", a->nodes, "machines in the run (each runs launch with its --node-rank)")->capture_default_str();
  cmd->add_option("--node-rank", a->node_rank, "this machine among --nodes")->capture_default_str();
  cmd->add_option("--master-addr", a->master_addr, "host of rank 0 (serves the rendezvous)")->capture_default_str();
  cmd->add_option("--master-port", a->master_port, "its port (0: a free port; one machine only)")->capture_default_str();
  cmd->add_option("--grace-s", a->grace_s, "seconds between SIGTERM and SIGKILL when stopping the processes")
      ->capture_default_str();
  cmd->add_option("command", a->command, "the subcommand and its arguments, after --")->required();
  cmd->callback([a] { run(*a); });
}

}  // namespace infotorch::cli
