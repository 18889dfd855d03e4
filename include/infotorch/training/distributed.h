// Multi-process training over LibTorch's own c10d: where this process is (the launch environment torchrun and
// Slurm set), and a process group — rendezvous through a c10d TCPStore (rank 0 serves it) or FileStore,
// collectives through c10d's ProcessGroupGloo (CPU tensors, and CUDA tensors where LibTorch has CUDA), or
// ProcessGroupNCCL where LibTorch is built with it and the run's device is CUDA. What recipes and the trainer
// build on it (the differentiable all-gather, the bucketed gradient all-reduce) is in data_parallel.h.
//
// Failure: every collective waits at most timeout_s; a process of the run that exits breaks its connections
// and its peers fail at once, one that hangs makes them fail when timeout_s has passed. Either way the failure
// is a CommError (a RunError) naming the collective, this rank and timeout_s.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "infotorch/core/error.h"
#include "infotorch/core/options.h"

namespace infotorch::training {

struct DistributedOptions {
  // A rendezvous or collective that waits longer than this fails the run on every rank (the first step also
  // waits for every process to have started and loaded its data).
  double timeout_s = 300;
  // The gradient all-reduce flattens consecutive gradients into buckets of about this many MiB: one collective
  // per bucket instead of per tensor, without copying the whole model at once.
  double bucket_mib = 4;
};
void declare(OptionList& list, DistributedOptions& options);
void check(const DistributedOptions& options);

// A collective or the rendezvous failed: a process of the run exited or did not answer within timeout_s.
class CommError : public RunError {
 public:
  explicit CommError(const std::string& what) : RunError(what) {}
};

// Where this process is in a run of several.
struct LaunchEnv {
  int64_t rank = 0;
  int64_t world_size = 1;
  int64_t local_rank = 0;        // among the processes of this machine
  int64_t local_world_size = 1;  // processes on this machine
  std::string master_addr;       // the host of rank 0, which serves the rendezvous store
  int port = 0;                  // its port
  bool distributed() const { return world_size > 1; }
};
// Reads RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR and MASTER_PORT (torchrun's names; where
// RANK and WORLD_SIZE are unset, Slurm's SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID and SLURM_NTASKS_PER_NODE).
// No variables: one process. `get` returns a variable's value, nullopt when unset. Throws Error naming the
// variable when one is malformed, RANK >= WORLD_SIZE, or a run of several lacks MASTER_ADDR or MASTER_PORT.
LaunchEnv launch_env(const std::function<std::optional<std::string>(const std::string&)>& get);
// The same from this process's environment.
LaunchEnv launch_env();

// What this process handed to collectives: tensor payload (not the transport's own traffic; a ring all-reduce
// of B bytes sends about 2 (W - 1) / W B per rank, an all-gather of b bytes (W - 1) b) and the wall time it
// spent waiting for them (transfer, and waiting for slower ranks).
struct Traffic {
  int64_t all_reduce_bytes = 0;  // tensors all-reduced in place
  int64_t all_gather_bytes = 0;  // this rank's input to all-gathers
  int64_t broadcast_bytes = 0;
  int64_t collectives = 0;
  double seconds = 0;
  int64_t bytes() const { return all_reduce_bytes + all_gather_bytes + broadcast_bytes; }
};

// A c10d process group; every rank must call the same collectives in the same order with the same shapes.
class ProcessGroup {
 public:
  // Rendezvous over TCP: rank 0 serves a c10d TCPStore at env.master_addr:env.port, the others connect to it.
  static std::shared_ptr<ProcessGroup> connect(const LaunchEnv& env, const DistributedOptions& options = {},
                                               torch::Device device = torch::kCPU);
  // Rendezvous through a file every process can reach (a c10d FileStore; a fresh path per run).
  static std::shared_ptr<ProcessGroup> connect_file(const std::string& path, int64_t rank, int64_t world_size,
                                                    const DistributedOptions& options = {},
                                                    torch::Device device = torch::kCPU);
  ~ProcessGroup();
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;

  int64_t rank() const;
  int64_t world_size() const;
  const DistributedOptions& options() const;
  // Sums each tensor over the ranks, in place (contiguous tensors). The collectives are started together and
  // then waited for, so the transport overlaps them.
  void all_reduce_sum(std::vector<torch::Tensor>& tensors);
  void all_reduce_sum(torch::Tensor& tensor);
  // Every rank's x (the same shape on every rank) concatenated along dimension 0 in rank order; no autograd
  // (data_parallel.h has the differentiable one).
  torch::Tensor all_gather(const torch::Tensor& x);
  // Rank `root`'s tensors copied into every rank's, in place.
  void broadcast(std::vector<torch::Tensor>& tensors, int64_t root = 0);
  void barrier();
  Traffic traffic() const;

  struct Impl;

 private:
  explicit ProcessGroup(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace infotorch::training
