// Exact 2-D max-norm range counts in rank space: a grid over x ranks and y ranks with 2-D prefix counts.
//
// A point lies within max-norm r of a query exactly when its x lies within r and its y lies within r.
// Along each sorted column the points within form one contiguous run of ranks (SortedLine::span, the same
// floating-point |a - b| test as brute force), so the 2-D count is the number of points whose x rank and
// y rank both fall in two rank intervals. Cells are equal-count blocks of ranks: cells wholly inside both
// intervals are counted in O(1) from prefix sums, and only the cells the interval edges cut are scanned
// (integer rank comparisons). A cut column or row holds about sqrt(N * per_cell) points whatever the
// data's dependence, so no input makes a query cost more than a few such lines. Replaces a 2-D k-d tree
// walk for the 2-D marginals of multivariate KSG.
#pragma once
#include <cstdint>
#include <vector>

#include "infotorch/knn/sorted_line.h"

namespace infotorch::knn {

class RankGrid {
 public:
  // Point i has rank x.rank(i) in x and y.rank(i) in y (both lines over the same N < 2^31 points).
  RankGrid(const SortedLine& x, const SortedLine& y, double per_cell = 4.0);

  // Points with x rank in [x0, x1) and y rank in [y0, y1).
  int64_t count(int64_t x0, int64_t x1, int64_t y0, int64_t y1) const;

 private:
  struct Rank2 {
    int32_t x, y;
  };
  int64_t cell_of(int64_t rank) const { return rank * g_ / n_; }
  int64_t first_of(int64_t c) const { return (c * n_ + g_ - 1) / g_; }  // first rank in column/row c
  int64_t scan(int64_t begin, int64_t end, int64_t x0, int64_t x1, int64_t y0, int64_t y1) const;

  int64_t n_ = 0, g_ = 1;
  std::vector<int32_t> start_;   // g_*g_ + 1 offsets; cell (a, b) is a * g_ + b (column a: x ranks)
  std::vector<int32_t> prefix_;  // (g_ + 1)^2: points in columns < a and rows < b, at a * (g_ + 1) + b
  std::vector<Rank2> pts_;       // ranks of the points, stored cell by cell
};

}  // namespace infotorch::knn
