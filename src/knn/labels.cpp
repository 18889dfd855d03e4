#include "infotorch/knn/labels.h"

#include <algorithm>
#include <numeric>

namespace infotorch::knn {

std::vector<int64_t> labels(const Points& p, int64_t* m) {
  std::vector<int64_t> order(static_cast<size_t>(p.n));
  std::iota(order.begin(), order.end(), 0);
  auto less = [&](int64_t a, int64_t b) {
    return std::lexicographical_compare(p.row(a), p.row(a) + p.d, p.row(b), p.row(b) + p.d);
  };
  std::sort(order.begin(), order.end(), less);
  std::vector<int64_t> out(static_cast<size_t>(p.n));
  int64_t next = -1;
  for (int64_t t = 0; t < p.n; ++t) {
    if (t == 0 || less(order[t - 1], order[t])) ++next;
    out[order[t]] = next;
  }
  if (m) *m = next + 1;
  return out;
}

}  // namespace infotorch::knn
