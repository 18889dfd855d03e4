#include "infotorch/bounds/gaussian_kl.h"

#include "infotorch/core/validate.h"

namespace infotorch::bounds {

Estimate gaussian_kl(const torch::Tensor& mu, const torch::Tensor& logvar) {
  check_rank(mu, 2, "mu");
  check_rank(logvar, 2, "logvar");
  if (!mu.sizes().equals(logvar.sizes()))
    throw Error("logvar: expected the shape of mu " + shape_str(mu) + ", got " + shape_str(logvar));
  check_finite(mu, "mu");
  check_finite(logvar, "logvar");
  auto kl = 0.5 * (mu.pow(2) + torch::exp(logvar) - logvar - 1.0).sum(1);
  auto mi = kl.mean();
  return {mi, mi};
}

}  // namespace infotorch::bounds
