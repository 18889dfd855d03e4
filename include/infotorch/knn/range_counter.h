// Neighbour counts in a marginal space: a sorted line for one column, a rank grid over two sorted lines for
// two columns, a max-norm k-d tree otherwise.
#pragma once
#include <cstdint>
#include <memory>

#include "infotorch/knn/kdtree.h"
#include "infotorch/knn/points.h"
#include "infotorch/knn/rank_grid.h"
#include "infotorch/knn/sorted_line.h"

namespace infotorch::knn {

class RangeCounter {
 public:
  explicit RangeCounter(const Points& points);
  // Points within max-norm distance r of point i (< r if strict, else <= r), point i itself included.
  int64_t count(int64_t i, double r, bool strict) const;
  // out[i] = count(i, r[i], strict) for every point, in parallel. Sorted lines and the rank grid are
  // visited in rank order (each line's runs found by one sweep along it), not query by query at random.
  void counts(const double* r, bool strict, int32_t* out) const;

 private:
  const Points& points_;
  std::unique_ptr<SortedLine> line_, line2_;  // d = 1: line_; d = 2: both, under grid_
  std::unique_ptr<RankGrid> grid_;
  std::unique_ptr<KdTree> tree_;
};

}  // namespace infotorch::knn
