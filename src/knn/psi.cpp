#include "infotorch/knn/psi.h"

#include <limits>
#include <vector>

#include "infotorch/core/numerics.h"

namespace infotorch::knn {

namespace {
constexpr int64_t kTable = 1 << 16;
const std::vector<double>& table() {
  // Each entry from the series directly (not by recurrence), so no rounding accumulates along the table.
  static const std::vector<double> t = [] {
    std::vector<double> v(kTable);
    for (int64_t n = 1; n < kTable; ++n) v[n] = infotorch::digamma(static_cast<double>(n));
    return v;
  }();
  return t;
}
}  // namespace

double psi(int64_t n) {
  if (n <= 0) return -std::numeric_limits<double>::infinity();
  if (n < kTable) return table()[n];
  return infotorch::digamma(static_cast<double>(n));
}

}  // namespace infotorch::knn
