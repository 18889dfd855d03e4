#include <gtest/gtest.h>

#include "gaussian_pair.h"
#include "infotorch/bounds/negatives.h"
#include "infotorch/core/error.h"

using namespace infotorch::bounds;
using infotorch::bounds::bounds_test::seeded;

TEST(BoundsNegatives, DerangementIsAPermutationWithoutFixedPoints) {
  auto gen = seeded(31);
  for (int64_t k : {2, 3, 5, 64}) {
    for (int rep = 0; rep < 50; ++rep) {
      auto p = random_derangement(k, gen);
      ASSERT_EQ(p.scalar_type(), torch::kLong);
      ASSERT_EQ(p.size(0), k);
      EXPECT_FALSE((p == torch::arange(k, torch::kLong)).any().item<bool>()) << p;
      EXPECT_TRUE(torch::equal(std::get<0>(p.sort()), torch::arange(k, torch::kLong)));
    }
  }
  // K = 2 has one derangement, the swap.
  EXPECT_TRUE(torch::equal(random_derangement(2, gen), torch::tensor({1, 0}, torch::kLong)));
}

TEST(BoundsNegatives, DerangementIsUniformAndSeeded) {
  // The 2 derangements of 3 elements, (1 2 0) and (2 0 1), each come up about half the time.
  auto gen = seeded(32);
  int first = 0;
  const int n = 2000;
  for (int i = 0; i < n; ++i) first += random_derangement(3, gen)[0].item<int64_t>() == 1;
  EXPECT_NEAR(first, n / 2, 4 * std::sqrt(n / 4.0));
  auto a = seeded(33), b = seeded(33);
  EXPECT_TRUE(torch::equal(random_derangement(20, a), random_derangement(20, b)));
}

TEST(BoundsNegatives, RejectsKBelowTwo) {
  try {
    random_derangement(1);
    FAIL();
  } catch (const infotorch::Error& e) {
    EXPECT_STREQ(e.what(), "random_derangement: expected k >= 2 (k = 1 has no derangement), got k = 1");
  }
}
