// Multivariate Student-t (x, y) with nu degrees of freedom and dispersion Sigma (identity, or x_i ~ y_i
// correlated rho): z ~ N(0, Sigma), w ~ chi2(nu), (x, y) = z / sqrt(w / nu).
// MI from the entropies (Beyond Normal): I = h(dx) + h(dy) - h(dx + dy) with
// h(k, nu) = -lnG((nu+k)/2) + lnG(nu/2) + (k/2) ln(nu pi) + ((nu+k)/2)[psi((nu+k)/2) - psi(nu/2)] + ln|Sigma|/2.
#pragma once
#include "infotorch/tasks/task.h"

namespace infotorch::tasks {

// The entropy of a k-dimensional Student-t with identity dispersion (nats).
double student_entropy(int64_t k, double nu);

class StudentTask : public Task {
 public:
  StudentTask(int64_t dx, int64_t dy, double nu, double rho = 0);
  std::pair<torch::Tensor, torch::Tensor> sample(int64_t n, at::Generator& gen) const override;
  double mi() const override { return mi_; }
  int64_t dim_x() const override { return dx_; }
  int64_t dim_y() const override { return dy_; }
  std::string spec() const override;

 private:
  int64_t dx_, dy_;
  double nu_, rho_, mi_;
  torch::Tensor chol_;
};

}  // namespace infotorch::tasks
