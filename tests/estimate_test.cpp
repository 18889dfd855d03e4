// infotorch::estimate(): input validation, dispatch, determinism, and small trained runs against closed forms.
#include "infotorch/estimate.h"

#include <gtest/gtest.h>

#include <cmath>

#include "infotorch/core/error.h"
#include "infotorch/tasks/factory.h"

using namespace infotorch;

namespace {
std::pair<torch::Tensor, torch::Tensor> draw(const std::string& spec, int64_t n, uint64_t seed) {
  auto gen = tasks::make_generator(seed);
  return tasks::make_task(spec)->sample(n, gen);
}
// Small and fast: a few hundred steps of a narrow critic.
EstimateOptions quick(const std::string& estimator) {
  EstimateOptions o;
  o.estimator = estimator;
  o.critic = "separable:hidden=64,embed=16,activation=elu";
  o.steps = 300;
  o.batch_size = 64;
  o.lr = 2e-3;
  o.folds = 1;  // one critic per estimate keeps the suite fast; cross-fitting has its own test
  return o;
}
std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no Error thrown)";
}
}  // namespace

TEST(EstimateValidation, NamesTheBadArgument) {
  auto [x, y] = draw("gaussian:d=2,rho=0.5", 100, 0);
  EXPECT_EQ(message_of([&] { estimate(x, y.slice(0, 0, 99)); }),
            "x and y must have the same number of rows (samples), got 100 and 99");
  auto bad = y.clone();
  bad[7][1] = std::nan("");
  EXPECT_EQ(message_of([&] { estimate(x, bad); }), "y: contains NaN or Inf (first at row 7); expected finite values");
  // Default batch 128 needs 200 rows with 1/5 held out and a fifth of the rest validating (early stopping).
  EXPECT_EQ(message_of([&] { estimate(x, y); }),
            "x: 100 samples are too few for a batch of 128 training pairs with 1/5 held out per fold and 20% of the "
            "rest validating (need at least 200)");
  EstimateOptions one_split;
  one_split.folds = 1;
  one_split.patience = 0;  // no validation rows
  EXPECT_EQ(message_of([&] { estimate(x, y, one_split); }),
            "x: 100 samples are too few for a batch of 128 training pairs with 20% held out (need at least 160)");
  one_split.folds = 0;
  EXPECT_EQ(message_of([&] { estimate(x, y, one_split); }),
            "folds: expected at least 1 (1: a single train/test split), got 0");
  EstimateOptions o;
  o.estimator = "banana";
  auto msg = message_of([&] { estimate(x, y, o); });
  EXPECT_EQ(msg.rfind("estimator 'banana' is unknown (known: ", 0), 0u) << msg;
  EXPECT_NE(msg.find("infonce"), std::string::npos) << msg;
  EXPECT_NE(msg.find("smile"), std::string::npos) << msg;
  o.estimator = "infonce";
  o.z = x;
  EXPECT_EQ(message_of([&] { estimate(x, y, o); }),
            "z: only the 'cmi' estimator takes a conditioning variable, not 'infonce'");
  o = EstimateOptions{};
  o.steps = -1;
  EXPECT_EQ(message_of([&] { estimate(x, y, o); }),
            "steps: expected >= 0 (0: a budget of `epochs` passes, chosen by data size), got -1");
  o.steps = 0;
  o.epochs = 0;
  EXPECT_EQ(message_of([&] { estimate(x, y, o); }), "epochs: expected at least 1, got 0");
  // 1-D inputs are N x 1 samples; integer tensors are refused.
  EXPECT_EQ(message_of([&] { estimate(torch::ones({10}, torch::kLong), y.slice(0, 0, 10)); }),
            "x: expected a floating-point tensor");
}

