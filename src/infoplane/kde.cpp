#include "infotorch/infoplane/kde.h"

#include <cmath>

#include "infotorch/core/error.h"

namespace infotorch::infoplane {

std::pair<double, double> pairwise_terms(const torch::Tensor& t_in, double variance, int64_t block) {
  if (!(variance > 0)) throw Error("var: expected a noise variance > 0");
  if (block < 1) throw Error("block: expected at least 1 row per block");
  const auto t = t_in.to(torch::kDouble).contiguous();
  const int64_t n = t.size(0);
  const auto sq = (t * t).sum(1);
  const double log_n = std::log(static_cast<double>(n));
  double kl = 0, bhattacharyya = 0;
  for (int64_t a = 0; a < n; a += block) {
    const int64_t b = std::min(n, a + block);
    // |t_i - t_j|^2 by the expansion; the clamp removes the tiny negatives of cancellation.
    const auto d2 = (sq.slice(0, a, b).unsqueeze(1) + sq.unsqueeze(0) - 2 * t.slice(0, a, b).matmul(t.t()))
                        .clamp_min(0)
                        .to(torch::kFloat);
    // Every exponent is <= 0 and row i holds j = i (exponent 0), so the sums lie in [1, N]: no max to subtract.
    kl -= (torch::exp(d2 * static_cast<float>(-1 / (2 * variance))).sum(1, false, torch::kDouble).log() - log_n)
              .sum()
              .item<double>();
    bhattacharyya -=
        (torch::exp(d2 * static_cast<float>(-1 / (8 * variance))).sum(1, false, torch::kDouble).log() - log_n)
            .sum()
            .item<double>();
  }
  return {kl / static_cast<double>(n), bhattacharyya / static_cast<double>(n)};
}

PlanePoint kde_plane(const torch::Tensor& t, const torch::Tensor& labels, const KdeOptions& o) {
  check_activations(t, labels);
  if (!(o.variance > 0 && std::isfinite(o.variance))) throw Error("var: expected a noise variance > 0");
  const int64_t n = t.size(0);
  const int64_t classes = labels.max().item<int64_t>() + 1;
  PlanePoint p;
  auto [upper, lower] = pairwise_terms(t, o.variance, o.block);
  p.ixt = upper * kBitsPerNat;
  p.ixt_lower = lower * kBitsPerNat;
  // The noise entropy cancels in H(T~) - sum_y p(y) H(T~|y).
  for (int64_t c = 0; c < classes; ++c) {
    const auto rows = (labels == c).nonzero().flatten();
    if (rows.numel() == 0) continue;
    const double py = static_cast<double>(rows.numel()) / static_cast<double>(n);
    const auto [u, l] = pairwise_terms(t.index_select(0, rows), o.variance, o.block);
    upper -= py * u;
    lower -= py * l;
  }
  p.ity = upper * kBitsPerNat;
  p.ity_lower = lower * kBitsPerNat;
  return p;
}

}  // namespace infotorch::infoplane
