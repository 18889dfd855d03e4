// infonce_embeddings is infonce on S = U V^T computed blockwise: the same values and gradients.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "infotorch/bounds/infonce_embeddings.h"
#include "infotorch/core/error.h"

namespace infotorch::bounds {
namespace {

TEST(InfoNceEmbeddings, ValuesAndGradientsEqualTheScoreMatrixPath) {
  torch::manual_seed(3);
  const int64_t k = 37, d = 5;
  for (auto dir : {InfoNceDirection::row, InfoNceDirection::col, InfoNceDirection::sym}) {
    for (int64_t block : {int64_t{1} << 18, int64_t{100}, int64_t{1}}) {  // one block; 2-row blocks; 1 row
      SCOPED_TRACE(to_string(dir) + " block " + std::to_string(block));
      auto u = torch::randn({k, d}, torch::kFloat64).requires_grad_(true);
      auto v = (0.8 * u.detach() + 0.6 * torch::randn({k, d}, torch::kFloat64)).requires_grad_(true);
      auto ref = infonce(u.mm(v.t()), {dir});
      auto got = infonce_embeddings(u, v, {dir, block});
      EXPECT_NEAR(got.mi.item<double>(), ref.mi.item<double>(), 1e-12);
      EXPECT_NEAR(got.loss.item<double>(), -got.mi.item<double>(), 0.0);
      auto gr = torch::autograd::grad({ref.loss * 3.0}, {u, v});
      auto gg = torch::autograd::grad({got.loss * 3.0}, {u, v});  // the incoming gradient scales them
      EXPECT_LT((gg[0] - gr[0]).abs().max().item<double>(), 1e-12);
      EXPECT_LT((gg[1] - gr[1]).abs().max().item<double>(), 1e-12);
    }
  }
}

TEST(InfoNceEmbeddings, NeverAboveLogKAndNoGradientWorkWithoutGrad) {
  torch::manual_seed(4);
  // Unit rows scaled to norm 10: S_ii = 100 while S_ij = 100 cos(u_i, u_j) stays far below for 64 random
  // directions in 64-d, so each row's positive wins by a wide margin and the bound approaches log 64.
  auto u = torch::nn::functional::normalize(torch::randn({64, 64}), torch::nn::functional::NormalizeFuncOptions().dim(1)) * 10;
  torch::NoGradGuard no_grad;
  auto e = infonce_embeddings(u, u);
  EXPECT_LE(e.mi.item<double>(), std::log(64.0) + 1e-6);
  EXPECT_GT(e.mi.item<double>(), std::log(64.0) - 0.05);
  EXPECT_FALSE(e.mi.requires_grad());
}

TEST(InfoNceEmbeddings, RejectsBadInputsWithAMessage) {
  auto u = torch::randn({8, 3});
  EXPECT_THROW(infonce_embeddings(u, torch::randn({7, 3})), Error);
  EXPECT_THROW(infonce_embeddings(u, torch::randn({8, 4})), Error);
  EXPECT_THROW(infonce_embeddings(torch::randn({1, 3}), torch::randn({1, 3})), Error);
  auto bad = u.clone();
  bad[2][1] = std::nan("");
  try {
    infonce_embeddings(u, bad);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("v"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace infotorch::bounds
