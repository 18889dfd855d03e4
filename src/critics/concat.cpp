#include "infotorch/critics/concat.h"

#include "infotorch/critics/chunked.h"
#include "infotorch/critics/pairwise_mlp.h"

namespace infotorch::critics {

ConcatCritic::ConcatCritic(int64_t dx, int64_t dy, const CriticOptions& options)
    : dx_(dx), dy_(dy), options_(options) {
  validate(options);
  const int64_t width = options.layers > 0 ? options.hidden : 1;
  // One Linear(dx + dy, width) split by columns; initialised as that layer would be (fan-in dx + dy).
  torch::nn::Linear whole(dx + dy, width);
  first_x_ = register_module("first_x", torch::nn::Linear(dx, width));
  first_y_ = register_module("first_y", torch::nn::Linear(torch::nn::LinearOptions(dy, width).bias(false)));
  {
    torch::NoGradGuard no_grad;
    first_x_->weight.copy_(whole->weight.narrow(1, 0, dx));
    first_x_->bias.copy_(whole->bias);
    first_y_->weight.copy_(whole->weight.narrow(1, dx, dy));
  }
  for (int64_t l = 1; l < options.layers; ++l)
    rest_.push_back(register_module("linear" + std::to_string(l), torch::nn::Linear(options.hidden, options.hidden)));
  if (options.layers > 0)
    rest_.push_back(register_module("linear" + std::to_string(options.layers), torch::nn::Linear(options.hidden, 1)));
}

torch::Tensor ConcatCritic::first_weight() const { return torch::cat({first_x_->weight, first_y_->weight}, 1); }
torch::Tensor ConcatCritic::first_bias() const { return first_x_->bias; }

torch::Tensor ConcatCritic::head(const torch::Tensor& pre) const {
  if (rest_.empty()) return pre.squeeze(-1);  // layers = 0: the critic is linear
  auto h = activate(pre, options_.activation);
  for (size_t i = 0; i + 1 < rest_.size(); ++i) h = activate(torch::linear(h, rest_[i]->weight, rest_[i]->bias), options_.activation);
  return torch::linear(h, rest_.back()->weight, rest_.back()->bias).squeeze(-1);
}

torch::Tensor ConcatCritic::scores(const torch::Tensor& x, const torch::Tensor& y) {
  auto [xs, ys] = check_critic_inputs(x, y, dx_, dy_, first_x_->weight);
  auto a = first_x_->forward(xs);  // K x H: W_x x_i + b, once per row
  auto b = first_y_->forward(ys);  // K x H: W_y y_j, once per row
  const int64_t k = a.size(0);
  RowBlock block = [this](const torch::Tensor& a_rows, const torch::Tensor& b_all) {
    if (rest_.empty()) return head(a_rows.unsqueeze(1) + b_all.unsqueeze(0));
    return pairwise_mlp(a_rows, b_all, rest_, options_.activation);  // fused backward, same values
  };
  std::vector<torch::Tensor> params;
  for (auto& l : rest_)
    for (auto& p : l->parameters()) params.push_back(p);
  return checkpointed_rows(block, a, b, params, rows_per_block(k, a.size(1), options_.chunk_elements));
}

torch::Tensor ConcatCritic::scores_unchunked(const torch::Tensor& x, const torch::Tensor& y) {
  auto [xs, ys] = check_critic_inputs(x, y, dx_, dy_, first_x_->weight);
  return head(first_x_->forward(xs).unsqueeze(1) + first_y_->forward(ys).unsqueeze(0));
}

torch::Tensor ConcatCritic::paired(const torch::Tensor& x, const torch::Tensor& y) {
  auto [xs, ys] = check_critic_inputs(x, y, dx_, dy_, first_x_->weight);
  return head(first_x_->forward(xs) + first_y_->forward(ys));
}

}  // namespace infotorch::critics
