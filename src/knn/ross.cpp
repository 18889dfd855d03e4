#include "infotorch/knn/ross.h"

#include <ATen/Parallel.h>

#include <numeric>

#include "infotorch/core/validate.h"
#include "infotorch/knn/input.h"
#include "infotorch/knn/kdtree.h"
#include "infotorch/knn/labels.h"
#include "infotorch/knn/psi.h"
#include "infotorch/knn/range_counter.h"

namespace infotorch::knn {

double ross_mi(const Points& x, const Points& y, int64_t k) {
  int64_t m = 0;
  const auto label = labels(x, &m);
  std::vector<std::vector<int64_t>> members(static_cast<size_t>(m));
  for (int64_t i = 0; i < x.n; ++i) members[label[i]].push_back(i);

  // Points whose label occurs once have no same-label neighbour: they are left out (as in scikit-learn).
  std::vector<int64_t> kept;
  for (int64_t i = 0; i < x.n; ++i)
    if (members[label[i]].size() > 1) kept.push_back(i);
  const int64_t n = static_cast<int64_t>(kept.size());
  if (n == 0) throw Error("x: every label occurs once; ross needs labels with at least 2 samples");

  // d_i: k-th neighbour distance in Y among points with i's label.
  std::vector<double> radius(static_cast<size_t>(x.n), 0.0);
  std::vector<int64_t> k_i(static_cast<size_t>(x.n), 0);
  for (const auto& group : members) {
    if (group.size() < 2) continue;
    Points g;
    g.n = static_cast<int64_t>(group.size());
    g.d = y.d;
    g.v.reserve(static_cast<size_t>(g.n * g.d));
    for (int64_t i : group) g.v.insert(g.v.end(), y.row(i), y.row(i) + y.d);
    const KdTree tree(g);
    const int64_t kk = std::min<int64_t>(k, g.n - 1);
    at::parallel_for(0, g.n, 512, [&](int64_t begin, int64_t end) {
      for (int64_t j = begin; j < end; ++j) {
        radius[group[j]] = tree.kth_distance(g.row(j), kk, j);
        k_i[group[j]] = kk;
      }
    });
  }

  Points yk;
  yk.n = n;
  yk.d = y.d;
  yk.v.reserve(static_cast<size_t>(n * y.d));
  for (int64_t i : kept) yk.v.insert(yk.v.end(), y.row(i), y.row(i) + y.d);
  const RangeCounter all(yk);
  std::vector<double> term(static_cast<size_t>(n));
  at::parallel_for(0, n, 512, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t) {
      const int64_t i = kept[t];
      // m_i: points strictly inside d_i, i included; on an exact tie (d_i = 0) the copies at distance 0.
      const double r = radius[i];
      const int64_t mi = r > 0 ? all.count(t, r, true) : all.count(t, 0.0, false);
      term[t] = psi(k_i[i]) - psi(static_cast<int64_t>(members[label[i]].size())) - psi(mi);
    }
  });
  return psi(n) + std::accumulate(term.begin(), term.end(), 0.0) / static_cast<double>(n);
}

double ross_mi(const torch::Tensor& x, const torch::Tensor& y, const RossOptions& options) {
  check_k(options.k, "ross");
  const std::string why = "ross with k=" + std::to_string(options.k);
  auto xs = checked_samples(x, "x", options.k + 1, why);
  auto ys = checked_samples(y, "y", options.k + 1, why);
  check_same_rows(xs, ys, "x", "y");
  Points px = to_points(xs), py = to_points(ys);
  prepare(py, options.prepare, options.seed + 1);
  if (is_constant(px) || is_constant(py)) return 0.0;
  return ross_mi(px, py, options.k);
}

}  // namespace infotorch::knn
