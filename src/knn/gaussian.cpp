#include "infotorch/knn/gaussian.h"

#include <cmath>
#include <limits>

#include "infotorch/core/validate.h"

namespace infotorch::knn {

namespace {

// ln det of a symmetric positive-definite matrix by Cholesky; nullopt-like NaN when not positive definite.
double log_det_spd(std::vector<double> a, int64_t d) {
  double logdet = 0;
  for (int64_t j = 0; j < d; ++j) {
    double s = a[j * d + j];
    for (int64_t p = 0; p < j; ++p) s -= a[j * d + p] * a[j * d + p];
    if (!(s > 0)) return std::numeric_limits<double>::quiet_NaN();
    const double l = std::sqrt(s);
    a[j * d + j] = l;
    logdet += 2 * std::log(l);
    for (int64_t i = j + 1; i < d; ++i) {
      double t = a[i * d + j];
      for (int64_t p = 0; p < j; ++p) t -= a[i * d + p] * a[j * d + p];
      a[i * d + j] = t / l;
    }
  }
  return logdet;
}

// Covariance (divisor N) of the chosen columns.
std::vector<double> covariance(const Points& p, const std::vector<int64_t>& cols) {
  const int64_t d = static_cast<int64_t>(cols.size());
  std::vector<double> mean(d, 0.0), c(d * d, 0.0);
  for (int64_t i = 0; i < p.n; ++i)
    for (int64_t a = 0; a < d; ++a) mean[a] += p.row(i)[cols[a]];
  for (auto& m : mean) m /= static_cast<double>(p.n);
  for (int64_t i = 0; i < p.n; ++i)
    for (int64_t a = 0; a < d; ++a)
      for (int64_t b = 0; b <= a; ++b)
        c[a * d + b] += (p.row(i)[cols[a]] - mean[a]) * (p.row(i)[cols[b]] - mean[b]);
  for (int64_t a = 0; a < d; ++a)
    for (int64_t b = 0; b <= a; ++b) c[b * d + a] = c[a * d + b] /= static_cast<double>(p.n);
  return c;
}

std::vector<int64_t> varying_columns(const Points& p, int64_t offset) {
  std::vector<int64_t> cols;
  for (int64_t j = 0; j < p.d; ++j) {
    bool constant = true;
    for (int64_t i = 1; i < p.n && constant; ++i) constant = p.row(i)[j] == p.row(0)[j];
    if (!constant) cols.push_back(offset + j);
  }
  return cols;
}

}  // namespace

double gaussian_mi(const Points& x, const Points& y) {
  const Points xy = hcat(x, y);
  const auto cx = varying_columns(x, 0), cy = varying_columns(y, x.d);
  if (cx.empty() || cy.empty()) return 0.0;  // a constant variable shares nothing
  std::vector<int64_t> cxy = cx;
  cxy.insert(cxy.end(), cy.begin(), cy.end());
  const double lx = log_det_spd(covariance(xy, cx), static_cast<int64_t>(cx.size()));
  const double ly = log_det_spd(covariance(xy, cy), static_cast<int64_t>(cy.size()));
  const double lxy = log_det_spd(covariance(xy, cxy), static_cast<int64_t>(cxy.size()));
  if (std::isnan(lx)) throw Error("x: covariance is singular (collinear columns); drop the redundant ones");
  if (std::isnan(ly)) throw Error("y: covariance is singular (collinear columns); drop the redundant ones");
  if (std::isnan(lxy)) return std::numeric_limits<double>::infinity();  // a deterministic linear relation
  return 0.5 * (lx + ly - lxy);
}

double gaussian_mi(const torch::Tensor& x, const torch::Tensor& y) {
  auto xs = as_samples(x, "x");
  auto ys = as_samples(y, "y");
  check_same_rows(xs, ys, "x", "y");
  check_min_samples(xs.size(0), 2, "x", "a covariance");
  return gaussian_mi(to_points(xs), to_points(ys));
}

}  // namespace infotorch::knn
