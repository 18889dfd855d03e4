#include "infotorch/bounds/gaussian_conditional.h"

#include "infotorch/core/error.h"
#include "infotorch/core/validate.h"

namespace infotorch::bounds {

namespace {
const double kLog2Pi = std::log(2.0 * M_PI);

void check_gaussian_args(const torch::Tensor& mu, const torch::Tensor& logvar, const torch::Tensor& y) {
  check_rank(mu, 2, "mu");
  check_rank(logvar, 2, "logvar");
  check_rank(y, 2, "y");
  if (!mu.sizes().equals(logvar.sizes()))
    throw Error("logvar: expected the shape of mu " + shape_str(mu) + ", got " + shape_str(logvar));
  if (mu.size(1) != y.size(1))
    throw Error("y: expected " + std::to_string(mu.size(1)) + " columns (the dimension of mu), got shape " +
                shape_str(y));
}
}  // namespace

torch::Tensor gaussian_log_prob(const torch::Tensor& mu, const torch::Tensor& logvar, const torch::Tensor& y) {
  check_gaussian_args(mu, logvar, y);
  check_same_rows(mu, y, "mu", "y");
  const double d = static_cast<double>(mu.size(1));
  auto quad = ((y - mu).pow(2) * torch::exp(-logvar)).sum(1);
  return -0.5 * (quad + logvar.sum(1) + d * kLog2Pi);
}

torch::Tensor gaussian_log_prob_matrix(const torch::Tensor& mu, const torch::Tensor& logvar, const torch::Tensor& y) {
  check_gaussian_args(mu, logvar, y);
  const double d = static_cast<double>(mu.size(1));
  // [i, j, :] = y_j - mu_i, scaled by the precision of q(. | x_i).
  auto diff = y.unsqueeze(0) - mu.unsqueeze(1);
  auto quad = (diff.pow(2) * torch::exp(-logvar).unsqueeze(1)).sum(2);
  return -0.5 * (quad + logvar.sum(1, /*keepdim=*/true) + d * kLog2Pi);
}

GaussianConditionalImpl::GaussianConditionalImpl(const GaussianConditionalOptions& options) : options_(options) {
  if (options_.x_dim < 1 || options_.y_dim < 1 || options_.hidden < 1)
    throw Error("GaussianConditional: expected x_dim, y_dim and hidden >= 1, got " + std::to_string(options_.x_dim) +
                ", " + std::to_string(options_.y_dim) + " and " + std::to_string(options_.hidden));
  if (!(options_.max_logvar > 0) || !std::isfinite(options_.max_logvar))
    throw Error("GaussianConditional: max_logvar: expected a positive number");
  auto head = [&] {
    return torch::nn::Sequential(torch::nn::Linear(options_.x_dim, options_.hidden), torch::nn::ReLU(),
                                 torch::nn::Linear(options_.hidden, options_.y_dim));
  };
  mu_ = register_module("mu", head());
  logvar_ = register_module("logvar", head());
}

std::pair<torch::Tensor, torch::Tensor> GaussianConditionalImpl::forward(const torch::Tensor& x) {
  check_rank(x, 2, "x");
  if (x.size(1) != options_.x_dim)
    throw Error("x: expected " + std::to_string(options_.x_dim) + " columns, got shape " + shape_str(x));
  const double b = options_.max_logvar;
  return {mu_->forward(x), b * torch::tanh(logvar_->forward(x) / b)};
}

torch::Tensor GaussianConditionalImpl::log_prob(const torch::Tensor& x, const torch::Tensor& y) {
  auto [mu, logvar] = forward(x);
  return gaussian_log_prob(mu, logvar, y);
}

torch::Tensor GaussianConditionalImpl::log_prob_matrix(const torch::Tensor& x, const torch::Tensor& y) {
  auto [mu, logvar] = forward(x);
  return gaussian_log_prob_matrix(mu, logvar, y);
}

torch::Tensor GaussianConditionalImpl::nll(const torch::Tensor& x, const torch::Tensor& y) {
  return -log_prob(x, y).mean();
}

}  // namespace infotorch::bounds
