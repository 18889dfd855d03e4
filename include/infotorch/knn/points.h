// Sample matrices for the kNN estimators: N x d rows in float64, row-major, on the CPU.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace infotorch::knn {

struct Points {
  int64_t n = 0;
  int64_t d = 0;
  std::vector<double> v;  // n * d values, row i at v[i * d]

  const double* row(int64_t i) const { return v.data() + i * d; }
  double* row(int64_t i) { return v.data() + i * d; }
};

// Copies an N x d tensor (any device, any floating dtype) into float64 rows. No validation: callers validate.
Points to_points(const torch::Tensor& t);
// Columns of a next to columns of b (same n).
Points hcat(const Points& a, const Points& b);
// Column j alone (N x 1).
Points column(const Points& p, int64_t j);
// Every row equal: a variable that carries no information (its MI with anything is 0).
bool is_constant(const Points& p);

}  // namespace infotorch::knn
