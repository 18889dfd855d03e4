// MIG both ways on synthetic codes with a known answer: a code that copies each factor into its own dimension
// scores ~1, a 45-degree rotation of two factors ~0; the normalisation by H(v_k) and the gap by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "../error_of.h"
#include "infotorch/training/augment.h"
#include "infotorch/training/mig.h"

namespace it = infotorch::training;

namespace {

// N points of K independent uniform factors with the given numbers of values.
torch::Tensor uniform_factors(int64_t n, const std::vector<int64_t>& values, uint64_t seed) {
  auto gen = it::make_generator(seed);
  std::vector<torch::Tensor> cols;
  for (auto v : values) cols.push_back(torch::randint(v, {n}, gen, torch::TensorOptions().dtype(torch::kInt64)));
  return torch::stack(cols, 1);
}

}  // namespace

TEST(TrainingMig, GapAndNormalisationByHand) {
  // 3 dimensions x 2 factors; H(v) = log 4 and log 2.
  auto mi = torch::tensor({{1.0, 0.1}, {0.2, 0.5}, {0.4, 0.0}}, torch::kFloat64);
  auto h = torch::tensor({std::log(4.0), std::log(2.0)}, torch::kFloat64);
  auto r = it::mig_from_mi(mi, h);
  const double want = 0.5 * ((1.0 - 0.4) / std::log(4.0) + (0.5 - 0.1) / std::log(2.0));
  EXPECT_NEAR(r.mig, want, 1e-12);
  auto f = torch::tensor({{0, 0}, {1, 1}, {2, 0}, {3, 1}}, torch::kInt64);
  auto ent = it::factor_entropy(f);
  EXPECT_NEAR(ent[0].item<double>(), std::log(4.0), 1e-12);
  EXPECT_NEAR(ent[1].item<double>(), std::log(2.0), 1e-12);
  EXPECT_NE(error_of([] { it::mig_from_mi(torch::ones({1, 2}, torch::kFloat64), torch::ones({2}, torch::kFloat64)); }),
            "(no error)");
  EXPECT_EQ(error_of([] { it::mig_histogram(torch::zeros({4, 2}), torch::zeros({3, 1}, torch::kInt64)); }),
            "factors: expected 4 rows (one per code), got 3");
}

TEST(TrainingMig, HistogramMigIsOneForADisentangledCodeAndNearZeroForARotation) {
  const int64_t n = 10000;
  auto f = uniform_factors(n, {5, 8, 10}, 1);
  auto gen = it::make_generator(2);
  // Dimensions 0-2 copy the factors (plus noise well inside the value spacing), 3-4 are independent noise.
  auto codes = torch::cat({f.to(torch::kFloat64) + 0.1 * (torch::rand({n, 3}, gen, torch::kFloat64) - 0.5),
                           torch::randn({n, 2}, gen, torch::kFloat64)},
                          1);
  auto good = it::mig_histogram(codes, f);
  EXPECT_GT(good.mig, 0.97);
  EXPECT_LE(good.mig, 1.0 + 1e-9);
  for (int64_t k = 0; k < 3; ++k) EXPECT_NEAR(good.mi[k][k].item<double>(), good.factor_entropy[k].item<double>(), 1e-9);
  // Two factors with the same number of values, each code dimension an equal mix of both.
  auto g2 = uniform_factors(n, {10, 10}, 3);
  auto x = g2.to(torch::kFloat64) + 0.1 * torch::randn({n, 2}, gen, torch::kFloat64);
  auto rotated = torch::stack({(x.select(1, 0) + x.select(1, 1)) / std::sqrt(2.0), (x.select(1, 0) - x.select(1, 1)) / std::sqrt(2.0)}, 1);
  auto bad = it::mig_histogram(rotated, g2);
  EXPECT_LT(bad.mig, 0.1);
  EXPECT_GT(bad.mi.min().item<double>(), 0.1);  // every dimension carries information, about both factors
  // The unrotated code scores high with the same data.
  EXPECT_GT(it::mig_histogram(x, g2).mig, 0.9);
}

TEST(TrainingMig, PosteriorMigIsOneForADisentangledCodeAndNearZeroForARotation) {
  const int64_t n = 3000;
  auto f = uniform_factors(n, {3, 6, 8}, 4);
  auto gen = it::make_generator(5);
  auto mu = torch::cat({f.to(torch::kFloat64), torch::randn({n, 2}, gen, torch::kFloat64)}, 1);
  auto log_var = torch::full({n, 5}, 2 * std::log(0.05), torch::kFloat64);
  log_var.slice(1, 3).fill_(2 * std::log(0.5));
  auto good = it::mig_posterior(mu, log_var, f, n, 6);
  EXPECT_GT(good.mig, 0.9);
  EXPECT_LT(good.mig, 1.05);
  // I(z_k; v_k) ~ H(v_k) = log |values| for the copied dimensions.
  for (int64_t k = 0; k < 3; ++k) EXPECT_NEAR(good.mi[k][k].item<double>(), good.factor_entropy[k].item<double>(), 0.05);
  auto g2 = uniform_factors(n, {8, 8}, 7);
  auto x = g2.to(torch::kFloat64);
  auto rot = torch::stack({(x.select(1, 0) + x.select(1, 1)) / std::sqrt(2.0), (x.select(1, 0) - x.select(1, 1)) / std::sqrt(2.0)}, 1);
  auto bad = it::mig_posterior(rot, torch::full({n, 2}, 2 * std::log(0.05), torch::kFloat64), g2, n, 8);
  EXPECT_LT(bad.mig, 0.1);
  EXPECT_GT(it::mig_posterior(x, torch::full({n, 2}, 2 * std::log(0.05), torch::kFloat64), g2, n, 8).mig, 0.9);
  EXPECT_EQ(error_of([&] { it::mig_posterior(mu, log_var.slice(1, 0, 2), f, 10, 0); }),
            "log_var: expected the shape of mu, [3000, 5]");
}
