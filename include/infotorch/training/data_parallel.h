// Data-parallel training over a ProcessGroup (distributed.h): the two exchanges a step needs.
//
// Global-batch objectives. Each rank embeds its own shard; all_gather_with_grad hands every rank the embeddings
// of the whole global batch, so InfoNCE / NT-Xent (and any score-matrix bound) sees all negatives. Its backward
// all-reduces (sums) the gradient arriving at the gathered tensor and returns this rank's slice of it: the
// gradient of every rank's loss with respect to this rank's embeddings. A gather that returned only this rank's
// own loss gradient (or zero for the other ranks' rows) would lose every term in which another rank's loss
// reads these embeddings as negatives, and multi-process runs would differ from one process.
//
// With average_gradients (the mean of the parameter gradients over ranks) the update is then exactly the one of
// one process on the concatenated batch, both when each rank's loss is the global loss over the gathered
// tensors (SimCLR here: every rank evaluates the full 2N x 2N score matrix) and when the global loss is the
// mean of per-rank losses over each rank's own rows:
//   d L / d theta = (1/W) sum_r [sum_r' d L_r' / d z_r] d z_r / d theta.
#pragma once
#include <torch/torch.h>

#include <vector>

#include "infotorch/training/distributed.h"

namespace infotorch::training {

// Every rank's x (the same shape on every rank) concatenated along dimension 0 in rank order, differentiable as
// described above.
torch::Tensor all_gather_with_grad(const torch::Tensor& x, ProcessGroup& group);

// Replaces each gradient by its mean over the ranks. Consecutive gradients of one dtype and device are flattened
// into buckets of about bucket_bytes (one all-reduce each, all started before any is waited for) and copied
// back. Every rank must pass the same list of shapes.
void average_gradients(ProcessGroup& group, std::vector<torch::Tensor>& grads, int64_t bucket_bytes);

}  // namespace infotorch::training
