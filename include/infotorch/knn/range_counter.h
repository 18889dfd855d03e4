// Neighbour counts in a marginal space: a sorted line for one column, a max-norm k-d tree otherwise.
#pragma once
#include <cstdint>
#include <memory>

#include "infotorch/knn/kdtree.h"
#include "infotorch/knn/points.h"
#include "infotorch/knn/sorted_line.h"

namespace infotorch::knn {

class RangeCounter {
 public:
  explicit RangeCounter(const Points& points);
  // Points within max-norm distance r of point i (< r if strict, else <= r), point i itself included.
  int64_t count(int64_t i, double r, bool strict) const;

 private:
  const Points& points_;
  std::unique_ptr<SortedLine> line_;
  std::unique_ptr<KdTree> tree_;
};

}  // namespace infotorch::knn
