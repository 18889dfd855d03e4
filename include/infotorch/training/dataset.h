// Image data sets stored as IDX files (MNIST's format, also Fashion-MNIST's), gzip-compressed or not.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace infotorch::training {

// Images as N x 1 x H x W float32 in [0, 1], labels as N int64.
struct ImageSet {
  torch::Tensor images;
  torch::Tensor labels;
  int64_t size() const { return images.defined() ? images.size(0) : 0; }
};

struct Dataset {
  ImageSet train;
  ImageSet test;
};

struct DataOptions {
  // Debian's dataset-fashion-mnist installs the four files here.
  std::string dir = "/usr/share/datasets/fashion-mnist";
  int64_t train_limit = 0;  // keep the first N training images (0: all), for tests and quick runs
  int64_t test_limit = 0;   // likewise for the test split
};

// Reads one IDX file (the file may be gzip-compressed; zlib reads plain files unchanged) into a
// uint8 tensor of the file's shape. Only the unsigned-byte element type is supported.
torch::Tensor read_idx(const std::string& path);

// Loads `<dir>/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]`; throws Error naming the Debian
// package dataset-fashion-mnist when the files are missing.
Dataset load_dataset(const DataOptions& options = {});
ImageSet load_split(const std::string& dir, bool train, int64_t limit = 0);

// The first `n` items (n <= 0 or n >= size: all).
ImageSet head(const ImageSet& set, int64_t n);

}  // namespace infotorch::training
