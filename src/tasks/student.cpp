#include "infotorch/tasks/student.h"

#include <cmath>
#include <cstdio>

#include "infotorch/core/error.h"
#include "infotorch/core/numerics.h"
#include "infotorch/tasks/multinormal.h"

namespace infotorch::tasks {

double student_entropy(int64_t k, double nu) {
  const double kd = static_cast<double>(k), a = 0.5 * (nu + kd), b = 0.5 * nu;
  return -std::lgamma(a) + std::lgamma(b) + 0.5 * kd * std::log(nu * M_PI) + a * (digamma(a) - digamma(b));
}

StudentTask::StudentTask(int64_t dx, int64_t dy, double nu, double rho) : dx_(dx), dy_(dy), nu_(nu), rho_(rho) {
  if (dx < 1 || dy < 1) throw Error("student task: dx and dy must be >= 1");
  if (!(nu > 0) || !std::isfinite(nu)) throw Error("student task: nu must be a positive number");
  auto sigma = sparse_covariance(dx, dy, std::min(dx, dy), rho);
  chol_ = torch::linalg_cholesky(sigma);
  // The ln|Sigma|/2 terms of the three entropies combine into the Gaussian MI of the dispersion.
  mi_ = student_entropy(dx, nu) + student_entropy(dy, nu) - student_entropy(dx + dy, nu) + gaussian_mi(sigma, dx);
}

std::pair<torch::Tensor, torch::Tensor> StudentTask::sample(int64_t n, at::Generator& gen) const {
  auto opts = torch::TensorOptions().dtype(torch::kFloat64);
  auto z = torch::matmul(torch::randn({n, dx_ + dy_}, gen, opts), chol_.t());
  // chi2(nu) = 2 Gamma(nu/2, 1).
  auto w = 2 * at::_standard_gamma(torch::full({n, 1}, 0.5 * nu_, opts), gen);
  auto v = z / torch::sqrt(w / nu_);
  return {v.slice(1, 0, dx_).contiguous(), v.slice(1, dx_, dx_ + dy_).contiguous()};
}

std::string StudentTask::spec() const {
  char buf[128];
  std::snprintf(buf, sizeof buf, "student:dx=%lld,dy=%lld,nu=%.17g", static_cast<long long>(dx_),
                static_cast<long long>(dy_), nu_);
  std::string s = buf;
  if (rho_ != 0) {
    std::snprintf(buf, sizeof buf, ",rho=%.17g", rho_);
    s += buf;
  }
  return s;
}

}  // namespace infotorch::tasks
