#include "infotorch/bounds/negatives.h"

#include "infotorch/core/error.h"

namespace infotorch::bounds {

torch::Tensor random_derangement(int64_t k, c10::optional<at::Generator> generator) {
  if (k < 2) throw Error("random_derangement: expected k >= 2 (k = 1 has no derangement), got k = " + std::to_string(k));
  auto ids = torch::arange(k, torch::kLong);
  // Rejection keeps the result uniform over all derangements (a "fix the fixed points" pass would not).
  while (true) {
    auto perm = torch::randperm(k, generator, torch::TensorOptions().dtype(torch::kLong));
    if (!(perm == ids).any().item<bool>()) return perm;
  }
}

}  // namespace infotorch::bounds
