#include "infotorch/knn/sorted_line.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <numeric>

namespace infotorch::knn {

namespace {

// Unsigned keys in the same order as the doubles: negatives have every bit flipped, the rest the sign bit.
uint64_t order_key(double v) {
  uint64_t u;
  std::memcpy(&u, &v, sizeof u);
  return (u >> 63) ? ~u : (u | 0x8000000000000000ULL);
}

// Ascending order of `values` (stable): LSD radix sort on 8-bit digits, skipping digits all keys share.
// Several times faster than a comparison sort at the N = 1e5..1e6 the estimators see.
std::vector<int64_t> radix_order(const std::vector<double>& values) {
  const size_t n = values.size();
  std::vector<uint64_t> key(n), key2(n);
  std::vector<int64_t> id(n), id2(n);
  std::vector<std::array<size_t, 256>> hist(8);
  for (auto& h : hist) h.fill(0);
  for (size_t i = 0; i < n; ++i) {
    key[i] = order_key(values[i]);
    id[i] = static_cast<int64_t>(i);
    for (int b = 0; b < 8; ++b) ++hist[b][(key[i] >> (8 * b)) & 0xFF];
  }
  for (int b = 0; b < 8; ++b) {
    auto& h = hist[b];
    if (std::any_of(h.begin(), h.end(), [&](size_t c) { return c == n; })) continue;  // one digit value only
    size_t sum = 0;
    for (auto& c : h) {
      const size_t t = c;
      c = sum;
      sum += t;
    }
    for (size_t i = 0; i < n; ++i) {
      const size_t p = h[(key[i] >> (8 * b)) & 0xFF]++;
      key2[p] = key[i];
      id2[p] = id[i];
    }
    key.swap(key2);
    id.swap(id2);
  }
  return id;
}

// First position in [a, a + len) where `outside` holds, given it is false then true along the range.
// Branch-free halving: the comparison feeds a conditional move, so unpredictable outcomes cost nothing.
template <class Outside>
int64_t first_outside(const double* v, int64_t a, int64_t len, Outside outside) {
  const double* base = v + a;
  while (len > 1) {
    const int64_t half = len / 2;
    base = outside(base[half - 1]) ? base : base + half;
    len -= half;
  }
  return (base - v) + (len == 1 && !outside(*base) ? 1 : 0);
}

}  // namespace

SortedLine::SortedLine(const std::vector<double>& values) : sorted_(values.size()), rank_(values.size()) {
  std::vector<int64_t> order;
  if (values.size() >= 1024) {
    order = radix_order(values);
  } else {
    order.resize(values.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return values[a] < values[b]; });
  }
  for (size_t t = 0; t < order.size(); ++t) {
    sorted_[t] = values[order[t]];
    rank_[order[t]] = static_cast<int64_t>(t);
  }
}

int64_t SortedLine::count(int64_t i, double r, bool strict) const {
  int64_t first, last;
  span(i, r, strict, &first, &last);
  return last - first;
}

void SortedLine::span(int64_t i, double r, bool strict, int64_t* first, int64_t* last) const {
  const int64_t n = static_cast<int64_t>(sorted_.size());
  const int64_t p = rank_[i];
  const double q = sorted_[p];
  const double* v = sorted_.data();
  auto within = [&](double gap) { return strict ? gap < r : gap <= r; };
  // Right: values >= q at positions >= p; the gap v - q grows with position. Gallop to bracket the first
  // one outside, then halve the bracket.
  int64_t a = p, b = n, step = 1;
  while (true) {
    const int64_t j = a + step - 1;
    if (j >= n) break;
    if (!within(v[j] - q)) {
      b = j;
      break;
    }
    a = j + 1;
    step *= 2;
  }
  const int64_t right = first_outside(v, a, b - a, [&](double x) { return !within(x - q); });
  // Left: values <= q at positions < p; the gap q - v shrinks with position. Find the first one inside.
  int64_t hi = p, lo = 0;
  step = 1;
  while (true) {
    const int64_t j = hi - step;
    if (j < 0) break;
    if (!within(q - v[j])) {
      lo = j + 1;
      break;
    }
    hi = j;
    step *= 2;
  }
  *first = first_outside(v, lo, hi - lo, [&](double x) { return within(q - x); });
  *last = right;
}

}  // namespace infotorch::knn
