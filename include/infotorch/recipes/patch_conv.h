// A 2-D convolution computed as one matrix product over image patches (im2col + GEMM), with its own
// backward. Same result as torch::conv2d (to float rounding), a different algorithm.
//
// Why: for a first layer with few input channels (1 for grayscale), Debian's LibTorch 1.13 runs conv2d
// through oneDNN 2.6 at about half the speed of this formulation on the CPU (measured: docs/results/ssl.md,
// "Where the SimCLR step's time goes"). With C = 1 the patch matrix is only k*k floats per output pixel, so
// building it is cheap and the product is a plain GEMM. For wide inputs (C = 32) the patch matrix is k*k
// times the input and oneDNN's direct kernel wins: the encoder uses this only for its first layer.
#pragma once
#include <torch/torch.h>

#include <cstdint>

namespace infotorch::recipes {

// x: N x C x H x W, weight: O x C x k x k (square kernel), bias: O or undefined. Returns N x O x OH x OW
// (stored channels-last: N x OH x OW x O in memory), OH = (H + 2 padding - k) / stride + 1. Differentiable in
// x, weight and bias.
torch::Tensor patch_conv2d(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                           int64_t stride, int64_t padding);

}  // namespace infotorch::recipes
