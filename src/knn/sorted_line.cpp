#include "infotorch/knn/sorted_line.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <numeric>
#include <utility>

#include "infotorch/core/error.h"

namespace infotorch::knn {

namespace {

// Unsigned keys in the same order as the doubles: negatives have every bit flipped, the rest the sign bit.
uint64_t order_key(double v) {
  uint64_t u;
  std::memcpy(&u, &v, sizeof u);
  return (u >> 63) ? ~u : (u | 0x8000000000000000ULL);
}

// Sorts positions [b, e) of (val, id) by (key, id); they are in id order on entry. val[j] = values[id[j]].
void sort_run(const double* values, double* val, int32_t* id, int64_t b, int64_t e) {
  if (e - b <= 32) {
    for (int64_t j = b + 1; j < e; ++j) {  // insertion: strict > keeps equal keys in id order
      const double v = val[j];
      const int32_t i = id[j];
      const uint64_t key = order_key(v);
      int64_t m = j;
      for (; m > b && order_key(val[m - 1]) > key; --m) {
        val[m] = val[m - 1];
        id[m] = id[m - 1];
      }
      val[m] = v;
      id[m] = i;
    }
    return;
  }
  std::vector<std::pair<uint64_t, int32_t>> run;
  run.reserve(static_cast<size_t>(e - b));
  for (int64_t j = b; j < e; ++j) run.emplace_back(order_key(val[j]), id[j]);
  std::sort(run.begin(), run.end());
  for (int64_t j = b; j < e; ++j) {
    id[j] = run[j - b].second;
    val[j] = values[id[j]];
  }
}

// Ascending order (ties in index order) of n values: LSD radix sort, 11-bit digits, of the top 32 bits of
// each key packed above the index, so one 8-byte word moves per element and three passes suffice (passes
// whose digit all keys share are skipped). Runs that share the top 32 bits (values equal to ~1e-6
// relative) are then sorted by the whole key. Several times faster than a comparison sort at N = 1e5..1e6.
void radix_order(const double* values, int64_t n, double* sorted, int32_t* order) {
  constexpr int kDigits = 3, kBits = 11, kBuckets = 1 << kBits;
  BigVector<uint64_t> a(static_cast<size_t>(n)), b(static_cast<size_t>(n));
  std::vector<int64_t> hist(kDigits * kBuckets, 0);
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t w = (order_key(values[i]) & 0xFFFFFFFF00000000ULL) | static_cast<uint64_t>(i);
    a[i] = w;
    for (int d = 0; d < kDigits; ++d) ++hist[d * kBuckets + ((w >> (32 + kBits * d)) & (kBuckets - 1))];
  }
  for (int d = 0; d < kDigits; ++d) {
    int64_t* h = hist.data() + d * kBuckets;
    if (std::any_of(h, h + kBuckets, [&](int64_t c) { return c == n; })) continue;  // one digit value only
    int64_t sum = 0;
    for (int j = 0; j < kBuckets; ++j) {
      const int64_t c = h[j];
      h[j] = sum;
      sum += c;
    }
    const int shift = 32 + kBits * d;
    for (int64_t i = 0; i < n; ++i) b[h[(a[i] >> shift) & (kBuckets - 1)]++] = a[i];
    a.swap(b);
  }
  for (int64_t p = 0; p < n; ++p) {
    const int32_t i = static_cast<int32_t>(a[p] & 0xFFFFFFFFULL);
    order[p] = i;
    sorted[p] = values[i];
  }
  for (int64_t p = 0; p < n;) {
    int64_t e = p + 1;
    while (e < n && (a[e] >> 32) == (a[p] >> 32)) ++e;
    if (e - p > 1) sort_run(values, sorted, order, p, e);
    p = e;
  }
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

SortedLine::SortedLine(const double* values, int64_t n)
    : sorted_(static_cast<size_t>(n)), rank_(static_cast<size_t>(n)), order_(static_cast<size_t>(n)) {
  if (n > std::numeric_limits<int32_t>::max()) throw Error("knn: at most 2^31 - 1 samples are supported, got " + std::to_string(n));
  if (n >= 1024) {
    radix_order(values, n, sorted_.data(), order_.data());
  } else {
    std::iota(order_.begin(), order_.end(), 0);
    std::sort(order_.begin(), order_.end(), [&](int32_t a, int32_t b) {
      const uint64_t ka = order_key(values[a]), kb = order_key(values[b]);
      return ka != kb ? ka < kb : a < b;
    });
    for (int64_t p = 0; p < n; ++p) sorted_[p] = values[order_[p]];
  }
  for (int64_t p = 0; p < n; ++p) rank_[order_[p]] = static_cast<int32_t>(p);
}

namespace {

// First position in [lo, hi) whose value satisfies `out` (false, then true along the range; hi if none):
// gallop from position g in steps starting at `step` to bracket it, then halve the bracket.
template <class Out>
int64_t boundary(const double* v, int64_t lo, int64_t hi, int64_t g, int64_t step, Out out) {
  if (lo >= hi) return lo;
  g = std::min(std::max(g, lo), hi - 1);
  int64_t a, b;  // the boundary lies in [a, b]
  if (out(v[g])) {
    b = g;
    while (true) {
      const int64_t j = b - step;
      if (j < lo) {
        a = lo;
        break;
      }
      if (!out(v[j])) {
        a = j + 1;
        break;
      }
      b = j;
      step *= 2;
    }
  } else {
    a = g + 1;
    while (true) {
      const int64_t j = a + step - 1;
      if (j >= hi) {
        b = hi;
        break;
      }
      if (out(v[j])) {
        b = j;
        break;
      }
      a = j + 1;
      step *= 2;
    }
  }
  return first_outside(v, a, b - a, out);
}

}  // namespace

void SortedLine::span_at(int64_t p, double r, bool strict, int64_t* first, int64_t* last, int64_t hint) const {
  const int64_t n = static_cast<int64_t>(sorted_.size());
  const double q = sorted_[p];
  const double* v = sorted_.data();
  // With a hint, first try a window of +-w positions around the guess: two comparisons (almost always
  // true, so well predicted) confirm that the boundary lies inside, and a fixed number of branch-free
  // halvings finds it, with no mispredicted branch. Otherwise (no hint, or a guess that missed), gallop
  // from the guess, the first step an eighth of the hint, and halve the bracket.
  const int64_t w = 16 + hint / 4;
  auto find = [&](int64_t lo, int64_t hi, int64_t g, auto out) {
    if (hint > 0) {
      const int64_t a = std::max(lo, g - w), b = std::min(hi, g + w);
      if (a < b && (a == lo || !out(v[a - 1])) && (b == hi || out(v[b]))) return first_outside(v, a, b - a, out);
    }
    return boundary(v, lo, hi, g, std::max<int64_t>(1, hint / 8), out);
  };
  if (strict) {
    *last = find(p, n, p + hint, [&](double x) { return !(x - q < r); });  // right: v - q grows
    *first = find(0, p, p - hint, [&](double x) { return q - x < r; });    // left: q - v shrinks
  } else {
    *last = find(p, n, p + hint, [&](double x) { return !(x - q <= r); });
    *first = find(0, p, p - hint, [&](double x) { return q - x <= r; });
  }
}

namespace {

// Both ends of one query's run at once: two windows of the same length around the guessed ends, halved
// together. The two halvings are independent chains of dependent loads, so interleaving them hides half
// the latency that dominates a lone halving. Returns false (nothing found) unless both windows are
// confirmed to hold their end.
template <class OutR, class OutL>
bool both_ends(const double* v, int64_t n, int64_t p, int64_t hint, OutR out_r, OutL out_l, int64_t* first, int64_t* last) {
  const int64_t w = 16 + hint / 4;
  const int64_t ar = p + hint - w, al = p - hint - w, len = 2 * w;
  // Right end in [ar, ar + len] within [p, n]; left end in [al, al + len] within [0, p].
  if (ar < p || ar + len > n || al < 0 || al + len > p) return false;
  if (out_r(v[ar - 1]) || (ar + len < n && !out_r(v[ar + len]))) return false;
  if ((al > 0 && out_l(v[al - 1])) || !out_l(v[al + len])) return false;
  const double* br = v + ar;
  const double* bl = v + al;
  for (int64_t m = len; m > 1;) {
    const int64_t half = m / 2;
    br = out_r(br[half - 1]) ? br : br + half;
    bl = out_l(bl[half - 1]) ? bl : bl + half;
    m -= half;
  }
  *last = (br - v) + (out_r(*br) ? 0 : 1);
  *first = (bl - v) + (out_l(*bl) ? 0 : 1);
  return true;
}

}  // namespace

template <class Emit>
void SortedLine::sweep(const double* r, bool strict, int64_t begin, int64_t end, const Emit& emit) const {
  const int64_t n = static_cast<int64_t>(sorted_.size());
  const double* v = sorted_.data();
  int64_t prev = 0;
  double prev_r = 0;
  for (int64_t p = begin; p < end; ++p) {
    // About prev / 2 positions on each side within prev_r, so about r / prev_r times that within r.
    const double rp = r[p], q = v[p];
    const double guess = prev > 2 && prev_r > 0 ? 0.5 * static_cast<double>(prev) * (rp / prev_r) : 0.0;
    const int64_t hint = static_cast<int64_t>(std::min(guess, static_cast<double>(n)));
    int64_t first, last;
    const bool done = strict ? both_ends(v, n, p, hint, [&](double x) { return !(x - q < rp); }, [&](double x) { return q - x < rp; }, &first, &last)
                             : both_ends(v, n, p, hint, [&](double x) { return !(x - q <= rp); }, [&](double x) { return q - x <= rp; }, &first, &last);
    if (!done) span_at(p, rp, strict, &first, &last, hint);
    emit(order_[p], first, last);
    prev = last - first;
    prev_r = rp;
  }
}

void SortedLine::counts(const double* r, bool strict, int32_t* out, int64_t begin, int64_t end) const {
  sweep(r, strict, begin, end, [&](int32_t i, int64_t first, int64_t last) { out[i] = static_cast<int32_t>(last - first); });
}

void SortedLine::spans(const double* r, bool strict, int32_t* first, int32_t* last, int64_t begin, int64_t end) const {
  sweep(r, strict, begin, end, [&](int32_t i, int64_t f, int64_t l) {
    first[i] = static_cast<int32_t>(f);
    last[i] = static_cast<int32_t>(l);
  });
}

}  // namespace infotorch::knn
