#include "infotorch/knn/copula.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace infotorch::knn {
namespace {

// Lower-tail quantile for p in (0, 0.5].
double lower_quantile(double p) {
  const double t = std::sqrt(-2.0 * std::log(p));
  double x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  for (int i = 0; i < 4; ++i) {
    const double f = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
    const double phi = std::exp(-0.5 * x * x) / std::sqrt(2 * M_PI);
    // Halley: f' = phi, f'' = -x phi.
    const double step = f / (phi * (1 + 0.5 * x * f / phi));
    x -= step;
    if (std::abs(step) < 1e-16 * std::max(1.0, std::abs(x))) break;
  }
  return x;
}

uint64_t mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

double normal_quantile(double p) {
  if (!(p > 0 && p < 1)) return p == 0 ? -INFINITY : p == 1 ? INFINITY : NAN;
  if (p == 0.5) return 0.0;
  return p <= 0.5 ? lower_quantile(p) : -lower_quantile(1 - p);
}

void copula_transform(Points& p, uint64_t seed) {
  const int64_t n = p.n;
  // Scores of ranks 1..N; each tail from its own side so both are exact (1 - p would round).
  std::vector<double> score(n);
  for (int64_t r = 0; r < n; ++r) {
    const double lo = static_cast<double>(r + 1) / static_cast<double>(n + 1);
    const double hi = static_cast<double>(n - r) / static_cast<double>(n + 1);
    score[r] = 2 * (r + 1) == n + 1 ? 0.0 : 2 * (r + 1) < n + 1 ? lower_quantile(lo) : -lower_quantile(hi);
  }
  std::vector<int64_t> order(n);
  std::vector<uint64_t> key(n);
  for (int64_t j = 0; j < p.d; ++j) {
    const double first = p.row(0)[j];
    bool constant = true;
    for (int64_t i = 1; i < n && constant; ++i) constant = p.row(i)[j] == first;
    if (constant) continue;
    for (int64_t i = 0; i < n; ++i) key[i] = mix(seed * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(j) * 0xD1B54A32D192ED03ULL + static_cast<uint64_t>(i));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
      const double va = p.row(a)[j], vb = p.row(b)[j];
      return va < vb || (va == vb && key[a] < key[b]);
    });
    for (int64_t r = 0; r < n; ++r) p.row(order[r])[j] = score[r];
  }
}

}  // namespace infotorch::knn
