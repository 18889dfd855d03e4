// Local non-uniformity correction (Gao, Ver Steeg & Galstyan 2015, "Efficient Estimation of Mutual
// Information for Strongly Dependent Variables", AISTATS).
//
// kNN estimators assume the density is uniform in each point's max-norm neighbourhood; under strong
// dependence the neighbours lie along a thin direction and the box volume V_i is far too large. LNC fits
// the neighbours' principal axes (PCA of the k neighbours about point i) and takes the bounding rectangle
// in those axes, volume Vbar_i; where Vbar_i / V_i < alpha the joint entropy is corrected by ln(Vbar_i/V_i):
// I_LNC = H(X) + H(Y) - H(X,Y) + (1/N) sum_{i: Vbar_i/V_i < alpha} ln(V_i / Vbar_i), entropies by
// Kozachenko-Leonenko with the same k (the "3KL" base of the paper). The k neighbours must span the dx + dy joint
// dimensions (k > dx + dy), or the correction is meaningless: such calls are refused.
#pragma once
#include <torch/torch.h>

#include <cstdint>

#include "infotorch/knn/points.h"
#include "infotorch/knn/prepare.h"

namespace infotorch::knn {

struct LncOptions {
  int64_t k = 5;        // the paper's experiments
  double alpha = 0.25;  // volume-ratio threshold below which the correction applies
  Prepare prepare;
  uint64_t seed = 0;
};

double lnc_mi(const torch::Tensor& x, const torch::Tensor& y, const LncOptions& options = {});
double lnc_mi(const Points& x, const Points& y, int64_t k, double alpha);

}  // namespace infotorch::knn
