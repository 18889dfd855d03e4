// 1-D neighbour counts with a sorted array: for 1-D marginals, binary search beats any tree.
//
// Counting walks outwards from the query's own rank (galloping, then bisection), comparing the same
// floating-point |a - b| the k-d tree uses, so both structures give identical counts.
#pragma once
#include <cstdint>
#include <vector>

namespace infotorch::knn {

class SortedLine {
 public:
  explicit SortedLine(const std::vector<double>& values);
  // Values at distance < r (strict) or <= r from values[i], i itself included if within.
  int64_t count(int64_t i, double r, bool strict) const;

 private:
  std::vector<double> sorted_;
  std::vector<int64_t> rank_;  // position of values[i] in sorted_
};

}  // namespace infotorch::knn
