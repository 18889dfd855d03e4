// MI terms whose variables are discrete, computed exactly from a batch instead of bounded through a critic:
// the three objectives of the generative and clustering recipes (issue 18).
//
//  infogan_categorical: InfoGAN's L_I for a categorical code (Chen et al. 2016, Eq. 4 and Lemma 5.1):
//    L_I = H(c) - E[-log Q(c | G(z, c))] <= I(c; G(z, c)), with c drawn uniformly from C values, so H(c) = log C.
//    A perfect Q gives log C, a Q that ignores its input (uniform) gives 0.
//  joint_table_mi: IIC's objective (Ji, Henriques & Vedaldi 2019, Eqs. 1-3): the C x C joint distribution of the
//    cluster assignments of two views, P = (1/N) sum_i p1_i p2_i^T, symmetrised (P + P^T) / 2, and its exact MI
//    sum_cc' P_cc' log(P_cc' / (P_c P_c')). Identical confident balanced assignments give log C, independent ones 0.
//  rim_mi: RIM's I(X; Y^) (Krause, Perona & Gomes 2010, Eq. 3): H(mean_i p_i) - mean_i H(p_i), the entropy of the
//    mean prediction (balance) minus the mean entropy (confidence). Confident balanced predictions give log C.
// All are differentiable, in nats, and meant to be maximised (their losses are the negatives).
#pragma once
#include <torch/torch.h>

#include <cstdint>

namespace infotorch::bounds {

// logits: N x C (Q's unnormalised log-probabilities of the code); codes: N int64 in [0, C).
torch::Tensor infogan_categorical(const torch::Tensor& logits, const torch::Tensor& codes);

// p1, p2: N x C rows of probabilities (softmax outputs) of the same N inputs under two views, C >= 2.
// The joint is clamped below at `floor` inside the logs (IIC's epsilon), so empty cells give no NaN.
torch::Tensor joint_table_mi(const torch::Tensor& p1, const torch::Tensor& p2, double floor = 1e-12);

// probs: N x C rows of probabilities.
torch::Tensor rim_mi(const torch::Tensor& probs, double floor = 1e-12);

}  // namespace infotorch::bounds
