// Boundary checks, one home for their messages. Every public entry point validates with these.
#pragma once
#include <torch/torch.h>

#include <string>

#include "infotorch/core/error.h"

namespace infotorch {

// `t` must be a floating tensor of rank `dim`; otherwise Error("<name>: expected ...").
void check_rank(const torch::Tensor& t, int64_t dim, const std::string& name);
// `t` must hold no NaN or Inf.
void check_finite(const torch::Tensor& t, const std::string& name);
// A K×K score matrix (K >= min_k), finite.
void check_scores(const torch::Tensor& scores, const std::string& name = "scores", int64_t min_k = 2);
// x and y describe the same samples: equal numbers of rows.
void check_same_rows(const torch::Tensor& x, const torch::Tensor& y, const std::string& x_name,
                     const std::string& y_name);
// At least `min_n` samples, `why` says what needs them ("a batch of 64").
void check_min_samples(int64_t n, int64_t min_n, const std::string& name, const std::string& why);
// A sample matrix: 1-D tensors become N×1; must be floating, 2-D, finite, non-empty.
torch::Tensor as_samples(const torch::Tensor& t, const std::string& name);
// A positive option value.
void check_positive(double v, const std::string& name);

std::string shape_str(const torch::Tensor& t);

}  // namespace infotorch
