// L_DMI (Xu et al. 2019): the joint matrix and determinant against direct computations, the loss's gradient
// against finite differences, relative invariance under label noise, and the epsilon floor's bounded gradient.
#include <gtest/gtest.h>

#include <cmath>

#include "../error_of.h"
#include "infotorch/bounds/dmi.h"

namespace ib = infotorch::bounds;

namespace {

const auto f64 = torch::TensorOptions().dtype(torch::kFloat64);

torch::Tensor det3(const torch::Tensor& m) {  // cofactor expansion, independent of LibTorch's LU
  auto a = [&](int i, int j) { return m[i][j].item<double>(); };
  return torch::tensor(a(0, 0) * (a(1, 1) * a(2, 2) - a(1, 2) * a(2, 1)) - a(0, 1) * (a(1, 0) * a(2, 2) - a(1, 2) * a(2, 0)) +
                           a(0, 2) * (a(1, 0) * a(2, 1) - a(1, 1) * a(2, 0)),
                       f64);
}

}  // namespace

TEST(BoundsDmi, JointAndDeterminantMatchADirectComputation) {
  torch::manual_seed(1);
  auto logits = torch::randn({50, 3}, f64);
  auto probs = torch::softmax(logits, 1);
  auto labels = torch::randint(0, 3, {50}, torch::kInt64);
  auto u = ib::dmi_joint(probs, labels);
  // U[i][j] = (1/N) sum_n O[n][i] [label_n = j], element by element.
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      double want = 0;
      for (int n = 0; n < 50; ++n)
        if (labels[n].item<int64_t>() == j) want += probs[n][i].item<double>();
      EXPECT_NEAR(u[i][j].item<double>(), want / 50, 1e-14);
    }
  EXPECT_NEAR(u.sum().item<double>(), 1.0, 1e-12);  // a joint distribution
  EXPECT_NEAR(ib::dmi(probs, labels).item<double>(), std::abs(det3(u).item<double>()), 1e-15);
  EXPECT_NEAR(ib::dmi_loss(logits, labels, {0.0}).item<double>(), -std::log(std::abs(det3(u).item<double>())), 1e-10);
  // A perfect balanced classifier: U = I / C, DMI = C^-C.
  auto eye = torch::eye(3, f64).repeat({4, 1});
  auto y = torch::arange(3, torch::kInt64).repeat({4});
  EXPECT_NEAR(ib::dmi(eye, y).item<double>(), std::pow(3.0, -3.0), 1e-15);
}

TEST(BoundsDmi, LossGradientMatchesFiniteDifferences) {
  torch::manual_seed(2);
  auto logits = torch::randn({20, 3}, f64).requires_grad_();
  auto labels = torch::randint(0, 3, {20}, torch::kInt64);
  for (double eps : {0.0, 1e-3}) {
    auto loss = ib::dmi_loss(logits, labels, {eps});
    auto g = torch::autograd::grad({loss}, {logits})[0];
    torch::NoGradGuard ng;
    const double h = 1e-6;
    for (int n : {0, 7, 19})
      for (int c = 0; c < 3; ++c) {
        auto up = logits.detach().clone(), down = logits.detach().clone();
        up[n][c] += h;
        down[n][c] -= h;
        const double fd = (ib::dmi_loss(up, labels, {eps}).item<double>() - ib::dmi_loss(down, labels, {eps}).item<double>()) / (2 * h);
        EXPECT_NEAR(g[n][c].item<double>(), fd, 1e-6 * std::max(1.0, std::abs(fd))) << "eps " << eps << " n " << n << " c " << c;
      }
  }
}

