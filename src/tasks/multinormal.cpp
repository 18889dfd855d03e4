#include "infotorch/tasks/multinormal.h"

#include <cmath>

#include "infotorch/core/error.h"

namespace infotorch::tasks {

namespace {
double logdet_spd(const torch::Tensor& a) {
  // 2 * sum log diag(chol): stable for well-conditioned SPD matrices.
  auto l = torch::linalg_cholesky(a);
  return 2.0 * l.diagonal().log().sum().item<double>();
}
}  // namespace

double gaussian_mi(const torch::Tensor& sigma, int64_t dx) {
  auto d = sigma.size(0);
  auto sxx = sigma.slice(0, 0, dx).slice(1, 0, dx);
  auto syy = sigma.slice(0, dx, d).slice(1, dx, d);
  return 0.5 * (logdet_spd(sxx) + logdet_spd(syy) - logdet_spd(sigma));
}

MultinormalTask::MultinormalTask(torch::Tensor sigma, int64_t dx, std::string spec)
    : sigma_(sigma.to(torch::kFloat64).contiguous()), dx_(dx), spec_(std::move(spec)) {
  if (sigma_.dim() != 2 || sigma_.size(0) != sigma_.size(1))
    throw Error(spec_ + ": covariance must be a square matrix");
  if (dx < 1 || dx >= sigma_.size(0)) throw Error(spec_ + ": need dx >= 1 and dy >= 1");
  dy_ = sigma_.size(0) - dx;
  auto res = torch::linalg_cholesky_ex(sigma_);
  if (std::get<1>(res).item<int64_t>() != 0) throw Error(spec_ + ": covariance is not positive definite");
  chol_ = std::get<0>(res);
  mi_ = gaussian_mi(sigma_, dx_);
}

std::pair<torch::Tensor, torch::Tensor> MultinormalTask::sample(int64_t n, at::Generator& gen) const {
  auto z = torch::randn({n, dx_ + dy_}, gen, torch::TensorOptions().dtype(torch::kFloat64));
  auto v = torch::matmul(z, chol_.t());
  return {v.slice(1, 0, dx_).contiguous(), v.slice(1, dx_, dx_ + dy_).contiguous()};
}

torch::Tensor dense_covariance(int64_t dx, int64_t dy, double corr) {
  int64_t d = dx + dy;
  // Positive definite iff -1/(d-1) < corr < 1.
  if (!(corr < 1) || !(corr > -1.0 / static_cast<double>(d - 1)))
    throw Error("dense task: corr must lie in (-1/(dx+dy-1), 1), got " + std::to_string(corr));
  auto opts = torch::TensorOptions().dtype(torch::kFloat64);
  return (1 - corr) * torch::eye(d, opts) + corr * torch::ones({d, d}, opts);
}

torch::Tensor sparse_covariance(int64_t dx, int64_t dy, int64_t k, double rho) {
  if (k < 0 || k > std::min(dx, dy))
    throw Error("task: k (correlated pairs) must lie in [0, min(dx, dy)], got " + std::to_string(k));
  if (!(std::abs(rho) < 1)) throw Error("task: rho must lie in (-1, 1), got " + std::to_string(rho));
  auto s = torch::eye(dx + dy, torch::TensorOptions().dtype(torch::kFloat64));
  for (int64_t i = 0; i < k; ++i) {
    s.index_put_({i, dx + i}, rho);
    s.index_put_({dx + i, i}, rho);
  }
  return s;
}

torch::Tensor mix_covariance(const torch::Tensor& sigma, int64_t dx, uint64_t mix_seed) {
  auto gen = make_generator(mix_seed);
  auto opts = torch::TensorOptions().dtype(torch::kFloat64);
  auto d = sigma.size(0);
  auto block = [&](int64_t m) {
    auto q = std::get<0>(torch::linalg_qr(torch::randn({m, m}, gen, opts)));
    auto scale = torch::exp(torch::rand({m}, gen, opts) - 0.5);
    return torch::matmul(q, torch::diag(scale));
  };
  auto a = torch::zeros({d, d}, opts);
  a.slice(0, 0, dx).slice(1, 0, dx).copy_(block(dx));
  a.slice(0, dx, d).slice(1, dx, d).copy_(block(d - dx));
  auto m = torch::matmul(torch::matmul(a, sigma), a.t());
  return 0.5 * (m + m.t());  // exact symmetry for the Cholesky factorisation
}

}  // namespace infotorch::tasks