TEST(EstimateVariational, SameSeedSameNumberOtherSeedAnother) {
  auto [x, y] = draw("gaussian:d=2,rho=0.6", 600, 1);
  auto o = quick("smile:tau=5");
  o.steps = 40;
  auto a = estimate(x, y, o), b = estimate(x, y, o);
  EXPECT_EQ(a.mi_nats, b.mi_nats);
  EXPECT_EQ(a.train_mi_nats, b.train_mi_nats);
  o.seed = 1;
  EXPECT_NE(estimate(x, y, o).mi_nats, a.mi_nats);
  EXPECT_EQ(a.n, 600);
  EXPECT_EQ(a.steps, 40);
  EXPECT_EQ(a.estimator, "smile:tau=5");
}

TEST(EstimateVariational, IndependenceReadsNearZero) {
  auto [x, y] = draw("independent:dx=3,dy=3", 3000, 2);
  for (const char* est : {"smile:tau=5", "infonce"}) {
    auto r = estimate(x, y, quick(est));
    // 600 held-out rows: sampling noise of the held-out bound is a few hundredths of a nat.
    EXPECT_NEAR(r.mi_nats, 0.0, 0.05) << est;
  }
}

TEST(EstimateVariational, RecoversAGaussianMi) {
  // 2-D Gaussian pair with I = 1 nat.
  auto [x, y] = draw("gaussian:d=2,mi=1", 4000, 3);
  for (const char* est : {"infonce", "smile:tau=5", "nwj"}) {
    auto o = quick(est);
    o.steps = 1000;  // NWJ's exp term is the noisiest: 600 steps leave it 0.1-0.25 nats low
    auto r = estimate(x, y, o);
    EXPECT_NEAR(r.mi_nats, 1.0, 0.2) << est;
    ASSERT_TRUE(r.train_mi_nats.has_value());
    EXPECT_NEAR(*r.train_mi_nats, 1.0, 0.35) << est;
  }
}

TEST(EstimateVariational, CrossFittingHoldsOutEveryRowOnce) {
  // 4 folds of 1000 rows: each row is scored by the one critic that did not train on it, so the estimate
  // averages 4000 held-out rows (a single 20% split reads 800) and lands closer to the truth.
  auto [x, y] = draw("gaussian:d=2,mi=1", 4000, 3);
  auto o = quick("nwj");
  o.steps = 600;
  o.lr = 5e-4;
  o.folds = 4;
  o.want_stderr = true;
  o.permutations = 19;
  auto r = estimate(x, y, o);
  EXPECT_EQ(r.folds, 4);
  EXPECT_EQ(r.steps, 600);  // per critic
  EXPECT_NEAR(r.mi_nats, 1.0, 0.1);
  ASSERT_TRUE(r.stderr_nats.has_value());
  EXPECT_GT(*r.stderr_nats, 0.0);
  EXPECT_LT(*r.stderr_nats, 0.1);
  // Every permuted-y draw of the combined estimate falls below it. (The null mean is negative, not 0: on
  // permuted pairs a trained critic averages E_{p(x)p(y)}[f] < 0, NWJ's positive term.)
  EXPECT_DOUBLE_EQ(*r.p_value, 1.0 / 20.0);
  EXPECT_LT(*r.null_mean_nats, r.mi_nats - 0.5);
  // Cross-fitting is deterministic given the seed.
  EXPECT_DOUBLE_EQ(estimate(x, y, o).mi_nats, r.mi_nats);
}

TEST(EstimateVariational, InfoNceHeldOutBatchLiftsTheTrainingCeiling) {
  // True MI 4 nats; training batch 16 caps the training estimate at log 16 = 2.77, while the held-out
  // batch of 1000 allows up to log 1000 = 6.9.
  auto [x, y] = draw("gaussian:d=2,mi=4", 5000, 4);
  auto o = quick("infonce");
  o.batch_size = 16;
  o.steps = 1500;
  auto r = estimate(x, y, o);
  EXPECT_LE(*r.train_mi_nats, std::log(16.0) + 1e-6);
  EXPECT_GT(r.mi_nats, std::log(16.0) + 0.3);
  EXPECT_LE(r.mi_nats, std::log(1000.0));
}

