// Kozachenko-Leonenko differential entropy (Kraskov et al. 2004, Sec. II, with the max-norm, unit ball
// volume 2^d): H = psi(N) - psi(k) + d ln 2 + (d/N) sum ln r_i, r_i the k-th neighbour distance. Nats.
// Entropy is not scale-invariant, so columns are NOT standardised (only tie-breaking noise is added).
#pragma once
#include <torch/torch.h>

#include <cstdint>

#include "infotorch/knn/points.h"
#include "infotorch/knn/prepare.h"

namespace infotorch::knn {

struct EntropyOptions {
  int64_t k = 3;
  Prepare prepare{/*standardize=*/false, /*noise=*/1e-10};
  uint64_t seed = 0;
};

// x: N x d continuous samples. A constant column has entropy -infinity: rejected with an Error.
double kl_entropy(const torch::Tensor& x, const EntropyOptions& options = {});
double kl_entropy(const Points& x, int64_t k);

}  // namespace infotorch::knn
