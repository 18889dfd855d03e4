// The critics: shapes, diagonal == paired, each critic equal to its defining formula evaluated
// independently pair by pair, chunked (checkpointed) scores equal to plain autograd in value and
// gradient, and pinned messages for bad input.
#include <gtest/gtest.h>

#include "../error_of.h"

#include "infotorch/core/error.h"
#include "infotorch/critics/bilinear.h"
#include "infotorch/critics/concat.h"
#include "infotorch/critics/factory.h"
#include "infotorch/critics/module_critic.h"
#include "infotorch/critics/separable.h"

using namespace infotorch::critics;

namespace {

CriticOptions small_options() {
  CriticOptions o;
  o.hidden = 8;
  o.layers = 2;
  o.embed = 4;
  return o;
}


void expect_close(const torch::Tensor& a, const torch::Tensor& b, double tol) {
  ASSERT_EQ(a.sizes(), b.sizes());
  EXPECT_LT((a - b).abs().max().item<double>(), tol);
}

}  // namespace

TEST(CriticsFactory, EveryKindGivesKxKScoresWhoseDiagonalIsPaired) {
  torch::manual_seed(0);
  auto x = torch::randn({5, 3}, torch::kDouble), y = torch::randn({5, 4}, torch::kDouble);
  for (const auto& kind : critic_kinds()) {
    auto critic = make_critic(kind, 3, 4, small_options());
    auto s = critic->scores(x, y);
    auto p = critic->paired(x, y);
    EXPECT_EQ(s.sizes(), (std::vector<int64_t>{5, 5})) << kind;
    EXPECT_EQ(p.sizes(), (std::vector<int64_t>{5})) << kind;
    EXPECT_EQ(s.scalar_type(), torch::kFloat) << kind << ": float64 samples feed a float32 critic";
    expect_close(s.diagonal(), p, 1e-5);
    // Scores depend on the pair, not only on x or y alone.
    EXPECT_GT(s.std().item<double>(), 1e-4) << kind;
  }
}

TEST(CriticsFactory, DefaultsLiveInTheOptions) {
  CriticOptions o;
  EXPECT_EQ(o.hidden, 256);
  EXPECT_EQ(o.layers, 2);
  EXPECT_EQ(o.embed, 32);
  auto critic = std::dynamic_pointer_cast<SeparableCritic>(make_critic("separable", 20, 20));
  ASSERT_TRUE(critic);
  // g: 20 -> 256 -> 256 -> 32 and h the same: 2 * (20*256+256 + 256*256+256 + 256*32+32) parameters.
  int64_t n = 0;
  for (auto& p : critic->parameters()) n += p.numel();
  EXPECT_EQ(n, 2 * (20 * 256 + 256 + 256 * 256 + 256 + 256 * 32 + 32));
}

TEST(CriticsSeparable, ScoresAreInnerProductsOfTheEmbeddings) {
  torch::manual_seed(1);
  SeparableCritic critic(3, 2, small_options());
  critic.to(torch::kDouble);
  auto x = torch::randn({6, 3}, torch::kDouble), y = torch::randn({6, 2}, torch::kDouble);
  auto g = critic.embed_x(x), h = critic.embed_y(y);
  EXPECT_EQ(g.sizes(), (std::vector<int64_t>{6, 4}));
  auto s = critic.scores(x, y);
  for (int64_t i = 0; i < 6; ++i)
    for (int64_t j = 0; j < 6; ++j) EXPECT_NEAR(s[i][j].item<double>(), g[i].dot(h[j]).item<double>(), 1e-12);
}

TEST(CriticsBilinear, ScoresAreXTransposeWY) {
  torch::manual_seed(2);
  BilinearCritic critic(3, 2);
  critic.to(torch::kDouble);
  auto x = torch::randn({4, 3}, torch::kDouble), y = torch::randn({4, 2}, torch::kDouble);
  auto s = critic.scores(x, y);
  auto w = critic.weight();
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t j = 0; j < 4; ++j)
      EXPECT_NEAR(s[i][j].item<double>(), x[i].dot(w.mv(y[j])).item<double>(), 1e-12);
}

