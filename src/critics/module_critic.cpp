#include "infotorch/critics/module_critic.h"

#include "infotorch/core/validate.h"
#include "infotorch/critics/chunked.h"

namespace infotorch::critics {

ModuleCritic::ModuleCritic(int64_t dx, int64_t dy, PairFunction net, std::shared_ptr<torch::nn::Module> module,
                           const CriticOptions& options)
    : dx_(dx), dy_(dy), net_(std::move(net)), options_(options) {
  validate(options);
  if (!net_) throw Error("module critic: expected a network (a callable on M x (dx + dy) pairs), got an empty one");
  if (module) register_module("net", module);
}

torch::Tensor ModuleCritic::call(const torch::Tensor& xy, int64_t rows) const {
  auto out = net_(xy);
  if (out.dim() == 2 && out.size(1) == 1) out = out.squeeze(1);
  if (out.dim() != 1 || out.size(0) != rows)
    throw Error("module critic: the network must map " + std::to_string(rows) + " x " + std::to_string(dx_ + dy_) +
                " pairs to " + std::to_string(rows) + " or " + std::to_string(rows) + " x 1 scores, got shape " +
                shape_str(out));
  return out;
}

namespace {
// A parameter of the wrapped network sets dtype and device; a bare function takes the inputs as they are.
torch::Tensor like_of(const torch::nn::Module& m, const torch::Tensor& x) {
  auto ps = m.parameters();
  return ps.empty() ? x : ps.front();
}
}  // namespace

torch::Tensor ModuleCritic::scores(const torch::Tensor& x, const torch::Tensor& y) {
  auto [xs, ys] = check_critic_inputs(x, y, dx_, dy_, like_of(*this, x.is_floating_point() ? x : x.to(torch::kFloat)));
  RowBlock block = [this](const torch::Tensor& x_rows, const torch::Tensor& y_all) {
    const int64_t c = x_rows.size(0), k = y_all.size(0);
    auto xy = torch::cat({x_rows.unsqueeze(1).expand({c, k, dx_}), y_all.unsqueeze(0).expand({c, k, dy_})}, 2);
    return call(xy.reshape({c * k, dx_ + dy_}), c * k).view({c, k});
  };
  auto params = parameters();
  const int64_t width = std::max(dx_ + dy_, options_.hidden);
  // Without registered parameters, recomputation in backward could not reach the network's weights.
  const int64_t rows = params.empty() ? xs.size(0) : rows_per_block(xs.size(0), width, options_.chunk_elements);
  return checkpointed_rows(block, xs, ys, params, rows);
}

torch::Tensor ModuleCritic::paired(const torch::Tensor& x, const torch::Tensor& y) {
  auto [xs, ys] = check_critic_inputs(x, y, dx_, dy_, like_of(*this, x.is_floating_point() ? x : x.to(torch::kFloat)));
  return call(torch::cat({xs, ys}, 1), xs.size(0));
}

}  // namespace infotorch::critics
