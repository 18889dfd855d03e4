#include "infotorch/training/distributed.h"

#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/version.h>
#ifdef USE_C10D_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "infotorch/core/validate.h"

namespace infotorch::training {
namespace {

// LibTorch 2 split the process group into a front and per-device backends; the backends hold the collectives.
#if TORCH_VERSION_MAJOR >= 2
using Collectives = c10d::Backend;
#else
using Collectives = c10d::ProcessGroup;
#endif

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// "3", "0.5", "300": seconds as a person writes them.
std::string seconds_text(double s) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", s);
  return b;
}

std::chrono::milliseconds timeout_ms(const DistributedOptions& o) {
  return std::chrono::milliseconds(static_cast<int64_t>(std::llround(o.timeout_s * 1000.0)));
}

int64_t parse_count(const std::string& name, const std::string& text, int64_t min) {
  // Slurm writes per-node counts as "2(x3)": the leading number is this node's.
  size_t used = 0;
  int64_t v = 0;
  try {
    v = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  const bool slurm_list = used > 0 && used < text.size() && text[used] == '(' && name.rfind("SLURM_", 0) == 0;
  if (used == 0 || (used != text.size() && !slurm_list) || v < min)
    throw Error(name + ": expected an integer >= " + std::to_string(min) + ", got '" + text + "'");
  return v;
}

// The Gloo transport's device: the interface GLOO_SOCKET_IFNAME names (as in PyTorch), loopback for a run on
// one machine, else the address this machine's hostname resolves to.
std::shared_ptr<::gloo::transport::Device> gloo_device(const std::string& master_addr) {
  if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME"); ifname && *ifname)
    return c10d::ProcessGroupGloo::createDeviceForInterface(ifname);
  if (master_addr.empty() || master_addr == "localhost" || master_addr.rfind("127.", 0) == 0)
    return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
  return c10d::ProcessGroupGloo::createDefaultDevice();
}

int64_t bytes_of(const torch::Tensor& t) { return t.numel() * static_cast<int64_t>(t.element_size()); }

}  // namespace

void declare(OptionList& list, DistributedOptions& o) {
  list.add("timeout_s", o.timeout_s,
           "a multi-process run fails on every process when one waits this many seconds for another (rendezvous, "
           "collectives)")
      .add("bucket_mib", o.bucket_mib, "multi-process runs: gradients are all-reduced in buckets of this many MiB");
}

void check(const DistributedOptions& o) {
  if (!(o.timeout_s > 0) || !std::isfinite(o.timeout_s))
    throw Error("timeout_s: expected a positive number of seconds");
  if (!(o.bucket_mib > 0) || !std::isfinite(o.bucket_mib)) throw Error("bucket_mib: expected a positive size in MiB");
}

LaunchEnv launch_env(const std::function<std::optional<std::string>(const std::string&)>& get) {
  LaunchEnv env;
  auto rank = get("RANK"), world = get("WORLD_SIZE");
  std::string rank_name = "RANK", world_name = "WORLD_SIZE", local_name = "LOCAL_RANK",
              local_world_name = "LOCAL_WORLD_SIZE";
  if (!rank && !world && get("SLURM_PROCID") && get("SLURM_NTASKS")) {
    rank_name = "SLURM_PROCID";
    world_name = "SLURM_NTASKS";
    local_name = "SLURM_LOCALID";
    local_world_name = "SLURM_NTASKS_PER_NODE";
    rank = get(rank_name);
    world = get(world_name);
  }
  if (!rank && !world) return env;  // launched as one process
  if (!world) throw Error(world_name + ": unset, but " + rank_name + " is set (a run of several processes needs both)");
  if (!rank) throw Error(rank_name + ": unset, but " + world_name + " is set (a run of several processes needs both)");
  env.world_size = parse_count(world_name, *world, 1);
  env.rank = parse_count(rank_name, *rank, 0);
  if (env.rank >= env.world_size)
    throw Error(rank_name + ": expected 0 <= " + rank_name + " < " + world_name + " (" +
                std::to_string(env.world_size) + "), got " + std::to_string(env.rank));
  env.local_rank = env.rank;
  env.local_world_size = env.world_size;
  if (auto v = get(local_world_name)) env.local_world_size = parse_count(local_world_name, *v, 1);
  if (auto v = get(local_name)) env.local_rank = parse_count(local_name, *v, 0);
  if (env.local_rank >= env.local_world_size)
    throw Error(local_name + ": expected 0 <= " + local_name + " < " + local_world_name + " (" +
                std::to_string(env.local_world_size) + "), got " + std::to_string(env.local_rank));
  auto addr = get("MASTER_ADDR"), port = get("MASTER_PORT");
  if (env.world_size > 1) {
    if (!addr || addr->empty())
      throw Error("MASTER_ADDR: unset; a run of " + std::to_string(env.world_size) +
                  " processes needs the host of rank 0 (e.g. 127.0.0.1 on one machine)");
    if (!port) throw Error("MASTER_PORT: unset; a run of " + std::to_string(env.world_size) +
                           " processes needs the port rank 0 serves the rendezvous on");
  }
  if (addr) env.master_addr = *addr;
  if (port) {
    const int64_t p = parse_count("MASTER_PORT", *port, 1);
    if (p > 65535) throw Error("MASTER_PORT: expected a port in 1..65535, got " + *port);
    env.port = static_cast<int>(p);
  }
  return env;
}

LaunchEnv launch_env() {
  return launch_env([](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  });
}

struct ProcessGroup::Impl {
  int64_t rank = 0, world_size = 1;
  DistributedOptions options;
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<Collectives> pg;
  Traffic traffic;

