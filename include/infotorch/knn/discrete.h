// Plug-in MI between two discrete variables, with the Miller-Madow bias correction.
//
// Plug-in: I = sum p(x,y) ln[p(x,y) / (p(x) p(y))] from the empirical frequencies. Miller (1955) / Madow:
// each plug-in entropy is biased low by about (m - 1) / (2N) for m occupied cells, so the corrected MI is
// I + (m_x + m_y - m_xy - 1) / (2N).
#pragma once
#include <torch/torch.h>

#include "infotorch/knn/points.h"

namespace infotorch::knn {

struct DiscreteOptions {
  bool miller_madow = true;
};

// x, y: N x d symbols (rows compared exactly).
double discrete_mi(const torch::Tensor& x, const torch::Tensor& y, const DiscreteOptions& options = {});
double discrete_mi(const Points& x, const Points& y, bool miller_madow);

}  // namespace infotorch::knn