TEST(BoundsDmi, NoisyLabelsScaleDmiByTheDeterminantOfTheTransitionMatrix) {
  // A constructed joint: outputs O, clean one-hot labels L and the expected noisy labels L T.
  torch::manual_seed(3);
  auto probs = torch::softmax(torch::randn({200, 3}, f64) * 2, 1);
  auto clean = torch::randint(0, 3, {200}, torch::kInt64);
  auto t = torch::tensor({{0.7, 0.2, 0.1}, {0.1, 0.8, 0.1}, {0.25, 0.05, 0.7}}, f64);
  auto noisy = torch::one_hot(clean, 3).to(torch::kFloat64).matmul(t);
  EXPECT_TRUE(torch::allclose(ib::dmi_joint(probs, noisy), ib::dmi_joint(probs, clean).matmul(t), 0, 1e-15));
  const double det_t = std::abs(torch::det(t).item<double>());
  EXPECT_NEAR(ib::dmi(probs, noisy).item<double>(), det_t * ib::dmi(probs, clean).item<double>(), 1e-15);
  // Sampled noisy labels approach the same ratio (N = 200,000: the sampled U is within ~0.1 % of U T).
  // Outputs that carry information about the labels (otherwise U is near singular and the ratio meaningless).
  auto y = torch::randint(0, 3, {200000}, torch::kInt64);
  auto big = torch::softmax(torch::one_hot(y, 3).to(torch::kFloat64) * 2 + torch::randn({200000, 3}, f64), 1);
  auto drawn = torch::multinomial(t.index_select(0, y), 1).squeeze(1);
  const double ratio = ib::dmi(big, drawn).item<double>() / ib::dmi(big, y).item<double>();
  EXPECT_NEAR(ratio / det_t, 1.0, 0.05);
  // So L_DMI differs by the constant -log|det T|: the same minimiser.
  auto logits = torch::randn({200, 3}, f64);
  EXPECT_NEAR(ib::dmi_loss(logits, noisy, {0.0}).item<double>() - ib::dmi_loss(logits, clean, {0.0}).item<double>(),
              -std::log(det_t), 1e-10);
}

TEST(BoundsDmi, TheEpsilonFloorBoundsTheGradientNearASingularJoint) {
  // Every output nearly the same (as at initialisation): U is nearly rank 1, det U ~ 1e-13.
  torch::manual_seed(4);
  auto logits = (torch::randn({64, 3}, f64) * 1e-4).requires_grad_();
  auto labels = torch::arange(64, torch::kInt64) % 3;
  auto grad_norm = [&](double eps) {
    auto g = torch::autograd::grad({ib::dmi_loss(logits, labels, {eps})}, {logits})[0];
    return g.norm().item<double>();
  };
  const double exact = grad_norm(0.0), floored = grad_norm(1e-3);
  EXPECT_TRUE(std::isfinite(exact));
  EXPECT_GT(exact, 1e3);            // -U^{-T}: huge
  EXPECT_LT(floored, 1.0);          // adj(U) / (eps C^-C): small
  EXPECT_GT(exact / floored, 1e4);
  // Far from singular both agree (the floor is negligible next to |det U|).
  auto sharp = (torch::one_hot(labels, 3).to(torch::kFloat64) * 6).requires_grad_();
  auto g0 = torch::autograd::grad({ib::dmi_loss(sharp, labels, {0.0})}, {sharp})[0];
  auto g1 = torch::autograd::grad({ib::dmi_loss(sharp, labels, {1e-3})}, {sharp})[0];
  EXPECT_TRUE(torch::allclose(g0, g1, 1e-2, 1e-8));
}

TEST(BoundsDmi, ABatchWithoutOneLabelClassIsFiniteOnlyWithTheFloor) {
  // A batch in which no sample has label 2 gives U a zero column: det U = 0 exactly. The exact loss is +inf and its
  // gradient not finite; the floored loss stays finite, with a finite gradient (the reason the floor is the default).
  torch::manual_seed(5);
  auto logits = torch::randn({32, 3}, f64).requires_grad_();
  auto labels = torch::arange(32, torch::kInt64) % 2;
  auto exact = ib::dmi_loss(logits, labels, {0.0});
  EXPECT_TRUE(std::isinf(exact.item<double>()));
  auto floored = ib::dmi_loss(logits, labels, {1e-3});
  EXPECT_TRUE(std::isfinite(floored.item<double>()));
  auto g = torch::autograd::grad({floored}, {logits})[0];
  EXPECT_TRUE(torch::isfinite(g).all().item<bool>());
}

TEST(BoundsDmi, RejectsBadInputNamingIt) {
  auto p = torch::softmax(torch::randn({4, 3}), 1);
  EXPECT_EQ(error_of([&] { ib::dmi(p, torch::tensor({0, 1, 2, 3}, torch::kInt64)); }), "labels: classes must lie in [0, 3)");
  EXPECT_EQ(error_of([&] { ib::dmi(p, torch::tensor({0, 1}, torch::kInt64)); }),
            "labels: expected one label per row of probs (4), got [2]");
  EXPECT_EQ(error_of([&] { ib::dmi_loss(torch::randn({4, 3}), torch::zeros({4}, torch::kInt64), {-1.0}); }),
            "epsilon: expected a finite number >= 0, got -1.000000");
  EXPECT_NE(error_of([&] { ib::dmi(torch::randn({4}), torch::zeros({4}, torch::kInt64)); }), "(no error)");
}
