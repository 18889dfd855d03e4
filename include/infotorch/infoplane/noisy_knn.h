// The information plane by the project's kNN estimators on noise-added activations T~ = T + N(0, var I): a
// deterministic layer of distinct inputs has I(X;T) = H(T) = infinity for continuous T, so noise of a stated
// variance is what makes it finite (as for the KDE bounds). I(X;T~) = H_KL(T~) - (d/2) ln(2 pi e var), with
// H_KL the Kozachenko-Leonenko estimate (knn/entropy.h); I(T~;Y) by Ross's estimator for a discrete Y
// (knn/ross.h). Both in bits.
#pragma once
#include <torch/torch.h>

#include <cstdint>

#include "infotorch/infoplane/plane.h"

namespace infotorch::infoplane {

struct NoisyKnnOptions {
  int64_t k = 3;
  double variance = 1e-3;
  uint64_t seed = 0;  // the noise draw
};

PlanePoint knn_plane(const torch::Tensor& t, const torch::Tensor& labels, const NoisyKnnOptions& options = {});

}  // namespace infotorch::infoplane
