// Conditional MI I(X; Y | Z) (Frenzel & Pompe 2007, Phys. Rev. Lett. 99, 204101; the KSG-1 idea).
//
// eps_i is the k-th neighbour distance in the joint (X, Y, Z) space (max-norm); n_xz, n_yz, n_z count points
// strictly closer than eps_i in those subspaces. I = psi(k) - < psi(n_xz + 1) + psi(n_yz + 1) - psi(n_z + 1) >.
#pragma once
#include <torch/torch.h>

#include <cstdint>

#include "infotorch/knn/points.h"
#include "infotorch/knn/prepare.h"

namespace infotorch::knn {

struct CmiOptions {
  int64_t k = 3;
  // The KSG family's default: the copula transform (knn/ksg.h says why); copula=false for the raw data.
  Prepare prepare{/*standardize=*/true, /*noise=*/1e-10, /*copula=*/true};
  uint64_t seed = 0;
};

double cmi(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& z, const CmiOptions& options = {});
double cmi(const Points& x, const Points& y, const Points& z, int64_t k);

}  // namespace infotorch::knn
