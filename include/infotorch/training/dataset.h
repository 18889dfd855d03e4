// Data sets: a size and a way to gather a batch by indices. In-memory tensors (read IDX files, synthetic tasks,
// generated images) and wrappers (subsets, seeded label noise) share the interface, so recipes and evaluators
// see one kind of thing. The trainer draws the indices (training/data_order.h).
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "infotorch/training/batch.h"

namespace infotorch::training {

class Dataset {
 public:
  virtual ~Dataset() = default;
  virtual int64_t size() const = 0;
  // The samples at `indices` (int64, CPU, each in [0, size)); the batch's `indices` are these.
  virtual Batch get(const torch::Tensor& indices) const = 0;
  // Number of label classes (0: unlabelled).
  virtual int64_t num_classes() const = 0;
  // Shape of one input (e.g. {1, 28, 28}).
  virtual std::vector<int64_t> input_shape() const = 0;
  // Every sample, in order.
  virtual Batch all() const;
};
using DatasetPtr = std::shared_ptr<const Dataset>;

// Samples held as tensors (rows = samples). Labels, clean labels and factors are optional.
class TensorDataset : public Dataset {
 public:
  // `num_classes` 0: 1 + the largest label (0 without labels).
  explicit TensorDataset(Batch samples, int64_t num_classes = 0);
  int64_t size() const override { return samples_.size(); }
  Batch get(const torch::Tensor& indices) const override;
  int64_t num_classes() const override { return classes_; }
  std::vector<int64_t> input_shape() const override;
  Batch all() const override;

 private:
  Batch samples_;
  int64_t classes_ = 0;
};

// The training, validation and test splits a run uses; validation may be null.
struct Splits {
  DatasetPtr train, validation, test;
};

// The samples of `base` at `indices` (int64, CPU), in that order.
DatasetPtr subset(DatasetPtr base, torch::Tensor indices);
// The first n samples (n <= 0 or n >= size: base itself).
DatasetPtr head(DatasetPtr base, int64_t n);
// `base` split at random into (n_first, rest) by a generator seeded with `seed`.
std::pair<DatasetPtr, DatasetPtr> random_split(DatasetPtr base, int64_t n_first, uint64_t seed);

// Label noise: each sample's label y is replaced, once and for all, by a draw from row y of `transition`
// (C x C, rows summing to 1: transition[i][j] = P(noisy = j | clean = i)) under a generator seeded with `seed`.
// Batches carry the noisy labels as `labels` and the originals as `clean_labels`.
DatasetPtr with_label_noise(DatasetPtr base, const torch::Tensor& transition, uint64_t seed);
// Symmetric noise: keep with probability 1 - r, otherwise one of the other C - 1 classes uniformly.
torch::Tensor symmetric_noise(int64_t classes, double r);
// Pair-flip noise: class c keeps its label with probability 1 - r and becomes (c + 1) mod C otherwise.
torch::Tensor pair_flip_noise(int64_t classes, double r);

// Where the IDX files are and how many samples to keep.
struct DataOptions {
  // Debian's dataset-fashion-mnist installs the four files here.
  std::string data_dir = "/usr/share/datasets/fashion-mnist";
  int64_t train_limit = 0;  // keep the first N training images (0: all), for tests and quick runs
  int64_t test_limit = 0;   // likewise for the test split
};

// Reads one IDX file (the file may be gzip-compressed; zlib reads plain files unchanged) into a
// uint8 tensor of the file's shape. Only the unsigned-byte element type is supported.
torch::Tensor read_idx(const std::string& path);

// One split of `<dir>/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]` as images N x 1 x H x W float32 in
// [0, 1] with int64 labels; throws Error naming the Debian package dataset-fashion-mnist when files are missing.
DatasetPtr load_idx_split(const std::string& dir, bool train, int64_t limit = 0);
// Train and test splits of an IDX directory (Fashion-MNIST, MNIST).
Splits load_idx(const DataOptions& options = {});

}  // namespace infotorch::training
