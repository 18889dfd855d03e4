// pairwise_mlp is the composition act(a_i + b_j) -> Linear -> act -> ... -> Linear(., 1) with a hand-written
// backward: the same values and gradients as autograd through torch ops.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "infotorch/core/error.h"
#include "infotorch/critics/pairwise_mlp.h"

namespace infotorch::critics {
namespace {

torch::Tensor act(const torch::Tensor& t, const std::string& name) {
  if (name == "relu") return torch::relu(t);
  if (name == "elu") return torch::elu(t);
  return torch::tanh(t);
}

TEST(CriticsPairwiseMlp, ValuesAndGradientsEqualAutogradForEveryActivationAndDepth) {
  torch::manual_seed(11);
  const int64_t r = 3, k = 5, h = 6;
  for (const std::string name : {"relu", "elu", "tanh"}) {
    for (int tail_layers : {1, 2, 3}) {
      SCOPED_TRACE(name + " tail " + std::to_string(tail_layers));
      std::vector<torch::nn::Linear> tail;
      for (int l = 0; l < tail_layers; ++l) tail.emplace_back(h, l + 1 == tail_layers ? 1 : h);
      std::vector<torch::Tensor> inputs;
      auto a = torch::randn({r, h}, torch::kDouble).requires_grad_(true);
      auto b = torch::randn({k, h}, torch::kDouble).requires_grad_(true);
      inputs = {a, b};
      for (auto& l : tail) {
        l->to(torch::kDouble);
        inputs.push_back(l->weight);
        inputs.push_back(l->bias);
      }
      auto x = act(a.unsqueeze(1) + b.unsqueeze(0), name);
      for (size_t l = 0; l + 1 < tail.size(); ++l) x = act(tail[l]->forward(x), name);
      auto ref = tail.back()->forward(x).squeeze(-1);
      auto got = pairwise_mlp(a, b, tail, name);
      ASSERT_EQ(got.sizes(), ref.sizes());
      EXPECT_LT((got - ref).abs().max().item<double>(), 1e-12);
      auto w = torch::randn({r, k}, torch::kDouble);
      auto gr = torch::autograd::grad({(ref * w).sum() + ref.pow(2).sum()}, inputs);
      auto gg = torch::autograd::grad({(got * w).sum() + got.pow(2).sum()}, inputs);
      for (size_t i = 0; i < inputs.size(); ++i) {
        ASSERT_EQ(gg[i].sizes(), gr[i].sizes()) << i;
        EXPECT_LT((gg[i] - gr[i]).abs().max().item<double>(), 1e-10) << "input " << i;
      }
    }
  }
}

TEST(CriticsPairwiseMlp, Float32AtTheStaircaseSizeMatchesAutograd) {
  // float32, K = 64, H = 256 and two tail layers, as the staircase's concat critic uses them: large enough
  // that LibTorch splits the elementwise passes and the products between threads.
  torch::manual_seed(12);
  const int64_t r = 64, k = 64, h = 256;
  std::vector<torch::nn::Linear> tail{torch::nn::Linear(h, h), torch::nn::Linear(h, 1)};
  auto a = torch::randn({r, h}).requires_grad_(true), b = torch::randn({k, h}).requires_grad_(true);
  std::vector<torch::Tensor> inputs{a, b, tail[0]->weight, tail[0]->bias, tail[1]->weight, tail[1]->bias};
  auto ref = tail[1]->forward(torch::relu(tail[0]->forward(torch::relu(a.unsqueeze(1) + b.unsqueeze(0))))).squeeze(-1);
  auto got = pairwise_mlp(a, b, tail, "relu");
  auto scale = ref.abs().max().item<double>();
  EXPECT_LT((got - ref).abs().max().item<double>(), 1e-5 * scale);
  auto w = torch::randn({r, k});
  auto gr = torch::autograd::grad({(ref * w).sum()}, inputs);
  auto gg = torch::autograd::grad({(got * w).sum()}, inputs);
  for (size_t i = 0; i < inputs.size(); ++i)
    EXPECT_LT((gg[i] - gr[i]).abs().max().item<double>(), 1e-4 * gr[i].abs().max().item<double>()) << "input " << i;
}

TEST(CriticsPairwiseMlp, RejectsATailThatIsNotAScore) {
  auto a = torch::randn({2, 4}), b = torch::randn({3, 4});
  EXPECT_THROW(pairwise_mlp(a, b, {}, "relu"), Error);
  EXPECT_THROW(pairwise_mlp(a, b, {torch::nn::Linear(4, 2)}, "relu"), Error);
  EXPECT_THROW(pairwise_mlp(a, torch::randn({3, 5}), {torch::nn::Linear(4, 1)}, "relu"), Error);
  EXPECT_THROW(pairwise_mlp(a, b, {torch::nn::Linear(4, 1)}, "gelu"), Error);
}

}  // namespace
}  // namespace infotorch::critics
