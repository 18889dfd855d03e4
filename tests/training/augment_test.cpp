// Augmentations: seeded determinism, identity at zero strength, and the properties each one promises.
#include <gtest/gtest.h>

#include "infotorch/training/augment.h"

namespace it = infotorch::training;

namespace {

torch::Tensor images(int64_t n = 8) {
  auto g = it::make_generator(123);
  return torch::rand({n, 1, 28, 28}, g, torch::kFloat32);
}

}  // namespace

TEST(TrainingAugment, SameSeedSameViewsOtherSeedOtherViews) {
  auto x = images();
  it::AugmentOptions o;
  o.erasing = true;  // every transform on
  auto aug = it::make_augment(o);
  auto g1 = it::make_generator(7), g2 = it::make_generator(7), g3 = it::make_generator(8);
  auto a = aug(x, g1), b = aug(x, g2), c = aug(x, g3);
  EXPECT_TRUE(a.equal(b));
  EXPECT_FALSE(a.equal(c));
  EXPECT_EQ(a.sizes(), x.sizes());
  EXPECT_GE(a.min().item<float>(), 0.0f);
  EXPECT_LE(a.max().item<float>(), 1.0f);
  EXPECT_EQ(aug.size(), 6u);
}

TEST(TrainingAugment, DeriveSeedSeparatesEpochsStepsAndStreams) {
  std::set<uint64_t> seen;
  for (uint64_t e = 0; e < 4; ++e)
    for (uint64_t s = 0; s < 4; ++s)
      for (uint64_t k = 0; k < 3; ++k) seen.insert(it::derive_seed(1, e, s, k));
  EXPECT_EQ(seen.size(), 48u);
  EXPECT_EQ(it::derive_seed(1, 2, 3, 4), it::derive_seed(1, 2, 3, 4));
  EXPECT_NE(it::derive_seed(1, 2, 3), it::derive_seed(2, 2, 3));
}

TEST(TrainingAugment, ZeroStrengthIsTheIdentity) {
  auto x = images();
  auto g = it::make_generator(1);
  it::CropOptions full{1.0, 1.0, 1.0, 1.0};
  EXPECT_TRUE(torch::allclose(it::random_resized_crop(x, g, full), x, 0, 1e-5));
  EXPECT_TRUE(torch::allclose(it::random_affine(x, g, {0.0, 0.0}), x, 0, 1e-5));
  EXPECT_TRUE(it::random_hflip(x, g, 0.0).equal(x));
  EXPECT_TRUE(torch::allclose(it::color_jitter(x, g, {0.0, 0.0}), x, 0, 1e-6));
  EXPECT_TRUE(it::gaussian_noise(x, g, 0.0).equal(x));
  EXPECT_TRUE(it::random_erasing(x, g, {0.0}).equal(x));
}

TEST(TrainingAugment, FlipMirrorsAndComposes) {
  auto x = images();
  auto g = it::make_generator(2);
  EXPECT_TRUE(it::random_hflip(x, g, 1.0).equal(x.flip({3})));
  it::Augment twice;
  twice.then([](const torch::Tensor& t, at::Generator& gen) { return it::random_hflip(t, gen, 1.0); })
      .then([](const torch::Tensor& t, at::Generator& gen) { return it::random_hflip(t, gen, 1.0); });
  EXPECT_TRUE(twice(x, g).equal(x));
}

TEST(TrainingAugment, CropZoomsIn) {
  // A centred bright square grows when a crop of a quarter of the area is resized back to 28 x 28.
  auto x = torch::zeros({16, 1, 28, 28});
  x.slice(2, 10, 18).slice(3, 10, 18).fill_(1.0);
  auto g = it::make_generator(3);
  auto y = it::random_resized_crop(x, g, {0.25, 0.25, 1.0, 1.0});
  // Each crop covers half the side, so the square's area (64 px) grows about 4x wherever it is kept in full.
  auto area = y.sum({1, 2, 3});
  EXPECT_GT(area.max().item<float>(), 2.5f * 64);
  EXPECT_LE(area.max().item<float>(), 4.5f * 64);
}

TEST(TrainingAugment, ErasingRemovesOneBoundedRectangle) {
  auto x = torch::ones({64, 1, 28, 28});
  auto g = it::make_generator(4);
  it::ErasingOptions o;
  o.p = 1.0;
  auto y = it::random_erasing(x, g, o);
  auto erased = (y == 0).sum({1, 2, 3}).to(torch::kFloat64) / (28.0 * 28.0);
  EXPECT_GT(erased.min().item<double>(), 0.0);
  // Rounding to whole pixels adds at most one row and one column beyond the drawn area.
  EXPECT_LE(erased.max().item<double>(), o.max_area + 2 * 28.0 / 784.0 + 1e-9);
}

TEST(TrainingAugment, JitterAndNoiseStayInRangeAndChangeTheImage) {
  auto x = images();
  auto g = it::make_generator(5);
  auto j = it::color_jitter(x, g);
  auto n = it::gaussian_noise(x, g, 0.1);
  for (const auto& t : {j, n}) {
    EXPECT_GE(t.min().item<float>(), 0.0f);
    EXPECT_LE(t.max().item<float>(), 1.0f);
    EXPECT_GT((t - x).abs().mean().item<float>(), 1e-3f);
  }
}
