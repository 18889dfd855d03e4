// Digamma at positive integers, the kNN estimators' inner-loop function: tabulated for small counts.
#pragma once
#include <cstdint>

namespace infotorch::knn {

// psi(n) for n >= 1 (psi(1) = -Euler's gamma); n <= 0 gives -infinity (an empty count).
double psi(int64_t n);

}  // namespace infotorch::knn
