#include "infotorch/core/standardise.h"

namespace infotorch {

Standardiser Standardiser::fit(const torch::Tensor& train) {
  auto t = train.to(torch::kFloat64);
  Standardiser s;
  s.mean = t.mean(0, true);
  auto sd = train.size(0) > 1 ? t.std(0, /*unbiased=*/true, /*keepdim=*/true) : torch::zeros_like(s.mean);
  // A constant column has nothing to scale: dividing by its zero spread would make NaN.
  s.scale = torch::where(sd > 0, sd, torch::ones_like(sd));
  return s;
}

torch::Tensor Standardiser::apply(const torch::Tensor& t) const {
  auto dtype = t.is_floating_point() ? t.scalar_type() : torch::kFloat64;
  auto d = t.to(torch::kFloat64);
  return ((d - mean.to(d.device())) / scale.to(d.device())).to(dtype);
}

}  // namespace infotorch