TEST(EstimateVariational, StderrAndPermutationTest) {
  auto [x, y] = draw("gaussian:d=1,rho=0.8", 2000, 5);
  auto o = quick("smile:tau=5");
  o.want_stderr = true;
  o.permutations = 19;
  auto r = estimate(x, y, o);
  ASSERT_TRUE(r.stderr_nats && r.p_value && r.null_mean_nats);
  EXPECT_GT(*r.stderr_nats, 0.0);
  EXPECT_LT(*r.stderr_nats, 0.2);
  EXPECT_DOUBLE_EQ(*r.p_value, 1.0 / 20);  // no permutation reaches the dependent value
  // Permuted pairs score below zero on a DV-type bound (Jensen): the null sits far below the estimate.
  EXPECT_LT(*r.null_mean_nats, 0.05);
  // True MI 0.511; five held-out batches of 80 (for the error bar) bias SMILE low: measured 0.379.
  EXPECT_NEAR(r.mi_nats, 0.511, 0.2);
  auto [u, v] = draw("independent:dx=1,dy=1", 2000, 6);
  auto null = estimate(u, v, o);
  EXPECT_GT(*null.p_value, 0.05);  // seeded: fails only if this fixed draw is in the 5% tail
}

TEST(EstimatePlausibility, FoldsBelowZeroOrFarAboveTheirTrainingAreImplausible) {
  using R = EstimateOptions::Readout;
  // Healthy: every fold near its training estimate.
  auto ok = judge_plausibility(1.0, {0.9, 1.1, 1.0}, {1.0, 1.0, 1.1}, R::median);
  EXPECT_EQ(ok.implausible_folds, 0);
  EXPECT_TRUE(ok.why.empty());
  // One fold spiking far above what training ever read (17.7 against 0.5): out-voted by the median, not by the mean.
  auto spike_median = judge_plausibility(0.45, {0.4, 17.7, 0.5}, {0.5, 0.5, 0.5}, R::median);
  EXPECT_EQ(spike_median.implausible_folds, 1);
  EXPECT_TRUE(spike_median.why.empty());
  auto spike_mean = judge_plausibility(6.2, {0.4, 17.7, 0.5}, {0.5, 0.5, 0.5}, R::mean);
  EXPECT_NE(spike_mean.why.find("1 of 3 folds"), std::string::npos) << spike_mean.why;
  // Half the folds run away: even the median is not protected.
  auto half = judge_plausibility(0.5, {0.4, -71.0, 0.5, -1e31}, {0.5, 0.5, 0.5, 0.5}, R::median);
  EXPECT_EQ(half.implausible_folds, 2);
  EXPECT_FALSE(half.why.empty());
  // An estimate below -0.25 nats reads worse than a constant critic, whatever the folds say.
  auto negative = judge_plausibility(-4.8, {-4.8}, {-4.0}, R::median);
  EXPECT_NE(negative.why.find("below -0.25"), std::string::npos) << negative.why;
  // A training objective that ran away (-2e20 nats) condemns its fold even when its held-out value looks harmless.
  EXPECT_FALSE(judge_plausibility(-0.002, {-0.002}, {-2e20}, R::median).why.empty());
  // Near-zero noise is not divergence.
  EXPECT_TRUE(judge_plausibility(-0.05, {-0.05}, {0.02}, R::median).why.empty());
  EXPECT_NE(message_of([] { judge_plausibility(0, {0, 0}, {0}, R::mean); }).find("one training value per fold"),
            std::string::npos);
}

