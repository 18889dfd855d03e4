// Total correlation (multi-information) C(X_1..X_m) = sum H(X_j) - H(X_1..X_m), each column one variable
// (Kraskov et al. 2004, the algorithm-1 form for m variables):
// C = psi(k) + (m - 1) psi(N) - < sum_j psi(n_j + 1) >, n_j counting points strictly closer than the joint
// k-th neighbour distance eps_i in column j.
#pragma once
#include <torch/torch.h>

#include <cstdint>

#include "infotorch/knn/points.h"
#include "infotorch/knn/prepare.h"

namespace infotorch::knn {

struct TotalCorrelationOptions {
  int64_t k = 3;
  // The KSG family's default: the copula transform (knn/ksg.h says why); copula=false for the raw data.
  Prepare prepare{/*standardize=*/true, /*noise=*/1e-10, /*copula=*/true};
  uint64_t seed = 0;
};

// x: N x m, m >= 2 (each column a variable).
double total_correlation(const torch::Tensor& x, const TotalCorrelationOptions& options = {});
double total_correlation(const Points& x, int64_t k);

}  // namespace infotorch::knn
