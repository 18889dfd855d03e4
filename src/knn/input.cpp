#include "infotorch/knn/input.h"

#include "infotorch/core/validate.h"

namespace infotorch::knn {

torch::Tensor checked_samples(const torch::Tensor& t, const std::string& name, int64_t min_n, const std::string& why) {
  auto s = as_samples(t, name);
  check_min_samples(s.size(0), min_n, name, why);
  return s;
}

void check_k(int64_t k, const std::string& estimator) {
  if (k < 1) throw Error(estimator + ": option k=" + std::to_string(k) + " must be a positive integer");
}

}  // namespace infotorch::knn
