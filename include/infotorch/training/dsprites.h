// Procedurally generated dSprites (Matthey et al. 2017's factor grid; the rendering is this project's own):
// binary images of one white shape on black, five factors of variation,
//   shape        3 values: 0 square, 1 ellipse, 2 heart
//   scale        6 values: 0.5 + 0.1 k (k = 0..5), in [0.5, 1]
//   orientation 40 values: 2 pi k / 40 (k = 0..39), in [0, 2 pi)
//   position x  32 values: k / 31, in [0, 1]
//   position y  32 values: k / 31, in [0, 1]
// = 737,280 combinations. Factors are kept as their value indices (int64), row-major over the list above.
//
// Geometry (image coordinates in [0, 1] across the image, pixel (r, c) sampled at its centre ((c + 0.5) / S,
// (r + 0.5) / S), y growing downwards): the shape's centre is (0.22 + 0.56 x, 0.22 + 0.56 y) and its size
// R = 0.15 scale. A pixel is on when its offset d from the centre, rotated by -orientation and divided by R,
// lands in the unit shape:
//   square   max(|u|, |v|) <= 1                                  area 4 R^2
//   ellipse  u^2 + (2 v)^2 <= 1  (long axis along u)             area pi R^2 / 2
//   heart    (a^2 + b^2 - 1)^3 - a^2 b^3 <= 0, a = 1.2 u, b = 0.1 - 1.2 v  (the classic implicit heart, pointing
//            down at orientation 0; mirror-symmetric in u only)
// The rotation is applied as whole quarter turns (exact coordinate swaps) followed by the remaining k mod 10
// steps, so the square is pixel-for-pixel unchanged by a quarter turn (k + 10) and the ellipse by a half turn
// (k + 20). At scale 1 the square's half-diagonal, 0.212, stays inside the margin 0.22: no shape is clipped.
// `image_size` 64 is dSprites' resolution; 32 renders the same geometry on a coarser grid (quick runs).
#pragma once
#include <torch/torch.h>

#include <array>
#include <cstdint>

#include "infotorch/core/options.h"
#include "infotorch/training/dataset.h"

namespace infotorch::training {

// Values per factor: shape, scale, orientation, position x, position y.
constexpr std::array<int64_t, 5> kDspritesFactorSizes = {3, 6, 40, 32, 32};
constexpr int64_t kDspritesCombinations = 3 * 6 * 40 * 32 * 32;  // 737,280

struct DspritesOptions {
  int64_t image_size = 64;  // pixels per side (>= 8)
  int64_t samples = 0;      // combinations drawn without replacement from the grid (0: the full grid, in order)
  uint64_t seed = 0;        // which combinations
};
// Declared as dsprites_image_size, dsprites_samples, dsprites_seed (beside a recipe's own options).
void declare(OptionList& list, DspritesOptions& options);
void check(const DspritesOptions& options);

// Every combination of factor indices, M x 5 int64, row-major (the last factor varies fastest): row i is the
// combination whose mixed-radix number is i.
torch::Tensor dsprites_factor_grid();
// The rows of dsprites_factor_grid() at `rows` (int64).
torch::Tensor dsprites_factors_at(const torch::Tensor& rows);
// The physical values (shape index, scale, orientation in radians, x, y) of factor indices, M x 5 float64.
torch::Tensor dsprites_values(const torch::Tensor& factors);
// Renders factor indices (M x 5 int64) as M x S x S uint8 images with values 0 and 1 (chunked; no gradients).
torch::Tensor render_dsprites(const torch::Tensor& factors, int64_t image_size);

// A generated data set: images held as uint8 (64 x 64 x 737,280 = 3 GB for the full grid), given out as float
// N x 1 x S x S in {0, 1} with `factors` (int64 indices) beside them; no labels.
class DspritesDataset : public Dataset {
 public:
  // Renders the combinations `factors` once (everything is generated ahead of training).
  DspritesDataset(torch::Tensor factors, int64_t image_size);
  int64_t size() const override { return factors_.size(0); }
  Batch get(const torch::Tensor& indices) const override;
  int64_t num_classes() const override { return 0; }
  std::vector<int64_t> input_shape() const override { return {1, size_, size_}; }
  const torch::Tensor& factors() const { return factors_; }

 private:
  torch::Tensor factors_, images_;  // N x 5 int64, N x S x S uint8
  int64_t size_;
};

// The data set of `options`: train = test = the same generated set (disentanglement metrics score the data
// the model was trained on, as Chen et al. and disentanglement_lib do); no validation split.
Splits dsprites_splits(const DspritesOptions& options);

}  // namespace infotorch::training
