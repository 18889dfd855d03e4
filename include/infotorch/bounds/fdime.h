// f-DIME (Letizia, Novello, Tonello, NeurIPS 2024, arXiv 2305.20025): train a discriminator under the variational
// objective of an f-divergence, J_f(T) = E_p[T] - E_q[f*(T)] (p the joint, q the product of marginals, here the
// off-diagonal pairs of the K x K score matrix), and read MI out as E_p[log (f*)'(T^)]: at the optimum
// T^ = f'(r) and (f*)' = (f')^{-1}, so (f*)'(T^) = r = p/q and the readout is E_p[log r] = I.
//
// Each discriminator D is parametrised from the critic score s so that the optimum is s = log r; every readout is
// then the mean joint-pair score, E_p[s]:
//  KL-DIME  (f(u) = u log u, f*(t) = e^{t-1}, T = 1 + log D): J = E_p[log D] - E_q[D] + 1, optimum D = r.
//           D = e^s:   J = E_p[s] - E_q[e^s] + 1;  readout E_p[log D] = E_p[s].
//  HD-DIME  (squared Hellinger f(u) = (sqrt u - 1)^2, f*(t) = t / (1 - t), T = 1 - D):
//           J = 2 - E_p[D] - E_q[1/D]; pointwise max of -p D - q / D at D = sqrt(q/p) = r^{-1/2}.
//           D = e^{-s/2}: J = 2 - E_p[e^{-s/2}] - E_q[e^{s/2}]; readout E_p[log 1/D^2] = E_p[s].
//           At the optimum J = 2 - 2 BC, BC = E_q[sqrt r] the Bhattacharyya coefficient.
//  GAN-DIME (f(u) = u log u - (u + 1) log(u + 1)): J = E_q[log D] + E_p[log(1 - D)] (BCE with D -> 0 on joint
//           pairs, -> 1 on marginal pairs), optimum D = q / (p + q) = 1 / (1 + r), so r = (1 - D) / D.
//           D = sigmoid(-s): J = -E_p[softplus(-s)] - E_q[softplus(s)] (the JS objective, js.h);
//           readout E_p[log((1 - D) / D)] = E_p[s], the mean log-odds on joint pairs.
// mi carries the value of the readout and the gradient of J (mi = J + stopgrad(readout - J)); loss = -J.
#pragma once
#include "infotorch/bounds/bound.h"

namespace infotorch::bounds {

enum class FDivergence { kl, hellinger, gan };

struct FdimeOptions {
  FDivergence divergence = FDivergence::gan;
};

// J_f over a score matrix (diagonal: joint pairs; off-diagonal: product of marginals).
torch::Tensor fdime_objective(const Scores& scores, FDivergence divergence);
// mi: the readout E_p[s] with J's gradient; loss = -J.
Estimate fdime(const Scores& scores, const FdimeOptions& options = {});

class FdimeBound : public Bound {
 public:
  explicit FdimeBound(const FdimeOptions& options = {}) : options_(options) {}
  Estimate forward(const Scores& scores) override { return fdime(scores, options_); }
  std::string spec() const override;

 private:
  FdimeOptions options_;
};

}  // namespace infotorch::bounds
