#include "infotorch/knn/discrete.h"

#include <cmath>
#include <unordered_map>

#include "infotorch/core/validate.h"
#include "infotorch/knn/labels.h"

namespace infotorch::knn {

double discrete_mi(const Points& x, const Points& y, bool miller_madow) {
  int64_t mx = 0, my = 0;
  const auto lx = labels(x, &mx);
  const auto ly = labels(y, &my);
  std::vector<int64_t> cx(static_cast<size_t>(mx), 0), cy(static_cast<size_t>(my), 0);
  std::unordered_map<int64_t, int64_t> cxy;
  for (int64_t i = 0; i < x.n; ++i) {
    ++cx[lx[i]];
    ++cy[ly[i]];
    ++cxy[lx[i] * my + ly[i]];
  }
  const double n = static_cast<double>(x.n);
  double mi = 0;
  for (const auto& [cell, c] : cxy) {
    const double pxy = static_cast<double>(c) / n;
    mi += pxy * std::log(static_cast<double>(c) * n /
                         (static_cast<double>(cx[cell / my]) * static_cast<double>(cy[cell % my])));
  }
  if (miller_madow) mi += static_cast<double>(mx + my - static_cast<int64_t>(cxy.size()) - 1) / (2.0 * n);
  return mi;
}

double discrete_mi(const torch::Tensor& x, const torch::Tensor& y, const DiscreteOptions& options) {
  auto xs = as_samples(x, "x");
  auto ys = as_samples(y, "y");
  check_same_rows(xs, ys, "x", "y");
  return discrete_mi(to_points(xs), to_points(ys), options.miller_madow);
}

}  // namespace infotorch::knn
