// Ground-truth tasks: closed forms against published numbers (REFERENCES: Beyond Normal, staircase),
// reproducibility by seed, and sample statistics against the intended distribution.
#include <gtest/gtest.h>

#include <cmath>

#include "infotorch/core/error.h"
#include "infotorch/tasks/factory.h"
#include "infotorch/tasks/gaussian.h"
#include "infotorch/tasks/multinormal.h"
#include "infotorch/tasks/student.h"
#include "infotorch/tasks/transform.h"
#include "infotorch/tasks/uniform.h"

using namespace infotorch;
using namespace infotorch::tasks;

namespace {
torch::Tensor sample_cov(const torch::Tensor& v) {
  auto c = v - v.mean(0, true);
  return torch::matmul(c.t(), c) / static_cast<double>(v.size(0) - 1);
}
double mi_of(const std::string& spec) { return make_task(spec)->mi(); }
}  // namespace

TEST(TasksClosedForm, StaircaseRhoMatchesPublishedSchedule) {
  // Poole et al. 2019 / Song & Ermon 2020: d = 20, MI 2..10 nats.
  const double mis[] = {2, 4, 6, 8, 10};
  const double rhos[] = {0.4258, 0.5742, 0.6717, 0.7421, 0.7951};
  for (int i = 0; i < 5; ++i) {
    EXPECT_NEAR(staircase_rho(20, mis[i]), rhos[i], 1e-4) << "mi " << mis[i];
    EXPECT_NEAR(GaussianTask(20, staircase_rho(20, mis[i])).mi(), mis[i], 1e-12);
  }
}

TEST(TasksClosedForm, GaussianMiFromRhoAndFromMi) {
  EXPECT_NEAR(mi_of("gaussian:d=1,rho=0.5"), 0.1438410, 1e-7);
  EXPECT_NEAR(mi_of("gaussian:d=1,rho=0.9"), 0.8303656, 1e-7);
  EXPECT_NEAR(mi_of("gaussian:d=1,rho=0.99"), 1.9585178, 1e-7);
  EXPECT_NEAR(mi_of("gaussian:d=5,mi=1"), 1.0, 1e-12);
  EXPECT_NEAR(mi_of("gaussian:d=5,mi=1,transform=cubic"), 1.0, 1e-12);
}

TEST(TasksClosedForm, DenseMultinormalMatchesBeyondNormal) {
  EXPECT_NEAR(mi_of("dense:dx=2,dy=2"), 0.2939, 1e-4);
  EXPECT_NEAR(mi_of("dense:dx=3,dy=3"), 0.4133, 1e-4);
  EXPECT_NEAR(mi_of("dense:dx=5,dy=5"), 0.5928, 1e-4);
  EXPECT_NEAR(mi_of("dense:dx=25,dy=25"), 1.2922, 1e-4);
  EXPECT_NEAR(mi_of("dense:dx=50,dy=50"), 1.6243, 1e-4);
}

TEST(TasksClosedForm, SparseAndBinormalMatchBeyondNormal) {
  EXPECT_NEAR(mi_of("sparse:dx=2,dy=2,k=2,rho=0.8"), 1.0217, 1e-4);
  EXPECT_NEAR(mi_of("sparse:dx=5,dy=5,k=2,rho=0.8"), 1.0217, 1e-4);
  EXPECT_NEAR(mi_of("gaussian:d=1,rho=0.75"), 0.4133, 1e-4);
  EXPECT_NEAR(mi_of("swissroll"), 0.4133, 1e-4);
  for (const char* t : {"asinh", "halfcube", "normalcdf"})
    EXPECT_NEAR(mi_of(std::string("gaussian:rho=0.75,transform=") + t), 0.4133, 1e-4) << t;
}

