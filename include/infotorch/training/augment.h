// Random augmentations for batches of grayscale images (N x C x H x W, values in [0, 1]).
//
// Every transform draws its per-image parameters from an explicit generator on the CPU (so a run is
// a function of its seed, whatever the device) and applies them to the batch where it lives.
// Transforms compose with Augment::then.
#pragma once
#include <ATen/core/Generator.h>
#include <torch/torch.h>

#include "infotorch/core/random.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace infotorch::training {

// The seeded generators and derived seeds of core/random.h (make_generator, derive_seed(seed, epoch, step, stream)).
using infotorch::derive_seed;
using infotorch::make_generator;

struct CropOptions {
  double min_scale = 0.5;  // fraction of the image area kept
  double max_scale = 1.0;
  double min_ratio = 3.0 / 4.0;  // aspect ratio w/h, drawn log-uniformly
  double max_ratio = 4.0 / 3.0;
};
struct AffineOptions {
  double max_degrees = 10.0;     // rotation drawn uniformly in [-max, max]
  double max_translate = 0.1;    // shift as a fraction of the image size, per axis
};
struct JitterOptions {
  double brightness = 0.4;  // factor drawn in [1 - b, 1 + b]
  double contrast = 0.4;    // factor drawn in [1 - c, 1 + c], around each image's mean
};
struct ErasingOptions {
  double p = 0.25;  // probability an image gets one erased rectangle
  double min_area = 0.02;
  double max_area = 0.15;
  double min_ratio = 0.3;
  double max_ratio = 3.3;
};

// Crops a random rectangle and resizes it back to H x W (bilinear), as in SimCLR.
torch::Tensor random_resized_crop(const torch::Tensor& x, at::Generator& gen, const CropOptions& o = {});
// Random rotation and translation (zeros fill the uncovered border).
torch::Tensor random_affine(const torch::Tensor& x, at::Generator& gen, const AffineOptions& o = {});
// Mirrors each image left-right with probability p.
torch::Tensor random_hflip(const torch::Tensor& x, at::Generator& gen, double p = 0.5);
// Brightness and contrast jitter, clamped to [0, 1].
torch::Tensor color_jitter(const torch::Tensor& x, at::Generator& gen, const JitterOptions& o = {});
// Adds N(0, std^2) noise, clamped to [0, 1].
torch::Tensor gaussian_noise(const torch::Tensor& x, at::Generator& gen, double std = 0.05);
// Zeroes one random rectangle per selected image (Zhong et al. 2020).
torch::Tensor random_erasing(const torch::Tensor& x, at::Generator& gen, const ErasingOptions& o = {});

using Transform = std::function<torch::Tensor(const torch::Tensor&, at::Generator&)>;

class Augment {
 public:
  Augment& then(Transform t);
  torch::Tensor operator()(const torch::Tensor& x, at::Generator& gen) const;
  size_t size() const { return steps_.size(); }

 private:
  std::vector<Transform> steps_;
};

// Which transforms the standard pipeline uses, in this order: crop, affine, flip, jitter, noise, erasing.
struct AugmentOptions {
  bool crop = true;
  CropOptions crop_options;
  bool affine = true;
  AffineOptions affine_options;
  bool flip = true;  // clothes are left-right symmetric; switch off for digits
  double flip_p = 0.5;
  bool jitter = true;
  JitterOptions jitter_options;
  bool noise = true;
  double noise_std = 0.03;
  bool erasing = false;
  ErasingOptions erasing_options;
};
Augment make_augment(const AugmentOptions& o = {});

}  // namespace infotorch::training
