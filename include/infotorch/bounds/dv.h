// Donsker-Varadhan bound (Donsker & Varadhan 1983; as an MI estimator Belghazi et al. 2018, Eq. 2):
//   I(X; Y) >= E_P[f] - log E_Q[e^f],
// read on a K x K score matrix as mean(diag S) - log-mean-exp(off-diagonal S).
// Not a lower bound batch by batch (the log of a sample mean is biased), only in expectation as K grows.
#pragma once
#include "infotorch/bounds/bound.h"

namespace infotorch::bounds {

struct DvOptions {};

// mi = mean(diag) - LME(offdiag); loss = -mi.
Estimate dv(const Scores& scores, const DvOptions& options = {});

class DvBound : public Bound {
 public:
  explicit DvBound(const DvOptions& options = {}) : options_(options) {}
  Estimate forward(const Scores& scores) override { return dv(scores, options_); }
  std::string spec() const override { return "dv"; }

 private:
  DvOptions options_;
};

}  // namespace infotorch::bounds
