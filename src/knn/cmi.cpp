#include "infotorch/knn/cmi.h"

#include <ATen/Parallel.h>

#include <numeric>

#include "infotorch/core/validate.h"
#include "infotorch/knn/input.h"
#include "infotorch/knn/kdtree.h"
#include "infotorch/knn/psi.h"
#include "infotorch/knn/range_counter.h"

namespace infotorch::knn {

double cmi(const Points& x, const Points& y, const Points& z, int64_t k) {
  const int64_t n = x.n;
  const Points xz = hcat(x, z), yz = hcat(y, z);
  const Points xyz = hcat(x, yz);
  const KdTree joint(xyz);
  const RangeCounter cxz(xz), cyz(yz), cz(z);
  std::vector<double> term(static_cast<size_t>(n));
  at::parallel_for(0, n, 512, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t) {
      const int64_t i = joint.order(t);
      const double eps = joint.kth_distance(xyz.row(i), k, i);
      // Strict counts include i: count = n + 1 (at least 1 when eps = 0 on exact duplicates).
      term[i] = psi(std::max<int64_t>(1, cxz.count(i, eps, true))) + psi(std::max<int64_t>(1, cyz.count(i, eps, true))) -
                psi(std::max<int64_t>(1, cz.count(i, eps, true)));
    }
  });
  return psi(k) - std::accumulate(term.begin(), term.end(), 0.0) / static_cast<double>(n);
}

double cmi(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& z, const CmiOptions& options) {
  check_k(options.k, "cmi");
  if (!z.defined()) throw Error("cmi: needs the conditioning variable z (N x dz samples, option z)");
  const std::string why = "cmi with k=" + std::to_string(options.k);
  auto xs = checked_samples(x, "x", options.k + 1, why);
  auto ys = checked_samples(y, "y", options.k + 1, why);
  auto zs = checked_samples(z, "z", options.k + 1, why);
  check_same_rows(xs, ys, "x", "y");
  check_same_rows(xs, zs, "x", "z");
  Points px = to_points(xs), py = to_points(ys), pz = to_points(zs);
  prepare(px, options.prepare, options.seed);
  prepare(py, options.prepare, options.seed + 1);
  prepare(pz, options.prepare, options.seed + 2);
  if (is_constant(px) || is_constant(py)) return 0.0;
  return cmi(px, py, pz, options.k);
}

}  // namespace infotorch::knn
