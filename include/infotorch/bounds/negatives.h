// Negative pairs for the sampled bound variants. The full variants use every off-diagonal pair (x_i, y_j),
// i != j; a sampled variant pairs each x_i with one y_{sigma(i)}, and sigma must never map i to i, or a
// positive pair would be scored as a negative.
#pragma once
#include <torch/torch.h>

namespace infotorch::bounds {

// A uniformly random derangement of 0..k-1 (a permutation with no fixed point) as a k-vector of int64 on the
// CPU: rejection sampling of uniform permutations (accepted with probability ~1/e, so ~2.7 draws on average).
// k >= 2. Deterministic for a seeded generator (at::detail::createCPUGenerator(seed)).
torch::Tensor random_derangement(int64_t k, c10::optional<at::Generator> generator = c10::nullopt);

}  // namespace infotorch::bounds
