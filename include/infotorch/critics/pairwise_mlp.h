// The concat critic's pairwise head, s_ij = tail(act(a_i + b_j)), with a hand-written backward.
//
// a_i = W_x x_i + b and b_j = W_y y_j are the first layer's per-row parts (concat.h); `tail` is the
// remaining Linear layers with the activation between them, the last one mapping to a single score.
// Same values and gradients as composing torch ops under autograd (pinned by tests), but with fewer passes
// over the R*K x hidden activations: activations are applied in place, each layer's activation derivative
// is read from its stored output (relu, elu and tanh all allow it), and the output layer's gradient is a
// broadcast product instead of a rank-1 matrix product. Autograd would keep pre- and post-activation copies
// and the broadcast sum's inputs; this keeps one tensor per layer.
#pragma once
#include <torch/torch.h>

#include <string>
#include <vector>

namespace infotorch::critics {

// a: R x H, b: K x H; tail: Linear layers H -> ... -> 1 (at least one). Returns R x K.
// Differentiable in a, b and every weight and bias of `tail`.
torch::Tensor pairwise_mlp(const torch::Tensor& a, const torch::Tensor& b, const std::vector<torch::nn::Linear>& tail,
                           const std::string& activation);

}  // namespace infotorch::critics
