#include "infotorch/knn/range_counter.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace infotorch::knn {

RangeCounter::RangeCounter(const Points& points) : points_(points) {
  if (points.d == 1) {
    line_ = std::make_unique<SortedLine>(points.v);
  } else if (points.d == 2 && points.n < std::numeric_limits<int32_t>::max()) {
    std::vector<double> c0(static_cast<size_t>(points.n)), c1(static_cast<size_t>(points.n));
    for (int64_t i = 0; i < points.n; ++i) {
      c0[i] = points.row(i)[0];
      c1[i] = points.row(i)[1];
    }
    line_ = std::make_unique<SortedLine>(c0);
    line2_ = std::make_unique<SortedLine>(c1);
    grid_ = std::make_unique<RankGrid>(*line_, *line2_, 1.0);
  } else {
    tree_ = std::make_unique<KdTree>(points);
  }
}

int64_t RangeCounter::count(int64_t i, double r, bool strict) const {
  if (grid_) {
    int64_t x0, x1, y0, y1;
    line_->span(i, r, strict, &x0, &x1);
    line2_->span(i, r, strict, &y0, &y1);
    return grid_->count(x0, x1, y0, y1);
  }
  if (line_) return line_->count(i, r, strict);
  return tree_->count(points_.row(i), r, strict);
}

void RangeCounter::counts(const double* r, bool strict, int32_t* out) const {
  constexpr int64_t kGrain = 2048;
  const int64_t n = points_.n;
  if (tree_) {
    at::parallel_for(0, n, kGrain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) out[i] = static_cast<int32_t>(tree_->count(points_.row(i), r[i], strict));
    });
    return;
  }
  const SortedLine* lines[2] = {line_.get(), line2_.get()};
  const int m = grid_ ? 2 : 1;
  // Radii in each line's rank order, then one sweep along each line.
  BigVector<double> rr(static_cast<size_t>(m * n));
  at::parallel_for(0, m * n, kGrain, [&](int64_t b, int64_t e) {
    for (int64_t u = b; u < e; ++u) rr[u] = r[lines[u / n]->order(u % n)];
  });
  if (!grid_) {
    at::parallel_for(0, n, kGrain, [&](int64_t b, int64_t e) { line_->counts(rr.data(), strict, out, b, e); });
    return;
  }
  BigVector<int32_t> first(static_cast<size_t>(2 * n)), last(static_cast<size_t>(2 * n));
  at::parallel_for(0, 2 * n, kGrain, [&](int64_t b, int64_t e) {
    // [b, e) may straddle the two lines: u < n is the first line's position u, the rest the second's.
    for (int j = 0; j < 2; ++j) {
      const int64_t lo = std::max(b, j * n) - j * n, hi = std::min(e, (j + 1) * n) - j * n;
      if (lo < hi) lines[j]->spans(rr.data() + j * n, strict, first.data() + j * n, last.data() + j * n, lo, hi);
    }
  });
  // Queries block by block of ranks (blocks of ~16 points): neighbouring queries have overlapping
  // rectangles, so the grid cells one query reads are still in cache for the next.
  const int64_t g = std::max<int64_t>(1, static_cast<int64_t>(std::sqrt(static_cast<double>(n) / 16.0)));
  BigVector<int32_t> start(static_cast<size_t>(g * g + 1), 0), order(static_cast<size_t>(n));
  auto block = [&](int64_t i) { return (line_->rank(i) * g / n) * g + line2_->rank(i) * g / n; };
  for (int64_t i = 0; i < n; ++i) ++start[block(i) + 1];
  for (int64_t c = 0; c < g * g; ++c) start[c + 1] += start[c];
  for (int64_t i = 0; i < n; ++i) order[start[block(i)]++] = static_cast<int32_t>(i);
  at::parallel_for(0, n, kGrain, [&](int64_t b, int64_t e) {
    for (int64_t t = b; t < e; ++t) {
      const int64_t i = order[t];
      out[i] = static_cast<int32_t>(grid_->count(first[i], last[i], first[n + i], last[n + i]));
    }
  });
}

}  // namespace infotorch::knn
