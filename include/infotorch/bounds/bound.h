// The interface every variational MI bound shares.
//
// A bound reads critic scores (scores.h): usually the K x K matrix S with S_ij = f(x_i, y_j), whose diagonal holds
// the K joint (positive) pairs and whose off-diagonal entries are samples from the product of marginals; the
// bounds that need only means over the negatives also read K joint scores beside K deranged negatives.
#pragma once
#include <torch/torch.h>

#include <string>

#include "infotorch/bounds/scores.h"

namespace infotorch::bounds {

// What every bound returns.
//  mi   : the estimate in nats (a scalar tensor; report it with .item<double>()).
//  loss : a scalar to minimise; its gradient is the estimator's training gradient (for lower bounds
//         usually -mi, but e.g. MINE's bias-corrected surrogate or SMILE's JS gradient differ).
struct Estimate {
  torch::Tensor mi;
  torch::Tensor loss;
};

// A bound with state where it needs some (MINE's moving average, TUBA's learnable baseline).
// Stateless bounds are thin wrappers over their free function.
class Bound : public torch::nn::Module {
 public:
  // A score matrix converts to Scores implicitly; a bound that needs the matrix throws Error for pairs.
  virtual Estimate forward(const Scores& scores) = 0;
  // The spec string that builds this bound again ("smile:tau=5").
  virtual std::string spec() const = 0;
  // The largest value the bound can report for a batch of K, if any (log K for InfoNCE).
  virtual double ceiling(int64_t k) const { return std::numeric_limits<double>::infinity(); }
};

}  // namespace infotorch::bounds
