#include "infotorch/bounds/minibatch_tc.h"

#include <cmath>

#include "infotorch/core/error.h"
#include "infotorch/core/validate.h"

namespace infotorch::bounds {

MinibatchTc parse_minibatch_tc(const std::string& text, const std::string& name) {
  if (text == "mws") return MinibatchTc::weighted;
  if (text == "mss") return MinibatchTc::stratified;
  throw Error(name + ": expected mws (minibatch-weighted) or mss (minibatch-stratified), got '" + text + "'");
}

torch::Tensor gaussian_log_density_matrix(const torch::Tensor& z, const torch::Tensor& mu, const torch::Tensor& log_var) {
  check_rank(z, 2, "z");
  check_rank(mu, 2, "mu");
  check_rank(log_var, 2, "log_var");
  if (mu.sizes() != z.sizes() || log_var.sizes() != z.sizes())
    throw Error("z, mu, log_var: expected the same shape, got " + shape_str(z) + ", " + shape_str(mu) + ", " +
                shape_str(log_var));
  auto zi = z.unsqueeze(1), mj = mu.unsqueeze(0), lv = log_var.unsqueeze(0);
  return -0.5 * (std::log(2 * M_PI) + lv + (zi - mj).pow(2) * torch::exp(-lv));
}

MinibatchTcTerms minibatch_tc(const torch::Tensor& z, const torch::Tensor& mu, const torch::Tensor& log_var,
                              int64_t dataset_size, MinibatchTc kind) {
  auto l = gaussian_log_density_matrix(z, mu, log_var);
  const int64_t m = z.size(0);
  check_min_samples(m, 2, "z", "a batch of at least 2");
  torch::Tensor log_w;  // M x M
  if (kind == MinibatchTc::weighted) {
    log_w = torch::full({m, m}, -std::log(static_cast<double>(m)), l.options());
  } else {
    if (dataset_size < m)
      throw Error("dataset_size: the stratified estimate needs a data set at least as large as the batch (" +
                  std::to_string(dataset_size) + " < " + std::to_string(m) + ")");
    const double n = static_cast<double>(dataset_size);
    log_w = torch::full({m, m}, std::log((n - 1) / (n * (m - 1))), l.options());
    log_w.diagonal().fill_(-std::log(n));
  }
  MinibatchTcTerms t;
  const auto joint = log_w + l.sum(2);
  t.log_qz = torch::logsumexp(joint, 1);
  {
    torch::NoGradGuard ng;
    t.self_share = torch::exp(joint.diagonal() - t.log_qz).mean();
  }
  t.log_prod_qzj = torch::logsumexp(log_w.unsqueeze(2) + l, 1).sum(1);
  t.tc = (t.log_qz - t.log_prod_qzj).mean();
  return t;
}

torch::Tensor permute_dims(const torch::Tensor& z, at::Generator& generator) {
  check_rank(z, 2, "z");
  const int64_t m = z.size(0), d = z.size(1);
  std::vector<torch::Tensor> cols;
  cols.reserve(d);
  for (int64_t k = 0; k < d; ++k) {
    auto perm = torch::randperm(m, generator, torch::TensorOptions().dtype(torch::kInt64)).to(z.device());
    cols.push_back(z.select(1, k).index_select(0, perm));
  }
  return torch::stack(cols, 1);
}

}  // namespace infotorch::bounds
