// Honest uncertainty for any estimator: a permutation test against independence and a subsampling error bar.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <functional>

namespace infotorch::knn {

// Any estimator of x, y (and z, undefined when unused); inputs are validated N x d tensors.
using Estimator = std::function<double(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& z)>;

enum class Shuffle {
  rows_of_y,     // I(X;Y): permute Y's rows, breaking only the X-Y pairing
  columns_of_x,  // total correlation: permute each column of X independently
  x_within_z,    // I(X;Y|Z): local permutation of X among each point's nearest Z neighbours (Runge 2018)
};

struct PermutationOptions {
  int64_t permutations = 100;
  Shuffle shuffle = Shuffle::rows_of_y;
  int64_t local_k = 5;  // x_within_z: neighbourhood size in Z, the point included
  uint64_t seed = 0;
};

struct PermutationResult {
  double p_value = 1;    // (1 + #{null >= observed}) / (1 + permutations)
  double null_mean = 0;  // the estimator's value at independence: its bias there
  double null_sd = 0;
};

PermutationResult permutation_test(const Estimator& f, const torch::Tensor& x, const torch::Tensor& y,
                                   const torch::Tensor& z, double observed, const PermutationOptions& options = {});

struct SubsampleOptions {
  int64_t subsamples = 20;
  double fraction = 0.5;  // subsample size m = fraction * N, drawn without replacement
  uint64_t seed = 0;
};

// Standard error at the full N: sd of the m-out-of-N estimates times sqrt(m / (N - m)), the factor that is
// exact for a mean (Var(T_m - T_N) = s^2 (1/m - 1/N)). Subsampling, not the bootstrap: resampling with
// replacement duplicates points, which a kNN estimator reads as zero distances.
double subsample_stderr(const Estimator& f, const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& z,
                        const SubsampleOptions& options = {});

}  // namespace infotorch::knn
