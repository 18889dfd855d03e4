#include "infotorch/knn/points.h"

#include <cstring>

namespace infotorch::knn {

Points to_points(const torch::Tensor& t) {
  auto c = t.detach().to(torch::kCPU, torch::kDouble).contiguous();
  Points p;
  p.n = c.size(0);
  p.d = c.dim() == 2 ? c.size(1) : 1;
  p.v.resize(static_cast<size_t>(p.n * p.d));
  if (!p.v.empty()) std::memcpy(p.v.data(), c.data_ptr<double>(), p.v.size() * sizeof(double));
  return p;
}

Points hcat(const Points& a, const Points& b) {
  Points p;
  p.n = a.n;
  p.d = a.d + b.d;
  p.v.resize(static_cast<size_t>(p.n * p.d));
  for (int64_t i = 0; i < p.n; ++i) {
    std::memcpy(p.row(i), a.row(i), a.d * sizeof(double));
    std::memcpy(p.row(i) + a.d, b.row(i), b.d * sizeof(double));
  }
  return p;
}

Points column(const Points& p, int64_t j) {
  Points c;
  c.n = p.n;
  c.d = 1;
  c.v.resize(static_cast<size_t>(p.n));
  for (int64_t i = 0; i < p.n; ++i) c.v[i] = p.row(i)[j];
  return c;
}

bool is_constant(const Points& p) {
  for (int64_t i = 1; i < p.n; ++i)
    for (int64_t j = 0; j < p.d; ++j)
      if (p.row(i)[j] != p.v[j]) return false;
  return true;
}

}  // namespace infotorch::knn
