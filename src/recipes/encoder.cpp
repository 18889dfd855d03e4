#include "infotorch/recipes/encoder.h"

#include "infotorch/core/error.h"
#include "infotorch/core/validate.h"
#include "infotorch/recipes/patch_conv.h"

namespace infotorch::recipes {
namespace {
// Both convolutions: 4 x 4 kernels, stride 2, padding 1 (each halves the side).
constexpr int64_t kKernel = 4, kStride = 2, kPadding = 1;
}  // namespace

EncoderImpl::EncoderImpl(const EncoderOptions& o) : options_(o) {
  if (o.image_size < 4 || o.image_size % 4 != 0)
    throw Error("encoder image_size: expected a positive multiple of 4, got " + std::to_string(o.image_size));
  check_positive(static_cast<double>(o.c1), "encoder c1");
  check_positive(static_cast<double>(o.c2), "encoder c2");
  check_positive(static_cast<double>(o.dim), "encoder dim");
  namespace nn = torch::nn;
  conv1 = register_module("conv1", nn::Conv2d(nn::Conv2dOptions(o.in_channels, o.c1, kKernel).stride(kStride).padding(kPadding)));
  bn1 = register_module("bn1", nn::BatchNorm2d(o.c1));
  conv2 = register_module("conv2", nn::Conv2d(nn::Conv2dOptions(o.c1, o.c2, kKernel).stride(kStride).padding(kPadding)));
  bn2 = register_module("bn2", nn::BatchNorm2d(o.c2));
  const int64_t side = o.image_size / 4;
  fc = register_module("fc", nn::Linear(o.c2 * side * side, o.dim));
  bn3 = register_module("bn3", nn::BatchNorm1d(o.dim));
}

EncoderOutput EncoderImpl::forward(const torch::Tensor& x) {
  if (x.dim() != 4 || x.size(1) != options_.in_channels || x.size(2) != options_.image_size ||
      x.size(3) != options_.image_size)
    throw Error("encoder input: expected N x " + std::to_string(options_.in_channels) + " x " +
                std::to_string(options_.image_size) + " x " + std::to_string(options_.image_size) + ", got " +
                shape_str(x));
  // The first layer sees few channels: on the CPU its im2col + GEMM form is about twice as fast as
  // conv2d's oneDNN kernel (patch_conv.h); elsewhere (GPU) the library's own convolution is used.
  auto first = x.device().is_cpu()
                   ? patch_conv2d(x, conv1->weight, conv1->bias, kStride, kPadding)
                   : conv1(x);
  auto a = torch::relu(bn1(first));
  auto local = torch::relu(bn2(conv2(a)));
  auto h = torch::relu(bn3(fc(local.flatten(1))));
  return {local, h};
}

}  // namespace infotorch::recipes
