// `estimator = "auto"`: picks a formulation from what the data look like, and says why.
//
// Facts read from the data (DataFacts): N, the dimensions, whether each variable is discrete (every column
// integer-valued with at most max(2, N/5) distinct values, or any column with at most 20 distinct values),
// continuous, or mixed (some columns discrete, or a continuous column with an atom holding >= 5 % of the rows),
// heavy tails (a column whose sample excess kurtosis exceeds 6), and the MI scale (the Gaussian-copula
// estimate, which costs one correlation matrix).
// The rules, each backed by a measurement (docs/results/knn.md, "Choosing"):
//   both discrete                     -> discrete (plug-in)
//   one discrete, one continuous      -> ross (the discrete variable as x; MI is symmetric)
//   a mixed variable                  -> mixed (Gao et al.: ties are information, not noise)
//   continuous, dx + dy <= 20         -> ksg:k=3,copula=true (invariant under monotone maps; never worse than
//                                        raw KSG beyond the seed spread on the suite)
//   continuous, dx + dy > 20          -> gaussian:copula=true when N < 2,000, else smile:tau=5 with the concat
//                                        critic: kNN estimators collapse in high dimension (measured)
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace infotorch {

struct DataFacts {
  int64_t n = 0, dx = 0, dy = 0;
  std::string x_kind, y_kind;  // "discrete", "continuous" or "mixed"
  bool heavy_tails = false;
  double copula_gaussian_mi = 0;  // nats: the MI scale
};

struct Choice {
  std::string estimator;  // a spec estimate() accepts
  std::string critic;     // for a variational choice (empty otherwise)
  bool swap = false;      // estimate I(Y; X) (the discrete variable first)
  std::string why;        // one sentence: the facts and the rule
  DataFacts facts;
};

DataFacts describe(const torch::Tensor& x, const torch::Tensor& y);
// The kind of one variable (N x d): "discrete", "continuous" or "mixed".
std::string variable_kind(const torch::Tensor& v);
Choice choose_estimator(const torch::Tensor& x, const torch::Tensor& y);

}  // namespace infotorch
