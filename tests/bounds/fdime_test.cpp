// f-DIME (fdime.h) with the analytically optimal discriminator s = log r on correlated Gaussians: each readout
// sits within sampling tolerance of the true MI, each objective is maximised there, and the HD objective equals
// its closed form 2 - 2 BC at the optimum.
#include <gtest/gtest.h>

#include "gaussian_pair.h"
#include "infotorch/bounds/factory.h"
#include "infotorch/bounds/fdime.h"
#include "infotorch/bounds/js.h"

using namespace infotorch::bounds;
using infotorch::bounds::bounds_test::GaussianPair;
using infotorch::bounds::bounds_test::over_batches;
using infotorch::bounds::bounds_test::seeded;

namespace {

constexpr FDivergence kAll[] = {FDivergence::kl, FDivergence::hellinger, FDivergence::gan};

bounds_test::MeanSe readout_at_optimum(const GaussianPair& pair, FDivergence d, double scale = 1.0) {
  auto gen = seeded(11);
  FdimeOptions o;
  o.divergence = d;
  return over_batches(20, [&] {
    auto [x, y] = pair.sample(512, gen);
    return fdime(scale * pair.log_ratio(x, y), o).mi.item<double>();
  });
}

bounds_test::MeanSe objective_at(const GaussianPair& pair, FDivergence d, double scale) {
  auto gen = seeded(12);
  return over_batches(20, [&] {
    auto [x, y] = pair.sample(512, gen);
    return fdime_objective(scale * pair.log_ratio(x, y), d).item<double>();
  });
}

}  // namespace

TEST(BoundsFdime, ReadoutAtTheOptimalDiscriminatorIsTheTrueMi) {
  for (auto pair : {GaussianPair{1, 0.8}, GaussianPair{5, std::sqrt(1 - std::exp(-0.8))}}) {
    for (auto d : kAll) {
      auto v = readout_at_optimum(pair, d);
      EXPECT_NEAR(v.mean, pair.mi(), 4 * v.se + 1e-3) << "d = " << static_cast<int>(d) << " se " << v.se;
      EXPECT_LT(v.se, 0.1);  // the tolerance is tight enough to fail for a wrong readout
    }
  }
}

TEST(BoundsFdime, ObjectivesPeakAtTheLogDensityRatio) {
  GaussianPair pair{1, 0.8};
  for (auto d : kAll) {
    const double at = objective_at(pair, d, 1.0).mean;
    EXPECT_GT(at, objective_at(pair, d, 0.7).mean) << static_cast<int>(d);
    EXPECT_GT(at, objective_at(pair, d, 1.3).mean) << static_cast<int>(d);
  }
}

TEST(BoundsFdime, HellingerObjectiveAtOptimumIsTwoMinusTwoBhattacharyya) {
  GaussianPair pair{2, 0.6};
  const double rho2 = pair.rho * pair.rho;
  const double bc = std::pow(std::pow(1 - rho2, 0.25) / std::sqrt(1 - rho2 / 4), static_cast<double>(pair.d));
  auto v = objective_at(pair, FDivergence::hellinger, 1.0);
  EXPECT_NEAR(v.mean, 2 - 2 * bc, 4 * v.se + 1e-3) << "se " << v.se;
}

TEST(BoundsFdime, GanObjectiveIsTheJsObjectiveAndGradientsFollowTheObjective) {
  auto s = torch::randn({16, 16}, seeded(3), torch::TensorOptions().dtype(torch::kFloat64));
  EXPECT_DOUBLE_EQ(fdime_objective(s, FDivergence::gan).item<double>(), js_objective(s).item<double>());
  for (auto d : kAll) {
    FdimeOptions o;
    o.divergence = d;
    auto a = s.clone().requires_grad_(true);
    auto e = fdime(a, o);
    EXPECT_DOUBLE_EQ(e.mi.item<double>(), s.diagonal().mean().item<double>());
    auto g_mi = torch::autograd::grad({e.mi}, {a}, {}, true)[0];
    auto g_loss = torch::autograd::grad({e.loss}, {a})[0];
    EXPECT_TRUE(torch::allclose(g_mi, -g_loss));
  }
}

TEST(BoundsFdime, FactoryBuildsAllThreeAndRejectsOptions) {
  for (const char* name : {"kl-dime", "hd-dime", "gan-dime"}) {
    auto b = make_bound(name);
    EXPECT_EQ(b->spec(), name);
    EXPECT_EQ(make_bound(b->spec())->spec(), name);
  }
  EXPECT_THROW(make_bound("kl-dime:tau=5"), infotorch::Error);
  EXPECT_THROW(fdime(torch::zeros({3, 4})), infotorch::Error);
}
