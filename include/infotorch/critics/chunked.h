// Blockwise K x K evaluation with activation checkpointing per block of rows.
//
// S = block(x, y) computed as [block(x[r0:r1], y) for each block of rows]. In forward no block keeps
// its activations; backward recomputes each block with gradients on and back-propagates it at once
// (Chen et al. 2016, "Training deep nets with sublinear memory cost"), so peak memory is one block
// plus the K x K result instead of every pair's activations.
#pragma once
#include <torch/torch.h>

#include <functional>
#include <vector>

namespace infotorch::critics {

// block(x_rows, y) -> rows x K scores; it may read any tensors in `params` (they receive gradients).
using RowBlock = std::function<torch::Tensor(const torch::Tensor& x_rows, const torch::Tensor& y)>;

// x: K x p, y: K' x q (the block function defines what they hold). `rows_per_block` >= 1.
torch::Tensor checkpointed_rows(const RowBlock& block, const torch::Tensor& x, const torch::Tensor& y,
                                const std::vector<torch::Tensor>& params, int64_t rows_per_block);

// Rows per block so that a block holds at most `elements` (pair x width) activations (at least 1 row).
int64_t rows_per_block(int64_t k, int64_t width, int64_t elements);

}  // namespace infotorch::critics
