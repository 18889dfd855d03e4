// Self-consistency checks: every diagnostic passes on a well-behaved estimate and warns on a constructed failure.
#include <gtest/gtest.h>

#include "error_of.h"
#include "infotorch/check.h"

using infotorch::check_estimate;
using infotorch::check_estimator;
using infotorch::CheckReport;

namespace {

std::pair<torch::Tensor, torch::Tensor> pair(int64_t n, double rho, uint64_t seed) {
  torch::manual_seed(seed);
  auto x = torch::randn({n, 1}, torch::kDouble);
  auto y = rho * x + std::sqrt(1 - rho * rho) * torch::randn({n, 1}, torch::kDouble);
  return {x, y};
}

const infotorch::CheckRow& row(const CheckReport& r, const std::string& name) {
  for (const auto& c : r.rows)
    if (c.name == name) return c;
  throw std::runtime_error("no row " + name);
}

}  // namespace

TEST(Check, KsgOnALowDimensionalGaussianPassesEveryCheck) {
  auto [x, y] = pair(4000, 0.7, 1);
  infotorch::EstimateOptions e;
  e.estimator = "ksg:k=3";
  const auto r = check_estimate(x, y, e);
  for (const auto& c : r.rows) EXPECT_TRUE(c.pass) << c.name << ": " << c.detail;
  EXPECT_TRUE(r.all_pass());
  EXPECT_NEAR(r.mi_nats, -0.5 * std::log(1 - 0.49), 0.05);
  EXPECT_LT(row(r, "independence").values.at("p_value"), 0.1);
  EXPECT_EQ(r.estimator, "ksg:k=3");
}

TEST(Check, EachDiagnosticWarnsOnAConstructedFailure) {
  auto [x, y] = pair(2000, 0.7, 2);
  // A saturated estimator: the same number whatever the data.
  const auto stuck = [](const torch::Tensor&, const torch::Tensor&) { return std::pair<double, double>{0.5, 0.01}; };
  auto r = check_estimator(x, y, stuck);
  EXPECT_FALSE(row(r, "independence").pass);  // 0.5 nats on shuffled data
  EXPECT_FALSE(row(r, "additivity").pass);    // 0.5 for two copies instead of 1.0
  EXPECT_NE(row(r, "additivity").meaning.find("saturates"), std::string::npos);
  EXPECT_TRUE(row(r, "processing").pass);
  EXPECT_TRUE(row(r, "convergence").pass);
  // An estimator that grows with Y's spread (noise makes it larger): fails data processing.
  const auto spread = [](const torch::Tensor&, const torch::Tensor& b) {
    return std::pair<double, double>{b.var().item<double>(), NAN};
  };
  EXPECT_FALSE(row(check_estimator(x, y, spread), "processing").pass);
  // An estimator that keeps growing with N: fails convergence.
  const auto growing = [](const torch::Tensor& a, const torch::Tensor&) {
    return std::pair<double, double>{std::sqrt(static_cast<double>(a.size(0))) / 100, 0.001};  // 0.32 -> 0.45
  };
  const auto g = check_estimator(x, y, growing);
  EXPECT_FALSE(row(g, "convergence").pass);
  EXPECT_NE(row(g, "convergence").meaning.find("more samples"), std::string::npos);
  // The plug-in estimator on continuous data: every row distinct, log N nats even when shuffled.
  infotorch::EstimateOptions e;
  e.estimator = "discrete";
  infotorch::CheckOptions few;
  few.permutations = 3;
  EXPECT_FALSE(row(check_estimate(x, y, e, few), "independence").pass);
}

TEST(Check, BadOptionsGetClearErrors) {
  auto [x, y] = pair(100, 0.5, 3);
  infotorch::CheckOptions o;
  o.permutations = 0;
  const auto f = [](const torch::Tensor&, const torch::Tensor&) { return std::pair<double, double>{0, 0}; };
  EXPECT_EQ(error_of([&] { check_estimator(x, y, f, o); }), "permutations: expected at least 1 shuffled copy");
  EXPECT_NE(error_of([&] { check_estimator(x.slice(0, 0, 8), y.slice(0, 0, 8), f); }).find("x:"), std::string::npos);
}