TEST(TasksClosedForm, StudentTMatchesBeyondNormal) {
  EXPECT_NEAR(mi_of("student:dx=1,dy=1,nu=1"), 0.2242, 1e-4);
  EXPECT_NEAR(mi_of("student:dx=2,dy=2,nu=1"), 0.4319, 1e-4);
  EXPECT_NEAR(mi_of("student:dx=2,dy=2,nu=2"), 0.1931, 1e-4);
  EXPECT_NEAR(mi_of("student:dx=3,dy=3,nu=2"), 0.2909, 1e-4);
  EXPECT_NEAR(mi_of("student:dx=5,dy=5,nu=2"), 0.4482, 1e-4);
  // As nu grows the Student-t tends to the Gaussian: the extra MI vanishes.
  EXPECT_NEAR(mi_of("student:dx=1,dy=1,nu=1e6,rho=0.5"), 0.1438410, 1e-5);
}

TEST(TasksClosedForm, AdditiveUniformMatchesBeyondNormal) {
  EXPECT_NEAR(additive_uniform_mi(0.1), 1.7094, 1e-4);
  EXPECT_NEAR(additive_uniform_mi(0.75), 0.3333, 1e-4);
  // The two branches meet at eps = 1/2: 1/2 - ln 1 = 1/(4 * 1/2).
  EXPECT_NEAR(additive_uniform_mi(0.5), 0.5, 1e-12);
  EXPECT_NEAR(mi_of("uniform:eps=0.1"), 1.7094, 1e-4);
}

TEST(TasksClosedForm, CanonicalCorrelationReachesTensOfNatsUnderMixing) {
  auto cca = make_task("cca:dx=10,dy=10,k=10,mi=30");
  EXPECT_NEAR(cca->mi(), 30.0, 1e-6);  // log-determinants of the mixed covariance, not the formula
  EXPECT_NEAR(mi_of("cca:dx=6,dy=4,k=3,rho=0.9"), -1.5 * std::log(1 - 0.81), 1e-8);
  EXPECT_NEAR(mi_of("independent:dx=3,dy=2"), 0.0, 0.0);
}

TEST(TasksSampling, SameSeedSameSamplesOtherSeedOthers) {
  for (const char* spec : {"gaussian:d=3,mi=2", "cca:dx=4,dy=3,k=3,mi=5", "student:dx=2,dy=2,nu=2",
                           "uniform:eps=0.3", "swissroll", "dense:dx=2,dy=3,transform=spiral"}) {
    auto task = make_task(spec);
    auto g1 = make_generator(7), g2 = make_generator(7), g3 = make_generator(8);
    auto [x1, y1] = task->sample(50, g1);
    auto [x2, y2] = task->sample(50, g2);
    auto [x3, y3] = task->sample(50, g3);
    EXPECT_TRUE(torch::equal(x1, x2) && torch::equal(y1, y2)) << spec;
    EXPECT_FALSE(torch::equal(x1, x3)) << spec;
    EXPECT_EQ(x1.sizes(), torch::IntArrayRef({50, task->dim_x()})) << spec;
    EXPECT_EQ(y1.sizes(), torch::IntArrayRef({50, task->dim_y()})) << spec;
    EXPECT_EQ(x1.scalar_type(), torch::kFloat64) << spec;
    // spec() builds the same task again.
    EXPECT_NEAR(make_task(task->spec())->mi(), task->mi(), 1e-12) << spec << " -> " << task->spec();
  }
}

TEST(TasksSampling, SampleCovarianceMatchesIntendedSigma) {
  const int64_t n = 40000;  // standard error of a covariance entry ~ 1/sqrt(n) = 0.005
  for (const char* spec : {"dense:dx=2,dy=3", "cca:dx=3,dy=3,k=3,mi=4", "sparse:dx=3,dy=2,k=2,rho=0.8"}) {
    auto task = std::dynamic_pointer_cast<MultinormalTask>(make_task(spec));
    ASSERT_TRUE(task) << spec;
    auto gen = make_generator(1);
    auto [x, y] = task->sample(n, gen);
    auto c = sample_cov(torch::cat({x, y}, 1));
    auto err = (c - task->covariance()).abs().max().item<double>();
    auto scale = task->covariance().abs().max().item<double>();
    EXPECT_LT(err, 0.03 * scale) << spec;
  }
  // Per-dimension rho of the staircase Gaussian.
  GaussianTask g(4, 0.6);
  auto gen = make_generator(2);
  auto [x, y] = g.sample(n, gen);
  auto c = sample_cov(torch::cat({x, y}, 1));
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(c[i][4 + i].item<double>(), 0.6, 0.02);
    EXPECT_NEAR(c[i][i].item<double>(), 1.0, 0.03);
    EXPECT_NEAR(c[i][(i + 1) % 4 + 4].item<double>(), 0.0, 0.02);
  }
}

