#include "infotorch/bounds/club.h"

#include "infotorch/bounds/negatives.h"
#include "infotorch/core/numerics.h"
#include "infotorch/core/validate.h"

namespace infotorch::bounds {

namespace {
void check_pair_samples(const torch::Tensor& x, const torch::Tensor& y) {
  check_rank(x, 2, "x");
  check_rank(y, 2, "y");
  check_same_rows(x, y, "x", "y");
  check_min_samples(x.size(0), 2, "x", "an upper bound (one positive and one negative pair)");
  check_finite(x, "x");
  check_finite(y, "y");
}
}  // namespace

Estimate club(const torch::Tensor& log_q) {
  check_scores(log_q, "log_q");
  auto mi = log_q.diagonal().mean() - mean_offdiag(log_q);
  return {mi, mi};
}

Estimate club_sample(const torch::Tensor& log_q_positive, const torch::Tensor& log_q_negative) {
  check_rank(log_q_positive, 1, "log_q_positive");
  check_rank(log_q_negative, 1, "log_q_negative");
  if (log_q_positive.size(0) != log_q_negative.size(0) || log_q_positive.size(0) < 1)
    throw Error("log_q_negative: expected as many values as log_q_positive (" +
                std::to_string(log_q_positive.size(0)) + "), got shape " + shape_str(log_q_negative));
  check_finite(log_q_positive, "log_q_positive");
  check_finite(log_q_negative, "log_q_negative");
  auto mi = (log_q_positive - log_q_negative).mean();
  return {mi, mi};
}

Estimate club(GaussianConditional& q, const torch::Tensor& x, const torch::Tensor& y) {
  check_pair_samples(x, y);
  return club(q->log_prob_matrix(x, y));
}

Estimate club_sample(GaussianConditional& q, const torch::Tensor& x, const torch::Tensor& y,
                     c10::optional<at::Generator> generator) {
  check_pair_samples(x, y);
  auto sigma = random_derangement(x.size(0), generator).to(y.device());
  auto [mu, logvar] = q->forward(x);
  return club_sample(gaussian_log_prob(mu, logvar, y), gaussian_log_prob(mu, logvar, y.index_select(0, sigma)));
}

}  // namespace infotorch::bounds
