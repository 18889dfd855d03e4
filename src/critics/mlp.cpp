#include "infotorch/critics/mlp.h"

#include "infotorch/core/error.h"

namespace infotorch::critics {

void check_activation(const std::string& act) {
  if (act != "relu" && act != "elu" && act != "tanh")
    throw Error("critic options: activation must be one of relu, elu, tanh; got '" + act + "'");
}

torch::Tensor activate(const torch::Tensor& t, const std::string& act) {
  if (act == "relu") return torch::relu(t);
  if (act == "elu") return torch::elu(t);
  if (act == "tanh") return torch::tanh(t);
  check_activation(act);
  return t;
}

MlpImpl::MlpImpl(int64_t in, int64_t hidden, int64_t layers, int64_t out, std::string activation)
    : activation_(std::move(activation)) {
  check_activation(activation_);
  int64_t width = in;
  for (int64_t l = 0; l < layers; ++l) {
    linears_.push_back(register_module("linear" + std::to_string(l), torch::nn::Linear(width, hidden)));
    width = hidden;
  }
  linears_.push_back(register_module("linear" + std::to_string(layers), torch::nn::Linear(width, out)));
}

torch::Tensor MlpImpl::forward(torch::Tensor x) {
  for (size_t i = 0; i + 1 < linears_.size(); ++i) x = activate(linears_[i]->forward(x), activation_);
  return linears_.back()->forward(x);
}

}  // namespace infotorch::critics
