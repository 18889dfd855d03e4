#include "infotorch/training/augment.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

#include "infotorch/core/validate.h"

namespace infotorch::training {
namespace {

namespace F = torch::nn::functional;

void check_images(const torch::Tensor& x) {
  check_rank(x, 4, "images");
}

// n values uniform in [lo, hi), drawn on the CPU from gen (float64 for reproducible arithmetic).
torch::Tensor uniform(int64_t n, double lo, double hi, at::Generator& gen) {
  return torch::rand({n}, gen, torch::kFloat64) * (hi - lo) + lo;
}

// Resamples x through per-image affine maps theta (N x 2 x 3, CPU float64): output pixel at normalised
// coordinate p reads input at theta * [p; 1].
torch::Tensor warp(const torch::Tensor& x, const torch::Tensor& theta) {
  auto th = theta.to(x.device(), x.scalar_type());
  auto grid = F::affine_grid(th, x.sizes(), /*align_corners=*/false);
  return F::grid_sample(x, grid,
                        F::GridSampleFuncOptions().mode(torch::kBilinear).padding_mode(torch::kZeros).align_corners(false));
}

torch::Tensor per_image(const torch::Tensor& v, const torch::Tensor& x) {
  return v.to(x.device(), x.scalar_type()).view({-1, 1, 1, 1});
}

}  // namespace

torch::Tensor random_resized_crop(const torch::Tensor& x, at::Generator& gen, const CropOptions& o) {
  check_images(x);
  const int64_t n = x.size(0);
  auto scale = uniform(n, o.min_scale, o.max_scale, gen);
  auto ratio = torch::exp(uniform(n, std::log(o.min_ratio), std::log(o.max_ratio), gen));
  auto w = torch::sqrt(scale * ratio).clamp_max(1.0);  // fraction of the width kept
  auto h = torch::sqrt(scale / ratio).clamp_max(1.0);
  auto cx = uniform(n, -1.0, 1.0, gen) * (1 - w);  // centre, keeping the crop inside the image
  auto cy = uniform(n, -1.0, 1.0, gen) * (1 - h);
  auto theta = torch::zeros({n, 2, 3}, torch::kFloat64);
  theta.select(1, 0).select(1, 0).copy_(w);
  theta.select(1, 0).select(1, 2).copy_(cx);
  theta.select(1, 1).select(1, 1).copy_(h);
  theta.select(1, 1).select(1, 2).copy_(cy);
  return warp(x, theta);
}

torch::Tensor random_affine(const torch::Tensor& x, at::Generator& gen, const AffineOptions& o) {
  check_images(x);
  const int64_t n = x.size(0);
  const double max_rad = o.max_degrees * M_PI / 180.0;
  auto angle = uniform(n, -max_rad, max_rad, gen);
  // Normalised coordinates span 2 units per image side.
  auto tx = uniform(n, -2 * o.max_translate, 2 * o.max_translate, gen);
  auto ty = uniform(n, -2 * o.max_translate, 2 * o.max_translate, gen);
  auto c = torch::cos(angle), s = torch::sin(angle);
  auto theta = torch::stack({torch::stack({c, -s, tx}, 1), torch::stack({s, c, ty}, 1)}, 1);
  return warp(x, theta);
}

torch::Tensor random_hflip(const torch::Tensor& x, at::Generator& gen, double p) {
  check_images(x);
  auto flip = torch::rand({x.size(0)}, gen, torch::kFloat64) < p;
  auto mask = flip.to(x.device()).view({-1, 1, 1, 1});
  return torch::where(mask, x.flip({3}), x);
}

torch::Tensor color_jitter(const torch::Tensor& x, at::Generator& gen, const JitterOptions& o) {
  check_images(x);
  const int64_t n = x.size(0);
  auto b = per_image(uniform(n, 1 - o.brightness, 1 + o.brightness, gen), x);
  auto c = per_image(uniform(n, 1 - o.contrast, 1 + o.contrast, gen), x);
  auto mean = x.mean({1, 2, 3}, /*keepdim=*/true);
  return (((x - mean) * c + mean) * b).clamp(0.0, 1.0);
}

torch::Tensor gaussian_noise(const torch::Tensor& x, at::Generator& gen, double std) {
  check_images(x);
  auto noise = torch::randn(x.sizes(), gen, torch::kFloat32).to(x.device(), x.scalar_type());
  return (x + std * noise).clamp(0.0, 1.0);
}

torch::Tensor random_erasing(const torch::Tensor& x, at::Generator& gen, const ErasingOptions& o) {
  check_images(x);
  const int64_t n = x.size(0), height = x.size(2), width = x.size(3);
  auto apply = torch::rand({n}, gen, torch::kFloat64) < o.p;
  auto area = uniform(n, o.min_area, o.max_area, gen);
  auto ratio = torch::exp(uniform(n, std::log(o.min_ratio), std::log(o.max_ratio), gen));
  auto eh = torch::sqrt(area / ratio).clamp_max(1.0) * height;  // rectangle size in pixels
  auto ew = torch::sqrt(area * ratio).clamp_max(1.0) * width;
  auto top = uniform(n, 0.0, 1.0, gen) * (height - eh);
  auto left = uniform(n, 0.0, 1.0, gen) * (width - ew);
  auto rows = torch::arange(height, torch::kFloat64).view({1, -1, 1});
  auto cols = torch::arange(width, torch::kFloat64).view({1, 1, -1});
  auto in_rows = (rows >= top.view({-1, 1, 1})) & (rows < (top + eh).view({-1, 1, 1}));
  auto in_cols = (cols >= left.view({-1, 1, 1})) & (cols < (left + ew).view({-1, 1, 1}));
  auto mask = (in_rows & in_cols & apply.view({-1, 1, 1})).unsqueeze(1).to(x.device());
  return x.masked_fill(mask, 0.0);
}

Augment& Augment::then(Transform t) {
  steps_.push_back(std::move(t));
  return *this;
}

torch::Tensor Augment::operator()(const torch::Tensor& x, at::Generator& gen) const {
  torch::NoGradGuard no_grad;
  torch::Tensor y = x;
  for (const auto& step : steps_) y = step(y, gen);
  return y;
}

Augment make_augment(const AugmentOptions& o) {
  Augment a;
  if (o.crop) a.then([c = o.crop_options](const torch::Tensor& x, at::Generator& g) { return random_resized_crop(x, g, c); });
  if (o.affine) a.then([c = o.affine_options](const torch::Tensor& x, at::Generator& g) { return random_affine(x, g, c); });
  if (o.flip) a.then([p = o.flip_p](const torch::Tensor& x, at::Generator& g) { return random_hflip(x, g, p); });
  if (o.jitter) a.then([c = o.jitter_options](const torch::Tensor& x, at::Generator& g) { return color_jitter(x, g, c); });
  if (o.noise) a.then([s = o.noise_std](const torch::Tensor& x, at::Generator& g) { return gaussian_noise(x, g, s); });
  if (o.erasing) a.then([c = o.erasing_options](const torch::Tensor& x, at::Generator& g) { return random_erasing(x, g, c); });
  return a;
}

}  // namespace infotorch::training
