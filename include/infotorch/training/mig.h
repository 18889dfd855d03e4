// The mutual information gap (MIG, Chen et al. 2018, Sec. 5): for each factor v_k, the gap between the two latent
// dimensions most informative about it, normalised by its entropy, averaged over factors,
//   MIG = (1/K) sum_k (I(z_{j(1)}; v_k) - I(z_{j(2)}; v_k)) / H(v_k),
// computed the two ways public implementations do (they are known to disagree):
//   posterior (Chen et al.)        I(z_j; v_k) = H(z_j) - H(z_j | v_k) from the encoder's q(z|x) over the data set:
//                                  q(z_j) = (1/N) sum_n q(z_j|x_n) and q(z_j|v_k = v) the same mixture over the
//                                  points with that value, entropies by Monte Carlo at one sample z ~ q(z|x) of
//                                  each of `samples` points (nats);
//   histogram (disentanglement_lib) the mean codes of the points, each dimension discretised into `bins`
//                                  equal-width bins over its range, the discrete MI with each factor (nats).
// Factors are discrete (int64 value indices, N x K); H(v_k) is their empirical entropy.
#pragma once
#include <torch/torch.h>

#include <cstdint>

namespace infotorch::training {

struct MigResult {
  double mig = 0;      // mean over factors of the normalised gap
  torch::Tensor gaps;  // K: normalised gap per factor
  torch::Tensor mi;    // d x K: I(z_j; v_k), nats
  torch::Tensor factor_entropy;  // K: H(v_k), nats
};

// Empirical entropy (nats) of each column of int64 factors (N x K).
torch::Tensor factor_entropy(const torch::Tensor& factors);
// The MIG of per-factor MI (d x K) normalised by H(v_k) (K): needs d >= 2.
MigResult mig_from_mi(const torch::Tensor& mi, const torch::Tensor& entropy);

// disentanglement_lib's MIG: mean codes N x d (each column binned over [min, max] into `bins`), factors N x K.
MigResult mig_histogram(const torch::Tensor& mean_codes, const torch::Tensor& factors, int64_t bins = 20);

// Chen et al.'s MIG: posterior means and log-variances N x d, factors N x K; `samples` points (<= N, drawn by
// `seed`) carry the Monte Carlo samples, the mixtures run over all N points.
MigResult mig_posterior(const torch::Tensor& mu, const torch::Tensor& log_var, const torch::Tensor& factors,
                        int64_t samples, uint64_t seed);

}  // namespace infotorch::training
