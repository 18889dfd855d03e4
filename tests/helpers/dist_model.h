// The model, data and one-step objectives of the distributed tests (tests/training/distributed_test.cpp), shared
// with their worker program (dist_worker.cpp) so that the one-process reference and every rank compute the same
// thing. No batch norm: batch statistics would differ between a shard and the whole batch.
#pragma once
#include <torch/torch.h>

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "infotorch/bounds/infonce.h"
#include "infotorch/recipes/simclr.h"
#include "infotorch/training/step.h"
#include "infotorch/training/trainer.h"

namespace dist_test {

constexpr int64_t kBatch = 16;  // the global batch
constexpr int64_t kIn = 8, kHidden = 16, kOut = 4;

struct Model {
  torch::nn::Sequential f{nullptr}, g{nullptr};
  infotorch::training::Optimisers opts;
  Model() {
    torch::manual_seed(7);
    f = torch::nn::Sequential(torch::nn::Linear(kIn, kHidden), torch::nn::Tanh(), torch::nn::Linear(kHidden, kOut));
    g = torch::nn::Sequential(torch::nn::Linear(kIn, kHidden), torch::nn::Tanh(), torch::nn::Linear(kHidden, kOut));
    std::vector<torch::Tensor> params = f->parameters();
    for (auto& p : g->parameters()) params.push_back(p);
    // Plain SGD: the update is the gradient itself, so a gradient off by a factor (an unsummed gather) shows.
    opts.add("model", std::make_unique<torch::optim::SGD>(params, torch::optim::SGDOptions(0.5)));
  }
  torch::Tensor flat() {
    std::vector<torch::Tensor> parts;
    for (auto& p : f->parameters()) parts.push_back(p.detach().reshape({-1}));
    for (auto& p : g->parameters()) parts.push_back(p.detach().reshape({-1}));
    return torch::cat(parts);
  }
};

// Correlated pairs (x, y): the global batch.
inline std::pair<torch::Tensor, torch::Tensor> data() {
  auto gen = at::detail::createCPUGenerator(11);
  auto x = torch::randn({kBatch, kIn}, gen);
  auto y = x.mm(torch::randn({kIn, kIn}, gen)) * 0.5 + 0.3 * torch::randn({kBatch, kIn}, gen);
  return {x, y};
}

inline torch::Tensor unit(const torch::Tensor& t) {
  return torch::nn::functional::normalize(t, torch::nn::functional::NormalizeFuncOptions().dim(1));
}

// "simclr": x and y are the two views of an image, both embedded by f; every rank gathers the projections
// (recipes::global_views, as the SimCLR recipe does) and evaluates NT-Xent on the global 2N x 2N matrix.
// "simclr-rows": the same loss from this rank's anchors only (recipes::ntxent_terms; the global loss is the mean).
// "rows": f embeds x, g embeds y; each rank scores its own rows against every gathered y (local loss over its
// rows; the global loss is their mean). Returns this rank's loss.
inline torch::Tensor loss(Model& m, const std::string& mode, const torch::Tensor& x, const torch::Tensor& y,
                          infotorch::training::StepContext& ctx) {
  if (mode == "simclr") {
    auto z = infotorch::recipes::global_views(unit(m.f->forward(torch::cat({x, y}))), ctx);
    return infotorch::bounds::infonce(infotorch::recipes::view_scores(z, 0.5)).loss;
  }
  if (mode == "simclr-rows") {  // the SimCLR recipe's InfoNCE path: this rank's anchors only
    auto z = unit(m.f->forward(torch::cat({x, y})));
    auto terms = infotorch::recipes::ntxent_terms(z, infotorch::recipes::global_views(z, ctx), ctx.rank(), 0.5);
    return terms.mean() - std::log(static_cast<double>(terms.size(0) * ctx.world_size()));
  }
  auto u = unit(m.f->forward(x)), v = ctx.all_gather(unit(m.g->forward(y)));
  auto s = u.mm(v.t()) / 0.2;
  const int64_t n = u.size(0);
  auto pos = s.diagonal(ctx.rank() * n);  // the partners of this rank's rows sit at its offset
  return (torch::logsumexp(s, 1) - pos).mean() - std::log(static_cast<double>(v.size(0)));
}

// One SGD step on this rank's shard of the global batch; returns {loss, parameters after, skipped (0 or 1)}.
// `poison`: add NaN to this rank's loss (its gradients stay finite).
inline std::vector<torch::Tensor> one_step(const std::string& mode, const infotorch::training::StepOptions& options,
                                           int64_t rank, int64_t world, bool poison = false) {
  Model m;
  auto [x, y] = data();
  auto idx = infotorch::training::shard(torch::arange(kBatch), rank, world);
  auto gen = at::detail::createCPUGenerator(0);
  infotorch::training::StepContext ctx(m.opts, gen, options);
  auto l = loss(m, mode, x.index_select(0, idx), y.index_select(0, idx), ctx);
  if (poison) l = l + std::numeric_limits<double>::quiet_NaN();
  ctx.minimise(l, "model");
  return {l.detach().reshape({1}), m.flat(), torch::tensor({ctx.skipped() ? 1.0f : 0.0f})};
}

}  // namespace dist_test
