// Exact k-th neighbour distances among 2-D points under the max-norm: a grid whose cell edges are
// quantiles of each column, searched ring by ring around the query's own cell.
//
// 1-D x 1-D KSG has a 2-D joint space, where a grid beats a k-d tree several times over: a query reads
// about nine small cells that sit next to each other in memory, with no tree to descend. Quantile edges
// keep cells evenly filled whatever the marginals (heavy tails, skew); strong dependence still piles points
// into few cells, which `crowding()` measures so callers can fall back to the k-d tree. Every point outside
// the rings searched so far lies at least the gap to the rings' outer edges away, so the search stops once
// the k-th distance found is within that gap. Distances are the same floating-point max_d |a_d - b_d| as
// the k-d tree's and brute force's, so results are identical to theirs.
#pragma once
#include "infotorch/knn/k_best.h"
#include <cstdint>
#include <vector>

#include "infotorch/knn/sorted_line.h"

namespace infotorch::knn {

class Grid2d {
 public:
  // Point i is (x's value i, y's value i), both lines over the same N points; about `per_cell` points per cell on average.
  Grid2d(const SortedLine& x, const SortedLine& y, double per_cell = 2.0);

  int64_t size() const { return n_; }
  // Original index of the t-th stored point. Points are stored cell by cell: visiting queries in this
  // order keeps consecutive searches on the same cache lines.
  int64_t order(int64_t t) const { return id_[t]; }
  // Mean number of points in a query's own cell (sum of squared cell counts / N): about per_cell + 1 for
  // evenly spread points, far more when dependence piles them up.
  double crowding() const { return crowding_; }

  // Distance from the t-th stored point to its k-th nearest other point. If `gaps` is not null, gaps[0] and
  // gaps[1] receive the largest x and y distances among those k neighbours (ties at the k-th distance
  // resolved in some fixed order), which KSG 2 needs.
  double kth_distance(int64_t t, int64_t k, double* gaps = nullptr) const;

 private:
  using Best = KBest;
  // Distance from q to the closed interval of column/row c (0 inside it).
  double gap(const std::vector<double>& edge, int64_t c, double q) const;

  int64_t n_ = 0, g_ = 1;
  double crowding_ = 0;
  std::vector<double> ex_, ey_;          // g_ edges: the smallest value in each column / row
  std::vector<int64_t> start_;           // g_*g_ + 1 offsets, cell (a, b) is a * g_ + b
  std::vector<double> px_, py_;          // stored points
  std::vector<int64_t> id_;              // original index of each stored point
  std::vector<int32_t> cx_, cy_;         // cell of each stored point
};

}  // namespace infotorch::knn
