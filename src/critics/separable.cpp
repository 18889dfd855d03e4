#include "infotorch/critics/separable.h"

namespace infotorch::critics {

SeparableCritic::SeparableCritic(int64_t dx, int64_t dy, const CriticOptions& options) : dx_(dx), dy_(dy) {
  validate(options);
  g_ = register_module("g", Mlp(dx, options.hidden, options.layers, options.embed, options.activation));
  h_ = register_module("h", Mlp(dy, options.hidden, options.layers, options.embed, options.activation));
}

torch::Tensor SeparableCritic::embed_x(const torch::Tensor& x) {
  auto in = check_critic_inputs(x, torch::zeros({1, dy_}, x.options()), dx_, dy_, g_->linears()[0]->weight, false);
  return g_->forward(in.first);
}

torch::Tensor SeparableCritic::embed_y(const torch::Tensor& y) {
  auto in = check_critic_inputs(torch::zeros({1, dx_}, y.options()), y, dx_, dy_, h_->linears()[0]->weight, false);
  return h_->forward(in.second);
}

torch::Tensor SeparableCritic::scores(const torch::Tensor& x, const torch::Tensor& y) {
  auto [xs, ys] = check_critic_inputs(x, y, dx_, dy_, g_->linears()[0]->weight);
  return g_->forward(xs).mm(h_->forward(ys).t());
}

torch::Tensor SeparableCritic::paired(const torch::Tensor& x, const torch::Tensor& y) {
  auto [xs, ys] = check_critic_inputs(x, y, dx_, dy_, g_->linears()[0]->weight);
  return (g_->forward(xs) * h_->forward(ys)).sum(1);
}

}  // namespace infotorch::critics
