#include "infotorch/knn/mixed.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <numeric>

#include "infotorch/core/validate.h"
#include "infotorch/knn/input.h"
#include "infotorch/knn/kdtree.h"
#include "infotorch/knn/psi.h"
#include "infotorch/knn/range_counter.h"

namespace infotorch::knn {

double mixed_mi(const Points& x, const Points& y, int64_t k) {
  const int64_t n = x.n;
  const Points xy = hcat(x, y);
  const KdTree joint(xy);
  const RangeCounter cx(x), cy(y);
  std::vector<double> term(static_cast<size_t>(n));
  at::parallel_for(0, n, 512, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t) {
      const int64_t i = joint.order(t);
      const double rho = joint.kth_distance(xy.row(i), k, i);
      // Counts include i. Off atoms: k, and points strictly inside rho in each marginal (the KSG-1 rule).
      // On an atom (rho = 0) the k-th neighbour is a copy of i: use every copy, and the copies per marginal.
      int64_t kk = k, nx, ny;
      if (rho == 0) {
        kk = joint.count(xy.row(i), 0.0, false);
        nx = cx.count(i, 0.0, false);
        ny = cy.count(i, 0.0, false);
      } else {
        nx = cx.count(i, rho, true);
        ny = cy.count(i, rho, true);
      }
      term[i] = psi(kk) - psi(nx) - psi(ny);
    }
  });
  return std::log(static_cast<double>(n)) + std::accumulate(term.begin(), term.end(), 0.0) / static_cast<double>(n);
}

double mixed_mi(const torch::Tensor& x, const torch::Tensor& y, const MixedOptions& options) {
  check_k(options.k, "mixed");
  const std::string why = "mixed with k=" + std::to_string(options.k);
  auto xs = checked_samples(x, "x", options.k + 1, why);
  auto ys = checked_samples(y, "y", options.k + 1, why);
  check_same_rows(xs, ys, "x", "y");
  Points px = to_points(xs), py = to_points(ys);
  prepare(px, options.prepare, 0);
  prepare(py, options.prepare, 1);
  if (is_constant(px) || is_constant(py)) return 0.0;
  return mixed_mi(px, py, options.k);
}

}  // namespace infotorch::knn
