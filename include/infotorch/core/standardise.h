// Column standardisation with statistics from one sample (the training split), applied to any other: the one
// home of it for the variational estimators, the suite and the critic-fitting loop.
#pragma once
#include <torch/torch.h>

namespace infotorch {

struct Standardiser {
  torch::Tensor mean;   // 1 x d
  torch::Tensor scale;  // 1 x d: the sample standard deviation; 1 for a constant column (only centred)

  // Statistics of `train` (N x d, N >= 1), computed in float64.
  static Standardiser fit(const torch::Tensor& train);
  // (t - mean) / scale in `t`'s floating dtype (float64 for integer input).
  torch::Tensor apply(const torch::Tensor& t) const;
};

}  // namespace infotorch
