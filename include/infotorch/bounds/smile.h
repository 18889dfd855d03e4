// SMILE (Song & Ermon 2020, Eq. 17 and Sec. 5): the DV value with the product-of-marginals scores clipped,
//   mi = mean(diag S) - LME(clip(offdiag S, -tau, tau)),
// which bounds the variance of the partition-function term (their Theorem 2), trained with the JS gradient
// (Deep InfoMax's objective, see js.h) since the clipped value itself is a poor training signal.
// As tau -> infinity the value is DV's.
#pragma once
#include "infotorch/bounds/bound.h"

namespace infotorch::bounds {

struct SmileOptions {
  double tau = 5.0;  // clip threshold (> 0); 5 is Song & Ermon's usual choice
};

// mi: the SMILE value with the JS objective's gradient; loss = -mi.
Estimate smile(const Scores& scores, const SmileOptions& options = {});

class SmileBound : public Bound {
 public:
  explicit SmileBound(const SmileOptions& options = {});
  Estimate forward(const Scores& scores) override { return smile(scores, options_); }
  std::string spec() const override;

 private:
  SmileOptions options_;
};

}  // namespace infotorch::bounds
