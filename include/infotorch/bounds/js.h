// Jensen-Shannon objective of Deep InfoMax (Hjelm et al. 2019, Eq. 4; Nowozin et al. 2016 f-GAN):
//   J(f) = E_P[-softplus(-f)] - E_Q[softplus(f)],
// a lower bound on 2 JSD(P || Q) - 2 log 2, maximised by the discriminator logit f* = log r,
// r = p(x,y)/(p(x)p(y)). J is not an MI value; the MI is read out through a bound that is tight at f = log r.
//
// The readout. TUBA with a = 1 (Poole et al. 2019, Eq. 6) gives
//   tuba(f) = 1 + E_P[f] - E_Q[e^f],  and at f = log r:  1 + I - E_Q[r] = 1 + I - 1 = I   (E_Q[r] = 1),
// so tuba(f) is unbiased at the JS optimum. NWJ is TUBA with a = e, nwj(f) = tuba(f - 1), whose own optimum is
// f = 1 + log r; reading the JS critic through nwj(f) instead gives E_P[log r] - e^{-1} E_Q[r] = I - 1/e,
// low by 1/e = 0.368 nats. The correct readout is therefore nwj(f + 1) = tuba(f), used here.
//
// Gradients: the readout carries J's gradient (stop-gradient trick, mi = J + stopgrad(tuba(f) - J)),
// and loss = -J, so training follows the JS objective while mi reports nats.
#pragma once
#include "infotorch/bounds/bound.h"

namespace infotorch::bounds {

struct JsOptions {};

// J(f) over a score matrix: the diagonal are the P samples, the off-diagonal entries the Q samples.
torch::Tensor js_objective(const Scores& scores);

// mi: value tuba(S) (a = 1), gradient of J; loss = -J.
Estimate js(const Scores& scores, const JsOptions& options = {});

class JsBound : public Bound {
 public:
  explicit JsBound(const JsOptions& options = {}) : options_(options) {}
  Estimate forward(const Scores& scores) override { return js(scores, options_); }
  std::string spec() const override { return "js"; }

 private:
  JsOptions options_;
};

}  // namespace infotorch::bounds
