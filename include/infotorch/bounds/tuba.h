// TUBA, the tractable unnormalised Barber-Agakov bound (Poole et al. 2019, Eq. 6):
//   I(X; Y) >= 1 + E_P[f(x, y) - log a(y)] - E_Q[e^{f(x, y)} / a(y)],
// tight at f = log p(x,y)/(p(x)p(y)) with a = 1 (or any f + log a(y) equal to that). The baseline a(y) may be
// a constant, a per-y value (a learned network of y), or, in I_alpha, a batch average.
// With S_ij = f(x_i, y_j), a baseline for y_j applies to column j.
#pragma once
#include "infotorch/bounds/bound.h"

namespace infotorch::bounds {

struct TubaOptions {
  double log_a = 0.0;  // log of a constant baseline (a = 1); the initial value when learned
  bool learn = true;   // module only: learn log_a by gradient (add the bound's parameters to the optimiser)
};

// `log_baseline`: undefined (then the constant options.log_a is used), a scalar, or a K-vector log a(y_j)
// (differentiable, so a baseline network trains through the loss). loss = -mi.
Estimate tuba(const Scores& scores, const TubaOptions& options = {},
              const torch::Tensor& log_baseline = torch::Tensor());

// State: a scalar log-baseline, a parameter when options.learn (else a buffer).
class TubaBound : public Bound {
 public:
  explicit TubaBound(const TubaOptions& options = {});
  Estimate forward(const Scores& scores) override;
  // With a per-y baseline computed elsewhere (a K-vector log a(y_j)); the module's own log_a is not used.
  Estimate forward(const torch::Tensor& scores, const torch::Tensor& log_baseline);
  std::string spec() const override;
  torch::Tensor log_a() const { return log_a_; }

 private:
  TubaOptions options_;
  torch::Tensor log_a_;
};

}  // namespace infotorch::bounds
