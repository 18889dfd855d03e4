#include "infotorch/knn/range_counter.h"

#include <cstdint>
#include <limits>

namespace infotorch::knn {

RangeCounter::RangeCounter(const Points& points) : points_(points) {
  if (points.d == 1) {
    line_ = std::make_unique<SortedLine>(points.v);
  } else if (points.d == 2 && points.n < std::numeric_limits<int32_t>::max()) {
    std::vector<double> c0(static_cast<size_t>(points.n)), c1(static_cast<size_t>(points.n));
    for (int64_t i = 0; i < points.n; ++i) {
      c0[i] = points.row(i)[0];
      c1[i] = points.row(i)[1];
    }
    line_ = std::make_unique<SortedLine>(c0);
    line2_ = std::make_unique<SortedLine>(c1);
    grid_ = std::make_unique<RankGrid>(*line_, *line2_, 1.0);
  } else {
    tree_ = std::make_unique<KdTree>(points);
  }
}

int64_t RangeCounter::count(int64_t i, double r, bool strict) const {
  if (grid_) {
    int64_t x0, x1, y0, y1;
    line_->span(i, r, strict, &x0, &x1);
    line2_->span(i, r, strict, &y0, &y1);
    return grid_->count(x0, x1, y0, y1);
  }
  if (line_) return line_->count(i, r, strict);
  return tree_->count(points_.row(i), r, strict);
}

}  // namespace infotorch::knn
