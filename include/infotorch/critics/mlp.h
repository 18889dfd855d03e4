// The small multilayer perceptron the built-in critics are made of.
#pragma once
#include <torch/torch.h>

#include <string>

namespace infotorch::critics {

// `act` applied elementwise (relu | elu | tanh); Error for another name.
torch::Tensor activate(const torch::Tensor& t, const std::string& act);
// Throws Error unless `act` names a supported activation.
void check_activation(const std::string& act);

// in -> [hidden, act] x layers -> out.
class MlpImpl : public torch::nn::Module {
 public:
  MlpImpl(int64_t in, int64_t hidden, int64_t layers, int64_t out, std::string activation = "relu");
  torch::Tensor forward(torch::Tensor x);
  const std::vector<torch::nn::Linear>& linears() const { return linears_; }
  const std::string& activation() const { return activation_; }

 private:
  std::vector<torch::nn::Linear> linears_;
  std::string activation_;
};
TORCH_MODULE(Mlp);

}  // namespace infotorch::critics