  // Waits for every started collective; the first failure becomes a CommError naming `what`.
  void wait_all(std::vector<c10::intrusive_ptr<c10d::Work>>& works, const char* what) {
    const auto t0 = std::chrono::steady_clock::now();
    std::string failure;
    for (auto& w : works) {
      try {
        w->wait();
      } catch (const std::exception& e) {
        if (failure.empty()) failure = first_line(e.what());
      }
    }
    traffic.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!failure.empty())
      throw CommError("distributed: " + std::string(what) + " failed on rank " + std::to_string(rank) + " of " +
                      std::to_string(world_size) + " (another process of the run exited, or did not answer within "
                      "timeout_s = " + seconds_text(options.timeout_s) + " s): " + failure);
  }
};

namespace {

std::unique_ptr<ProcessGroup::Impl> make_impl(const c10::intrusive_ptr<c10d::Store>& store, int64_t rank,
                                              int64_t world_size, const DistributedOptions& o, torch::Device device,
                                              const std::string& master_addr) {
  auto impl = std::make_unique<ProcessGroup::Impl>();
  impl->rank = rank;
  impl->world_size = world_size;
  impl->options = o;
  impl->store = store;
  if (device.is_cuda()) {
#ifdef USE_C10D_NCCL
    auto nccl = c10d::ProcessGroupNCCL::Options::create();
    nccl->timeout = timeout_ms(o);
    impl->pg = c10::make_intrusive<c10d::ProcessGroupNCCL>(store, static_cast<int>(rank), static_cast<int>(world_size),
                                                           nccl);
    return impl;
#endif
    // Without NCCL, Gloo reduces CUDA tensors through host memory (where LibTorch is built with CUDA).
  }
  auto gloo = c10d::ProcessGroupGloo::Options::create(timeout_ms(o));
  gloo->devices.push_back(gloo_device(master_addr));
  impl->pg = c10::make_intrusive<c10d::ProcessGroupGloo>(store, static_cast<int>(rank), static_cast<int>(world_size),
                                                         gloo);
  return impl;
}

void check_place(int64_t rank, int64_t world_size) {
  if (world_size < 1 || rank < 0 || rank >= world_size)
    throw Error("rank: expected 0 <= rank < world_size, got rank " + std::to_string(rank) + " of " +
                std::to_string(world_size));
}

}  // namespace

