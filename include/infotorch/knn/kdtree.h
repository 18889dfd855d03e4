// Exact neighbour search under the max-norm (L-infinity): a k-d tree with tight bounding boxes.
//
// Pruning compares a query's max-norm distance to a node's box (the largest per-axis gap), which is exact
// for L-infinity; summing per-axis terms, as nanoflann's metric adaptors do, would prune wrongly. Distances
// are computed as max_d |a_d - b_d| in float64, so strict (<) and non-strict (<=) counts are exactly the
// counts of that floating-point distance, the same numbers a brute-force scan would give.
#pragma once
#include "infotorch/knn/k_best.h"
#include <cstdint>
#include <vector>

#include "infotorch/knn/points.h"

namespace infotorch::knn {

// Max-norm distance between two d-dimensional rows.
inline double max_norm(const double* a, const double* b, int64_t d) {
  double m = 0;
  for (int64_t j = 0; j < d; ++j) {
    const double g = a[j] > b[j] ? a[j] - b[j] : b[j] - a[j];
    m = g > m ? g : m;
  }
  return m;
}

class KdTree {
 public:
  explicit KdTree(const Points& points, int64_t leaf_size = 12);

  int64_t size() const { return n_; }
  int64_t dim() const { return d_; }

  // Distance from q to its k-th nearest point, skipping the point with original index `self` (-1: none).
  // If `neighbours` is not null it receives the k original indices, nearest first (ties in any order).
  double kth_distance(const double* q, int64_t k, int64_t self, int64_t* neighbours = nullptr) const;

  // Points at max-norm distance < r from q (strict) or <= r (not strict), q's own point included if stored.
  int64_t count(const double* q, double r, bool strict) const;

  // The tree stores its points reordered so that neighbours sit close in memory: visiting queries in this
  // order (`order(t)` is the original index of the t-th stored point) keeps the search cache-friendly.
  int64_t order(int64_t t) const { return index_[t]; }

 private:
  struct Node {
    int64_t begin, end;
    int32_t left, right;  // -1 for a leaf
  };
  using Best = KBest;  // the k best distances so far

  int32_t build(int64_t begin, int64_t end, std::vector<int64_t>& perm, const Points& src);
  // D > 0 fixes the dimension at compile time (unrolled loops for the common low dimensions); D = 0 reads d_.
  template <int D>
  void knn(int32_t node, const double* q, int64_t self, Best& best) const;
  template <int D, bool Strict>
  int64_t count(int32_t node, const double* q, double r) const;
  template <int D>
  double box_min(int32_t node, const double* q) const;
  template <int D>
  double box_max(int32_t node, const double* q) const;
  template <int D>
  double dist(const double* q, int64_t t) const;

  int64_t n_ = 0, d_ = 0, leaf_size_ = 12;
  std::vector<double> pts_;      // points in tree order, row-major
  std::vector<int64_t> index_;   // original index of each stored point
  std::vector<Node> nodes_;
  std::vector<double> lo_, hi_;  // tight bounding box per node, d values each
};

}  // namespace infotorch::knn
