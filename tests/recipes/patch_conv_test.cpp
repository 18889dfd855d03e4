// patch_conv2d is conv2d by another algorithm: same values and gradients, whatever the geometry.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "infotorch/core/error.h"
#include "infotorch/recipes/patch_conv.h"

namespace infotorch::recipes {
namespace {

struct Case {
  int64_t n, c, h, w, o, k, stride, padding;
  bool bias, input_grad;
};

TEST(PatchConv, ValuesAndGradientsEqualConv2d) {
  const Case cases[] = {
      {5, 1, 28, 28, 32, 4, 2, 1, true, false},  // the encoder's first layer
      {3, 1, 28, 28, 8, 4, 2, 1, true, true},
      {2, 3, 9, 7, 4, 3, 1, 0, false, true},     // rectangular, odd, no padding, no bias
      {2, 32, 14, 14, 16, 4, 2, 1, true, true},  // many channels
      {1, 2, 5, 5, 3, 5, 3, 2, true, true},      // kernel as large as the image, stride 3
  };
  torch::manual_seed(0);
  for (const auto& t : cases) {
    SCOPED_TRACE(::testing::Message() << "c=" << t.c << " k=" << t.k << " stride=" << t.stride << " pad=" << t.padding);
    auto opts = torch::TensorOptions().dtype(torch::kFloat64);
    auto x = torch::randn({t.n, t.c, t.h, t.w}, opts).requires_grad_(t.input_grad);
    auto w = torch::randn({t.o, t.c, t.k, t.k}, opts).requires_grad_(true);
    auto b = t.bias ? torch::randn({t.o}, opts).requires_grad_(true) : torch::Tensor();
    auto ref = torch::conv2d(x, w, b, t.stride, t.padding);
    auto got = patch_conv2d(x, w, b, t.stride, t.padding);
    ASSERT_EQ(got.sizes(), ref.sizes());
    EXPECT_LT((got - ref).abs().max().item<double>(), 1e-10);
    auto g = torch::randn(ref.sizes(), opts);
    std::vector<torch::Tensor> inputs{w};
    if (t.bias) inputs.push_back(b);
    if (t.input_grad) inputs.push_back(x);
    auto gr = torch::autograd::grad({ref}, inputs, {g});
    auto gg = torch::autograd::grad({got}, inputs, {g});
    for (size_t i = 0; i < inputs.size(); ++i) {
      ASSERT_EQ(gg[i].sizes(), gr[i].sizes());
      EXPECT_LT((gg[i] - gr[i]).abs().max().item<double>(), 1e-9 * (1 + gr[i].abs().max().item<double>())) << "input " << i;
    }
  }
}

TEST(PatchConv, RejectsMismatchedShapesWithAMessage) {
  auto x = torch::randn({2, 3, 8, 8});
  try {
    patch_conv2d(x, torch::randn({4, 2, 3, 3}), torch::Tensor(), 1, 0);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("patch_conv2d weight"), std::string::npos) << e.what();
  }
  EXPECT_THROW(patch_conv2d(x, torch::randn({4, 3, 3, 3}), torch::randn({5}), 1, 0), Error);
  EXPECT_THROW(patch_conv2d(x, torch::randn({4, 3, 9, 9}), torch::Tensor(), 1, 0), Error);
  EXPECT_THROW(patch_conv2d(x, torch::randn({4, 3, 3, 3}), torch::Tensor(), 0, 0), Error);
}

}  // namespace
}  // namespace infotorch::recipes
