// Total correlation of a Gaussian encoder's aggregate posterior from one minibatch (Chen et al. 2018, "Isolating
// Sources of Disentanglement in VAEs", Sec. 4.1 and App. C):
//   TC(z) = KL(q(z) || prod_j q(z_j)) = E_q(z) [log q(z) - sum_j log q(z_j)],   q(z) = (1/N) sum_n q(z|x_n),
// where N is the size of the data set and each sample z_i ~ q(z|x_i) of a batch of M is scored against every
// posterior of the batch, L_ijk = log q(z_ik | x_j), and
//   log q(z_i)   ~ log sum_j w_ij exp(sum_k L_ijk),   log q(z_ik) ~ log sum_j w_ij exp(L_ijk).
// Weights w_ij (each row sums to one):
//   weighted (MWS)   w_ij = 1/M: the batch stands for the data set. Chen et al. write 1/(N M); the extra 1/N is a
//                    constant in log q(z) and in every log q(z_k), which shifts their TC by (d - 1) log N and not
//                    its gradient, so the weights are normalised here to put the estimate on TC's scale.
//   stratified (MSS) w_ii = 1/N for the sample's own posterior and w_ij = (N - 1) / (N (M - 1)) for the others:
//                    q(z_i) = (1/N) q(z_i|x_i) + (1/N) sum_{n != i} q(z_i|x_n), the second sum estimated by the
//                    M - 1 other members of the batch (a simpler stratification than Chen et al.'s App. C, which
//                    singles out one further member with weight (N - M)/(N M); both are consistent).
// Also: permute_dims (Kim & Mnih 2018, Alg. 1), samples of prod_j q(z_j) from samples of q(z).
#pragma once
#include <ATen/core/Generator.h>
#include <torch/torch.h>

#include <string>

namespace infotorch::bounds {

enum class MinibatchTc { weighted, stratified };
// "mws" or "mss"; Error naming `name` otherwise.
MinibatchTc parse_minibatch_tc(const std::string& text, const std::string& name);

// L: M x M x d, L_ijk = log N(z_ik; mu_jk, exp(log_var_jk)) for z, mu, log_var: M x d.
torch::Tensor gaussian_log_density_matrix(const torch::Tensor& z, const torch::Tensor& mu, const torch::Tensor& log_var);

struct MinibatchTcTerms {
  torch::Tensor log_qz;           // M: log q(z_i)
  torch::Tensor log_prod_qzj;     // M: sum_k log q(z_ik)
  torch::Tensor tc;               // scalar: mean_i (log_qz - log_prod_qzj), differentiable
  // scalar, no gradient: mean_i of w_ii q(z_i|x_i) / q(z_i), the share of each joint density estimate its own
  // posterior carries. Near 1 the other M - 1 posteriors do not reach z_i in the joint (I(x; z) above about
  // log M), so log q(z_i) reads log w_ii + log q(z_i|x_i): the "TC" then falls as the codes carry more
  // information and a penalty on it acts as a penalty on I(x; z), not on the dependence between dimensions.
  torch::Tensor self_share;
};
// The estimate above on a batch (M >= 2; stratified also needs N >= M); Error naming the bad input otherwise.
MinibatchTcTerms minibatch_tc(const torch::Tensor& z, const torch::Tensor& mu, const torch::Tensor& log_var,
                              int64_t dataset_size, MinibatchTc kind);

// Each column of z (M x d) permuted independently (a fresh permutation per column): every column keeps its
// multiset of values, the dependence between columns is broken. Differentiable in z (a gather).
torch::Tensor permute_dims(const torch::Tensor& z, at::Generator& generator);

}  // namespace infotorch::bounds
