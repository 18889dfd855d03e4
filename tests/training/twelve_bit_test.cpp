// The generated 12-bit task: every pattern once, the label balance, the rule's symmetry, the seeded split.
#include <gtest/gtest.h>

#include "../error_of.h"
#include "infotorch/training/twelve_bit.h"

namespace it = infotorch::training;

TEST(TwelveBit, HoldsEachPatternOnceWithNearlyBalancedLabels) {
  const auto all = it::twelve_bit_patterns()->all();
  ASSERT_EQ(all.inputs.sizes(), (std::vector<int64_t>{4096, 12}));
  const auto codes = all.inputs.to(torch::kLong).matmul(torch::pow(2, 11 - torch::arange(12, torch::kLong)));
  EXPECT_TRUE(torch::equal(codes, torch::arange(4096, torch::kLong)));  // pattern i is i's bits
  // The symmetric rule's closest split to half and half (see twelve_bit.h).
  EXPECT_EQ(all.labels.sum().item<int64_t>(), 2038);
  // Few active inputs: class 0; many: class 1 (as in the original data set).
  const auto active = all.inputs.sum(1);
  EXPECT_EQ(all.labels.masked_select(active <= 4).sum().item<int64_t>(), 0);
  EXPECT_EQ(all.labels.masked_select(active >= 8).min().item<int64_t>(), 1);
}

TEST(TwelveBit, LabelsAreUnchangedByTheSymmetriesOfTheSphere) {
  const auto u = it::icosahedron_vertices();
  EXPECT_TRUE(torch::allclose(u.norm(2, 1), torch::ones({12}, torch::kDouble)));
  EXPECT_TRUE(torch::allclose(u.sum(0), torch::zeros({3}, torch::kDouble), 0, 1e-12));  // spread evenly
  const auto labels = it::twelve_bit_patterns()->all().labels;
  // A 72-degree rotation about the axis through vertex 0, and the reflection z -> -z, map the vertices onto
  // themselves; relabelling the inputs by the induced permutation must leave every label as it was.
  const auto axis = u[0];
  const double c = std::cos(2 * M_PI / 5), s = std::sin(2 * M_PI / 5);
  auto k = torch::zeros({3, 3}, torch::kDouble);
  k[0][1] = -axis[2]; k[0][2] = axis[1]; k[1][0] = axis[2]; k[1][2] = -axis[0]; k[2][0] = -axis[1]; k[2][1] = axis[0];
  const auto rotation = torch::eye(3, torch::kDouble) * c + s * k + (1 - c) * torch::outer(axis, axis);
  const auto reflection = torch::diag(torch::tensor({1.0, 1.0, -1.0}, torch::kDouble));
  for (const auto& m : {rotation, reflection}) {
    const auto moved = u.matmul(m.t());
    const auto perm = torch::cdist(moved, u).argmin(1);  // vertex i goes to vertex perm[i]
    ASSERT_LT(std::get<0>(torch::cdist(moved, u).min(1)).max().item<double>(), 1e-9);
    ASSERT_EQ(std::get<0>(torch::_unique(perm)).numel(), 12);
    // Pattern x moved: bit perm[i] of the new pattern is bit i of x.
    const auto x = it::twelve_bit_patterns()->all().inputs;
    const auto moved_x = torch::zeros_like(x).index_copy(1, perm, x);
    const auto codes = moved_x.to(torch::kLong).matmul(torch::pow(2, 11 - torch::arange(12, torch::kLong)));
    EXPECT_TRUE(torch::equal(labels.index_select(0, codes), labels));
  }
}

TEST(TwelveBit, SplitsEightyTwentyBySeed) {
  const auto a = it::twelve_bit_splits(0.8, 1), b = it::twelve_bit_splits(0.8, 1), c = it::twelve_bit_splits(0.8, 2);
  EXPECT_EQ(a.train->size(), 3277);
  EXPECT_EQ(a.test->size(), 819);
  EXPECT_TRUE(torch::equal(a.train->all().inputs, b.train->all().inputs));
  EXPECT_FALSE(torch::equal(a.train->all().inputs, c.train->all().inputs));
  EXPECT_EQ(error_of([] { it::twelve_bit_splits(1.0, 0); }), "train_fraction: expected a fraction in (0, 1), got 1.000000");
}
