// MINE (Belghazi et al. 2018, Sec. 3.2 and Algorithm 1): the Donsker-Varadhan value, trained with a
// bias-corrected gradient. The plain DV gradient, grad E_B[f] - grad E_B[e^f] / E_B[e^f], is biased because
// the denominator is a mini-batch mean; MINE replaces it with m_t, an exponential moving average of
// E_Q[e^f] over batches, i.e. it descends the surrogate
//   loss = -(E_P[f] - E_Q[e^f] / stopgrad(m_t)).
// m_t is kept as log m_t and updated with logaddexp, so it stays finite when e^f over/underflows:
//   log m_t = log((1 - ema) m_{t-1} + ema E_Q[e^f]),   log m_1 = log E_Q[e^f]  (the first step initialises it).
// The batch's own E_Q[e^f] enters m_t before the gradient is taken (so step 1 gives exactly the DV gradient).
#pragma once
#include "infotorch/bounds/bound.h"

namespace infotorch::bounds {

struct MineOptions {
  double ema = 0.01;  // moving-average rate in (0, 1]; 1 means no averaging (plain DV gradient)
};

// `log_ema` is the state: pass an undefined tensor on the first step; it is replaced by the updated
// log m_t (a detached float64 scalar on the scores' device) when `update` is true.
// mi = DV value; loss has the value -mi and the gradient of the surrogate above.
Estimate mine(const Scores& scores, torch::Tensor& log_ema, const MineOptions& options = {},
              bool update = true);

// Keeps log m_t as a buffer (saved with the module, moved by .to(device)); updates it only in training mode.
class MineBound : public Bound {
 public:
  explicit MineBound(const MineOptions& options = {});
  Estimate forward(const Scores& scores) override;
  std::string spec() const override;
  // log m_t; -inf until the first training step.
  torch::Tensor log_ema() const { return log_ema_; }

 private:
  MineOptions options_;
  torch::Tensor log_ema_;
};

}  // namespace infotorch::bounds
