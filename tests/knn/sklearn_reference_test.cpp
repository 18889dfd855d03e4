// infotorch against scikit-learn 1.2 on identical numbers (see tests/knn/data/make_sklearn_reference.py):
// the stored columns are what scikit-learn's KSG routine saw, so with scaling and noise off the two must
// agree to rounding.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "infotorch/knn/discrete.h"
#include "infotorch/knn/ksg.h"
#include "infotorch/knn/ross.h"

using namespace infotorch::knn;

namespace {

nlohmann::json reference() {
  std::ifstream in(std::string(INFOTORCH_SOURCE_DIR) + "/tests/knn/data/sklearn_reference.json");
  EXPECT_TRUE(in.good()) << "missing tests/knn/data/sklearn_reference.json";
  return nlohmann::json::parse(in);
}

torch::Tensor column(const nlohmann::json& values) {
  auto v = values.get<std::vector<double>>();
  return torch::tensor(v, torch::kDouble).unsqueeze(1);
}

}  // namespace

TEST(KnnSklearn, Ksg1MatchesComputeMiCcTo1e9) {
  const auto ref = reference();
  int checked = 0;
  for (const auto& c : ref["cases"]) {
    if (c["kind"] != "cc") continue;
    KsgOptions o;
    o.k = c["k"].get<int64_t>();
    o.prepare.standardize = false;
    o.prepare.noise = 0;
    o.prepare.copula = false;  // scikit-learn's KSG is on the raw values
    const double mine = ksg1(column(c["x"]), column(c["y"]), o);
    EXPECT_NEAR(mine, c["sklearn_compute_mi_cc"].get<double>(), 1e-9) << c["name"];
    // mutual_info_regression adds its own 1e-10-scale noise: the same value to well within 1e-6.
    EXPECT_NEAR(mine, c["sklearn_mutual_info_regression"].get<double>(), 1e-6) << c["name"];
    // With infotorch's raw preparation (centre, scale, noise) the estimate is the same up to noise.
    KsgOptions dflt;
    dflt.k = o.k;
    dflt.prepare.copula = false;
    EXPECT_NEAR(ksg1(column(c["x"]), column(c["y"]), dflt), mine, 1e-6) << c["name"];
    ++checked;
  }
  EXPECT_EQ(checked, 3);
}

TEST(KnnSklearn, RossMatchesComputeMiCd) {
  const auto ref = reference();
  int checked = 0;
  for (const auto& c : ref["cases"]) {
    if (c["kind"] != "cd") continue;
    RossOptions o;
    o.k = c["k"].get<int64_t>();
    o.prepare.standardize = false;
    o.prepare.noise = 0;
    EXPECT_NEAR(ross_mi(column(c["x"]), column(c["y"]), o), c["sklearn_compute_mi_cd"].get<double>(), 1e-9);
    ++checked;
  }
  EXPECT_EQ(checked, 1);
}

TEST(KnnSklearn, PlugInDiscreteMatchesMutualInfoScore) {
  const auto ref = reference();
  int checked = 0;
  for (const auto& c : ref["cases"]) {
    if (c["kind"] != "dd") continue;
    DiscreteOptions o;
    o.miller_madow = false;
    EXPECT_NEAR(discrete_mi(column(c["x"]), column(c["y"]), o), c["sklearn_mutual_info_score"].get<double>(), 1e-12);
    ++checked;
  }
  EXPECT_EQ(checked, 1);
}
