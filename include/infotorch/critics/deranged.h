// Deranged critic: the concat critic's network f(x, y) = MLP([x; y]), trained and read on 2K pairs per batch, the
// K joint pairs (x_i, y_i) and K negatives (x_i, y_sigma(i)) with sigma a fresh random derangement, instead of on
// all K^2 pairs. f-DIME (Letizia, Novello & Tonello 2024) trains its discriminators this way; the cost per step is
// O(K) critic calls, so it is the critic for large batches and expensive networks.
//
// It feeds the bounds that read their negatives only through a mean over them (bounds/scores.h: DV, MINE, NWJ,
// TUBA, JS, SMILE, the f-DIME family); InfoNCE and I_alpha need every negative of each row and refuse it.
// With one negative per positive the log-mean-exp bounds (DV, MINE, SMILE) see K, not K(K - 1), negatives:
// their estimate of log E_Q[e^f] is noisier and biased lower at high MI.
// scores() still gives the K x K matrix of the same network (ConcatCritic).
#pragma once
#include "infotorch/critics/concat.h"

namespace infotorch::critics {

class DerangedCritic : public ConcatCritic {
 public:
  DerangedCritic(int64_t dx, int64_t dy, const CriticOptions& options = {});
  // K >= 2 rows. In training mode sigma is drawn from torch's default generator (seeded by the caller); in eval
  // mode from a generator seeded by K alone, so that successive read-outs of the same rows see the same pairs
  // and differ only by the critic.
  bounds::Scores batch_scores(const torch::Tensor& x, const torch::Tensor& y) override;
  int64_t network_rows(int64_t k) const override { return 2 * k; }  // K joint pairs and K negatives
  // The negatives' indices sigma for a batch of k rows under options().negatives (from `generator`).
  torch::Tensor draw_sigma(int64_t k, c10::optional<at::Generator> generator = c10::nullopt) const;
};

}  // namespace infotorch::critics