// MLP([x; y]) written out on one concatenated pair, from the critic's own weights.
double explicit_concat(ConcatCritic& c, const torch::Tensor& xi, const torch::Tensor& yj) {
  auto h = torch::relu(c.first_weight().mv(torch::cat({xi, yj})) + c.first_bias());
  const auto& rest = c.rest();
  for (size_t l = 0; l + 1 < rest.size(); ++l) h = torch::relu(rest[l]->weight.mv(h) + rest[l]->bias);
  return (rest.back()->weight.mv(h) + rest.back()->bias).item<double>();
}

TEST(CriticsConcat, ScoresEqualTheMlpOnEveryConcatenatedPair) {
  torch::manual_seed(3);
  auto o = small_options();
  o.layers = 3;
  ConcatCritic critic(3, 2, o);
  critic.to(torch::kDouble);
  auto x = torch::randn({5, 3}, torch::kDouble), y = torch::randn({5, 2}, torch::kDouble);
  auto s = critic.scores(x, y);
  auto p = critic.paired(x, y);
  for (int64_t i = 0; i < 5; ++i) {
    EXPECT_NEAR(p[i].item<double>(), explicit_concat(critic, x[i], y[i]), 1e-12);
    for (int64_t j = 0; j < 5; ++j) EXPECT_NEAR(s[i][j].item<double>(), explicit_concat(critic, x[i], y[j]), 1e-12);
  }
}

TEST(CriticsConcat, FirstLayerIsInitialisedAsOneLinearOnXY) {
  // Fan-in dx + dy: every first-layer weight within 1/sqrt(dx + dy), as torch::nn::Linear(dx + dy, H).
  torch::manual_seed(4);
  ConcatCritic critic(20, 20);
  double bound = 1.0 / std::sqrt(40.0);
  EXPECT_LE(critic.first_weight().abs().max().item<double>(), bound);
  EXPECT_GT(critic.first_weight().abs().max().item<double>(), 0.9 * bound);
}

// Value and gradient (w.r.t. the inputs and every parameter) of a random linear functional of the scores.
std::vector<torch::Tensor> value_and_grads(Critic& critic, const torch::Tensor& x, const torch::Tensor& y,
                                           const torch::Tensor& r, bool chunked) {
  auto xr = x.clone().requires_grad_(true);
  auto yr = y.clone().requires_grad_(true);
  auto* concat = dynamic_cast<ConcatCritic*>(&critic);
  auto s = chunked || !concat ? critic.scores(xr, yr) : concat->scores_unchunked(xr, yr);
  auto loss = (s * r).sum() + s.pow(2).sum();
  std::vector<torch::Tensor> inputs{xr, yr};
  for (auto& p : critic.parameters()) inputs.push_back(p);
  auto grads = torch::autograd::grad({loss}, inputs);
  grads.insert(grads.begin(), s.detach());
  return grads;
}

TEST(CriticsChunked, ConcatChunkedEqualsPlainInValueAndGradient) {
  torch::manual_seed(5);
  auto o = small_options();
  o.layers = 3;
  o.chunk_elements = 2 * 7 * o.hidden;  // 2 rows per block: 4 blocks for K = 7, the last one short
  ConcatCritic critic(3, 2, o);
  critic.to(torch::kDouble);
  auto x = torch::randn({7, 3}, torch::kDouble), y = torch::randn({7, 2}, torch::kDouble);
  auto r = torch::randn({7, 7}, torch::kDouble);
  auto plain = value_and_grads(critic, x, y, r, false);
  auto chunked = value_and_grads(critic, x, y, r, true);
  ASSERT_EQ(plain.size(), chunked.size());
  // scores, x, y; first layer (W_x, b, W_y), 2 more hidden layers and the output layer (weight, bias)
  ASSERT_EQ(plain.size(), 1 + 2 + 3 + 6u);
  for (size_t i = 0; i < plain.size(); ++i) {
    ASSERT_TRUE(chunked[i].defined()) << i;
    expect_close(chunked[i], plain[i], 1e-10);
  }
}

TEST(CriticsChunked, ChunkedBackwardAccumulatesIntoParameterGrads) {
  torch::manual_seed(6);
  auto o = small_options();
  o.chunk_elements = 3 * 6 * o.hidden;
  ConcatCritic critic(2, 2, o);
  critic.to(torch::kDouble);
  auto x = torch::randn({6, 2}, torch::kDouble), y = torch::randn({6, 2}, torch::kDouble);
  critic.scores_unchunked(x, y).sum().backward();
  std::vector<torch::Tensor> expected;
  for (auto& p : critic.parameters()) {
    expected.push_back(p.grad().clone());
    p.mutable_grad().zero_();
  }
  critic.scores(x, y).sum().backward();
  auto params = critic.parameters();
  for (size_t i = 0; i < params.size(); ++i) expect_close(params[i].grad(), expected[i], 1e-10);
}

