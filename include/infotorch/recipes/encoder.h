// The small convolutional encoder both self-supervised recipes train, sized for 28 x 28 images on a CPU:
//   conv 4x4 stride 2 (1 -> c1) + BN + ReLU          28 -> 14
//   conv 4x4 stride 2 (c1 -> c2) + BN + ReLU         14 -> 7    = the local feature map (c2 x 7 x 7)
//   linear (c2*7*7 -> dim) + BN + ReLU                          = the representation h the probes read
// Strided convolutions instead of pooling keep the cost per image low (about 1.3 M multiply-adds).
#pragma once
#include <torch/torch.h>

#include <cstdint>

namespace infotorch::recipes {

struct EncoderOptions {
  int64_t in_channels = 1;
  int64_t image_size = 28;  // square inputs; must be divisible by 4
  int64_t c1 = 32;
  int64_t c2 = 64;
  int64_t dim = 256;        // representation size
};

struct EncoderOutput {
  torch::Tensor local;  // N x c2 x (size/4) x (size/4)
  torch::Tensor h;      // N x dim
};

class EncoderImpl : public torch::nn::Module {
 public:
  explicit EncoderImpl(const EncoderOptions& options = {});
  EncoderOutput forward(const torch::Tensor& x);
  const EncoderOptions& options() const { return options_; }
  int64_t local_size() const { return options_.image_size / 4; }

 private:
  EncoderOptions options_;
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr};
  torch::nn::Linear fc{nullptr};
  torch::nn::BatchNorm1d bn3{nullptr};
};
TORCH_MODULE(Encoder);

}  // namespace infotorch::recipes
