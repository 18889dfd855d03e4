// The options every built-in critic reads: the one home of their defaults.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <string>

#include "infotorch/core/options.h"

namespace infotorch::critics {

struct CriticOptions {
  int64_t hidden = 256;  // width of every hidden layer
  int64_t layers = 2;    // number of hidden layers (0: the MLP is a single linear map)
  int64_t embed = 32;    // separable critic: size of the embeddings g(x), h(y)
  std::string activation = "relu";  // relu | elu | tanh
  // Concat and module critics evaluate the K x K pairs in blocks of rows holding at most this many
  // (pair x hidden) activations. When the whole K x K block exceeds it, scores() also recomputes
  // each block in backward instead of keeping its activations (activation checkpointing), so the
  // memory of scores() stays O(chunk + K x K) instead of O(K^2 x hidden x layers).
  // 2^20 (4 MiB of float32): K = 64 x 256 wide is still one block; larger blocks (2^24 = 64 MiB) are
  // mapped fresh by malloc for every op and page-faulted in: three K = 1024 steps took 66 s wall, 28 s of it
  // in the kernel, with 2^24, against 42 s and 5 s with 2^20 (docs/results/speed.md).
  int64_t chunk_elements = int64_t{1} << 20;
  // Deranged critic: how each x_i finds its one negative y_sigma(i). A derangement never pairs x_i with its own
  // y_i; a plain permutation does for about one row per batch (scored as a negative though it is a joint pair).
  enum class Negatives { derangement, permutation };
  Negatives negatives = Negatives::derangement;
  torch::Device device = torch::kCPU;
};

// Throws Error naming the first invalid field.
void validate(const CriticOptions& options);

// Declares the options a critic spec may set by name (hidden, layers, embed, activation, chunk_elements);
// the device is not declared (it is not text).
void declare(OptionList& list, CriticOptions& options);

}  // namespace infotorch::critics
