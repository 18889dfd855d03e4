#include "infotorch/knn/kdtree.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace infotorch::knn {

KdTree::KdTree(const Points& points, int64_t leaf_size) : n_(points.n), d_(points.d), leaf_size_(leaf_size) {
  std::vector<int64_t> perm(static_cast<size_t>(n_));
  std::iota(perm.begin(), perm.end(), 0);
  nodes_.reserve(static_cast<size_t>(2 * (n_ / std::max<int64_t>(1, leaf_size_ / 2)) + 1));
  if (n_ > 0) build(0, n_, perm, points);
  pts_.resize(static_cast<size_t>(n_ * d_));
  index_ = perm;
  for (int64_t t = 0; t < n_; ++t) std::copy(points.row(perm[t]), points.row(perm[t]) + d_, pts_.data() + t * d_);
}

int32_t KdTree::build(int64_t begin, int64_t end, std::vector<int64_t>& perm, const Points& src) {
  const int32_t id = static_cast<int32_t>(nodes_.size());
  nodes_.push_back({begin, end, -1, -1});
  lo_.resize(lo_.size() + d_, std::numeric_limits<double>::infinity());
  hi_.resize(hi_.size() + d_, -std::numeric_limits<double>::infinity());
  double* lo = lo_.data() + static_cast<size_t>(id) * d_;
  double* hi = hi_.data() + static_cast<size_t>(id) * d_;
  for (int64_t t = begin; t < end; ++t) {
    const double* p = src.row(perm[t]);
    for (int64_t j = 0; j < d_; ++j) {
      lo[j] = std::min(lo[j], p[j]);
      hi[j] = std::max(hi[j], p[j]);
    }
  }
  if (end - begin <= leaf_size_) return id;
  // Split the widest axis at the median. Identical points still split (by position), so a pile of
  // duplicates never becomes one huge leaf that every query must scan.
  int64_t axis = 0;
  for (int64_t j = 1; j < d_; ++j)
    if (hi[j] - lo[j] > hi[axis] - lo[axis]) axis = j;
  const int64_t mid = begin + (end - begin) / 2;
  std::nth_element(perm.begin() + begin, perm.begin() + mid, perm.begin() + end,
                   [&](int64_t a, int64_t b) { return src.row(a)[axis] < src.row(b)[axis]; });
  const int32_t left = build(begin, mid, perm, src);
  const int32_t right = build(mid, end, perm, src);
  nodes_[id].left = left;
  nodes_[id].right = right;
  return id;
}

template <int D>
double KdTree::dist(const double* q, int64_t t) const {
  const int64_t d = D > 0 ? D : d_;
  return max_norm(q, pts_.data() + t * d, d);
}

template <int D>
double KdTree::box_min(int32_t node, const double* q) const {
  const int64_t d = D > 0 ? D : d_;
  const double* lo = lo_.data() + static_cast<size_t>(node) * d;
  const double* hi = hi_.data() + static_cast<size_t>(node) * d;
  double m = 0;
  for (int64_t j = 0; j < d; ++j) {
    const double g = q[j] < lo[j] ? lo[j] - q[j] : (q[j] > hi[j] ? q[j] - hi[j] : 0.0);
    m = g > m ? g : m;
  }
  return m;
}

template <int D>
double KdTree::box_max(int32_t node, const double* q) const {
  const int64_t d = D > 0 ? D : d_;
  const double* lo = lo_.data() + static_cast<size_t>(node) * d;
  const double* hi = hi_.data() + static_cast<size_t>(node) * d;
  double m = 0;
  for (int64_t j = 0; j < d; ++j) {
    const double a = q[j] > lo[j] ? q[j] - lo[j] : lo[j] - q[j];
    const double b = q[j] > hi[j] ? q[j] - hi[j] : hi[j] - q[j];
    const double g = a > b ? a : b;
    m = g > m ? g : m;
  }
  return m;
}

template <int D>
void KdTree::knn(int32_t node, const double* q, int64_t self, Best& best) const {
  const Node& nd = nodes_[node];
  if (nd.left < 0) {
    for (int64_t t = nd.begin; t < nd.end; ++t) {
      const double d = dist<D>(q, t);
      if (d < best.worst() && index_[t] != self) best.push(d, index_[t]);
    }
    return;
  }
  const double dl = box_min<D>(nd.left, q);
  const double dr = box_min<D>(nd.right, q);
  // Nearer child first; a box at distance >= the current k-th distance cannot improve it.
  if (dl <= dr) {
    if (dl < best.worst()) knn<D>(nd.left, q, self, best);
    if (dr < best.worst()) knn<D>(nd.right, q, self, best);
  } else {
    if (dr < best.worst()) knn<D>(nd.right, q, self, best);
    if (dl < best.worst()) knn<D>(nd.left, q, self, best);
  }
}

double KdTree::kth_distance(const double* q, int64_t k, int64_t self, int64_t* neighbours) const {
  Best::Storage storage;
  Best best(k, storage);
  if (n_ > 0) {
    switch (d_) {
      case 1: knn<1>(0, q, self, best); break;
      case 2: knn<2>(0, q, self, best); break;
      case 3: knn<3>(0, q, self, best); break;
      case 4: knn<4>(0, q, self, best); break;
      default: knn<0>(0, q, self, best); break;
    }
  }
  if (neighbours)
    for (int64_t j = 0; j < best.size; ++j) neighbours[j] = best.index[j];
  return best.worst();
}

template <int D, bool Strict>
int64_t KdTree::count(int32_t node, const double* q, double r) const {
  const double mn = box_min<D>(node, q);
  if (Strict ? mn >= r : mn > r) return 0;
  const Node& nd = nodes_[node];
  const double mx = box_max<D>(node, q);
  if (Strict ? mx < r : mx <= r) return nd.end - nd.begin;
  if (nd.left < 0) {
    int64_t c = 0;
    for (int64_t t = nd.begin; t < nd.end; ++t) {
      const double d = dist<D>(q, t);
      c += Strict ? d < r : d <= r;
    }
    return c;
  }
  return count<D, Strict>(nd.left, q, r) + count<D, Strict>(nd.right, q, r);
}

int64_t KdTree::count(const double* q, double r, bool strict) const {
  if (n_ == 0) return 0;
  switch (d_ * 2 + strict) {
    case 2: return count<1, false>(0, q, r);
    case 3: return count<1, true>(0, q, r);
    case 4: return count<2, false>(0, q, r);
    case 5: return count<2, true>(0, q, r);
    case 6: return count<3, false>(0, q, r);
    case 7: return count<3, true>(0, q, r);
    case 8: return count<4, false>(0, q, r);
    case 9: return count<4, true>(0, q, r);
    default: return strict ? count<0, true>(0, q, r) : count<0, false>(0, q, r);
  }
}

}  // namespace infotorch::knn
