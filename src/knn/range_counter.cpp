#include "infotorch/knn/range_counter.h"

namespace infotorch::knn {

RangeCounter::RangeCounter(const Points& points) : points_(points) {
  if (points.d == 1)
    line_ = std::make_unique<SortedLine>(points.v);
  else
    tree_ = std::make_unique<KdTree>(points);
}

int64_t RangeCounter::count(int64_t i, double r, bool strict) const {
  if (line_) return line_->count(i, r, strict);
  return tree_->count(points_.row(i), r, strict);
}

}  // namespace infotorch::knn
