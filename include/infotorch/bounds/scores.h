// The critic scores a bound reads, in one of two layouts:
//  matrix : K x K, S_ij = f(x_i, y_j); the diagonal holds the K joint (positive) pairs, the K(K - 1) entries off
//           it samples from the product of the marginals.
//  pairs  : K joint scores f(x_i, y_i) beside K negatives f(x_i, y_sigma(i)), one per positive, sigma a
//           derangement (critics/deranged.h: 2K critic calls instead of K^2).
// A bound whose negatives enter only through a mean over them (E_Q[g(s)] for an elementwise g: DV, MINE, NWJ,
// TUBA with a constant baseline, JS, SMILE, the f-DIME family) reads either layout; InfoNCE and I_alpha need
// each row's full set of negatives and ask for the matrix (matrix(), which names the bound if it is not there).
#pragma once
#include <torch/torch.h>

#include <functional>
#include <string>

namespace infotorch::bounds {

class Scores {
 public:
  // The K x K layout; an implicit conversion, so a score matrix is passed wherever Scores is read.
  // Validated: a square, finite, floating matrix with K >= 2.
  Scores(const torch::Tensor& matrix);  // NOLINT(google-explicit-constructor)
  // The pairs layout: joint and negative are K-vectors of finite scores, K >= 2.
  static Scores pairs(const torch::Tensor& joint, const torch::Tensor& negative);

  bool is_matrix() const { return !negative_.defined(); }
  int64_t k() const { return joint_.size(0); }
  // The K joint scores (the matrix's diagonal).
  const torch::Tensor& joint() const { return joint_; }
  // The K negatives of the pairs layout (undefined for the matrix).
  const torch::Tensor& negative() const { return negative_; }
  // The K x K matrix; for the pairs layout throws Error saying that `who` needs every negative of each row.
  const torch::Tensor& matrix(const std::string& who) const;
  // Means over the negatives: E_Q[s] and log E_Q[e^s] (log-sum-exp, so the sum does not overflow).
  torch::Tensor mean_negative() const;
  torch::Tensor log_mean_exp_negative() const;
  // The same layout with g applied to every score (g elementwise: clipping, shifting, softplus).
  Scores map(const std::function<torch::Tensor(const torch::Tensor&)>& g) const;

 private:
  Scores(torch::Tensor joint, torch::Tensor matrix, torch::Tensor negative)
      : joint_(std::move(joint)), matrix_(std::move(matrix)), negative_(std::move(negative)) {}
  torch::Tensor joint_, matrix_, negative_;  // matrix_ defined for the matrix layout, negative_ for pairs
};

}  // namespace infotorch::bounds
