#include "infotorch/infoplane/binning.h"

#include "infotorch/core/error.h"

namespace infotorch::infoplane {

torch::Tensor bin_indices(const torch::Tensor& t_in, const BinOptions& o) {
  if (o.bins < 1) throw Error("bins: expected at least 1 bin");
  const auto t = t_in.to(torch::kDouble);
  if (o.size > 0) return torch::floor(t / o.size).to(torch::kLong);
  if (o.adaptive) {
    // Column c's edges are its values at ranks floor(k N / bins), k = 1 .. bins - 1; a value's bin is the number
    // of edges at or below it, so equal values share a bin however the ranks fall.
    const int64_t n = t.size(0);
    if (o.bins == 1) return torch::zeros_like(t, torch::kLong);
    const auto sorted = std::get<0>(t.sort(0));
    const auto ranks = (torch::arange(1, o.bins, torch::kLong) * n).div(o.bins, "floor");
    const auto edges = sorted.index_select(0, ranks).t().contiguous();  // d x (bins - 1), rows sorted
    return torch::searchsorted(edges, t.t().contiguous(), /*out_int32=*/false, /*right=*/true).t().contiguous();
  }
  const double lo = t.min().item<double>(), hi = t.max().item<double>();
  if (!(hi > lo)) return torch::zeros_like(t, torch::kLong);  // a constant layer: one bin
  return torch::floor((t - lo) / (hi - lo) * static_cast<double>(o.bins)).clamp(0, o.bins - 1).to(torch::kLong);
}

torch::Tensor row_symbols(const torch::Tensor& indices) {
  return std::get<1>(torch::unique_dim(indices, 0, /*sorted=*/true, /*return_inverse=*/true));
}

double symbol_entropy(const torch::Tensor& symbols) {
  const auto counts = torch::bincount(symbols.flatten()).to(torch::kDouble);
  const auto p = counts.masked_select(counts > 0) / static_cast<double>(symbols.numel());
  return -(p * torch::log2(p)).sum().item<double>();
}

PlanePoint binned_plane(const torch::Tensor& t, const torch::Tensor& labels, const BinOptions& options) {
  check_activations(t, labels);
  const auto symbols = row_symbols(bin_indices(t, options));
  const int64_t classes = labels.max().item<int64_t>() + 1;
  PlanePoint p;
  p.ixt = symbol_entropy(symbols);
  // I(T;Y) = H(T) + H(Y) - H(T, Y), the joint symbol being (symbol, label).
  p.ity = p.ixt + symbol_entropy(labels) - symbol_entropy(symbols * classes + labels);
  return p;
}

}  // namespace infotorch::infoplane
