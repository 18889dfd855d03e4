// Judging generated images (generation.h): the Fréchet distance against its closed form and an independent
// computation, the judge classifier (trained, kept, reloaded), and the generation evaluator on recipes whose
// "generator" is known: one that returns real images of the asked class, one that ignores its condition.
#include "infotorch/training/generation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "../error_of.h"
#include "infotorch/core/random.h"
#include "infotorch/training/evaluator.h"
#include "infotorch/training/recipe.h"

namespace it = infotorch::training;

namespace {
// tr((S_a S_b)^1/2) the other way: the square roots of the eigenvalues of the non-symmetric product.
double frechet_reference(const torch::Tensor& a, const torch::Tensor& b) {
  auto ca = torch::cov(a.t().to(torch::kFloat64)), cb = torch::cov(b.t().to(torch::kFloat64));
  auto ev = torch::real(torch::linalg::eigvals(ca.mm(cb))).clamp_min(0);
  auto dm = (a.to(torch::kFloat64).mean(0) - b.to(torch::kFloat64).mean(0)).pow(2).sum();
  return (dm + ca.trace() + cb.trace() - 2 * ev.sqrt().sum()).item<double>();
}
}  // namespace

TEST(FrechetDistance, OneDimensionIsTheMeanAndSdGap) {
  auto gen = infotorch::make_generator(1);
  auto a = torch::randn({500, 1}, gen, torch::kFloat64), b = 3 * torch::randn({400, 1}, gen, torch::kFloat64) + 2;
  const double ma = a.mean().item<double>(), mb = b.mean().item<double>();
  const double sa = a.std().item<double>(), sb = b.std().item<double>();  // divisor n - 1, as the covariances
  EXPECT_NEAR(it::frechet_distance(a, b), (ma - mb) * (ma - mb) + (sa - sb) * (sa - sb), 1e-9);
}

TEST(FrechetDistance, MatchesTheEigenvaluesOfTheCovarianceProduct) {
  auto gen = infotorch::make_generator(2);
  for (int64_t d : {2, 5, 16}) {
    auto mix = torch::randn({d, d}, gen, torch::kFloat64);
    auto a = torch::randn({800, d}, gen, torch::kFloat64).mm(mix);
    auto b = torch::randn({600, d}, gen, torch::kFloat64) * 0.5 + 1;
    const double ref = frechet_reference(a, b);
    EXPECT_NEAR(it::frechet_distance(a, b), ref, 1e-6 * std::max(1.0, ref)) << "d = " << d;
  }
}

TEST(FrechetDistance, IsZeroForOneSetAndTheShiftForATranslatedOne) {
  auto gen = infotorch::make_generator(3);
  auto a = torch::randn({300, 8}, gen);
  EXPECT_NEAR(it::frechet_distance(a, a), 0.0, 1e-6);
  auto shift = torch::arange(8, torch::kFloat32) / 4;
  EXPECT_NEAR(it::frechet_distance(a, a + shift), shift.pow(2).sum().item<double>(), 1e-4);
  auto b = torch::randn({200, 8}, gen);
  EXPECT_NEAR(it::frechet_distance(a, b), it::frechet_distance(b, a), 1e-6);  // symmetric
}

TEST(FrechetDistance, BadInputsNameTheArgument) {
  auto a = torch::randn({10, 3});
  EXPECT_EQ(error_of([&] { it::frechet_distance(a.slice(0, 0, 1), a); }), "a: the Fréchet distance needs at least 2 rows, got 1");
  EXPECT_EQ(error_of([&] { it::frechet_distance(a, torch::randn({10, 4})); }), "b: expected 3 columns like a, got 4");
  auto bad = a.clone();
  bad[0][0] = NAN;
  EXPECT_NE(error_of([&] { it::frechet_distance(a, bad); }).find("b"), std::string::npos);
}

namespace {
// Two "generators" with known answers over a labelled image set: `faithful` returns an image of the asked class
// from the set; `blind` returns the same image whatever the condition.
class KnownGenerator : public it::Recipe {
 public:
  KnownGenerator(it::Batch images, bool faithful) : images_(std::move(images)), faithful_(faithful) {}
  std::string name() const override { return "known"; }
  it::StepStats train_step(const it::Batch&, it::StepContext&) override { return {}; }
  torch::Tensor generate(const torch::Tensor& conditions, at::Generator& gen) override {
    std::vector<torch::Tensor> out;
    for (int64_t i = 0; i < conditions.size(0); ++i) {
      if (!faithful_) {
        out.push_back(images_.inputs[0]);
        continue;
      }
      auto idx = images_.labels.eq(conditions[i]).nonzero().view({-1});
      auto pick = torch::randint(idx.size(0), {1}, gen, torch::kInt64);
      out.push_back(images_.inputs[idx[pick.item<int64_t>()].item<int64_t>()]);
    }
    return torch::stack(out);
  }

 private:
  it::Batch images_;
  bool faithful_;
};
}  // namespace

TEST(GenerationEvaluator, AFaithfulGeneratorScoresLikeTheJudgeAndABlindOneAtChance) {
  if (!std::filesystem::exists(it::DataOptions{}.data_dir)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  auto data = it::load_idx({it::DataOptions{}.data_dir, 3000, 1000});
  const auto path = (std::filesystem::temp_directory_path() / "infotorch_judge_test.pt").string();
  std::filesystem::remove(path);
  auto spec = "generation:samples=1000,judge_epochs=2,judge=" + path;
  KnownGenerator faithful(data.train->all(), true), blind(data.train->all(), false);
  auto m = it::make_evaluator(spec)->evaluate(faithful, data);
  ASSERT_TRUE(std::filesystem::exists(path));  // kept for the next evaluator
  // The judge is a real classifier (2 epochs on 3,000 images), and images of the right class are recognised
  // about as often as the real test images are.
  EXPECT_GT(m.at("judge_test_accuracy"), 0.6);
  EXPECT_NEAR(m.at("generated_condition_accuracy"), m.at("judge_test_accuracy"), 0.1);
  EXPECT_GE(m.at("generated_matched_accuracy"), m.at("generated_condition_accuracy") - 1e-12);
  auto b = it::make_evaluator(spec)->evaluate(blind, data);  // loads the kept judge
  EXPECT_DOUBLE_EQ(b.at("judge_test_accuracy"), m.at("judge_test_accuracy"));
  EXPECT_LT(b.at("generated_condition_accuracy"), 0.2);   // one class of ten, whatever the condition
  EXPECT_LT(b.at("generated_matched_accuracy"), 0.2);
  // Training images of the asked class are close to the test images in the judge's features; one image is not.
  EXPECT_LT(m.at("frechet_distance"), 0.2 * b.at("frechet_distance"));
  std::filesystem::remove(path);
}

TEST(GenerationEvaluator, BadOptionsAndRecipesWithoutAGenerator) {
  EXPECT_NE(error_of([] { it::make_evaluator("generation:samples=-1"); }).find("samples"), std::string::npos);
  EXPECT_NE(error_of([] { it::make_evaluator("generation:split=dev"); }).find("split"), std::string::npos);
  EXPECT_NE(error_of([] { it::make_evaluator("generation:colour=1"); }).find("colour"), std::string::npos);
}
