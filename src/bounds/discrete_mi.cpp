#include "infotorch/bounds/discrete_mi.h"

#include "infotorch/core/error.h"
#include "infotorch/core/validate.h"

namespace infotorch::bounds {

namespace {

// N x C probabilities: 2-D, C >= 2, N >= 1, finite, in [0, 1].
void check_probs(const torch::Tensor& p, const std::string& name) {
  check_rank(p, 2, name);
  if (p.size(0) < 1 || p.size(1) < 2)
    throw Error(name + ": expected N x C probabilities with N >= 1 and C >= 2 categories, got shape " + shape_str(p));
  check_finite(p, name);
  if (p.min().item<double>() < 0 || p.max().item<double>() > 1 + 1e-6)
    throw Error(name + ": expected probabilities in [0, 1] (softmax outputs)");
}

}  // namespace

torch::Tensor infogan_categorical(const torch::Tensor& logits, const torch::Tensor& codes) {
  check_rank(logits, 2, "logits");
  const int64_t c = logits.size(1);
  if (c < 2) throw Error("logits: expected C >= 2 code values (columns), got " + std::to_string(c));
  check_finite(logits, "logits");
  if (!codes.defined() || codes.dim() != 1 || codes.scalar_type() != torch::kLong || codes.size(0) != logits.size(0))
    throw Error("codes: expected " + std::to_string(logits.size(0)) + " int64 code values (one per row of logits)");
  if (codes.numel() > 0 && (codes.min().item<int64_t>() < 0 || codes.max().item<int64_t>() >= c))
    throw Error("codes: expected values in [0, " + std::to_string(c) + ")");
  // H(c) of the uniform prior the codes are drawn from, minus the cross-entropy of Q.
  return std::log(static_cast<double>(c)) - torch::nn::functional::cross_entropy(logits, codes);
}

torch::Tensor joint_table_mi(const torch::Tensor& p1, const torch::Tensor& p2, double floor) {
  check_probs(p1, "p1");
  check_probs(p2, "p2");
  if (p1.sizes() != p2.sizes())
    throw Error("p2: expected the shape of p1 " + shape_str(p1) + " (the same inputs under two views), got " +
                shape_str(p2));
  auto joint = p1.t().mm(p2) / static_cast<double>(p1.size(0));  // C x C
  joint = (joint + joint.t()) / 2;
  auto pi = joint.sum(1, /*keepdim=*/true), pj = joint.sum(0, /*keepdim=*/true);
  auto log_joint = joint.clamp_min(floor).log();
  return (joint * (log_joint - pi.clamp_min(floor).log() - pj.clamp_min(floor).log())).sum();
}

torch::Tensor rim_mi(const torch::Tensor& probs, double floor) {
  check_probs(probs, "probs");
  auto entropy = [floor](const torch::Tensor& p) { return -(p * p.clamp_min(floor).log()).sum(-1); };
  return entropy(probs.mean(0)) - entropy(probs).mean();
}

}  // namespace infotorch::bounds
