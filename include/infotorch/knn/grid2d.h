// Exact k-th neighbour distances among 2-D points under the max-norm: a grid whose cell edges are
// quantiles of each column, searched cell by cell.
//
// 1-D x 1-D KSG has a 2-D joint space, where a grid beats a k-d tree several times over: a query reads
// about nine small cells that sit next to each other in memory, with no tree to descend. Quantile edges
// keep cells evenly filled whatever the marginals (heavy tails, skew); strong dependence still piles points
// into few cells, which `crowding()` measures so callers can fall back to the k-d tree. Every point outside
// a block of cells lies at least the gap from the query to the block's outer edges away, so a k-th distance
// found within the block that is no larger than that gap is final. Distances are the same floating-point
// max_d |a_d - b_d| as the k-d tree's and brute force's, so results are identical to theirs.
#pragma once
#include <cstdint>
#include <vector>

#include "infotorch/knn/big_buffer.h"
#include "infotorch/knn/k_best.h"
#include "infotorch/knn/sorted_line.h"

namespace infotorch::knn {

class Grid2d {
 public:
  // Point i is (x's value i, y's value i), both lines over the same N points; about `per_cell` points per
  // cell on average. The lines must outlive the grid.
  Grid2d(const SortedLine& x, const SortedLine& y, double per_cell = 2.0);

  int64_t size() const { return n_; }
  // Points are stored cell by cell; cell c holds stored points [cell_begin(c), cell_end(c)).
  int64_t cells() const { return g_ * g_; }
  int64_t cell_begin(int64_t c) const { return start_[c]; }
  int64_t cell_end(int64_t c) const { return start_[c + 1]; }
  // Original index and ranks (positions in the x and y lines) of the t-th stored point.
  int64_t order(int64_t t) const { return x_->order(rx_[t]); }
  int64_t rank_x(int64_t t) const { return rx_[t]; }
  int64_t rank_y(int64_t t) const { return ry_[t]; }
  // Mean number of points in a query's own cell (sum of squared cell counts / N): about per_cell + 1 for
  // evenly spread points, far more when dependence piles them up.
  double crowding() const { return crowding_; }

  // Distance from the t-th stored point to its k-th nearest other point. If `gaps` is not null, gaps[0] and
  // gaps[1] receive the largest x and y distances among those k neighbours (ties at the k-th distance
  // resolved in some fixed order), which KSG 2 needs.
  double kth_distance(int64_t t, int64_t k, double* gaps = nullptr) const;
  // The same for every point of cell c at once: eps[j] (and gaps[2j], gaps[2j + 1]) for stored point
  // cell_begin(c) + j. The cell's 3 x 3 block is scanned once for all its points; the rare point whose k-th
  // distance is not settled inside the block is searched ring by ring.
  void kth_distances(int64_t c, int64_t k, double* eps, double* gaps = nullptr) const;

 private:
  struct P {
    double x, y;
  };
  // Distance from q to the closed interval of column/row c (0 inside it).
  double gap(const std::vector<double>& edge, int64_t c, double q) const;
  // Points outside columns a0..a1 and rows b0..b1 are at least this far from (qx, qy).
  double outside(int64_t a0, int64_t a1, int64_t b0, int64_t b1, double qx, double qy) const;
  // Scans rings r0, r0 + 1, ... of cells around stored point t (ring r: the cells r steps away) into
  // `best` until the k-th distance is settled.
  void rings(int64_t t, int64_t r0, KBest& best) const;
  template <int K>
  void block_kth(int64_t c, double* eps) const;
  void block_kth_gaps(int64_t c, int64_t k, double* eps, double* gaps) const;

  int64_t n_ = 0, g_ = 1;
  double crowding_ = 0;
  const SortedLine* x_ = nullptr;
  std::vector<double> ex_, ey_;   // g_ edges: the smallest value in each column / row
  BigVector<int32_t> start_;      // g_*g_ + 1 offsets, cell (a, b) is a * g_ + b
  BigVector<P> pts_;              // stored points
  BigVector<int32_t> rx_, ry_;    // ranks of each stored point in the x and y lines
};

}  // namespace infotorch::knn
