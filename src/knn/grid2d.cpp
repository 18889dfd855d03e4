#include "infotorch/knn/grid2d.h"

#include <algorithm>
#include <cmath>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace infotorch::knn {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

Grid2d::Grid2d(const SortedLine& x, const SortedLine& y, double per_cell) : n_(x.size()), x_(&x) {
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
  const int64_t cells = g_ * g_;
  start_.assign(static_cast<size_t>(cells + 1), 0);
  const int32_t* ry = y.ranks();
  // Visiting points in x order fills the columns one after another, so the writes stay in cache.
  for (int64_t p = 0; p < n_; ++p) ++start_[(p * g_ / n_) * g_ + ry[x.order(p)] * g_ / n_ + 1];
  double squares = 0;
  for (int64_t c = 0; c < cells; ++c) {
    squares += static_cast<double>(start_[c + 1]) * static_cast<double>(start_[c + 1]);
    start_[c + 1] += start_[c];
  }
  crowding_ = n_ > 0 ? squares / static_cast<double>(n_) : 0;
  pts_.resize(static_cast<size_t>(n_));
  rx_.resize(static_cast<size_t>(n_));
  ry_.resize(static_cast<size_t>(n_));
  BigVector<int32_t> fill(start_.begin(), start_.end() - 1);
  for (int64_t p = 0; p < n_; ++p) {
    const int32_t r = ry[x.order(p)];
    const int64_t t = fill[(p * g_ / n_) * g_ + r * g_ / n_]++;
    pts_[t] = {x.at(p), y.at(r)};
    rx_[t] = static_cast<int32_t>(p);
    ry_[t] = r;
  }
}

double Grid2d::gap(const std::vector<double>& edge, int64_t c, double q) const {
  // Column c holds values in [edge[c], edge[c + 1]] (ties may sit on either side of an edge).
  if (q < edge[c]) return edge[c] - q;
  if (c + 1 < g_ && q > edge[c + 1]) return q - edge[c + 1];
  return 0.0;
}

double Grid2d::outside(int64_t a0, int64_t a1, int64_t b0, int64_t b1, double qx, double qy) const {
  double o = kInf;
  if (a0 > 0) o = std::min(o, qx - ex_[a0]);
  if (a1 + 1 < g_) o = std::min(o, ex_[a1 + 1] - qx);
  if (b0 > 0) o = std::min(o, qy - ey_[b0]);
  if (b1 + 1 < g_) o = std::min(o, ey_[b1 + 1] - qy);
  return o;
}

void Grid2d::rings(int64_t t, int64_t r0, KBest& best) const {
  const double qx = pts_[t].x, qy = pts_[t].y;
  const int64_t cx = rx_[t] * g_ / n_, cy = ry_[t] * g_ / n_;
  auto scan = [&](int64_t a, int64_t b) {
    const int64_t c = a * g_ + b;
    for (int64_t s = start_[c]; s < start_[c + 1]; ++s) {
      if (s == t) continue;
      const double d = std::max(std::fabs(qx - pts_[s].x), std::fabs(qy - pts_[s].y));
      if (d < best.worst()) best.push(d, s);
    }
  };
  for (int64_t r = r0;; ++r) {
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
    if (best.worst() <= outside(a0, a1, b0, b1, qx, qy)) return;
  }
}

double Grid2d::kth_distance(int64_t t, int64_t k, double* gaps) const {
  KBest::Storage storage;
  KBest best(k, storage);
  rings(t, 0, best);
  if (gaps) {
    const double qx = pts_[t].x, qy = pts_[t].y;
    gaps[0] = gaps[1] = 0;
    for (int64_t j = 0; j < best.size; ++j) {
      const int64_t s = best.index[j];
      gaps[0] = std::max(gaps[0], std::fabs(qx - pts_[s].x));
      gaps[1] = std::max(gaps[1], std::fabs(qy - pts_[s].y));
    }
  }
  return best.worst();
}

