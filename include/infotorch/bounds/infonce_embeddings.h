// InfoNCE for a separable critic, S_ij = u_i . v_j, computed from the embeddings without ever holding the
// K x K score matrix: the same value and gradients as infonce(u.mm(v.t()), options) (infonce.h), in row
// blocks that stay in cache.
//
// Why: the score-matrix path makes several memory-bound passes over K^2 floats (log-sum-exp forward, its
// backward, the diagonal's scatter) and keeps them for backward. Here each block of rows is multiplied,
// exponentiated once and turned into its gradient contribution while it is in cache, so forward + backward
// cost the three matrix products (S = U V^T, dU = G V, dV = G^T U with G = (softmax(S) - I) / K) plus one
// exponential pass; memory is O(block + K d). The gradient is formed during forward when autograd will need
// it (grad mode on and u or v requiring grad) and scaled by the incoming gradient in backward.
#pragma once
#include "infotorch/bounds/infonce.h"

namespace infotorch::bounds {

struct InfoNceEmbeddingsOptions {
  InfoNceDirection dir = InfoNceDirection::row;
  int64_t block_elements = int64_t{1} << 20;  // scores per row block (4 MiB of float32; measured best of 2^15..2^22)
};

// u, v: K x d, row i of each from the same (positive) pair. mi <= log K; loss = -mi.
Estimate infonce_embeddings(const torch::Tensor& u, const torch::Tensor& v, const InfoNceEmbeddingsOptions& options = {});

}  // namespace infotorch::bounds
