#include "infotorch/knn/prepare.h"

#include <cmath>

#include "infotorch/knn/copula.h"
#include "infotorch/knn/normal_noise.h"

namespace infotorch::knn {

void prepare(Points& p, const Prepare& prep, uint64_t seed) {
  if (prep.copula) {
    // Every transformed column holds the same N scores, so they are on one scale already; standardising again
    // would only add rounding that depends on the row order (and break exact ties the scores share).
    copula_transform(p, seed);
    return;
  }
  NormalNoise normal(seed * 0x9E3779B97F4A7C15ULL + 0x5851F42D4C957F2DULL);
  for (int64_t j = 0; j < p.d; ++j) {
    // Two passes in float64: mean, then the spread about it (population standard deviation).
    double mean = 0;
    for (int64_t i = 0; i < p.n; ++i) mean += p.row(i)[j];
    mean /= static_cast<double>(p.n);
    double ss = 0;
    bool constant = true;
    const double first = p.row(0)[j];
    for (int64_t i = 0; i < p.n; ++i) {
      const double v = p.row(i)[j];
      ss += (v - mean) * (v - mean);
      constant = constant && v == first;
    }
    if (constant) {
      // No spread: nothing to scale and no tie to break. Zero keeps every distance on this axis exactly 0.
      if (prep.standardize)
        for (int64_t i = 0; i < p.n; ++i) p.row(i)[j] = 0.0;
      continue;
    }
    const double sd = std::sqrt(ss / static_cast<double>(p.n));
    double scale = sd;  // the column's spread after this step
    if (prep.standardize && sd > 0) {
      for (int64_t i = 0; i < p.n; ++i) p.row(i)[j] = (p.row(i)[j] - mean) / sd;
      scale = 1.0;
    }
    if (prep.noise > 0 && scale > 0)
      for (int64_t i = 0; i < p.n; ++i) p.row(i)[j] += prep.noise * scale * normal();
  }
}

}  // namespace infotorch::knn
