// The 12-bit task of the information-plane experiments (Shwartz-Ziv & Tishby 2017, Saxe et al. 2018), generated
// here because the original file is not packaged. The rule, in full:
//   - inputs: the 4,096 binary patterns x in {0, 1}^12; pattern i has x_j = bit (11 - j) of i.
//   - the 12 inputs sit on the 12 vertices u_j of a regular icosahedron (12 points spread uniformly on the
//     2-sphere: (0, +-1, +-phi) and its cyclic permutations, normalised);
//   - f(x) = sum_j x_j - gamma |sum_j x_j u_j|^2, gamma = 3/8: the number of active inputs, less their squared
//     dipole moment. f depends on the u_j only through their inner products, so it is unchanged by any rotation
//     (or reflection) of the sphere: spherically symmetric;
//   - y = 1 if f(x) > theta, else 0, theta being the value of f that splits the patterns closest to half and
//     half. Patterns related by a symmetry of the icosahedron share f, so an exact 2,048 / 2,048 split is out
//     of reach for a symmetric rule: this one gives 2,038 ones (49.8 %).
// The original data set depends on the count of active inputs in the same way (all 0 below 5 active inputs,
// all 1 above 7, mixed in between); its own rule was not published.
#pragma once
#include <torch/torch.h>

#include <cstdint>

#include "infotorch/training/dataset.h"

namespace infotorch::training {

// The 12 unit vertices of the icosahedron, 12 x 3 float64.
torch::Tensor icosahedron_vertices();
// f(x) of every pattern, 4096 float64.
torch::Tensor twelve_bit_scores();
// All 4,096 patterns (4096 x 12 float32 in {0, 1}) with their labels (int64), in pattern order.
DatasetPtr twelve_bit_patterns();
// A seeded split: round(train_fraction * 4096) patterns for training, the rest for testing (no validation).
Splits twelve_bit_splits(double train_fraction = 0.8, uint64_t seed = 0);

}  // namespace infotorch::training
