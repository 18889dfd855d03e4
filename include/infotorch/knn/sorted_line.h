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
  // The same values as positions in ascending order: exactly those at positions [*first, *last) are within.
  // Within-ness is monotone in the position, so it is always one contiguous run.
  void span(int64_t i, double r, bool strict, int64_t* first, int64_t* last) const;

  int64_t size() const { return static_cast<int64_t>(sorted_.size()); }
  // Position of values[i] in ascending order (ties in some fixed order), and the value at a position.
  int64_t rank(int64_t i) const { return rank_[i]; }
  double at(int64_t position) const { return sorted_[position]; }

 private:
  std::vector<double> sorted_;
  std::vector<int64_t> rank_;  // position of values[i] in sorted_
};

}  // namespace infotorch::knn
