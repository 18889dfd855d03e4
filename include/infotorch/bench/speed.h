// Timings for the speed comparison of `infotorch bench speed`: the staircase training step, the InfoNCE
// loss alone, the machine's matmul throughput and the concat critic's peak memory. Wall-clock
// milliseconds on whatever threads LibTorch is set to use; compare numbers measured in one run only.
#pragma once
#include <cstdint>
#include <string>

#include <torch/torch.h>

#include "infotorch/critics/options.h"

namespace infotorch::bench {

// Milliseconds per staircase training step of the critic-fitting loop (fit.h: draw a d = 20 batch of k, critic
// scores, the bound's loss, backward, Adam step), averaged over `steps` after `warmup` untimed steps.
// critic: a critic spec ("concat", "separable:hidden=512").
double time_staircase_step(const std::string& critic, int64_t k, int64_t steps, int64_t warmup,
                           const std::string& estimator = "infonce", torch::Device device = torch::kCPU);

struct Throughput {
  double ms = 0;      // per call
  double gflop = 0;   // floating-point work per call counted as matmul work (2 m n k per product)
  double gflops = 0;  // gflop / seconds
};

// The machine's float32 matmul throughput: the best of an m x k times k x n product and a square one.
Throughput measure_matmul(int64_t m, int64_t k, int64_t n, int64_t reps);
// InfoNCE loss on S = u v^T (u, v: n x d, float32) forward + backward; counted as its three matmuls (6 n^2 d).
// from_embeddings: time bounds::infonce_embeddings(u, v) (the blockwise path that never forms S) instead of
// the InfoNCE bound on the explicit score matrix.
Throughput measure_infonce(int64_t n, int64_t d, int64_t reps, bool from_embeddings = false);

struct PeakMemory {
  int64_t baseline_bytes = -1;  // resident set before the scores (the process, weights and inputs)
  int64_t peak_bytes = -1;      // high-water mark during scores + backward
  int64_t k = 0;
  double seconds = 0;
  bool reset_ok = false;  // whether the high-water mark could be reset before the measurement
};

// Peak resident memory of concat-critic scores (K x K) + backward of their sum, d = 20, at batch k.
PeakMemory measure_concat_memory(int64_t k, const critics::CriticOptions& options = {});

}  // namespace infotorch::bench
