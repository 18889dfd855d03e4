// L1Out, the leave-one-out upper bound (Poole et al. 2019, Eq. 14-15; Cheng et al. 2020, Eq. 4):
//   I(X; Y) <= E[ (1/K) sum_i log( q(y_i|x_i) / ((1/(K-1)) sum_{j != i} q(y_i|x_j)) ) ],
// the marginal p(y_i) replaced by a mixture of q over the other x's in the batch. For q = p(y|x) it is an upper
// bound for every K (Jensen on the log of the mixture) and approaches I as K grows. On L_ij = log q(y_j | x_i):
//   mi = mean_i [L_ii - LME_{j != i} L_ji]   (column i without its diagonal entry).
// loss = +mi (for minimisation; q is fitted by its own likelihood loss, see club.h).
#pragma once
#include "infotorch/bounds/bound.h"
#include "infotorch/bounds/gaussian_conditional.h"

namespace infotorch::bounds {

Estimate l1out(const torch::Tensor& log_q);
Estimate l1out(GaussianConditional& q, const torch::Tensor& x, const torch::Tensor& y);

}  // namespace infotorch::bounds
