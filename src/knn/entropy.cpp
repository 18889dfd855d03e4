#include "infotorch/knn/entropy.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <numeric>

#include "infotorch/core/validate.h"
#include "infotorch/knn/input.h"
#include "infotorch/knn/kdtree.h"
#include "infotorch/knn/psi.h"

namespace infotorch::knn {

double kl_entropy(const Points& x, int64_t k) {
  const int64_t n = x.n;
  const KdTree tree(x);
  std::vector<double> log_r(static_cast<size_t>(n));
  at::parallel_for(0, n, 512, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t) {
      const int64_t i = tree.order(t);
      log_r[i] = std::log(tree.kth_distance(x.row(i), k, i));  // -inf on exact duplicates: H is -inf
    }
  });
  const double d = static_cast<double>(x.d);
  return psi(n) - psi(k) + d * std::log(2.0) +
         d * std::accumulate(log_r.begin(), log_r.end(), 0.0) / static_cast<double>(n);
}

double kl_entropy(const torch::Tensor& x, const EntropyOptions& options) {
  check_k(options.k, "entropy");
  auto xs = checked_samples(x, "x", options.k + 1, "entropy with k=" + std::to_string(options.k));
  Points px = to_points(xs);
  for (int64_t j = 0; j < px.d; ++j) {
    bool constant = true;
    for (int64_t i = 1; i < px.n && constant; ++i) constant = px.row(i)[j] == px.row(0)[j];
    if (constant)
      throw Error("x: column " + std::to_string(j) +
                  " is constant; its differential entropy is -infinity (expected continuous samples)");
  }
  prepare(px, options.prepare, options.seed);
  return kl_entropy(px, options.k);
}

}  // namespace infotorch::knn
