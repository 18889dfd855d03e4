// Dispatch for the non-parametric estimators, by spec ("ksg:k=3", "ksg2", "mixed", "ross", "discrete",
// "cmi", "tc", "entropy", "gaussian", "lnc"). infotorch::estimate() calls this for every name it accepts.
#pragma once
#include <torch/torch.h>

#include <optional>
#include <string>
#include <vector>

#include "infotorch/core/family.h"
#include "infotorch/core/spec.h"
#include "infotorch/knn/uncertainty.h"

namespace infotorch::knn {

// The names this family answers to (for the factory and for error messages).
const std::vector<std::string>& names();
bool is_knn_name(const std::string& name);

// What a kind computes, and how its null distribution is drawn for a permutation test.
struct Plan {
  Estimator f;
  Shuffle shuffle = Shuffle::rows_of_y;
  bool permutable = true;
};
// The non-parametric estimators as a family: each kind's doc and declared options (the dispatcher and help
// listings read these); the builder takes the run's seed.
using PlanBuild = std::function<Plan(uint64_t seed)>;
const std::vector<Kind<PlanBuild>>& knn_kinds();

struct RunOptions {
  std::optional<torch::Tensor> z;  // conditioning variable ("cmi")
  bool want_stderr = false;        // error bar by bootstrap/subsampling
  int64_t permutations = 0;        // > 0: permutation test
  uint64_t seed = 0;
};

struct Result {
  double value = 0;  // nats (MI, CMI, TC or entropy)
  int64_t n = 0;
  std::optional<double> stderr_nats;
  std::optional<double> p_value;
  std::optional<double> null_mean_nats;
};

// x: N x dx; y: N x dy (may be undefined for "entropy", and for "tc", whose columns of x are the variables).
// Throws infotorch::Error on bad input (naming x, y or z) or an unknown option.
Result estimate(const Spec& spec, const torch::Tensor& x, const torch::Tensor& y, const RunOptions& options);

}  // namespace infotorch::knn
