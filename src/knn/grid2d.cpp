#include "infotorch/knn/grid2d.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace infotorch::knn {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}


Grid2d::Grid2d(const SortedLine& x, const SortedLine& y, double per_cell) : n_(x.size()) {
  g_ = std::max<int64_t>(1, static_cast<int64_t>(std::sqrt(static_cast<double>(n_) / per_cell)));
  // Column of rank r is r * g / n: equal counts per column. Its edge is the value at its first rank, so
  // every point in an earlier column is <= that edge and every point in a later one is >= the next edge.
  ex_.resize(g_);
  ey_.resize(g_);
  for (int64_t c = 0; c < g_; ++c) {
    const int64_t first = (c * n_ + g_ - 1) / g_;
    ex_[c] = x.at(first);
    ey_[c] = y.at(first);
  }
  std::vector<int64_t> cell(n_);
  start_.assign(g_ * g_ + 1, 0);
  for (int64_t i = 0; i < n_; ++i) {
    cell[i] = (x.rank(i) * g_ / n_) * g_ + y.rank(i) * g_ / n_;
    ++start_[cell[i] + 1];
  }
  double squares = 0;
  for (int64_t c = 0; c < g_ * g_; ++c) {
    squares += static_cast<double>(start_[c + 1]) * static_cast<double>(start_[c + 1]);
    start_[c + 1] += start_[c];
  }
  crowding_ = n_ > 0 ? squares / static_cast<double>(n_) : 0;
  px_.resize(n_);
  py_.resize(n_);
  id_.resize(n_);
  cx_.resize(n_);
  cy_.resize(n_);
  std::vector<int64_t> fill(start_.begin(), start_.end() - 1);
  for (int64_t i = 0; i < n_; ++i) {
    const int64_t t = fill[cell[i]]++;
    px_[t] = x.at(x.rank(i));
    py_[t] = y.at(y.rank(i));
    id_[t] = i;
    cx_[t] = static_cast<int32_t>(cell[i] / g_);
    cy_[t] = static_cast<int32_t>(cell[i] % g_);
  }
}

double Grid2d::gap(const std::vector<double>& edge, int64_t c, double q) const {
  // Column c holds values in [edge[c], edge[c + 1]] (ties may sit on either side of an edge).
  if (q < edge[c]) return edge[c] - q;
  if (c + 1 < g_ && q > edge[c + 1]) return q - edge[c + 1];
  return 0.0;
}

double Grid2d::kth_distance(int64_t t, int64_t k, double* gaps) const {
  Best::Storage storage;
  Best best(k, storage);
  const double qx = px_[t], qy = py_[t];
  const int64_t cx = cx_[t], cy = cy_[t];
  auto scan = [&](int64_t a, int64_t b) {
    const int64_t c = a * g_ + b;
    for (int64_t s = start_[c]; s < start_[c + 1]; ++s) {
      if (s == t) continue;
      const double dx = qx > px_[s] ? qx - px_[s] : px_[s] - qx;
      const double dy = qy > py_[s] ? qy - py_[s] : py_[s] - qy;
      const double d = dx > dy ? dx : dy;
      if (d < best.worst()) best.push(d, s);
    }
  };
  for (int64_t r = 0;; ++r) {
    const int64_t a0 = cx - r, a1 = cx + r, b0 = cy - r, b1 = cy + r;
    for (int64_t a = std::max<int64_t>(a0, 0); a <= std::min(a1, g_ - 1); ++a) {
      // A cell whose box is at least the current k-th distance away cannot improve it.
      if (gap(ex_, a, qx) >= best.worst()) continue;
      auto visit = [&](int64_t b) {
        if (gap(ey_, b, qy) < best.worst()) scan(a, b);
      };
      if (a == a0 || a == a1) {
        for (int64_t b = std::max<int64_t>(b0, 0); b <= std::min(b1, g_ - 1); ++b) visit(b);
      } else {  // inner columns: only the ring's top and bottom cells are new
        if (b0 >= 0) visit(b0);
        if (b1 < g_) visit(b1);
      }
    }
    // Points outside columns a0..a1 and rows b0..b1 are at least this far from q.
    double outside = kInf;
    if (a0 > 0) outside = std::min(outside, qx - ex_[a0]);
    if (a1 + 1 < g_) outside = std::min(outside, ex_[a1 + 1] - qx);
    if (b0 > 0) outside = std::min(outside, qy - ey_[b0]);
    if (b1 + 1 < g_) outside = std::min(outside, ey_[b1 + 1] - qy);
    if (best.worst() <= outside) break;
  }
  if (gaps) {
    gaps[0] = gaps[1] = 0;
    for (int64_t j = 0; j < best.size; ++j) {
      const int64_t s = best.index[j];
      gaps[0] = std::max(gaps[0], qx > px_[s] ? qx - px_[s] : px_[s] - qx);
      gaps[1] = std::max(gaps[1], qy > py_[s] ? qy - py_[s] : py_[s] - qy);
    }
  }
  return best.worst();
}

}  // namespace infotorch::knn
