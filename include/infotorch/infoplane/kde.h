// Kolchinsky & Tracey's bounds on the entropy of a mixture of Gaussians (Kolchinsky & Tracey 2017, "Estimating
// mixture entropy with pairwise distances", Entropy 19(7); used for the information plane by Saxe et al. 2018).
//
// With noise of variance s2 added to each of N activations t_i, T~ is an equal-weight mixture of N(t_i, s2 I), and
//   H(T~) <= H(noise) - (1/N) sum_i log (1/N) sum_j exp(-|t_i - t_j|^2 / (2 s2))   (pairwise KL distances)
//   H(T~) >= H(noise) - (1/N) sum_i log (1/N) sum_j exp(-|t_i - t_j|^2 / (8 s2))   (Bhattacharyya distances).
// With distinct inputs H(T~|X) = H(noise), so I(X;T~) is bounded by the pairwise term alone. For labels,
// I(T~;Y) = H(T~) - sum_y p(y) H(T~|Y=y); Saxe et al. evaluate it with the upper bound of each entropy (a
// difference of bounds, not itself a bound), and the same with the lower ones.
// The pairwise sums run over blocks of rows: memory is block x N, never N x N.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <utility>

#include "infotorch/infoplane/plane.h"

namespace infotorch::infoplane {

struct KdeOptions {
  double variance = 1e-3;  // noise variance s2 (Saxe et al.: 1e-3)
  int64_t block = 64;      // rows per block of the pairwise sums (64 x N floats stay in cache)
};

// -(1/N) sum_i log (1/N) sum_j exp(-|t_i - t_j|^2 / (scale * s2)), nats, for scale 2 (the KL term: first) and
// scale 8 (the Bhattacharyya term: second), in one pass. t: N x d. Distances are formed in float64 (the
// expansion |a|^2 + |b|^2 - 2 a.b cancels badly in float32 when s2 is small); the exponentials run in float32
// and are summed in float64: about three times faster than all in float64 (measured at N = 4,096), relative
// error ~1e-7 per term.
std::pair<double, double> pairwise_terms(const torch::Tensor& t, double variance, int64_t block = 64);

PlanePoint kde_plane(const torch::Tensor& t, const torch::Tensor& labels, const KdeOptions& options = {});

}  // namespace infotorch::infoplane
