#include "infotorch/critics/chunked.h"

#include <algorithm>

namespace infotorch::critics {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// What backward needs besides tensors: the block function and the tensors it reads.
struct BlockHolder : torch::CustomClassHolder {
  RowBlock block;
  std::vector<torch::Tensor> params;
  BlockHolder(RowBlock b, std::vector<torch::Tensor> p) : block(std::move(b)), params(std::move(p)) {}
};

struct CheckpointRows : public torch::autograd::Function<CheckpointRows> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& y,
                               at::TensorList params, const RowBlock& block, int64_t rows) {
    // Autograd is off inside forward: the blocks keep no activations.
    std::vector<torch::Tensor> parts;
    for (int64_t r0 = 0; r0 < x.size(0); r0 += rows)
      parts.push_back(block(x.narrow(0, r0, std::min(rows, x.size(0) - r0)), y));
    ctx->save_for_backward({x, y});
    ctx->saved_data["rows"] = rows;
    ctx->saved_data["holder"] =
        c10::IValue::make_capsule(c10::make_intrusive<BlockHolder>(block, params.vec()));
    return torch::cat(parts, 0);
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad_out) {
    auto saved = ctx->get_saved_variables();
    const auto& x = saved[0];
    const auto& y = saved[1];
    const int64_t rows = ctx->saved_data["rows"].toInt();
    auto capsule = ctx->saved_data["holder"].toCapsule();
    auto* holder = static_cast<BlockHolder*>(capsule.get());
    const auto& params = holder->params;
    const auto& g = grad_out[0];

    torch::AutoGradMode grad_on(true);
    const bool want_x = x.requires_grad(), want_y = y.requires_grad();
    torch::Tensor gx = want_x ? torch::zeros_like(x) : torch::Tensor();
    torch::Tensor gy = want_y ? torch::zeros_like(y) : torch::Tensor();
    std::vector<torch::Tensor> gp(params.size());
    auto yd = y.detach().requires_grad_(want_y);
    for (int64_t r0 = 0; r0 < x.size(0); r0 += rows) {
      const int64_t n = std::min(rows, x.size(0) - r0);
      auto xr = x.narrow(0, r0, n).detach().requires_grad_(want_x);
      auto out = holder->block(xr, yd);
      std::vector<torch::Tensor> inputs;
      if (want_x) inputs.push_back(xr);
      if (want_y) inputs.push_back(yd);
      std::vector<size_t> which;
      for (size_t i = 0; i < params.size(); ++i)
        if (params[i].requires_grad()) {
          inputs.push_back(params[i]);
          which.push_back(i);
        }
      if (inputs.empty()) break;
      auto grads = torch::autograd::grad({out}, inputs, {g.narrow(0, r0, n)}, /*retain_graph=*/false,
                                         /*create_graph=*/false, /*allow_unused=*/true);
      size_t at = 0;
      if (want_x) {
        if (grads[at].defined()) gx.narrow(0, r0, n).copy_(grads[at]);
        ++at;
      }
      if (want_y) {
        if (grads[at].defined()) gy.add_(grads[at]);
        ++at;
      }
      for (size_t i : which) {
        auto& gi = grads[at++];
        if (!gi.defined()) continue;
        gp[i] = gp[i].defined() ? gp[i].add_(gi) : gi;
      }
    }
    variable_list result{gx, gy};
    for (auto& t : gp) result.push_back(t);
    result.emplace_back();  // block
    result.emplace_back();  // rows
    return result;
  }
};

}  // namespace

int64_t rows_per_block(int64_t k, int64_t width, int64_t elements) {
  return std::max<int64_t>(1, elements / std::max<int64_t>(1, k * width));
}

torch::Tensor checkpointed_rows(const RowBlock& block, const torch::Tensor& x, const torch::Tensor& y,
                                const std::vector<torch::Tensor>& params, int64_t rows) {
  rows = std::max<int64_t>(1, rows);
  bool grad = torch::GradMode::is_enabled() && (x.requires_grad() || y.requires_grad() ||
                                                std::any_of(params.begin(), params.end(),
                                                            [](const torch::Tensor& p) { return p.requires_grad(); }));
  if (rows >= x.size(0)) return block(x, y);  // one block: plain autograd, nothing to recompute
  if (grad) return CheckpointRows::apply(x, y, at::TensorList(params), block, rows);
  std::vector<torch::Tensor> parts;
  for (int64_t r0 = 0; r0 < x.size(0); r0 += rows) parts.push_back(block(x.narrow(0, r0, std::min(rows, x.size(0) - r0)), y));
  return torch::cat(parts, 0);
}

}  // namespace infotorch::critics
