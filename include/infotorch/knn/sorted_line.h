// 1-D neighbour counts with a sorted array: for 1-D marginals, binary search beats any tree.
//
// Counting walks outwards from the query's own position (galloping, then bisection), comparing the same
// floating-point |a - b| the k-d tree uses, so both structures give identical counts. Callers that visit
// queries in sorted order (count_at) keep every step of the walk in cache.
#pragma once
#include <cstdint>
#include <vector>

#include "infotorch/knn/big_buffer.h"

namespace infotorch::knn {

class SortedLine {
 public:
  // n < 2^31 values.
  SortedLine(const double* values, int64_t n);
  explicit SortedLine(const std::vector<double>& values) : SortedLine(values.data(), static_cast<int64_t>(values.size())) {}
  // Values at distance < r (strict) or <= r from values[i], i itself included if within.
  int64_t count(int64_t i, double r, bool strict) const { return count_at(rank_[i], r, strict); }
  // The same for the value at a position. `hint`, if given, is a guess of how many positions the run
  // reaches on each side (e.g. from the previous query's count): the search starts there.
  int64_t count_at(int64_t position, double r, bool strict, int64_t hint = 0) const {
    int64_t first, last;
    span_at(position, r, strict, &first, &last, hint);
    return last - first;
  }
  // For positions [begin, end) in order: out[order(p)] = count_at(p, r[p], strict). Each search starts from
  // the previous one's count scaled by the ratio of radii (the local density barely changes between
  // neighbouring positions), so most searches take a few steps, all in cache.
  void counts(const double* r, bool strict, int32_t* out, int64_t begin, int64_t end) const;
  // The same, writing the run [first[order(p)], last[order(p)]) of each query instead of its length.
  void spans(const double* r, bool strict, int32_t* first, int32_t* last, int64_t begin, int64_t end) const;
  // The same values as positions in ascending order: exactly those at positions [*first, *last) are within.
  // Within-ness is monotone in the position, so it is always one contiguous run.
  void span(int64_t i, double r, bool strict, int64_t* first, int64_t* last) const { span_at(rank_[i], r, strict, first, last); }
  void span_at(int64_t position, double r, bool strict, int64_t* first, int64_t* last, int64_t hint = 0) const;

  int64_t size() const { return static_cast<int64_t>(sorted_.size()); }
  // Position of values[i] in ascending order (ties in index order), the value at a position, and the index
  // of the value at a position.
  int64_t rank(int64_t i) const { return rank_[i]; }
  double at(int64_t position) const { return sorted_[position]; }
  int64_t order(int64_t position) const { return order_[position]; }
  const int32_t* ranks() const { return rank_.data(); }
  const int32_t* orders() const { return order_.data(); }

 private:
  template <class Emit>
  void sweep(const double* r, bool strict, int64_t begin, int64_t end, const Emit& emit) const;

  BigVector<double> sorted_;
  BigVector<int32_t> rank_;   // position of values[i] in sorted_
  BigVector<int32_t> order_;  // index of the value at each position
};

}  // namespace infotorch::knn
