// The Gaussian (canonical-correlation) closed form as a baseline: the MI of a Gaussian with the sample
// covariance, I = 1/2 ln(|S_x| |S_y| / |S|), S the covariance of [X, Y] (the Gaussian entropy 1/2 ln((2 pi e)^d |S|) applied
// to the three determinants). Exact for jointly Gaussian data, a lower bound on nothing in general.
// Constant columns carry no information and are dropped; a singular joint covariance gives +infinity.
#pragma once
#include <torch/torch.h>

#include "infotorch/knn/points.h"

namespace infotorch::knn {

double gaussian_mi(const torch::Tensor& x, const torch::Tensor& y);
double gaussian_mi(const Points& x, const Points& y);

}  // namespace infotorch::knn
