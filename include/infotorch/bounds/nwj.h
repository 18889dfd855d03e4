// NWJ (Nguyen, Wainwright & Jordan 2010; f-GAN KL bound; Poole et al. 2019, Eq. 7):
//   I(X; Y) >= E_P[f] - e^{-1} E_Q[e^f],
// i.e. TUBA with the constant baseline a = e: nwj(S) = tuba(S - 1). Tight at f = 1 + log r
// (r = p(x,y)/(p(x)p(y))); at f = log r it reads I - 1/e.
#pragma once
#include "infotorch/bounds/bound.h"

namespace infotorch::bounds {

struct NwjOptions {};

// loss = -mi.
Estimate nwj(const Scores& scores, const NwjOptions& options = {});

class NwjBound : public Bound {
 public:
  explicit NwjBound(const NwjOptions& options = {}) : options_(options) {}
  Estimate forward(const Scores& scores) override { return nwj(scores, options_); }
  std::string spec() const override { return "nwj"; }

 private:
  NwjOptions options_;
};

}  // namespace infotorch::bounds
