// A ready-made MI upper bound for minimisation: a learned Gaussian q(y|x) plus one of CLUB, vCLUB-sample or
// L1Out, built from a spec string (the counterpart of make_bound for the upper bounds):
//   club:hidden=64,max_logvar=5           CLUB over all off-diagonal pairs     (club.h)
//   vclub:hidden=64,max_logvar=5,seed=0   vCLUB-sample, one deranged negative   (club.h, negatives.h)
//   l1out:hidden=64,max_logvar=5          leave-one-out mixture bound           (l1out.h)
// Training (Cheng et al. 2020, Algorithm 1), each step:
//   1. q_loss(x, y) on the batch (detached inside), stepped with an optimiser over q()->parameters() only;
//   2. forward(x, y).loss added to the encoder's loss, stepped with the encoder's optimiser only.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "infotorch/bounds/bound.h"
#include "infotorch/bounds/gaussian_conditional.h"

namespace infotorch::bounds {

enum class UpperBoundKind { club, club_sample, l1out };

struct UpperBoundOptions {
  UpperBoundKind kind = UpperBoundKind::club;
  GaussianConditionalOptions q;
  uint64_t seed = 0;  // vCLUB-sample's derangements
};

class UpperBoundImpl : public torch::nn::Module {
 public:
  explicit UpperBoundImpl(const UpperBoundOptions& options);
  // The bound on x: K x dx, y: K x dy; loss = +mi (differentiable in x and y).
  Estimate forward(const torch::Tensor& x, const torch::Tensor& y);
  // q's negative log-likelihood on detached samples: fits q without touching the encoder.
  torch::Tensor q_loss(const torch::Tensor& x, const torch::Tensor& y);
  GaussianConditional q() const { return q_; }
  std::string spec() const;

 private:
  UpperBoundOptions options_;
  GaussianConditional q_{nullptr};
  at::Generator generator_;
};
TORCH_MODULE(UpperBound);

// Throws infotorch::Error for an unknown name or option (listing the known ones) or a bad value.
UpperBound make_upper_bound(const std::string& spec, int64_t x_dim, int64_t y_dim);
bool is_upper_bound_name(const std::string& name);
const std::vector<std::string>& upper_bound_names();  // club, vclub, l1out

}  // namespace infotorch::bounds
