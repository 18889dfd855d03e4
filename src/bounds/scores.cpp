#include "infotorch/bounds/scores.h"

#include "infotorch/core/error.h"
#include "infotorch/core/numerics.h"
#include "infotorch/core/validate.h"

namespace infotorch::bounds {

Scores::Scores(const torch::Tensor& matrix) {
  check_scores(matrix, "scores");
  matrix_ = matrix;
  joint_ = matrix.diagonal();
}

Scores Scores::pairs(const torch::Tensor& joint, const torch::Tensor& negative) {
  check_rank(joint, 1, "joint");
  check_rank(negative, 1, "negative");
  if (joint.size(0) != negative.size(0))
    throw Error("negative: expected one negative score per joint score (K = " + std::to_string(joint.size(0)) +
                "), got " + std::to_string(negative.size(0)));
  if (joint.size(0) < 2)
    throw Error("joint: expected K >= 2 pairs, got K = " + std::to_string(joint.size(0)));
  check_finite(joint, "joint");
  check_finite(negative, "negative");
  return Scores(joint, torch::Tensor(), negative);
}

const torch::Tensor& Scores::matrix(const std::string& who) const {
  if (!is_matrix())
    throw Error(who + ": needs the K x K score matrix (every negative of each row); a critic scoring one negative "
                      "per positive (the deranged critic) cannot feed it");
  return matrix_;
}

torch::Tensor Scores::mean_negative() const { return is_matrix() ? mean_offdiag(matrix_) : negative_.mean(); }

torch::Tensor Scores::log_mean_exp_negative() const {
  return is_matrix() ? log_mean_exp_offdiag(matrix_) : log_mean_exp(negative_);
}

Scores Scores::map(const std::function<torch::Tensor(const torch::Tensor&)>& g) const {
  if (is_matrix()) {
    auto m = g(matrix_);
    return Scores(m.diagonal(), m, torch::Tensor());
  }
  return Scores(g(joint_), torch::Tensor(), g(negative_));
}

}  // namespace infotorch::bounds