TEST(TasksSampling, StudentAndUniformHaveTheirMarginals) {
  const int64_t n = 40000;
  // Student-t with nu = 4 has variance nu / (nu - 2) = 2 per coordinate.
  auto st = make_task("student:dx=2,dy=1,nu=4");
  auto gen = make_generator(3);
  auto [x, y] = st->sample(n, gen);
  EXPECT_NEAR(x.var(0).mean().item<double>(), 2.0, 0.15);
  // Identity dispersion: uncorrelated (yet dependent) coordinates.
  EXPECT_NEAR((x.select(1, 0) * y.select(1, 0)).mean().item<double>(), 0.0, 0.05);
  EXPECT_GT((x.select(1, 0).pow(2) * y.select(1, 0).pow(2)).mean().item<double>(), 4.5);  // > 2 * 2
  auto un = make_task("uniform:eps=0.25");
  auto [u, v] = un->sample(n, gen);
  EXPECT_GE(u.min().item<double>(), 0.0);
  EXPECT_LE(u.max().item<double>(), 1.0);
  EXPECT_LE((v - u).abs().max().item<double>(), 0.25);
  EXPECT_NEAR((v - u).var().item<double>(), 0.25 * 0.25 / 3, 0.002);
}

TEST(TasksSampling, TransformsAreTheIntendedInjectiveMaps) {
  auto t = torch::tensor({-2.0, -0.5, 0.0, 0.5, 2.0}, torch::kFloat64);
  EXPECT_TRUE(torch::allclose(apply_transform("cubic", t), t * t * t));
  EXPECT_TRUE(torch::allclose(apply_transform("halfcube", t), t * t.abs().sqrt()));
  EXPECT_NEAR(apply_transform("normalcdf", t)[2].item<double>(), 0.5, 1e-15);
  EXPECT_NEAR(apply_transform("normalcdf", t)[4].item<double>(), 0.97724987, 1e-8);
  // The spiral keeps norms and is undone by the opposite speed (its inverse).
  auto v = torch::randn({20, 3}, torch::kFloat64);
  auto s = apply_transform("spiral", v, 0.7);
  EXPECT_TRUE(torch::allclose(s.norm(2, 1), v.norm(2, 1)));
  EXPECT_TRUE(torch::allclose(apply_transform("spiral", s, -0.7), v, 1e-10, 1e-10));
  // Transform applies to the chosen side only.
  auto base = make_task("gaussian:d=2,rho=0.5");
  auto only_y = make_task("gaussian:d=2,rho=0.5,transform=cubic,apply=y");
  auto g1 = make_generator(5), g2 = make_generator(5);
  auto [bx, by] = base->sample(10, g1);
  auto [tx, ty] = only_y->sample(10, g2);
  EXPECT_TRUE(torch::equal(bx, tx));
  EXPECT_TRUE(torch::allclose(ty, by.pow(3)));
}

TEST(TasksFactory, RejectsUnknownNamesAndOptions) {
  try {
    make_task("banana");
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "task 'banana' is unknown (known: gaussian, cca, dense, sparse, student, uniform, swissroll, "
                 "independent)");
  }
  try {
    make_task("gaussian:d=5,mu=1");
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("task 'gaussian': unknown option 'mu'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(make_task("gaussian:rho=0.5,mi=1"), Error);
  EXPECT_THROW(make_task("gaussian:rho=1"), Error);
  EXPECT_THROW(make_task("gaussian:transform=square"), Error);
  EXPECT_THROW(make_task("gaussian:d=1,transform=spiral"), Error);
  EXPECT_THROW(make_task("dense:dx=2,dy=2,corr=-0.5"), Error);
  EXPECT_THROW(make_task("uniform:eps=0"), Error);
}
