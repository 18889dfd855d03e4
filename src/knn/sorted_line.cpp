#include "infotorch/knn/sorted_line.h"

#include <algorithm>
#include <numeric>

namespace infotorch::knn {

SortedLine::SortedLine(const std::vector<double>& values) : sorted_(values.size()), rank_(values.size()) {
  std::vector<int64_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return values[a] < values[b]; });
  for (size_t t = 0; t < order.size(); ++t) {
    sorted_[t] = values[order[t]];
    rank_[order[t]] = static_cast<int64_t>(t);
  }
}

int64_t SortedLine::count(int64_t i, double r, bool strict) const {
  const int64_t n = static_cast<int64_t>(sorted_.size());
  const int64_t p = rank_[i];
  const double q = sorted_[p];
  auto within = [&](double gap) { return strict ? gap < r : gap <= r; };
  // Right: values >= q at positions >= p; the gap v - q grows with position. Find the first one outside.
  int64_t a = p, b = n, step = 1;
  while (true) {
    const int64_t j = a + step - 1;
    if (j >= n) break;
    if (!within(sorted_[j] - q)) {
      b = j;
      break;
    }
    a = j + 1;
    step *= 2;
  }
  const int64_t right =
      std::partition_point(sorted_.begin() + a, sorted_.begin() + b, [&](double v) { return within(v - q); }) -
      sorted_.begin();
  // Left: values <= q at positions < p; the gap q - v shrinks with position. Find the first one inside.
  int64_t hi = p, lo = 0;
  step = 1;
  while (true) {
    const int64_t j = hi - step;
    if (j < 0) break;
    if (!within(q - sorted_[j])) {
      lo = j + 1;
      break;
    }
    hi = j;
    step *= 2;
  }
  const int64_t left =
      std::partition_point(sorted_.begin() + lo, sorted_.begin() + hi, [&](double v) { return !within(q - v); }) -
      sorted_.begin();
  return right - left;
}

}  // namespace infotorch::knn
