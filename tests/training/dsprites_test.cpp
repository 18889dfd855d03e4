// The generated dSprites: the factor grid complete and in order, the draw deterministic, the geometry pinned
// (areas per scale, symmetric shapes unchanged by their symmetry rotations, positions), rendering fast.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>

#include "../error_of.h"
#include "infotorch/training/dsprites.h"

namespace it = infotorch::training;

namespace {

// One factor row: shape, scale, orientation, x, y indices.
torch::Tensor dsprites_row(int64_t shape, int64_t scale, int64_t orient, int64_t x, int64_t y) {
  return torch::tensor({shape, scale, orient, x, y}, torch::kInt64).view({1, 5});
}

}  // namespace

TEST(TrainingDsprites, GridIsCompleteRowMajorAndEveryCombinationOnce) {
  auto g = it::dsprites_factor_grid();
  ASSERT_EQ(g.sizes(), (std::vector<int64_t>{737280, 5}));
  // Mixed-radix number of each row = its position: complete, no repeats, last factor fastest.
  auto code = torch::zeros({g.size(0)}, torch::kInt64);
  for (int f = 0; f < 5; ++f) code = code * it::kDspritesFactorSizes[f] + g.select(1, f);
  EXPECT_TRUE(code.equal(torch::arange(737280, torch::kInt64)));
  for (int f = 0; f < 5; ++f) {
    EXPECT_EQ(g.select(1, f).min().item<int64_t>(), 0);
    EXPECT_EQ(g.select(1, f).max().item<int64_t>(), it::kDspritesFactorSizes[f] - 1);
  }
  EXPECT_TRUE(g[1].equal(torch::tensor({0, 0, 0, 0, 1}, torch::kInt64)));
  EXPECT_TRUE(g[32].equal(torch::tensor({0, 0, 0, 1, 0}, torch::kInt64)));
  auto v = it::dsprites_values(g.slice(0, 737279, 737280));  // the last row: heart, scale 1, 39/40 turn, (1, 1)
  EXPECT_DOUBLE_EQ(v[0][0].item<double>(), 2);
  EXPECT_NEAR(v[0][1].item<double>(), 1.0, 1e-12);
  EXPECT_NEAR(v[0][2].item<double>(), 2 * M_PI * 39 / 40, 1e-12);
  EXPECT_DOUBLE_EQ(v[0][3].item<double>(), 1.0);
}

TEST(TrainingDsprites, SeededSubsetIsDeterministicAndDistinct) {
  auto a = it::dsprites_splits({16, 500, 7}), b = it::dsprites_splits({16, 500, 7}), c = it::dsprites_splits({16, 500, 8});
  auto fa = std::static_pointer_cast<const it::DspritesDataset>(a.train)->factors();
  auto fb = std::static_pointer_cast<const it::DspritesDataset>(b.train)->factors();
  auto fc = std::static_pointer_cast<const it::DspritesDataset>(c.train)->factors();
  EXPECT_TRUE(fa.equal(fb));
  EXPECT_FALSE(fa.equal(fc));
  EXPECT_TRUE(a.train->all().inputs.equal(b.train->all().inputs));
  // Without replacement: 500 distinct combinations.
  auto code = torch::zeros({500}, torch::kInt64);
  for (int f = 0; f < 5; ++f) code = code * it::kDspritesFactorSizes[f] + fa.select(1, f);
  EXPECT_EQ(std::get<0>(at::_unique(code)).numel(), 500);
  // Batches: float images in {0, 1}, N x 1 x S x S, the factors and indices beside them.
  auto batch = a.train->get(torch::tensor({3, 1}, torch::kInt64));
  EXPECT_EQ(batch.inputs.sizes(), (std::vector<int64_t>{2, 1, 16, 16}));
  EXPECT_EQ(batch.inputs.scalar_type(), torch::kFloat32);
  EXPECT_TRUE(((batch.inputs == 0) | (batch.inputs == 1)).all().item<bool>());
  EXPECT_TRUE(batch.factors[0].equal(fa[3]));
  EXPECT_TRUE(batch.indices.equal(torch::tensor({3, 1}, torch::kInt64)));
  EXPECT_EQ(a.train.get(), a.test.get());  // the metrics score the training data
  EXPECT_EQ(a.validation, nullptr);
}

TEST(TrainingDsprites, AreasFollowTheDocumentedGeometry) {
  // Mean pixel count over 256 of the 32 x 32 positions (sub-pixel offsets average the boundary error out), 64 x 64.
  const auto grid = it::dsprites_factor_grid().view({3, 6, 40, 1024, 5});
  auto mean_area = [&](int64_t shape, int64_t scale, int64_t orient) {
    auto rows = grid.select(0, shape).select(0, scale).select(0, orient).slice(0, 0, 1024, 4);
    return it::render_dsprites(rows.contiguous(), 64).to(torch::kFloat64).sum({1, 2}).mean().item<double>();
  };
  for (int64_t s = 0; s < 6; ++s) {
    const double r = 0.15 * (0.5 + 0.1 * s) * 64;  // R in pixels
    EXPECT_NEAR(mean_area(0, s, 0), 4 * r * r, 0.01 * 4 * r * r) << "square, scale " << s;
    EXPECT_NEAR(mean_area(0, s, 7), 4 * r * r, 0.02 * 4 * r * r) << "square rotated, scale " << s;
    EXPECT_NEAR(mean_area(1, s, 3), M_PI * r * r / 2, 0.02 * M_PI * r * r / 2) << "ellipse, scale " << s;
    // The heart's area grows as scale^2.
    EXPECT_NEAR(mean_area(2, s, 0) / mean_area(2, 5, 0), std::pow(0.5 + 0.1 * s, 2), 0.02) << "heart, scale " << s;
  }
}

