#include "infotorch/training/dataset.h"

#include <cstring>
#include <fstream>
#include <vector>

#include "../core/mapped_file.h"
#include "idx.h"
#include "infotorch/core/error.h"
#include "infotorch/core/validate.h"
#include "infotorch/training/augment.h"

namespace infotorch::training {
namespace {

torch::Tensor pick(const torch::Tensor& t, const torch::Tensor& idx) { return t.defined() ? t.index_select(0, idx) : t; }

void check_indices(const torch::Tensor& indices, int64_t size, const std::string& name) {
  if (!indices.defined() || indices.dim() != 1 || indices.scalar_type() != torch::kInt64)
    throw Error(name + ": expected a 1-D int64 tensor of sample indices");
  if (indices.numel() > 0 && (indices.min().item<int64_t>() < 0 || indices.max().item<int64_t>() >= size))
    throw Error(name + ": indices must lie in [0, " + std::to_string(size) + ")");
}

// A view of `base` through an index map.
class SubsetDataset : public Dataset {
 public:
  SubsetDataset(DatasetPtr base, torch::Tensor indices) : base_(std::move(base)), map_(std::move(indices)) {}
  int64_t size() const override { return map_.size(0); }
  Batch get(const torch::Tensor& indices) const override {
    Batch b = base_->get(map_.index_select(0, indices));
    b.indices = indices;
    return b;
  }
  int64_t num_classes() const override { return base_->num_classes(); }
  std::vector<int64_t> input_shape() const override { return base_->input_shape(); }

 private:
  DatasetPtr base_;
  torch::Tensor map_;
};

class NoisyLabelDataset : public Dataset {
 public:
  NoisyLabelDataset(DatasetPtr base, torch::Tensor noisy) : base_(std::move(base)), noisy_(std::move(noisy)) {}
  int64_t size() const override { return base_->size(); }
  Batch get(const torch::Tensor& indices) const override {
    Batch b = base_->get(indices);
    b.clean_labels = b.true_labels();
    b.labels = noisy_.index_select(0, indices).to(b.clean_labels.device());
    return b;
  }
  int64_t num_classes() const override { return base_->num_classes(); }
  std::vector<int64_t> input_shape() const override { return base_->input_shape(); }

