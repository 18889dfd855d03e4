// The tie-breaking noise generator draws N(0, 1): moments, tail mass, reproducibility.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "infotorch/knn/normal_noise.h"
#include "infotorch/knn/prepare.h"

using namespace infotorch::knn;

TEST(KnnNormalNoise, DrawsAStandardNormal) {
  NormalNoise normal(42);
  constexpr int n = 1000000;
  double s1 = 0, s2 = 0, s4 = 0;
  int beyond1 = 0, beyond2 = 0, beyond_r = 0;  // |z| > 1, > 2, > 3.4426 (the ziggurat's tail edge)
  for (int i = 0; i < n; ++i) {
    const double z = normal();
    s1 += z;
    s2 += z * z;
    s4 += z * z * z * z;
    beyond1 += std::fabs(z) > 1;
    beyond2 += std::fabs(z) > 2;
    beyond_r += std::fabs(z) > 3.442619855899;
  }
  // Standard errors at n = 1e6: mean 0.001, variance 0.0014, fourth moment 0.0096; tails by binomial sd.
  EXPECT_NEAR(s1 / n, 0.0, 0.005);
  EXPECT_NEAR(s2 / n, 1.0, 0.007);
  EXPECT_NEAR(s4 / n, 3.0, 0.05);
  EXPECT_NEAR(beyond1 / double(n), 0.317311, 0.0025);  // 2 (1 - Phi(1))
  EXPECT_NEAR(beyond2 / double(n), 0.0455003, 0.001);
  EXPECT_NEAR(beyond_r / double(n), 5.7618e-4, 1.2e-4);  // the tail sampler
}

TEST(KnnNormalNoise, SameSeedSameDraws) {
  NormalNoise a(7), b(7), c(8);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    const double za = a(), zc = c();
    ASSERT_EQ(za, b());
    differs = differs || za != zc;
  }
  EXPECT_TRUE(differs);
}

TEST(KnnNormalNoise, PrepareScalesNoiseToTheColumnSpread) {
  // x alternates -1, +1 (mean 0, sd 1) times 1e6 far from zero: after standardising, the residual
  // from +-1 is the noise alone, with sd `noise` (the column's own spread), whatever the offset.
  Points p;
  p.n = 200000;
  p.d = 1;
  for (int64_t i = 0; i < p.n; ++i) p.v.push_back(5e3 + (i % 2 ? 1.0 : -1.0));
  prepare(p, {true, 1e-6}, 3);
  double s2 = 0;
  for (int64_t i = 0; i < p.n; ++i) {
    const double r = (p.v[i] - (i % 2 ? 1.0 : -1.0)) / 1e-6;
    s2 += r * r;
  }
  EXPECT_NEAR(std::sqrt(s2 / p.n), 1.0, 0.01);
}
