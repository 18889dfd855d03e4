#include "infotorch/recipes/patch_conv.h"

#include "infotorch/core/error.h"
#include "infotorch/core/validate.h"

namespace infotorch::recipes {
namespace {

struct Geometry {
  int64_t n, c, h, w, o, k, stride, padding, oh, ow;
};

// The N*OH*OW x (k*k*C) patch matrix of the zero-padded input, patch entries ordered (ki, kj, c) so that
// the innermost run is contiguous in a channels-last input.
torch::Tensor patches(const torch::Tensor& x, const Geometry& g) {
  const int64_t p = g.padding;
  auto padded = p > 0 ? torch::constant_pad_nd(x, {p, p, p, p}) : x;
  padded = padded.contiguous(at::MemoryFormat::ChannelsLast);
  const auto st = padded.strides();  // N, C, H, W
  return padded.as_strided({g.n, g.oh, g.ow, g.k, g.k, g.c},
                           {st[0], g.stride * st[2], g.stride * st[3], st[2], st[3], st[1]})
      .reshape({g.n * g.oh * g.ow, g.k * g.k * g.c});
}

// The weight as a (k*k*C) x O matrix in the patches' (ki, kj, c) order.
torch::Tensor weight_matrix(const torch::Tensor& weight) {
  return weight.permute({2, 3, 1, 0}).reshape({-1, weight.size(0)});
}

class PatchConv : public torch::autograd::Function<PatchConv> {
 public:
  // `bias` holds the bias or nothing: a custom Function cannot take an undefined tensor as an input.
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x,
                               const torch::Tensor& weight, at::TensorList bias, int64_t stride, int64_t padding) {
    Geometry g{x.size(0), x.size(1), x.size(2), x.size(3), weight.size(0), weight.size(2), stride, padding, 0, 0};
    g.oh = (g.h + 2 * padding - g.k) / stride + 1;
    g.ow = (g.w + 2 * padding - g.k) / stride + 1;
    auto cols = patches(x, g);
    auto wm = weight_matrix(weight);
    auto out = bias.empty() ? cols.mm(wm) : torch::addmm(bias[0], cols, wm);  // (N*OH*OW) x O
    ctx->save_for_backward({cols, weight});
    ctx->saved_data["geometry"] = std::vector<int64_t>{g.n, g.c, g.h, g.w, g.o, g.k, g.stride, g.padding, g.oh, g.ow};
    ctx->saved_data["has_bias"] = !bias.empty();
    return out.view({g.n, g.oh, g.ow, g.o}).permute({0, 3, 1, 2});
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    auto saved = ctx->get_saved_variables();
    const auto& cols = saved[0];
    const auto& weight = saved[1];
    auto v = ctx->saved_data["geometry"].toIntVector();
    Geometry g{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]};
    // Rows in (n, oh, ow) order, one column per output channel.
    auto go = grads[0].permute({0, 2, 3, 1}).reshape({-1, g.o});
    const bool has_bias = ctx->saved_data["has_bias"].toBool();
    torch::Tensor gx, gw, gb;
    if (ctx->needs_input_grad(1))
      gw = go.t().mm(cols).view({g.o, g.k, g.k, g.c}).permute({0, 3, 1, 2});
    if (has_bias && ctx->needs_input_grad(2)) gb = go.sum(0);
    if (ctx->needs_input_grad(0)) {
      // col2im: every patch entry's gradient goes back to the input pixel it was read from.
      auto gcols = go.mm(weight_matrix(weight).t()).view({g.n, g.oh, g.ow, g.k, g.k, g.c});
      const int64_t hp = g.h + 2 * g.padding, wp = g.w + 2 * g.padding;
      auto gpad = torch::zeros({g.n, hp, wp, g.c}, go.options());
      using torch::indexing::Slice;
      for (int64_t i = 0; i < g.k; ++i)
        for (int64_t j = 0; j < g.k; ++j)
          gpad.index({Slice(), Slice(i, i + g.stride * (g.oh - 1) + 1, g.stride),
                      Slice(j, j + g.stride * (g.ow - 1) + 1, g.stride), Slice()})
              .add_(gcols.select(4, j).select(3, i));
      gx = gpad.slice(1, g.padding, g.padding + g.h).slice(2, g.padding, g.padding + g.w).permute({0, 3, 1, 2});
    }
    torch::autograd::variable_list result{gx, gw};
    if (has_bias) result.push_back(gb);
    result.emplace_back();  // stride
    result.emplace_back();  // padding
    return result;
  }
};

}  // namespace

torch::Tensor patch_conv2d(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                           int64_t stride, int64_t padding) {
  check_rank(x, 4, "patch_conv2d input");
  check_rank(weight, 4, "patch_conv2d weight");
  if (weight.size(1) != x.size(1) || weight.size(2) != weight.size(3))
    throw Error("patch_conv2d weight: expected O x " + std::to_string(x.size(1)) + " x k x k for input " +
                shape_str(x) + ", got " + shape_str(weight));
  if (bias.defined() && (bias.dim() != 1 || bias.size(0) != weight.size(0)))
    throw Error("patch_conv2d bias: expected " + std::to_string(weight.size(0)) + " values, got " + shape_str(bias));
  if (stride < 1 || padding < 0) throw Error("patch_conv2d: expected stride >= 1 and padding >= 0");
  if (x.size(2) + 2 * padding < weight.size(2) || x.size(3) + 2 * padding < weight.size(3))
    throw Error("patch_conv2d input: " + shape_str(x) + " is smaller than the kernel");
  std::vector<torch::Tensor> b;
  if (bias.defined()) b.push_back(bias);
  return PatchConv::apply(x, weight, at::TensorList(b), stride, padding);
}

}  // namespace infotorch::recipes
