#include "infotorch/critics/critic.h"

#include "infotorch/core/validate.h"

namespace infotorch::critics {

std::pair<torch::Tensor, torch::Tensor> check_critic_inputs(const torch::Tensor& x, const torch::Tensor& y,
                                                            int64_t dx, int64_t dy, const torch::Tensor& like,
                                                            bool same_rows) {
  check_rank(x, 2, "x");
  check_rank(y, 2, "y");
  if (x.size(1) != dx)
    throw Error("x: expected " + std::to_string(dx) + " columns (the critic's dx), got shape " + shape_str(x));
  if (y.size(1) != dy)
    throw Error("y: expected " + std::to_string(dy) + " columns (the critic's dy), got shape " + shape_str(y));
  if (x.size(0) == 0 || y.size(0) == 0)
    throw Error("x, y: expected at least one row (sample), got shapes " + shape_str(x) + " and " + shape_str(y));
  if (same_rows) check_same_rows(x, y, "x", "y");
  auto opts = like.options();
  return {x.to(opts.device(), opts.dtype()), y.to(opts.device(), opts.dtype())};
}

}  // namespace infotorch::critics
