// Information-plane estimators: binning on constructed layers (injective -> H(X), constant -> 0, I(T;Y) <= H(Y)),
// the KDE bounds against a brute-force evaluation and their ordering, the noisy-kNN estimator's limits, bad specs.
#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

#include "../error_of.h"
#include "infotorch/infoplane/binning.h"
#include "infotorch/infoplane/kde.h"
#include "infotorch/infoplane/noisy_knn.h"
#include "infotorch/infoplane/plane.h"
#include "infotorch/training/twelve_bit.h"

namespace ip = infotorch::infoplane;

namespace {

torch::Tensor patterns() { return infotorch::training::twelve_bit_patterns()->all().inputs.to(torch::kDouble); }
torch::Tensor labels() { return infotorch::training::twelve_bit_patterns()->all().labels; }

double entropy_bits(const torch::Tensor& labels) {
  const auto p = torch::bincount(labels).to(torch::kDouble) / labels.numel();
  return -(p * torch::log2(p)).sum().item<double>();
}

// Kolchinsky & Tracey's pairwise term by its definition, in double loops.
double brute_term(const torch::Tensor& t, double var, double scale) {
  const int64_t n = t.size(0);
  auto a = t.accessor<double, 2>();
  double total = 0;
  for (int64_t i = 0; i < n; ++i) {
    double s = 0;
    for (int64_t j = 0; j < n; ++j) {
      double d2 = 0;
      for (int64_t k = 0; k < t.size(1); ++k) d2 += (a[i][k] - a[j][k]) * (a[i][k] - a[j][k]);
      s += std::exp(-d2 / (scale * var));
    }
    total -= std::log(s / n);
  }
  return total / n;
}

}  // namespace

TEST(InfoplaneBinning, AnInjectiveLayerCarriesAllTwelveBitsAndEveryLabelBit) {
  const auto x = patterns(), y = labels();
  // The identity layer, and an invertible linear map binned finely enough to stay injective.
  auto gen = at::detail::createCPUGenerator(3);
  const auto mixed = x.matmul(torch::randn({12, 12}, gen, torch::kDouble));
  for (const auto& [t, spec] : {std::pair{x, std::string("bin:30")}, std::pair{mixed, std::string("bin:size=1e-6")}}) {
    const auto p = ip::make_estimator(spec)->estimate(t, y);
    EXPECT_NEAR(p.ixt, 12.0, 1e-12) << spec;         // H(X) of 4,096 equiprobable patterns
    EXPECT_NEAR(p.ity, entropy_bits(y), 1e-12) << spec;  // T determines x, hence y
  }
}

TEST(InfoplaneBinning, AConstantLayerCarriesNothing) {
  const auto y = labels();
  const auto t = torch::full({4096, 5}, 0.37, torch::kDouble);
  for (const std::string spec : {"bin:30", "bin:size=0.07", "bin:bins=30,adaptive=true"}) {
    const auto p = ip::make_estimator(spec)->estimate(t, y);
    EXPECT_EQ(p.ixt, 0.0) << spec;
    EXPECT_NEAR(p.ity, 0.0, 1e-12) << spec;
  }
}

TEST(InfoplaneBinning, LabelInformationNeverExceedsTheLabelEntropyAndReachesItForALabelLayer) {
  auto gen = at::detail::createCPUGenerator(5);
  const auto y = torch::randint(0, 4, {3000}, gen, torch::kLong);
  const double hy = entropy_bits(y);
  for (int trial = 0; trial < 5; ++trial) {
    const auto t = torch::randn({3000, 3}, gen, torch::kDouble);
    const auto p = ip::binned_plane(t, y, {});
    EXPECT_LE(p.ity, hy + 1e-12);
    EXPECT_LE(p.ity, p.ixt + 1e-12);  // data processing: I(T;Y) <= H(T)
    EXPECT_GE(p.ity, 0.0);
  }
  const auto label_layer = y.to(torch::kDouble).unsqueeze(1);
  EXPECT_NEAR(ip::binned_plane(label_layer, y, {}).ity, hy, 1e-12);
}

TEST(InfoplaneBinning, BinsFollowTheirDefinitions) {
  const auto t = torch::tensor({{0.0}, {0.1}, {0.5}, {0.99}, {1.0}}, torch::kDouble);
  ip::BinOptions two;
  two.bins = 2;  // [0, 0.5) and [0.5, 1], the maximum in the last bin
  EXPECT_TRUE(torch::equal(ip::bin_indices(t, two).flatten(), torch::tensor({0, 0, 1, 1, 1}, torch::kLong)));
  ip::BinOptions width;
  width.size = 0.25;  // floor(t / 0.25)
  EXPECT_TRUE(torch::equal(ip::bin_indices(t, width).flatten(), torch::tensor({0, 0, 2, 3, 4}, torch::kLong)));
  // Quantile bins: equal counts per bin on distinct values; equal values share a bin.
  auto gen = at::detail::createCPUGenerator(2);
  const auto u = torch::rand({3000, 2}, gen, torch::kDouble);
  ip::BinOptions q;
  q.bins = 30;
  q.adaptive = true;
  const auto idx = ip::bin_indices(u, q);
  for (int c = 0; c < 2; ++c) {
    const auto counts = torch::bincount(idx.select(1, c));
    EXPECT_EQ(counts.numel(), 30);
    EXPECT_EQ(counts.min().item<int64_t>(), 100);
    EXPECT_EQ(counts.max().item<int64_t>(), 100);
  }
  const auto tied = torch::tensor({{1.0}, {1.0}, {1.0}, {2.0}, {3.0}, {3.0}}, torch::kDouble);
  q.bins = 3;
  const auto ti = ip::bin_indices(tied, q).flatten();
  EXPECT_EQ(ti[0].item<int64_t>(), ti[2].item<int64_t>());
  EXPECT_EQ(ti[4].item<int64_t>(), ti[5].item<int64_t>());
}

