#include "infotorch/training/dsprites.h"

#include <cmath>

#include "infotorch/core/error.h"
#include "infotorch/training/augment.h"

namespace infotorch::training {

void declare(OptionList& list, DspritesOptions& o) {
  list.add("dsprites_image_size", o.image_size, "dSprites images: pixels per side (64: the original; 32: the same shapes, coarser)")
      .add("dsprites_samples", o.samples, "dSprites factor combinations drawn from the 737,280 (0: the full grid)")
      .add("dsprites_seed", o.seed, "seed of the drawn combinations");
}

void check(const DspritesOptions& o) {
  if (o.image_size < 8 || o.image_size > 512)
    throw Error("dsprites_image_size: expected 8 to 512 pixels, got " + std::to_string(o.image_size));
  if (o.samples < 0 || o.samples > kDspritesCombinations)
    throw Error("dsprites_samples: expected 0 (the full grid) to 737280, got " + std::to_string(o.samples));
}

torch::Tensor dsprites_factors_at(const torch::Tensor& rows) {
  auto r = rows.to(torch::kInt64).reshape({-1});
  if (r.numel() > 0 && (r.min().item<int64_t>() < 0 || r.max().item<int64_t>() >= kDspritesCombinations))
    throw Error("dsprites: factor grid rows must lie in [0, 737280)");
  auto out = torch::empty({r.size(0), 5}, torch::kInt64);
  for (int f = 4; f >= 0; --f) {
    out.select(1, f).copy_(r.remainder(kDspritesFactorSizes[f]));
    r = r.div(kDspritesFactorSizes[f], "floor");
  }
  return out;
}

torch::Tensor dsprites_factor_grid() { return dsprites_factors_at(torch::arange(kDspritesCombinations, torch::kInt64)); }

torch::Tensor dsprites_values(const torch::Tensor& factors) {
  auto f = factors.to(torch::kFloat64);
  return torch::stack({f.select(1, 0), 0.5 + 0.1 * f.select(1, 1), f.select(1, 2) * (2 * M_PI / 40),
                       f.select(1, 3) / 31.0, f.select(1, 4) / 31.0},
                      1);
}

namespace {

void check_dsprites_factors(const torch::Tensor& factors) {
  if (factors.dim() != 2 || factors.size(1) != 5 || factors.scalar_type() != torch::kInt64)
    throw Error("dsprites: factors must be M x 5 int64 value indices");
  for (int f = 0; f < 5; ++f) {
    auto c = factors.select(1, f);
    if (c.numel() > 0 && (c.min().item<int64_t>() < 0 || c.max().item<int64_t>() >= kDspritesFactorSizes[f]))
      throw Error("dsprites: factor " + std::to_string(f) + " index out of range");
  }
}

// One chunk of a single shape: M x 5 factors -> M x S x S uint8. float32 is exact enough: the symmetry rotations
// are coordinate swaps and sign flips, exact in any precision.
torch::Tensor render_dsprites_chunk(const torch::Tensor& factors, int64_t shape, int64_t s) {
  const auto opts = torch::TensorOptions().dtype(torch::kFloat32);
  const int64_t m = factors.size(0);
  auto f = factors.to(torch::kFloat64);
  auto radius = (0.15 * (0.5 + 0.1 * f.select(1, 1))).view({m, 1, 1}).to(torch::kFloat32);
  auto k = factors.select(1, 2);
  auto quarter = k.div(10, "floor").view({m, 1, 1});  // whole quarter turns
  auto rest = (k.remainder(10).to(torch::kFloat64) * (2 * M_PI / 40)).view({m, 1, 1}).to(torch::kFloat32);
  auto cx = (0.22 + 0.56 * f.select(1, 3) / 31.0).view({m, 1, 1}).to(torch::kFloat32);
  auto cy = (0.22 + 0.56 * f.select(1, 4) / 31.0).view({m, 1, 1}).to(torch::kFloat32);
  auto grid = (torch::arange(s, opts) + 0.5) / static_cast<double>(s);
  auto dx = (grid.view({1, 1, s}) - cx) / radius;  // M x 1 x S (columns)
  auto dy = (grid.view({1, s, 1}) - cy) / radius;  // M x S x 1 (rows)
  // Undo the remaining rotation by -rest: R(-phi) d.
  auto c = torch::cos(rest), sn = torch::sin(rest);
  auto u = c * dx + sn * dy;
  auto v = -sn * dx + c * dy;
  // Undo q quarter turns exactly: each maps (u, v) -> (v, -u) (the inverse of a +90 degree turn).
  for (int64_t q = 1; q <= 3; ++q) {
    auto on = quarter >= q;
    auto nu = torch::where(on, v, u), nv = torch::where(on, -u, v);
    u = nu;
    v = nv;
  }
  torch::Tensor on;
  if (shape == 0) {
    on = torch::max(u.abs(), v.abs()) <= 1.0;
  } else if (shape == 1) {
    on = u.pow(2) + (2 * v).pow(2) <= 1.0;
  } else {
    auto a2 = (1.2 * u).pow(2), b = 0.1 - 1.2 * v;
    on = (a2 + b.pow(2) - 1).pow(3) - a2 * b.pow(3) <= 0.0;
  }
  return on.to(torch::kUInt8);
}

}  // namespace

torch::Tensor render_dsprites(const torch::Tensor& factors, int64_t image_size) {
  check(DspritesOptions{image_size, 0, 0});
  check_dsprites_factors(factors);
  torch::NoGradGuard ng;
  const int64_t m = factors.size(0);
  auto out = torch::empty({m, image_size, image_size}, torch::kUInt8);
  // Each shape's rows on their own (only its test is evaluated), in chunks of about 4M pixels (16 MB temporaries).
  const int64_t chunk = std::max<int64_t>(1, (int64_t{1} << 22) / (image_size * image_size));
  for (int64_t shape = 0; shape < 3; ++shape) {
    auto rows = (factors.select(1, 0) == shape).nonzero().view({-1});
    for (int64_t i = 0; i < rows.size(0); i += chunk) {
      auto at = rows.slice(0, i, std::min(rows.size(0), i + chunk));
      out.index_copy_(0, at, render_dsprites_chunk(factors.index_select(0, at), shape, image_size));
    }
  }
  return out;
}

DspritesDataset::DspritesDataset(torch::Tensor factors, int64_t image_size)
    : factors_(factors.contiguous()), images_(render_dsprites(factors_, image_size)), size_(image_size) {}

Batch DspritesDataset::get(const torch::Tensor& indices) const {
  Batch b;
  auto idx = indices.to(torch::kInt64);
  b.inputs = images_.index_select(0, idx).unsqueeze(1).to(torch::kFloat32);
  b.factors = factors_.index_select(0, idx);
  b.indices = idx;
  return b;
}

Splits dsprites_splits(const DspritesOptions& o) {
  check(o);
  torch::Tensor rows;
  if (o.samples == 0) {
    rows = torch::arange(kDspritesCombinations, torch::kInt64);
  } else {
    auto gen = make_generator(o.seed);
    rows = torch::randperm(kDspritesCombinations, gen, torch::kInt64).slice(0, 0, o.samples);
  }
  auto set = std::make_shared<DspritesDataset>(dsprites_factors_at(rows), o.image_size);
  return {set, nullptr, set};
}

}  // namespace infotorch::training
