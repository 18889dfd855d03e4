// What a training step receives: the inputs and, where the data set has them, labels, factors of variation and
// the samples' indices in their data set.
#pragma once
#include <torch/torch.h>

#include <cstdint>

namespace infotorch::training {

struct Batch {
  torch::Tensor inputs;        // N x ... (images: N x C x H x W in [0, 1]); always defined
  torch::Tensor labels;        // N int64 class labels (noisy ones under a label-noise wrapper); undefined: none
  torch::Tensor clean_labels;  // N int64 true labels, defined only under a label-noise wrapper
  torch::Tensor factors;       // N x F generative factors (e.g. dSprites' shape, scale, ...); undefined: none
  torch::Tensor indices;       // N int64 positions in the data set the batch was drawn from (on the CPU)

  int64_t size() const { return inputs.defined() ? inputs.size(0) : 0; }
  // The labels a clean-label evaluation scores against: the clean ones where the labels are noisy.
  const torch::Tensor& true_labels() const { return clean_labels.defined() ? clean_labels : labels; }
  // Every tensor but the indices moved to `device`.
  Batch to(const torch::Device& device) const;
  // Rows [begin, end) of every tensor.
  Batch slice(int64_t begin, int64_t end) const;
};

}  // namespace infotorch::training