ProcessGroup::ProcessGroup(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ProcessGroup::~ProcessGroup() = default;

std::shared_ptr<ProcessGroup> ProcessGroup::connect(const LaunchEnv& env, const DistributedOptions& o,
                                                    torch::Device device) {
  check(o);
  check_place(env.rank, env.world_size);
  if (env.master_addr.empty()) throw Error("MASTER_ADDR: expected the host of rank 0");
  if (env.port < 1 || env.port > 65535) throw Error("MASTER_PORT: expected a port in 1..65535");
  const std::string where = env.master_addr + ":" + std::to_string(env.port);
  try {
    c10d::TCPStoreOptions so;
    so.port = static_cast<std::uint16_t>(env.port);
    so.isServer = env.rank == 0;
    so.numWorkers = static_cast<size_t>(env.world_size);
    so.waitWorkers = true;
    so.timeout = timeout_ms(o);
    auto store = c10::make_intrusive<c10d::TCPStore>(env.master_addr, so);
    return std::shared_ptr<ProcessGroup>(
        new ProcessGroup(make_impl(store, env.rank, env.world_size, o, device, env.master_addr)));
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw CommError("distributed: the rendezvous of rank " + std::to_string(env.rank) + " of " +
                    std::to_string(env.world_size) + " at " + where + " (MASTER_ADDR:MASTER_PORT) failed within "
                    "timeout_s = " + seconds_text(o.timeout_s) + " s: " + first_line(e.what()));
  }
}

std::shared_ptr<ProcessGroup> ProcessGroup::connect_file(const std::string& path, int64_t rank, int64_t world_size,
                                                         const DistributedOptions& o, torch::Device device) {
  check(o);
  check_place(rank, world_size);
  if (path.empty()) throw Error("path: expected the rendezvous file's path");
  try {
    auto store = c10::make_intrusive<c10d::FileStore>(path, static_cast<int>(world_size));
    store->setTimeout(timeout_ms(o));
    return std::shared_ptr<ProcessGroup>(new ProcessGroup(make_impl(store, rank, world_size, o, device, "")));
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw CommError("distributed: the rendezvous of rank " + std::to_string(rank) + " of " +
                    std::to_string(world_size) + " through '" + path + "' failed within timeout_s = " +
                    seconds_text(o.timeout_s) + " s: " + first_line(e.what()));
  }
}

int64_t ProcessGroup::rank() const { return impl_->rank; }
int64_t ProcessGroup::world_size() const { return impl_->world_size; }
const DistributedOptions& ProcessGroup::options() const { return impl_->options; }
Traffic ProcessGroup::traffic() const { return impl_->traffic; }

void ProcessGroup::all_reduce_sum(std::vector<torch::Tensor>& tensors) {
  std::vector<c10::intrusive_ptr<c10d::Work>> works;
  for (auto& t : tensors) {
    if (!t.is_contiguous()) throw Error("all_reduce: expected contiguous tensors");
    // One tensor per call: c10d reads a list as one tensor per device and would sum them together.
    std::vector<at::Tensor> one{t};
    works.push_back(impl_->pg->allreduce(one, c10d::AllreduceOptions{}));
    impl_->traffic.all_reduce_bytes += bytes_of(t);
    impl_->traffic.collectives += 1;
  }
  impl_->wait_all(works, "an all-reduce");
}

void ProcessGroup::all_reduce_sum(torch::Tensor& tensor) {
  std::vector<torch::Tensor> one{tensor};
  all_reduce_sum(one);
}

torch::Tensor ProcessGroup::all_gather(const torch::Tensor& x) {
  auto in = x.contiguous();
  std::vector<std::vector<at::Tensor>> out(1);
  for (int64_t r = 0; r < impl_->world_size; ++r) out[0].push_back(torch::empty_like(in));
  std::vector<at::Tensor> inputs{in};
  std::vector<c10::intrusive_ptr<c10d::Work>> works{impl_->pg->allgather(out, inputs, c10d::AllgatherOptions{})};
  impl_->traffic.all_gather_bytes += bytes_of(in);
  impl_->traffic.collectives += 1;
  impl_->wait_all(works, "an all-gather");
  return torch::cat(out[0], 0);
}

void ProcessGroup::broadcast(std::vector<torch::Tensor>& tensors, int64_t root) {
  check_place(root, impl_->world_size);
  std::vector<c10::intrusive_ptr<c10d::Work>> works;
  c10d::BroadcastOptions bo;
  bo.rootRank = root;
  for (auto& t : tensors) {
    if (!t.is_contiguous()) throw Error("broadcast: expected contiguous tensors");
    std::vector<at::Tensor> one{t};
    works.push_back(impl_->pg->broadcast(one, bo));
    impl_->traffic.broadcast_bytes += bytes_of(t);
    impl_->traffic.collectives += 1;
  }
  impl_->wait_all(works, "a broadcast");
}

void ProcessGroup::barrier() {
  std::vector<c10::intrusive_ptr<c10d::Work>> works{impl_->pg->barrier(c10d::BarrierOptions{})};
  impl_->traffic.collectives += 1;
  impl_->wait_all(works, "a barrier");
}

}  // namespace infotorch::training
