// Scale and ties: every continuous kNN estimator prepares its inputs the same way.
//
// Each column is centred and divided by its standard deviation (MI is invariant to this; the max-norm is
// not, so unscaled columns would let one variable dominate the neighbour search). Exact ties are then
// broken with Gaussian noise of `noise` times the column's own spread. The spread, not the mean magnitude
// as in scikit-learn: a column far from zero with noise below its float resolution keeps its ties, and a
// constant column receives no noise at all, so its MI with anything is exactly 0.
#pragma once
#include <cstdint>

#include "infotorch/knn/points.h"


namespace infotorch::knn {

struct Prepare {
  bool standardize = true;  // centre and scale each column to unit variance
  double noise = 1e-10;     // tie-breaking noise, in units of each column's standard deviation (0: none)
  bool copula = false;      // instead: replace each column by the normal scores of its ranks (knn/copula.h);
                            // the columns then share one scale and distinct values: no scaling, no noise
};

// Applies `prep` in place; `seed` makes the noise reproducible. A constant column is left constant.
void prepare(Points& p, const Prepare& prep, uint64_t seed);

}  // namespace infotorch::knn
