#include "infotorch/knn/rank_grid.h"

#include <algorithm>
#include <cmath>

namespace infotorch::knn {

RankGrid::RankGrid(const SortedLine& x, const SortedLine& y, double per_cell) : n_(x.size()) {
  g_ = std::max<int64_t>(1, static_cast<int64_t>(std::sqrt(static_cast<double>(n_) / per_cell)));
  const int64_t cells = g_ * g_;
  std::vector<int32_t> cell(static_cast<size_t>(n_));
  start_.assign(static_cast<size_t>(cells + 1), 0);
  for (int64_t i = 0; i < n_; ++i) {
    cell[i] = static_cast<int32_t>(cell_of(x.rank(i)) * g_ + cell_of(y.rank(i)));
    ++start_[cell[i] + 1];
  }
  // Prefix counts from the per-cell counts, before those become offsets.
  prefix_.assign(static_cast<size_t>((g_ + 1) * (g_ + 1)), 0);
  for (int64_t a = 0; a < g_; ++a)
    for (int64_t b = 0; b < g_; ++b)
      prefix_[(a + 1) * (g_ + 1) + b + 1] =
          start_[a * g_ + b + 1] + prefix_[a * (g_ + 1) + b + 1] + prefix_[(a + 1) * (g_ + 1) + b] - prefix_[a * (g_ + 1) + b];
  for (int64_t c = 0; c < cells; ++c) start_[c + 1] += start_[c];
  pts_.resize(static_cast<size_t>(n_));
  std::vector<int32_t> fill(start_.begin(), start_.end() - 1);
  for (int64_t i = 0; i < n_; ++i) pts_[fill[cell[i]]++] = {static_cast<int32_t>(x.rank(i)), static_cast<int32_t>(y.rank(i))};
}

int64_t RankGrid::scan(int64_t begin, int64_t end, int64_t x0, int64_t x1, int64_t y0, int64_t y1) const {
  // Unsigned wrap turns each two-sided test into one comparison; the sum has no branches to mispredict.
  const uint32_t bx = static_cast<uint32_t>(x0), wx = static_cast<uint32_t>(x1 - x0);
  const uint32_t by = static_cast<uint32_t>(y0), wy = static_cast<uint32_t>(y1 - y0);
  int64_t c = 0;
  for (int64_t s = begin; s < end; ++s)
    c += (static_cast<uint32_t>(pts_[s].x) - bx < wx) & (static_cast<uint32_t>(pts_[s].y) - by < wy);
  return c;
}

int64_t RankGrid::count(int64_t x0, int64_t x1, int64_t y0, int64_t y1) const {
  if (x0 >= x1 || y0 >= y1) return 0;
  // Columns a0..a1 and rows b0..b1 are touched; those in [fa0, fa1) x [fb0, fb1) lie wholly inside.
  const int64_t a0 = cell_of(x0), a1 = cell_of(x1 - 1), b0 = cell_of(y0), b1 = cell_of(y1 - 1);
  const int64_t fa0 = first_of(a0) == x0 ? a0 : a0 + 1, fa1 = first_of(a1 + 1) == x1 ? a1 + 1 : a1;
  const int64_t fb0 = first_of(b0) == y0 ? b0 : b0 + 1, fb1 = first_of(b1 + 1) == y1 ? b1 + 1 : b1;
  int64_t total = 0;
  if (fa0 < fa1 && fb0 < fb1) {
    const int64_t w = g_ + 1;
    total += prefix_[fa1 * w + fb1] - prefix_[fa0 * w + fb1] - prefix_[fa1 * w + fb0] + prefix_[fa0 * w + fb0];
  }
  const bool full_b0 = fb0 <= b0 && b0 < fb1, full_b1 = fb0 <= b1 && b1 < fb1;
  for (int64_t a = a0; a <= a1; ++a) {
    const int64_t base = a * g_;
    if (fa0 <= a && a < fa1) {
      // A whole column: only the cut rows (b0 and/or b1) need a look.
      if (!full_b0) total += scan(start_[base + b0], start_[base + b0 + 1], x0, x1, y0, y1);
      if (b1 != b0 && !full_b1) total += scan(start_[base + b1], start_[base + b1 + 1], x0, x1, y0, y1);
    } else {
      // A cut column: its cells b0..b1 are consecutive in memory.
      total += scan(start_[base + b0], start_[base + b1 + 1], x0, x1, y0, y1);
    }
  }
  return total;
}

}  // namespace infotorch::knn
