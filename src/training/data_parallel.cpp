#include "infotorch/training/data_parallel.h"

#include <cstdint>

#include "infotorch/core/error.h"

namespace infotorch::training {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

struct AllGather : public torch::autograd::Function<AllGather> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, ProcessGroup* group) {
    // The group outlives the step's graph (the trainer holds it for the run); saved_data holds only IValues.
    ctx->saved_data["group"] = static_cast<int64_t>(reinterpret_cast<std::intptr_t>(group));
    ctx->saved_data["rows"] = x.size(0);
    return group->all_gather(x.detach());
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad_out) {
    auto* group = reinterpret_cast<ProcessGroup*>(static_cast<std::intptr_t>(ctx->saved_data["group"].toInt()));
    const int64_t rows = ctx->saved_data["rows"].toInt();
    // Summed over the ranks: every rank's loss may read this rank's rows.
    auto g = grad_out[0].contiguous().clone();
    group->all_reduce_sum(g);
    return {g.narrow(0, group->rank() * rows, rows), torch::Tensor()};
  }
};

}  // namespace

torch::Tensor all_gather_with_grad(const torch::Tensor& x, ProcessGroup& group) {
  if (!x.defined() || x.dim() < 1) throw Error("all_gather: expected a tensor with a batch dimension");
  if (group.world_size() == 1) return x;
  return AllGather::apply(x, &group);
}

void average_gradients(ProcessGroup& group, std::vector<torch::Tensor>& grads, int64_t bucket_bytes) {
  if (group.world_size() == 1 || grads.empty()) return;
  if (bucket_bytes < 1) throw Error("bucket_mib: expected a positive bucket size");
  struct Bucket {
    std::vector<size_t> members;
    torch::Tensor flat;
  };
  std::vector<Bucket> buckets;
  int64_t filled = 0;
  for (size_t i = 0; i < grads.size(); ++i) {
    const auto& g = grads[i];
    const int64_t bytes = g.numel() * static_cast<int64_t>(g.element_size());
    const bool fits = !buckets.empty() && filled + bytes <= bucket_bytes &&
                      grads[buckets.back().members.front()].scalar_type() == g.scalar_type() &&
                      grads[buckets.back().members.front()].device() == g.device();
    if (!fits) {
      buckets.emplace_back();
      filled = 0;
    }
    buckets.back().members.push_back(i);
    filled += bytes;
  }
  std::vector<torch::Tensor> flats;
  for (auto& b : buckets) {
    std::vector<torch::Tensor> parts;
    for (size_t i : b.members) parts.push_back(grads[i].reshape({-1}));
    b.flat = parts.size() == 1 ? parts[0].contiguous().clone() : torch::cat(parts);
    flats.push_back(b.flat);
  }
  group.all_reduce_sum(flats);
  const double inv = 1.0 / static_cast<double>(group.world_size());
  for (auto& b : buckets) {
    b.flat.mul_(inv);
    int64_t offset = 0;
    for (size_t i : b.members) {
      auto& g = grads[i];
      g.copy_(b.flat.narrow(0, offset, g.numel()).view_as(g));
      offset += g.numel();
    }
  }
}

}  // namespace infotorch::training
