// The variational upper bound of a stochastic encoder p(z|x) = N(mu(x), diag e^{logvar(x)}) against the
// prior r(z) = N(0, I) (Alemi et al. 2017, Deep VIB, Eq. 13-14):
//   I(X; Z) = E_x KL(p(z|x) || p(z)) <= E_x KL(p(z|x) || r(z))   (the gap is KL(p(z) || r(z)) >= 0),
//   KL(N(mu, diag s^2) || N(0, I)) = (1/2) sum_d (mu_d^2 + s_d^2 - log s_d^2 - 1).
#pragma once
#include "infotorch/bounds/bound.h"

namespace infotorch::bounds {

// mu, logvar: N x d (the encoder's outputs for N inputs). mi = mean over rows of the KL; loss = +mi.
Estimate gaussian_kl(const torch::Tensor& mu, const torch::Tensor& logvar);

}  // namespace infotorch::bounds
