// CLUB, the contrastive log-ratio upper bound (Cheng et al. 2020, Eq. 5 and the sampled Eq. 7):
//   I(X; Y) <= E_{p(x,y)}[log q(y|x)] - E_{p(x)p(y)}[log q(y|x)],
// an upper bound when q is close enough to p(y|x) (their Theorem 3.2; exact for q = p(y|x), where it equals
// I + E_x KL(p(y) || p(y|x))). Read on L_ij = log q(y_j | x_i):
//   club:        mean(diag L) - mean(offdiag L)       (all off-diagonal pairs as negatives)
//   club_sample: mean_i [L_ii - L_{i, sigma(i)}]      (vCLUB-sample: one negative per row, sigma a derangement)
// For minimising MI: loss = +mi. Its gradient also reaches q's parameters; step only the encoder with it and fit
// q by its own likelihood loss (GaussianConditional::nll).
#pragma once
#include "infotorch/bounds/bound.h"
#include "infotorch/bounds/gaussian_conditional.h"

namespace infotorch::bounds {

// log_q: K x K, L_ij = log q(y_j | x_i).
Estimate club(const torch::Tensor& log_q);
// log_q_positive: L_ii, log_q_negative: L_{i, sigma(i)}, both K-vectors.
Estimate club_sample(const torch::Tensor& log_q_positive, const torch::Tensor& log_q_negative);

// The same with a Gaussian q on samples x: K x dx, y: K x dy.
Estimate club(GaussianConditional& q, const torch::Tensor& x, const torch::Tensor& y);
// O(K): scores only the K matched pairs and K deranged pairs (random_derangement, negatives.h).
Estimate club_sample(GaussianConditional& q, const torch::Tensor& x, const torch::Tensor& y,
                     c10::optional<at::Generator> generator = c10::nullopt);

}  // namespace infotorch::bounds