// KSG 1's case: distances only. The K = k + 1 smallest distances from the query to every point of the
// block, itself included: its own distance 0 is always among them, so the K-th is the k-th to the others
// (also when duplicates sit at 0). Kept by a branch-free insertion (min / max per slot), as the outcome of
// each comparison is unpredictable. Four queries share each candidate: their four insertion chains are
// independent, so they overlap instead of waiting on one chain's latency, and SSE2 runs two at a time.
template <int K>
void Grid2d::block_kth(int64_t c, double* eps) const {
  constexpr int Q = 4;
  const int64_t a = c / g_, b = c % g_;
  const int64_t a0 = std::max<int64_t>(a - 1, 0), a1 = std::min(a + 1, g_ - 1);
  const int64_t b0 = std::max<int64_t>(b - 1, 0), b1 = std::min(b + 1, g_ - 1);
  const int64_t begin = start_[c], end = start_[c + 1];
  for (int64_t t0 = begin; t0 < end; t0 += Q) {
    const int64_t m = std::min<int64_t>(Q, end - t0);
    double qx[Q], qy[Q], kth[Q];
    for (int q = 0; q < Q; ++q) {
      const int64_t t = t0 + std::min<int64_t>(q, m - 1);  // a short batch repeats its last query
      qx[q] = pts_[t].x;
      qy[q] = pts_[t].y;
    }
#if defined(__SSE2__)
    // Two queries per register, two registers: the same subtractions, absolute values (sign bit cleared,
    // as fabs), max and min as the scalar loop below, so the results are the same bits.
    const __m128d sign = _mm_set1_pd(-0.0);
    const __m128d qx0 = _mm_loadu_pd(qx), qx1 = _mm_loadu_pd(qx + 2);
    const __m128d qy0 = _mm_loadu_pd(qy), qy1 = _mm_loadu_pd(qy + 2);
    __m128d d0[K], d1[K];
    for (int j = 0; j < K; ++j) d0[j] = d1[j] = _mm_set1_pd(kInf);
    for (int64_t col = a0; col <= a1; ++col) {
      const P* p = pts_.data() + start_[col * g_ + b0];
      const P* e = pts_.data() + start_[col * g_ + b1 + 1];
      for (; p < e; ++p) {
        const __m128d px = _mm_set1_pd(p->x), py = _mm_set1_pd(p->y);
        const __m128d v0 = _mm_max_pd(_mm_andnot_pd(sign, _mm_sub_pd(qx0, px)), _mm_andnot_pd(sign, _mm_sub_pd(qy0, py)));
        const __m128d v1 = _mm_max_pd(_mm_andnot_pd(sign, _mm_sub_pd(qx1, px)), _mm_andnot_pd(sign, _mm_sub_pd(qy1, py)));
        for (int j = K - 1; j > 0; --j) {
          d0[j] = _mm_min_pd(d0[j], _mm_max_pd(d0[j - 1], v0));
          d1[j] = _mm_min_pd(d1[j], _mm_max_pd(d1[j - 1], v1));
        }
        d0[0] = _mm_min_pd(d0[0], v0);
        d1[0] = _mm_min_pd(d1[0], v1);
      }
    }
    _mm_storeu_pd(kth, d0[K - 1]);
    _mm_storeu_pd(kth + 2, d1[K - 1]);
    double d[K][Q];  // the K smallest per query, for the rare ring-search continuation
    for (int j = 0; j < K; ++j) {
      _mm_storeu_pd(d[j], d0[j]);
      _mm_storeu_pd(d[j] + 2, d1[j]);
    }
#else
    double d[K][Q];
    for (int j = 0; j < K; ++j)
      for (int q = 0; q < Q; ++q) d[j][q] = kInf;
    for (int64_t col = a0; col <= a1; ++col) {
      const P* p = pts_.data() + start_[col * g_ + b0];
      const P* e = pts_.data() + start_[col * g_ + b1 + 1];
      for (; p < e; ++p) {
        for (int q = 0; q < Q; ++q) {
          const double v = std::max(std::fabs(qx[q] - p->x), std::fabs(qy[q] - p->y));
          for (int j = K - 1; j > 0; --j) d[j][q] = std::min(d[j][q], std::max(d[j - 1][q], v));
          d[0][q] = std::min(d[0][q], v);
        }
      }
    }
    for (int q = 0; q < Q; ++q) kth[q] = d[K - 1][q];
#endif
    for (int64_t q = 0; q < m; ++q) {
      if (kth[q] <= outside(a0, a1, b0, b1, qx[q], qy[q])) {
        eps[t0 - begin + q] = kth[q];
        continue;
      }
      // Not settled inside the block (few points near the query, or cells much narrower on one axis than
      // the k-th distance): go on ring by ring from ring 2 (rings 0 and 1 are the block, scanned whole)
      // with the k distances found so far, d[1..K-1] (d[0] is the query's own 0; indices are not needed).
      KBest::Storage storage;
      KBest best(K - 1, storage);
      for (int j = 1; j < K; ++j)
        if (d[j][q] < kInf) best.push(d[j][q], -1);
      rings(t0 + q, 2, best);
      eps[t0 - begin + q] = best.worst();
    }
  }
}

// KSG 2's case: the k neighbours themselves are needed for the gaps.
void Grid2d::block_kth_gaps(int64_t c, int64_t k, double* eps, double* gaps) const {
  const int64_t a = c / g_, b = c % g_;
  const int64_t a0 = std::max<int64_t>(a - 1, 0), a1 = std::min(a + 1, g_ - 1);
  const int64_t b0 = std::max<int64_t>(b - 1, 0), b1 = std::min(b + 1, g_ - 1);
  const int64_t begin = start_[c], end = start_[c + 1];
  KBest::Storage storage;
  for (int64_t t = begin; t < end; ++t) {
    KBest best(k, storage);
    const double qx = pts_[t].x, qy = pts_[t].y;
    for (int64_t col = a0; col <= a1; ++col) {
      for (int64_t s = start_[col * g_ + b0], e = start_[col * g_ + b1 + 1]; s < e; ++s) {
        const double v = std::max(std::fabs(qx - pts_[s].x), std::fabs(qy - pts_[s].y));
        if (v < best.worst() && s != t) best.push(v, s);
      }
    }
    double* gp = gaps + 2 * (t - begin);
    if (best.worst() <= outside(a0, a1, b0, b1, qx, qy)) {
      gp[0] = gp[1] = 0;
      for (int64_t j = 0; j < best.size; ++j) {
        gp[0] = std::max(gp[0], std::fabs(qx - pts_[best.index[j]].x));
        gp[1] = std::max(gp[1], std::fabs(qy - pts_[best.index[j]].y));
      }
      eps[t - begin] = best.worst();
    } else {
      eps[t - begin] = kth_distance(t, k, gp);
    }
  }
}

void Grid2d::kth_distances(int64_t c, int64_t k, double* eps, double* gaps) const {
  if (gaps) return block_kth_gaps(c, k, eps, gaps);
  switch (k) {
    case 1: return block_kth<2>(c, eps);
    case 2: return block_kth<3>(c, eps);
    case 3: return block_kth<4>(c, eps);
    case 4: return block_kth<5>(c, eps);
    case 5: return block_kth<6>(c, eps);
    case 6: return block_kth<7>(c, eps);
    case 7: return block_kth<8>(c, eps);
    default:
      for (int64_t t = start_[c]; t < start_[c + 1]; ++t) eps[t - start_[c]] = kth_distance(t, k);
  }
}

}  // namespace infotorch::knn
