// The dispatch contract behind infotorch::estimate(): names, option checks, messages, uncertainty fields.
#include <gtest/gtest.h>

#include "infotorch/core/error.h"
#include "infotorch/core/spec.h"
#include "infotorch/knn/estimate.h"
#include "infotorch/knn/ksg.h"
#include "samples.h"

using namespace infotorch;
using namespace infotorch::knn;

namespace {
std::string error_of(const std::string& spec, const torch::Tensor& x, const torch::Tensor& y, const RunOptions& o = {}) {
  try {
    knn::estimate(parse_spec(spec), x, y, o);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST(KnnEstimate, EveryNameAnswers) {
  auto [x, y] = knn_test::correlated(600, 0.8, 91);
  torch::manual_seed(92);
  auto labels = torch::randint(0, 3, {600, 1}, torch::kLong).to(torch::kDouble);
  RunOptions with_z;
  with_z.z = torch::randn({600, 1}, torch::kDouble);
  for (const auto& name : names()) {
    ASSERT_TRUE(is_knn_name(name));
    Result r;
    if (name == "entropy")
      r = knn::estimate(parse_spec(name), x, torch::Tensor(), {});
    else if (name == "tc")
      r = knn::estimate(parse_spec(name), torch::cat({x, y}, 1), torch::Tensor(), {});
    else if (name == "ross" || name == "discrete")
      r = knn::estimate(parse_spec(name), labels, name == "discrete" ? labels : y, {});
    else
      r = knn::estimate(parse_spec(name), x, y, name == "cmi" ? with_z : RunOptions{});
    EXPECT_EQ(r.n, 600) << name;
    EXPECT_TRUE(std::isfinite(r.value)) << name;
    EXPECT_FALSE(r.p_value.has_value());
    EXPECT_FALSE(r.stderr_nats.has_value());
  }
  EXPECT_FALSE(is_knn_name("smile"));
  EXPECT_NEAR(knn::estimate(parse_spec("ksg:k=3"), x, y, {}).value, ksg1(x, y), 1e-12);
}

TEST(KnnEstimate, OptionsAndMessages) {
  auto [x, y] = knn_test::correlated(50, 0.5, 93);
  EXPECT_EQ(error_of("ksg:kk=3", x, y), "estimator 'ksg': unknown option 'kk' (known: k, noise, standardize, copula)");
  EXPECT_EQ(error_of("cmi", x, y), "cmi: needs the conditioning variable z (N x dz samples, option z)");
  EXPECT_EQ(error_of("ksg:k=60", x, y), "x: 50 samples are too few for ksg with k=60 (need at least 61)");
  EXPECT_EQ(error_of("ksg:k=0", x, y), "ksg: option k=0 must be a positive integer");
  EXPECT_EQ(error_of("entropy", x, y), "y: entropy takes one variable (x); expected no y");
  EXPECT_EQ(error_of("ksg", x, torch::Tensor()), "y: estimator 'ksg' needs a second variable y (N x dy samples)");
  auto nan = x.clone();
  nan[7][0] = std::nan("");
  EXPECT_EQ(error_of("ksg", nan, y), "x: contains NaN or Inf (first at row 7); expected finite values");
  EXPECT_EQ(error_of("gaussian:k=3", x, y), "estimator 'gaussian': unknown option 'k' (known: copula)");
  RunOptions perm;
  perm.permutations = 5;
  EXPECT_EQ(error_of("entropy", x, torch::Tensor(), perm),
            "permutations: estimator 'entropy' measures one variable; a permutation test needs two");
}

TEST(KnnEstimate, ConstantColumnIsZeroWithinItsPermutationNull) {
  // A constant feature far from zero: scikit-learn's mean-scaled noise leaves it tied and it reports
  // information; here the value and its whole permutation null are exactly 0.
  torch::manual_seed(94);
  auto x = torch::full({5000, 1}, 1e6, torch::kDouble);
  auto y = torch::randn({5000, 1}, torch::kDouble);
  RunOptions o;
  o.permutations = 20;
  for (const char* spec : {"ksg", "ksg2", "mixed", "lnc", "gaussian"}) {
    auto r = knn::estimate(parse_spec(spec), x, y, o);
    EXPECT_EQ(r.value, 0.0) << spec;
    EXPECT_EQ(*r.null_mean_nats, 0.0) << spec;
    EXPECT_EQ(*r.p_value, 1.0) << spec;
  }
  // A constant column beside an independent one: the estimate sits inside the permutation null.
  auto x2 = torch::cat({x, torch::randn({5000, 1}, torch::kDouble)}, 1);
  auto r = knn::estimate(parse_spec("ksg"), x2, y, o);
  EXPECT_NEAR(r.value, *r.null_mean_nats, 0.02);
}

TEST(KnnEstimate, UncertaintyFieldsWhenAsked) {
  auto [x, y] = knn_test::correlated(2000, 0.7, 95);
  RunOptions o;
  o.permutations = 19;
  o.want_stderr = true;
  auto r = knn::estimate(parse_spec("ksg"), x, y, o);
  ASSERT_TRUE(r.p_value && r.null_mean_nats && r.stderr_nats);
  EXPECT_DOUBLE_EQ(*r.p_value, 0.05);
  EXPECT_NEAR(*r.null_mean_nats, 0.0, 0.02);
  EXPECT_GT(*r.stderr_nats, 0.003);
  EXPECT_LT(*r.stderr_nats, 0.06);
  EXPECT_NEAR(r.value, knn_test::gaussian_truth(0.7), 4 * *r.stderr_nats + 0.02);
}
