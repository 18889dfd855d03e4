// The copula (rank) transform: each coordinate replaced by the normal score of its rank,
// z_i = Phi^-1(r_i / (N + 1)), r_i in 1..N. MI is invariant under strictly monotone maps of each coordinate,
// but the kNN estimators are not (their neighbourhoods change with the scale); after this transform they see
// the same points whatever monotone map was applied, so the estimate is exactly invariant. Equal values are
// ordered by a seeded random key per row (the tie-breaking noise's job, done on ranks); a constant column stays
// constant, so its MI with anything is still exactly 0.
#pragma once
#include <cstdint>

#include "infotorch/knn/points.h"

namespace infotorch::knn {

// Phi^-1(p) for p in (0, 1): Abramowitz & Stegun 26.2.23 as the start (error < 4.5e-4), then Halley steps on
// Phi(x) - p with Phi from erfc, to full double precision in either tail.
double normal_quantile(double p);

// Replaces every non-constant column of p by its normal scores (ties ordered by keys drawn from `seed`).
void copula_transform(Points& p, uint64_t seed);

}  // namespace infotorch::knn