TEST(EstimatePlausibility, ResultCarriesFoldValuesAndBothReadoutsAgreeOnLightTails) {
  auto [x, y] = draw("gaussian:d=2,mi=1", 3000, 5);
  auto o = quick("smile:tau=5");
  o.folds = 3;
  auto med = estimate(x, y, o);
  o.readout = EstimateOptions::Readout::mean;
  auto mean = estimate(x, y, o);
  ASSERT_EQ(med.fold_mi_nats.size(), 3u);
  EXPECT_EQ(med.fold_mi_nats, mean.fold_mi_nats);  // the same critics; only the read-out differs
  double weighted = 0;
  for (int f = 0; f < 3; ++f) weighted += mean.fold_mi_nats[f] * static_cast<double>((f + 1) * 3000 / 3 - f * 3000 / 3);
  EXPECT_NEAR(mean.mi_nats, weighted / 3000, 1e-9);
  EXPECT_NEAR(med.mi_nats, mean.mi_nats, 0.1);
  EXPECT_FALSE(med.diverged());
  EXPECT_EQ(med.implausible_folds, 0);
  EXPECT_NE(message_of([&] {
              auto b = o;
              b.blocks = 0;
              estimate(x, y, b);
            }).find("blocks"),
            std::string::npos);
}

TEST(EstimateVariational, OnTheCopulaAMonotoneMapOfEachCoordinateChangesNothing) {
  // y -> y^3 leaves the MI (and, on ranks, the data the critic sees) unchanged; without the copula the
  // critic reads the distorted values.
  auto [x, y] = draw("gaussian:d=2,mi=1", 3000, 8);
  auto o = quick("smile:tau=5");
  o.copula = true;
  const double plain = estimate(x, y, o).mi_nats;
  const double cubed = estimate(torch::exp(x), y.pow(3), o).mi_nats;
  EXPECT_DOUBLE_EQ(plain, cubed);
  EXPECT_NEAR(plain, 1.0, 0.2);
  o.copula = false;
  EXPECT_NE(estimate(torch::exp(x), y.pow(3), o).mi_nats, plain);
}

TEST(EstimateVariational, TheIntervalIsTheCrossFittingStderrTimesStudentsT) {
  auto [x, y] = draw("gaussian:d=2,mi=1", 3000, 9);
  auto o = quick("smile:tau=5");
  o.folds = 5;
  o.want_stderr = true;
  auto r = estimate(x, y, o);
  ASSERT_TRUE(r.stderr_nats && r.ci90_low && r.ci90_high);
  // The standard error of the folds' mean: sd over the 5 fold values / sqrt(5).
  double m = 0, s2 = 0;
  for (double v : r.fold_mi_nats) m += v / 5;
  for (double v : r.fold_mi_nats) s2 += (v - m) * (v - m) / 4;
  EXPECT_NEAR(*r.stderr_nats, std::sqrt(s2 / 5), 1e-12);
  // t(4) 0.95 quantile 2.1318 on either side of the estimate.
  EXPECT_NEAR(*r.ci90_high - r.mi_nats, 2.1318 * *r.stderr_nats, 1e-9);
  EXPECT_NEAR(r.mi_nats - *r.ci90_low, 2.1318 * *r.stderr_nats, 1e-9);
  // Without stderr, no interval.
  o.want_stderr = false;
  auto plain = estimate(x, y, o);
  EXPECT_FALSE(plain.ci90_low || plain.ci90_high);
}

TEST(EstimateCoverage, TheNominalNinetyPercentIntervalCoversTheTruthInMostSeeds) {
  // 16 seeds of a small cross-fitted estimate on a 1-d Gaussian (I = 0.511 nats). A calibrated 90 % interval
  // covers the truth in 14.4 of 16 on average; fewer than 11 (binomial probability < 2 % if calibrated) means the
  // interval is too narrow or the estimate biased. docs/results/estimate.md measures it at full size.
  int covered = 0;
  for (uint64_t seed = 0; seed < 16; ++seed) {
    auto [x, y] = draw("gaussian:d=1,rho=0.8", 1500, 100 + seed);
    auto o = quick("gan-dime");
    o.folds = 5;
    o.patience = 0;
    o.steps = 300;
    o.want_stderr = true;
    o.seed = seed;
    auto r = estimate(x, y, o);
    ASSERT_TRUE(r.ci90_low && r.ci90_high);
    covered += *r.ci90_low <= 0.5108 && 0.5108 <= *r.ci90_high;
  }
  EXPECT_GE(covered, 11);
  std::printf("covered %d of 16\n", covered);
  EXPECT_LE(covered, 16);
}
