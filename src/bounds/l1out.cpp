#include "infotorch/bounds/l1out.h"

#include "infotorch/core/numerics.h"
#include "infotorch/core/validate.h"

namespace infotorch::bounds {

Estimate l1out(const torch::Tensor& log_q) {
  check_scores(log_q, "log_q");
  const int64_t k = log_q.size(0);
  // Column i holds log q(y_i | x_j) over j; drop j = i and average the densities over the other K - 1.
  auto masked = log_q.masked_fill(~offdiag_mask(k, log_q.device()), -std::numeric_limits<double>::infinity());
  auto log_marginal = torch::logsumexp(masked, {0}) - std::log(static_cast<double>(k - 1));
  auto mi = (log_q.diagonal() - log_marginal).mean();
  return {mi, mi};
}

Estimate l1out(GaussianConditional& q, const torch::Tensor& x, const torch::Tensor& y) {
  check_rank(x, 2, "x");
  check_rank(y, 2, "y");
  check_same_rows(x, y, "x", "y");
  return l1out(q->log_prob_matrix(x, y));
}

}  // namespace infotorch::bounds
