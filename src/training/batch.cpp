#include "infotorch/training/batch.h"

namespace infotorch::training {
namespace {

torch::Tensor moved(const torch::Tensor& t, const torch::Device& device) { return t.defined() ? t.to(device) : t; }
torch::Tensor rows(const torch::Tensor& t, int64_t b, int64_t e) { return t.defined() ? t.slice(0, b, e) : t; }

}  // namespace

Batch Batch::to(const torch::Device& device) const {
  return {moved(inputs, device), moved(labels, device), moved(clean_labels, device), moved(factors, device), indices};
}

Batch Batch::slice(int64_t begin, int64_t end) const {
  return {rows(inputs, begin, end), rows(labels, begin, end), rows(clean_labels, begin, end),
          rows(factors, begin, end), rows(indices, begin, end)};
}

}  // namespace infotorch::training