 private:
  DatasetPtr base_;
  torch::Tensor noisy_;
};

bool exists(const std::string& path) { return std::ifstream(path).good(); }

std::string find_file(const std::string& dir, const std::string& stem) {
  for (const char* suffix : {"", ".gz"}) {
    std::string p = dir + "/" + stem + suffix;
    if (exists(p)) return p;
  }
  throw Error("data_dir: no " + stem + "[.gz] in '" + dir +
              "'; install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist) "
              "or point data_dir at a directory with the four IDX files of Fashion-MNIST or MNIST");
}

}  // namespace

Batch Dataset::all() const { return get(torch::arange(size(), torch::kInt64)); }

TensorDataset::TensorDataset(Batch samples, int64_t num_classes) : samples_(std::move(samples)), classes_(num_classes) {
  if (!samples_.inputs.defined() || samples_.inputs.dim() < 1)
    throw Error("inputs: expected a tensor with one row per sample");
  const int64_t n = samples_.inputs.size(0);
  for (const auto& [t, name] : {std::pair{samples_.labels, "labels"}, std::pair{samples_.clean_labels, "clean_labels"},
                                std::pair{samples_.factors, "factors"}}) {
    if (!t.defined()) continue;
    if (t.dim() < 1 || t.size(0) != n)
      throw Error(std::string(name) + ": expected one row per input (" + std::to_string(n) + "), got " + shape_str(t));
  }
  if (samples_.labels.defined()) {
    if (samples_.labels.dim() != 1 || samples_.labels.scalar_type() != torch::kInt64)
      throw Error("labels: expected a 1-D int64 tensor, got " + shape_str(samples_.labels));
    if (n > 0 && samples_.labels.min().item<int64_t>() < 0) throw Error("labels: expected classes >= 0");
    const int64_t top = n > 0 ? samples_.labels.max().item<int64_t>() + 1 : 0;
    if (classes_ == 0) classes_ = top;
    if (top > classes_)
      throw Error("labels: a label is " + std::to_string(top - 1) + " but num_classes is " + std::to_string(classes_));
  }
  samples_.indices = torch::arange(n, torch::kInt64);
}

Batch TensorDataset::get(const torch::Tensor& indices) const {
  check_indices(indices, size(), "indices");
  return {pick(samples_.inputs, indices), pick(samples_.labels, indices), pick(samples_.clean_labels, indices),
          pick(samples_.factors, indices), indices};
}

Batch TensorDataset::all() const { return samples_; }

std::vector<int64_t> TensorDataset::input_shape() const {
  auto s = samples_.inputs.sizes().vec();
  s.erase(s.begin());
  return s;
}

DatasetPtr subset(DatasetPtr base, torch::Tensor indices) {
  check_indices(indices, base->size(), "subset indices");
  return std::make_shared<SubsetDataset>(std::move(base), indices.contiguous());
}

DatasetPtr head(DatasetPtr base, int64_t n) {
  if (n <= 0 || n >= base->size()) return base;
  return subset(std::move(base), torch::arange(n, torch::kInt64));
}

std::pair<DatasetPtr, DatasetPtr> random_split(DatasetPtr base, int64_t n_first, uint64_t seed) {
  const int64_t n = base->size();
  if (n_first < 0 || n_first > n)
    throw Error("random_split: n_first must lie in [0, " + std::to_string(n) + "], got " + std::to_string(n_first));
  auto gen = make_generator(seed);
  auto order = torch::randperm(n, gen, torch::kInt64);
  return {subset(base, order.slice(0, 0, n_first)), subset(base, order.slice(0, n_first, n))};
}

DatasetPtr with_label_noise(DatasetPtr base, const torch::Tensor& transition, uint64_t seed) {
  const int64_t c = base->num_classes();
  if (c < 2) throw Error("label noise: the data set needs labels of at least 2 classes");
  if (!transition.defined() || transition.dim() != 2 || transition.size(0) != c || transition.size(1) != c)
    throw Error("transition: expected a " + std::to_string(c) + " x " + std::to_string(c) + " matrix, got " +
                (transition.defined() ? shape_str(transition) : std::string("none")));
  auto t = transition.to(torch::kFloat64).cpu();
  check_finite(t, "transition");
  if (t.min().item<double>() < 0 || (t.sum(1) - 1).abs().max().item<double>() > 1e-6)
    throw Error("transition: expected non-negative rows that sum to 1 (row i: P(noisy label | clean label i))");
  auto clean = base->all().true_labels().cpu();
  if (!clean.defined()) throw Error("label noise: the data set has no labels");
  auto gen = make_generator(seed);
  // One uniform per sample against the cumulative row of its class: the same labels for the same seed.
  auto u = torch::rand({clean.size(0), 1}, gen, torch::kFloat64);
  auto cdf = t.cumsum(1).index_select(0, clean);
  cdf.select(1, c - 1).fill_(2.0);  // guard against rounding: the last class closes every row
  auto noisy = (cdf <= u).sum(1).to(torch::kInt64);
  return std::make_shared<NoisyLabelDataset>(std::move(base), noisy);
}

torch::Tensor symmetric_noise(int64_t classes, double r) {
  if (classes < 2 || !(r >= 0 && r <= 1)) throw Error("symmetric_noise: expected classes >= 2 and r in [0, 1]");
  auto t = torch::full({classes, classes}, r / (classes - 1), torch::kFloat64);
  t.fill_diagonal_(1 - r);
  return t;
}

torch::Tensor pair_flip_noise(int64_t classes, double r) {
  if (classes < 2 || !(r >= 0 && r <= 1)) throw Error("pair_flip_noise: expected classes >= 2 and r in [0, 1]");
  auto t = torch::zeros({classes, classes}, torch::kFloat64);
  for (int64_t c = 0; c < classes; ++c) {
    t[c][c] = 1 - r;
    t[c][(c + 1) % classes] = t[c][(c + 1) % classes].item<double>() + r;
  }
  return t;
}

torch::Tensor read_idx(const std::string& path) {
  infotorch::detail::MappedFile file(path, "read_idx");
  const std::string where = "read_idx: '" + path + "'";
  std::string inflated;
  std::string_view bytes = file.bytes();
  if (detail::is_gzip(bytes)) {
    inflated = detail::gunzip(bytes, where, [&](std::string_view head) { return detail::idx_size_limit(head, where); });
    bytes = inflated;
  }
  const auto layout = detail::parse_idx(bytes, where);
  auto t = torch::empty(layout.dims, torch::kUInt8);
  std::memcpy(t.data_ptr<uint8_t>(), bytes.data() + layout.data_offset, layout.count);
  return t;
}

DatasetPtr load_idx_split(const std::string& dir, bool train, int64_t limit) {
  const std::string prefix = train ? "train" : "t10k";
  auto images = read_idx(find_file(dir, prefix + "-images-idx3-ubyte"));
  auto labels = read_idx(find_file(dir, prefix + "-labels-idx1-ubyte"));
  if (images.dim() != 3) throw Error("data_dir: " + prefix + " images must be N x H x W");
  if (labels.dim() != 1 || labels.size(0) != images.size(0))
    throw Error("data_dir: " + prefix + " labels must hold one label per image");
  // The label count is the whole file's, not that of the kept images.
  const int64_t classes = labels.numel() > 0 ? labels.max().item<int64_t>() + 1 : 0;
  if (limit > 0 && limit < images.size(0)) {
    images = images.slice(0, 0, limit);
    labels = labels.slice(0, 0, limit);
  }
  Batch b;
  b.inputs = images.unsqueeze(1).to(torch::kFloat32).div_(255.0).contiguous();
  b.labels = labels.to(torch::kInt64).contiguous();
  return std::make_shared<TensorDataset>(std::move(b), classes);
}

Splits load_idx(const DataOptions& options) {
  return {load_idx_split(options.data_dir, true, options.train_limit), nullptr,
          load_idx_split(options.data_dir, false, options.test_limit)};
}

}  // namespace infotorch::training
