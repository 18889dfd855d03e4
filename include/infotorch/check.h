// Self-consistency diagnostics of an MI estimate on the user's own data (Song & Ermon 2020, "Understanding the
// limitations of variational mutual information estimators", ICLR, Sec. 6: independence, data processing,
// additivity), plus convergence with the number of samples. Each diagnostic re-runs the estimator on
// transformed data and passes or warns, with what a warning means:
//   independence   Y's rows shuffled (permutations draws): the estimates should be ~0; the p-value of the real
//                  estimate against them
//   processing     I(X; g(Y)) <= I(X; Y) for a lossy channel g: g(Y) = Y + noise * sd(Y) * eps, or for a discrete Y
//                  each entry redrawn from its column with probability noise / (1 + noise)
//   additivity     two independent halves side by side: I([X1, X2]; [Y1, Y2]) = I(X1; Y1) + I(X2; Y2)
//   convergence    estimates on N/4, N/2 and N rows: the last step should move less than its error bar
// A check passes when the gap it tests lies within `tolerance` nats (or `relative` of the MI, whichever is
// larger) plus two standard errors where the estimator gives them. Cost: permutations + 7 estimates.
#pragma once
#include <torch/torch.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "infotorch/estimate.h"

namespace infotorch {

struct CheckOptions {
  int64_t permutations = 10;
  double noise = 1.0;       // processing: noise standard deviation in units of each column's sd (discrete Y:
                            // the redraw probability is noise / (1 + noise))
  double tolerance = 0.05;  // nats
  double relative = 0.1;    // of the MI
  uint64_t seed = 0;
};

struct CheckRow {
  std::string name;     // independence, processing, additivity, convergence
  bool pass = true;
  std::string detail;   // the numbers, in one line
  std::string meaning;  // what a warning means (empty when it passes)
  std::map<std::string, double> values;
};

struct CheckReport {
  std::string estimator;
  double mi_nats = 0;
  double stderr_nats = NAN;
  int64_t n = 0;
  std::vector<CheckRow> rows;
  bool all_pass() const;
};

// An estimator as the checks see it: (x, y) -> (estimate in nats, standard error or NaN).
using CheckedEstimator = std::function<std::pair<double, double>(const torch::Tensor&, const torch::Tensor&)>;

CheckReport check_estimator(const torch::Tensor& x, const torch::Tensor& y, const CheckedEstimator& estimator,
                            const CheckOptions& options = {});
// The same with infotorch::estimate() under `estimate` (asking for its standard error).
CheckReport check_estimate(const torch::Tensor& x, const torch::Tensor& y, const EstimateOptions& estimate,
                           const CheckOptions& options = {});

}  // namespace infotorch
