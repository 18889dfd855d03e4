#include "infotorch/critics/pairwise_mlp.h"

#include "infotorch/core/error.h"
#include "infotorch/core/validate.h"
#include "infotorch/critics/mlp.h"

namespace infotorch::critics {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

enum class Act : int64_t { relu, elu, tanh };

Act parse_act(const std::string& name) {
  check_activation(name);  // the one list of supported names, and its message
  if (name == "elu") return Act::elu;
  if (name == "tanh") return Act::tanh;
  return Act::relu;
}

void activate_(torch::Tensor& t, Act act) {
  switch (act) {
    case Act::relu: t.relu_(); break;
    case Act::elu: torch::elu_(t); break;
    case Act::tanh: t.tanh_(); break;
  }
}

// d act / d input times grad, from the activation's output y.
torch::Tensor activation_backward(const torch::Tensor& grad, const torch::Tensor& y, Act act) {
  switch (act) {
    case Act::relu: return at::threshold_backward(grad, y, 0);  // y > 0 exactly where the input was
    case Act::elu: return at::elu_backward(grad, 1.0, 1.0, 1.0, /*is_result=*/true, y);
    case Act::tanh: return at::tanh_backward(grad, y);
  }
  return grad;
}

struct PairwiseMlp : public torch::autograd::Function<PairwiseMlp> {
  // params: weight, bias of each tail layer in order.
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& a, const torch::Tensor& b,
                               at::TensorList params, int64_t act_code) {
    const Act act = static_cast<Act>(act_code);
    const int64_t r = a.size(0), k = b.size(0), h = a.size(1);
    std::vector<torch::Tensor> outputs;  // each hidden layer's activation output, (R*K) x width
    auto x = (a.unsqueeze(1) + b.unsqueeze(0)).view({r * k, h});
    activate_(x, act);
    outputs.push_back(x);
    const size_t layers = params.size() / 2;
    for (size_t l = 0; l + 1 < layers; ++l) {
      x = torch::addmm(params[2 * l + 1], x, params[2 * l].t());
      activate_(x, act);
      outputs.push_back(x);
    }
    auto s = torch::addmm(params[2 * layers - 1], x, params[2 * layers - 2].t()).view({r, k});
    std::vector<torch::Tensor> saved(outputs);
    for (const auto& p : params) saved.push_back(p);
    ctx->save_for_backward(saved);
    ctx->saved_data["act"] = act_code;
    ctx->saved_data["hidden_layers"] = static_cast<int64_t>(outputs.size());
    ctx->saved_data["shape"] = std::vector<int64_t>{r, k, h};
    return s;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad_out) {
    const Act act = static_cast<Act>(ctx->saved_data["act"].toInt());
    const int64_t n_out = ctx->saved_data["hidden_layers"].toInt();
    const auto shape = ctx->saved_data["shape"].toIntVector();
    const int64_t r = shape[0], k = shape[1], h = shape[2];
    auto saved = ctx->get_saved_variables();
    std::vector<torch::Tensor> outputs(saved.begin(), saved.begin() + n_out);
    std::vector<torch::Tensor> params(saved.begin() + n_out, saved.end());
    const size_t layers = params.size() / 2;
    std::vector<torch::Tensor> grads(params.size());

    auto g = grad_out[0].reshape({r * k, 1});
    // Output layer (width -> 1): dW = g^T X, db = sum g, dX = g w (a broadcast product, not a rank-1 GEMM).
    grads[2 * layers - 2] = g.t().mm(outputs.back());
    grads[2 * layers - 1] = g.sum(0);
    auto dx = g * params[2 * layers - 2];
    for (size_t l = layers - 1; l-- > 0;) {  // hidden layers, last to first
      auto dz = activation_backward(dx, outputs[l + 1], act);
      grads[2 * l] = dz.t().mm(outputs[l]);
      grads[2 * l + 1] = dz.sum(0);
      dx = dz.mm(params[2 * l]);
    }
    auto dz0 = activation_backward(dx, outputs[0], act).view({r, k, h});
    variable_list result{dz0.sum(1), dz0.sum(0)};
    for (auto& t : grads) result.push_back(t);
    result.emplace_back();  // act_code
    return result;
  }
};

}  // namespace

torch::Tensor pairwise_mlp(const torch::Tensor& a, const torch::Tensor& b, const std::vector<torch::nn::Linear>& tail,
                           const std::string& activation) {
  check_rank(a, 2, "pairwise_mlp a");
  check_rank(b, 2, "pairwise_mlp b");
  if (a.size(1) != b.size(1))
    throw Error("pairwise_mlp b: expected " + std::to_string(a.size(1)) + " columns like a, got " + shape_str(b));
  if (tail.empty()) throw Error("pairwise_mlp tail: expected at least one Linear layer");
  if (tail.back()->weight.size(0) != 1)
    throw Error("pairwise_mlp tail: the last layer must map to 1 output, got " + shape_str(tail.back()->weight));
  const Act act = parse_act(activation);
  std::vector<torch::Tensor> params;
  for (const auto& l : tail) {
    if (!l->bias.defined()) throw Error("pairwise_mlp tail: every layer needs a bias");
    params.push_back(l->weight);
    params.push_back(l->bias);
  }
  return PairwiseMlp::apply(a, b, at::TensorList(params), static_cast<int64_t>(act));
}

}  // namespace infotorch::critics