TEST(InfoplaneKde, PairwiseTermsEqualABruteForceEvaluationForAnyBlock) {
  auto gen = at::detail::createCPUGenerator(11);
  const auto t = 0.05 * torch::randn({60, 3}, gen, torch::kDouble);
  const double var = 1e-3;
  const double kl = brute_term(t, var, 2), bh = brute_term(t, var, 8);
  for (int64_t block : {1, 7, 64, 1000}) {
    const auto [u, l] = ip::pairwise_terms(t, var, block);
    EXPECT_NEAR(u, kl, 1e-5 * kl) << block;
    EXPECT_NEAR(l, bh, 1e-5 * bh) << block;
  }
  EXPECT_GT(kl, bh);  // the distances shrink by 4 in the Bhattacharyya term
}

TEST(InfoplaneKde, LowerBoundsStayBelowUpperOnesAndBothStayWithinTheirRange) {
  auto gen = at::detail::createCPUGenerator(4);
  const auto y = torch::randint(0, 2, {800}, gen, torch::kLong);
  for (double scale : {0.01, 0.05, 0.3, 3.0}) {
    const auto t = scale * torch::randn({800, 4}, gen, torch::kDouble) + y.to(torch::kDouble).unsqueeze(1) * scale;
    const auto p = ip::kde_plane(t, y, {});
    EXPECT_LE(p.ixt_lower, p.ixt + 1e-9) << scale;
    EXPECT_GE(p.ixt_lower, -1e-9) << scale;
    EXPECT_LE(p.ixt, std::log2(800.0) + 1e-9) << scale;
    EXPECT_LE(p.ity, entropy_bits(y) + 1e-6) << scale;
  }
  // Points far apart relative to the noise: every sample is told apart (log2 N); all at one point: nothing.
  const auto far = 10 * torch::arange(800, torch::kDouble).unsqueeze(1);
  EXPECT_NEAR(ip::kde_plane(far, y, {}).ixt, std::log2(800.0), 1e-9);
  EXPECT_NEAR(ip::kde_plane(far, y, {}).ixt_lower, std::log2(800.0), 1e-9);
  const auto same = torch::zeros({800, 2}, torch::kDouble);
  EXPECT_NEAR(ip::kde_plane(same, y, {}).ixt, 0.0, 1e-9);
  EXPECT_NEAR(ip::kde_plane(same, y, {}).ity, 0.0, 1e-9);
}

TEST(InfoplaneKnn, NoiseAloneCarriesNothingAndSeparatedClassesCarryTheirEntropy) {
  auto gen = at::detail::createCPUGenerator(8);
  const auto y = torch::randint(0, 2, {4000}, gen, torch::kLong);
  ip::NoisyKnnOptions o;
  const auto constant = torch::zeros({4000, 2}, torch::kDouble);
  EXPECT_NEAR(ip::knn_plane(constant, y, o).ixt, 0.0, 0.1);  // T~ is the noise: H(T~) - H(noise) = 0
  EXPECT_NEAR(ip::knn_plane(constant, y, o).ity, 0.0, 0.05);
  const auto separated = y.to(torch::kDouble).unsqueeze(1) * 5.0;
  const auto p = ip::knn_plane(separated, y, o);
  EXPECT_NEAR(p.ity, entropy_bits(y), 0.05);
  EXPECT_NEAR(p.ixt, entropy_bits(y), 0.1);  // two atoms blurred by noise far smaller than their distance
}

TEST(InfoplaneEstimators, BadSpecsAndInputsGetClearErrors) {
  EXPECT_EQ(error_of([] { ip::make_estimator("kde:var=0"); }), "var: expected a noise variance > 0, got 0");
  EXPECT_EQ(error_of([] { ip::make_estimator("kde:var=-1e-3"); }), "var: expected a noise variance > 0, got -0.001");
  EXPECT_EQ(error_of([] { ip::make_estimator("bin:0"); }), "bins: expected at least 1 bin, got 0");
  EXPECT_EQ(error_of([] { ip::make_estimator("bin:size=0"); }), "size: expected a bin width > 0, got 0");
  EXPECT_EQ(error_of([] { ip::make_estimator("ksg:k=3"); }),
            "estimator: unknown information-plane estimator 'ksg'; expected bin, kde or knn");
  EXPECT_NE(error_of([] { ip::make_estimator("kde:sigma=1"); }).find("sigma"), std::string::npos);
  const auto y = torch::zeros({4}, torch::kLong);
  auto t = torch::zeros({4, 2}, torch::kDouble);
  t[1][1] = NAN;
  EXPECT_NE(error_of([&] { ip::make_estimator("bin:30")->estimate(t, y); }).find("activations"), std::string::npos);
  EXPECT_NE(error_of([&] { ip::make_estimator("bin:30")->estimate(torch::zeros({3, 2}, torch::kDouble), y); })
                .find("labels"),
            std::string::npos);
  EXPECT_EQ(ip::make_estimator("bin:30")->spec(), "bin:bins=30");
  EXPECT_EQ(ip::make_estimator("kde:var=1e-3")->label(), "kde_var0.001");
}
