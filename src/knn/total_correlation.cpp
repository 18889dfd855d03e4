#include "infotorch/knn/total_correlation.h"

#include <ATen/Parallel.h>

#include <numeric>

#include "infotorch/core/validate.h"
#include "infotorch/knn/input.h"
#include "infotorch/knn/kdtree.h"
#include "infotorch/knn/psi.h"
#include "infotorch/knn/sorted_line.h"

namespace infotorch::knn {

double total_correlation(const Points& x, int64_t k) {
  const int64_t n = x.n, m = x.d;
  const KdTree joint(x);
  std::vector<SortedLine> lines;
  lines.reserve(static_cast<size_t>(m));
  for (int64_t j = 0; j < m; ++j) lines.emplace_back(column(x, j).v);
  std::vector<double> term(static_cast<size_t>(n));
  at::parallel_for(0, n, 512, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t) {
      const int64_t i = joint.order(t);
      const double eps = joint.kth_distance(x.row(i), k, i);
      double s = 0;
      for (const auto& line : lines) s += psi(std::max<int64_t>(1, line.count(i, eps, true)));
      term[i] = s;
    }
  });
  return psi(k) + static_cast<double>(m - 1) * psi(n) -
         std::accumulate(term.begin(), term.end(), 0.0) / static_cast<double>(n);
}

double total_correlation(const torch::Tensor& x, const TotalCorrelationOptions& options) {
  check_k(options.k, "tc");
  auto xs = checked_samples(x, "x", options.k + 1, "tc with k=" + std::to_string(options.k));
  if (xs.size(1) < 2)
    throw Error("x: tc needs at least 2 variables (columns), got shape " + shape_str(xs));
  Points all = to_points(xs);
  // Constant columns are independent of everything: they drop out of the sum (with at most one variable
  // left there is nothing to share).
  std::vector<int64_t> keep;
  for (int64_t j = 0; j < all.d; ++j)
    if (!is_constant(column(all, j))) keep.push_back(j);
  if (keep.size() < 2) return 0.0;
  Points px;
  px.n = all.n;
  px.d = static_cast<int64_t>(keep.size());
  for (int64_t i = 0; i < all.n; ++i)
    for (int64_t j : keep) px.v.push_back(all.row(i)[j]);
  prepare(px, options.prepare, options.seed);
  return total_correlation(px, options.k);
}

}  // namespace infotorch::knn