TEST(CriticsModule, WrapsAModuleOnConcatenatedPairsChunkedOrNot) {
  torch::manual_seed(7);
  torch::nn::Sequential net(torch::nn::Linear(5, 6), torch::nn::Functional(torch::tanh), torch::nn::Linear(6, 1));
  net->to(torch::kDouble);
  CriticOptions one_block, small_blocks;
  small_blocks.hidden = 1;
  small_blocks.chunk_elements = 2 * 5 * 5;  // 2 rows per block of K = 5 (width max(dx + dy, hidden) = 5)
  ModuleCritic a(3, 2, net, one_block), b(3, 2, net, small_blocks);
  EXPECT_EQ(a.parameters().size(), 4u);
  auto x = torch::randn({5, 3}, torch::kDouble), y = torch::randn({5, 2}, torch::kDouble);
  auto r = torch::randn({5, 5}, torch::kDouble);
  auto ga = value_and_grads(a, x, y, r, true);
  auto gb = value_and_grads(b, x, y, r, true);
  for (size_t i = 0; i < ga.size(); ++i) expect_close(gb[i], ga[i], 1e-10);
  for (int64_t i = 0; i < 5; ++i)
    for (int64_t j = 0; j < 5; ++j)
      EXPECT_NEAR(ga[0][i][j].item<double>(), net->forward(torch::cat({x[i], y[j]}).unsqueeze(0)).item<double>(), 1e-12);
  expect_close(a.paired(x, y), ga[0].diagonal(), 1e-12);
}

TEST(CriticsModule, AcceptsAPlainFunction) {
  auto w = torch::tensor({1.0, 2.0, -1.0}, torch::kDouble);
  ModuleCritic critic(2, 1, [w](const torch::Tensor& xy) { return xy.mv(w); });
  auto x = torch::tensor({{1.0, 0.0}, {0.0, 1.0}}, torch::kDouble), y = torch::tensor({{1.0}, {3.0}}, torch::kDouble);
  auto s = critic.scores(x, y);
  // s_ij = x_i0 + 2 x_i1 - y_j
  expect_close(s, torch::tensor({{0.0, -2.0}, {1.0, -1.0}}, torch::kDouble), 1e-12);
}

TEST(CriticsErrors, BadInputHasPinnedMessages) {
  auto critic = make_critic("concat", 3, 2, small_options());
  auto x = torch::randn({5, 3}), y = torch::randn({5, 2});
  EXPECT_EQ(error_of([&] { critic->scores(torch::randn({5}), y); }), "x: expected a 2-D tensor, got shape [5]");
  EXPECT_EQ(error_of([&] { critic->scores(x, torch::randn({5, 3})); }),
            "y: expected 2 columns (the critic's dy), got shape [5, 3]");
  EXPECT_EQ(error_of([&] { critic->paired(torch::randn({5, 4}), y); }),
            "x: expected 3 columns (the critic's dx), got shape [5, 4]");
  EXPECT_EQ(error_of([&] { critic->scores(x, torch::randn({6, 2})); }),
            "x and y must have the same number of rows (samples), got 5 and 6");
  EXPECT_EQ(error_of([&] { critic->scores(torch::zeros({5, 3}, torch::kLong), y); }),
            "x: expected a floating-point tensor");
  EXPECT_EQ(error_of([&] { make_critic("mlp", 3, 2); }),
            "critic: unknown kind 'mlp'; known kinds: separable, bilinear, concat, deranged");
  CriticOptions bad;
  bad.hidden = 0;
  EXPECT_EQ(error_of([&] { make_critic("separable", 3, 2, bad); }), "critic options: hidden must be positive, got 0");
  bad = CriticOptions{};
  bad.activation = "gelu";
  EXPECT_EQ(error_of([&] { make_critic("concat", 3, 2, bad); }),
            "critic options: activation must be one of relu, elu, tanh; got 'gelu'");
  ModuleCritic wrong(3, 2, [](const torch::Tensor& xy) { return xy; });
  EXPECT_EQ(error_of([&] { wrong.paired(x, y); }),
            "module critic: the network must map 5 x 5 pairs to 5 or 5 x 1 scores, got shape [5, 5]");
}
