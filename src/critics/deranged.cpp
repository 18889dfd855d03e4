#include "infotorch/critics/deranged.h"

#include "infotorch/bounds/negatives.h"
#include "infotorch/core/error.h"

namespace infotorch::critics {

DerangedCritic::DerangedCritic(int64_t dx, int64_t dy, const CriticOptions& options)
    : ConcatCritic(dx, dy, options) {}

torch::Tensor DerangedCritic::draw_sigma(int64_t k, c10::optional<at::Generator> generator) const {
  if (options().negatives == CriticOptions::Negatives::derangement) return bounds::random_derangement(k, generator);
  return generator ? torch::randperm(k, *generator, torch::kLong) : torch::randperm(k, torch::kLong);
}

bounds::Scores DerangedCritic::batch_scores(const torch::Tensor& x, const torch::Tensor& y) {
  auto [xs, ys] = check_critic_inputs(x, y, dx_, dy_, first_x_->weight);
  const int64_t k = xs.size(0);
  if (k < 2) throw Error("deranged critic: expected K >= 2 rows (a derangement of one row does not exist), got K = 1");
  torch::Tensor sigma;
  if (is_training()) {
    sigma = draw_sigma(k);
  } else {
    auto fixed = at::detail::createCPUGenerator(0x5eedULL ^ static_cast<uint64_t>(k));
    sigma = draw_sigma(k, fixed);
  }
  // The first layer once per row, as in ConcatCritic, then one pass of the rest over the 2K pairs.
  auto a = first_x_->forward(xs);
  auto b = first_y_->forward(ys);
  auto out = head(torch::cat({a + b, a + b.index_select(0, sigma.to(b.device()))}, 0));
  return bounds::Scores::pairs(out.narrow(0, 0, k), out.narrow(0, k, k));
}

}  // namespace infotorch::critics
