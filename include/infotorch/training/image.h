// Grey-scale PNG output for pictures a recipe draws itself (reconstructions, latent traversals): a grid of images
// and an 8-bit PNG writer (zlib-compressed, no dependency beyond zlib).
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace infotorch::training {

// N x 1 x H x W (or N x H x W) values in [0, 1] tiled row by row into `columns` columns with `pad` pixels of
// mid-grey between tiles: one H' x W' float tensor.
torch::Tensor image_grid(const torch::Tensor& images, int64_t columns, int64_t pad = 2);
// Writes an H x W tensor of values in [0, 1] (clamped) as an 8-bit grey PNG; Error naming `path` on failure.
void write_png(const std::string& path, const torch::Tensor& image);

}  // namespace infotorch::training
