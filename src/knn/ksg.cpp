#include "infotorch/knn/ksg.h"

#include <ATen/Parallel.h>

#include <numeric>

#include "infotorch/core/validate.h"
#include "infotorch/knn/input.h"
#include "infotorch/knn/kdtree.h"
#include "infotorch/knn/psi.h"
#include "infotorch/knn/range_counter.h"

namespace infotorch::knn {

namespace {

constexpr int64_t kGrain = 512;

// Mean of per-point terms, summed in a fixed order so the result does not depend on the thread count.
double mean(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()); }

std::pair<Points, Points> load(const torch::Tensor& x, const torch::Tensor& y, const KsgOptions& o, const std::string& name) {
  check_k(o.k, name);
  const std::string why = name + " with k=" + std::to_string(o.k);
  auto xs = checked_samples(x, "x", o.k + 1, why);
  auto ys = checked_samples(y, "y", o.k + 1, why);
  check_same_rows(xs, ys, "x", "y");
  Points px = to_points(xs), py = to_points(ys);
  prepare(px, o.prepare, o.seed);
  prepare(py, o.prepare, o.seed + 1);
  return {std::move(px), std::move(py)};
}

}  // namespace

double ksg1(const Points& x, const Points& y, int64_t k) {
  const int64_t n = x.n;
  const Points xy = hcat(x, y);
  const KdTree joint(xy);
  const RangeCounter cx(x), cy(y);
  std::vector<double> term(static_cast<size_t>(n));
  at::parallel_for(0, n, kGrain, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t) {
      const int64_t i = joint.order(t);
      const double eps = joint.kth_distance(xy.row(i), k, i);
      // Strict counts include i itself, so count = n_x + 1. A zero eps (exact duplicates with noise off)
      // leaves only i: n_x = 0.
      const int64_t nx1 = std::max<int64_t>(1, cx.count(i, eps, true));
      const int64_t ny1 = std::max<int64_t>(1, cy.count(i, eps, true));
      term[i] = psi(nx1) + psi(ny1);
    }
  });
  return psi(k) + psi(n) - mean(term);
}

double ksg2(const Points& x, const Points& y, int64_t k) {
  const int64_t n = x.n;
  const Points xy = hcat(x, y);
  const KdTree joint(xy);
  const RangeCounter cx(x), cy(y);
  std::vector<double> term(static_cast<size_t>(n));
  at::parallel_for(0, n, kGrain, [&](int64_t begin, int64_t end) {
    std::vector<int64_t> nb(static_cast<size_t>(k));
    for (int64_t t = begin; t < end; ++t) {
      const int64_t i = joint.order(t);
      joint.kth_distance(xy.row(i), k, i, nb.data());
      double ex = 0, ey = 0;
      for (int64_t j : nb) {
        ex = std::max(ex, max_norm(x.row(i), x.row(j), x.d));
        ey = std::max(ey, max_norm(y.row(i), y.row(j), y.d));
      }
      // Non-strict counts include i itself and every joint neighbour: n_x = count - 1 >= 1.
      term[i] = psi(cx.count(i, ex, false) - 1) + psi(cy.count(i, ey, false) - 1);
    }
  });
  return psi(k) - 1.0 / static_cast<double>(k) + psi(n) - mean(term);
}

double ksg1(const torch::Tensor& x, const torch::Tensor& y, const KsgOptions& options) {
  auto [px, py] = load(x, y, options, "ksg");
  if (is_constant(px) || is_constant(py)) return 0.0;  // KSG 2 would read the tie as -1/k
  return ksg1(px, py, options.k);
}

double ksg2(const torch::Tensor& x, const torch::Tensor& y, const KsgOptions& options) {
  auto [px, py] = load(x, y, options, "ksg2");
  if (is_constant(px) || is_constant(py)) return 0.0;  // ties at distance 0 would read as -1/k
  return ksg2(px, py, options.k);
}

}  // namespace infotorch::knn
