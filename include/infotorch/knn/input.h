// Boundary checks shared by the kNN estimators (messages name the argument and the expectation).
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace infotorch::knn {

// An N x d sample matrix (1-D becomes N x 1), finite, with at least min_n rows; `why` names the estimator
// and its k, as in "ksg with k=3".
torch::Tensor checked_samples(const torch::Tensor& t, const std::string& name, int64_t min_n, const std::string& why);
// k >= 1.
void check_k(int64_t k, const std::string& estimator);

}  // namespace infotorch::knn
