// MI between a discrete X and a continuous Y (Ross 2014, "Mutual Information between Discrete and Continuous
// Data Sets", PLoS ONE 9(2)).
//
// For point i with label c (N_c points), d_i is the distance to its k-th neighbour among the points with
// label c (k_i = min(k, N_c - 1)); m_i counts all points strictly closer than d_i, i included (which equals
// Ross's count of neighbours up to and including the k-th when there are no ties). Points whose label is
// unique are dropped, as in scikit-learn. I = psi(N) + <psi(k_i)> - <psi(N_c)> - <psi(m_i)>.
#pragma once
#include <torch/torch.h>

#include <cstdint>

#include "infotorch/knn/points.h"
#include "infotorch/knn/prepare.h"

namespace infotorch::knn {

struct RossOptions {
  int64_t k = 3;
  Prepare prepare;  // applied to Y only; X holds labels
  uint64_t seed = 0;
};

// x: N x dx discrete labels (rows compared exactly); y: N x dy continuous.
double ross_mi(const torch::Tensor& x, const torch::Tensor& y, const RossOptions& options = {});
double ross_mi(const Points& x, const Points& y, int64_t k);

}  // namespace infotorch::knn