TEST(TrainingDsprites, SymmetricShapesAreUnchangedByTheirSymmetryRotations) {
  for (int64_t k = 0; k < 40; ++k) {
    for (int64_t scale : {0, 3, 5}) {
      auto square = it::render_dsprites(torch::cat({dsprites_row(0, scale, k, 5, 20), dsprites_row(0, scale, (k + 10) % 40, 5, 20)}), 64);
      EXPECT_TRUE(square[0].equal(square[1])) << "square, quarter turn from orientation " << k;
      auto ellipse = it::render_dsprites(torch::cat({dsprites_row(1, scale, k, 17, 9), dsprites_row(1, scale, (k + 20) % 40, 17, 9)}), 64);
      EXPECT_TRUE(ellipse[0].equal(ellipse[1])) << "ellipse, half turn from orientation " << k;
    }
    // Not symmetric: the heart under a half turn, the ellipse under a quarter turn, the square under 1/8 turn.
    auto heart = it::render_dsprites(torch::cat({dsprites_row(2, 5, k, 16, 16), dsprites_row(2, 5, (k + 20) % 40, 16, 16)}), 64);
    EXPECT_GT((heart[0] != heart[1]).sum().item<int64_t>(), 20) << k;
    auto ellipse = it::render_dsprites(torch::cat({dsprites_row(1, 5, k, 16, 16), dsprites_row(1, 5, (k + 10) % 40, 16, 16)}), 64);
    EXPECT_GT((ellipse[0] != ellipse[1]).sum().item<int64_t>(), 20) << k;
    auto square = it::render_dsprites(torch::cat({dsprites_row(0, 5, k, 16, 16), dsprites_row(0, 5, (k + 5) % 40, 16, 16)}), 64);
    EXPECT_GT((square[0] != square[1]).sum().item<int64_t>(), 20) << k;
  }
}

TEST(TrainingDsprites, PositionsMoveTheCentroidAsDocumented) {
  for (int64_t x : {0, 10, 31})
    for (int64_t y : {0, 21, 31}) {
      auto img = it::render_dsprites(dsprites_row(0, 2, 0, x, y), 64)[0].to(torch::kFloat64);
      auto grid = torch::arange(64, torch::kFloat64) + 0.5;
      const double mass = img.sum().item<double>();
      const double cx = (img.sum(0) * grid).sum().item<double>() / mass, cy = (img.sum(1) * grid).sum().item<double>() / mass;
      EXPECT_NEAR(cx, 64 * (0.22 + 0.56 * x / 31.0), 0.5) << x << "," << y;
      EXPECT_NEAR(cy, 64 * (0.22 + 0.56 * y / 31.0), 0.5) << x << "," << y;
      // Nothing touches the border: no shape is clipped.
      EXPECT_EQ(img.select(0, 0).sum().item<double>() + img.select(0, 63).sum().item<double>() +
                    img.select(1, 0).sum().item<double>() + img.select(1, 63).sum().item<double>(),
                0);
    }
  // A spread of every shape, scale, orientation and position (740 rows): none touches the border.
  auto big = it::render_dsprites(it::dsprites_factors_at(torch::arange(0, 737280, 997, torch::kInt64)), 64);
  for (int64_t i = 0; i < big.size(0); ++i)
    EXPECT_EQ((big[i].select(0, 0).sum() + big[i].select(0, 63).sum() + big[i].select(1, 0).sum() + big[i].select(1, 63).sum()).item<int64_t>(), 0);
}

TEST(TrainingDsprites, RenderingIsFastAndBadOptionsAreNamed) {
  auto rows = it::dsprites_factors_at(torch::arange(0, 737280, 73, torch::kInt64));  // 10,100 combinations
  const auto t0 = std::chrono::steady_clock::now();
  auto img = it::render_dsprites(rows, 64);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("rendered %lld 64x64 images in %.2f s (%.0f images/s)\n", static_cast<long long>(rows.size(0)), s, rows.size(0) / s);
  // 6,300 images/s measured at load 10 on 2 cores (the full 64 x 64 grid in ~2 min, a 60,000 subset in ~10 s, all
  // before the first step); the bound leaves room for a busier machine.
  EXPECT_LT(s, 10.0);
  EXPECT_GT(img.sum().item<int64_t>(), 0);
  EXPECT_EQ(error_of([] { it::dsprites_splits({4, 10, 0}); }), "dsprites_image_size: expected 8 to 512 pixels, got 4");
  EXPECT_EQ(error_of([] { it::dsprites_splits({64, -1, 0}); }),
            "dsprites_samples: expected 0 (the full grid) to 737280, got -1");
}
