// Binning estimators of the information plane (Shwartz-Ziv & Tishby 2017; Saxe et al. 2018): T is discretised
// unit by unit, each row's bin vector is one symbol, and with distinct inputs I(X;T) = H(T_bin) and
// I(T;Y) = H(T_bin) + H(Y) - H(T_bin, Y). Both are plug-in entropies of the N evaluation rows, so
// I(X;T) <= log2 N and I(T;Y) <= H(Y).
#pragma once
#include <torch/torch.h>

#include <cstdint>

#include "infotorch/infoplane/plane.h"

namespace infotorch::infoplane {

struct BinOptions {
  int64_t bins = 30;      // equal-width bins over the observed range [min T, max T] (Shwartz-Ziv & Tishby: 30)
  double size = 0;        // > 0: bins of this width from 0, floor(t / size), instead of a count (Saxe: 0.07)
  bool adaptive = false;  // per-unit quantile bins: `bins` bins holding equal numbers of rows
};

// N x d int64 bin indices of t under the options.
torch::Tensor bin_indices(const torch::Tensor& t, const BinOptions& options);
// One symbol per row: rows with equal bin vectors get equal ids (0 .. distinct - 1).
torch::Tensor row_symbols(const torch::Tensor& indices);
// Plug-in entropy (bits) of a vector of symbols.
double symbol_entropy(const torch::Tensor& symbols);

PlanePoint binned_plane(const torch::Tensor& t, const torch::Tensor& labels, const BinOptions& options = {});

}  // namespace infotorch::infoplane
