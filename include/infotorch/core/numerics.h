// Numerically stable building blocks shared by the bounds and the kNN estimators.
#pragma once
#include <torch/torch.h>

namespace infotorch {

// log((1/n) sum exp(t)) over `dim` (or over all elements when dim is not given).
torch::Tensor log_mean_exp(const torch::Tensor& t, c10::optional<int64_t> dim = c10::nullopt);
// log-mean-exp over the off-diagonal entries of a square matrix (the product-of-marginals samples).
torch::Tensor log_mean_exp_offdiag(const torch::Tensor& scores);
// Mean over the off-diagonal entries of a square matrix.
torch::Tensor mean_offdiag(const torch::Tensor& scores);
// Boolean K x K mask, true off the diagonal.
torch::Tensor offdiag_mask(int64_t k, const torch::Device& device);

// Digamma for positive arguments (double precision), for the kNN estimators.
double digamma(double x);

}  // namespace infotorch
