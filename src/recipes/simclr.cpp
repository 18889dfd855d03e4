#include "infotorch/recipes/simclr.h"

#include <cmath>

#include "infotorch/bounds/factory.h"
#include "infotorch/core/error.h"
#include "infotorch/core/validate.h"

namespace infotorch::recipes {

torch::Tensor view_scores(const torch::Tensor& z, double temperature) {
  check_rank(z, 2, "projections");
  if (z.size(0) < 4 || z.size(0) % 2 != 0)
    throw Error("projections: expected 2N rows (two views of N >= 2 images), got " + shape_str(z));
  check_positive(temperature, "temperature");
  const int64_t k = z.size(0), n = k / 2;
  auto partner = (torch::arange(k, torch::TensorOptions().dtype(torch::kInt64).device(z.device())) + n) % k;
  auto s = z.matmul(z.t()) / temperature;
  auto permuted = s.index_select(1, partner);  // permuted[i][j] = s[i][p(j)]; diagonal = positives
  // permuted[i][j] is a view against itself where p(j) = i, i.e. j = p(i).
  auto self = torch::zeros({k, k}, torch::TensorOptions().dtype(torch::kBool).device(z.device()));
  self.index_put_({torch::arange(k, partner.options()), partner}, true);
  return permuted.masked_fill(self, -1e4);
}

torch::Tensor ntxent_mi(const torch::Tensor& scores) {
  const int64_t k = scores.size(0);
  // The masked entries contribute exp(-1e4) = 0 to each row's sum; 2N - 1 real candidates remain.
  auto loss = (torch::logsumexp(scores, 1) - scores.diagonal()).mean();
  return std::log(static_cast<double>(k - 1)) - loss;
}

torch::Tensor global_views(const torch::Tensor& z, training::StepContext& ctx) {
  const int64_t world = ctx.world_size();
  if (world == 1) return z;
  check_rank(z, 2, "projections");
  if (z.size(0) % 2 != 0) throw Error("projections: expected 2n rows (two views of n images), got " + shape_str(z));
  // Rank r's rows of the gathered tensor are [its first views; its second views]; reorder them to
  // [every first view; every second view].
  const int64_t n = z.size(0) / 2;
  auto all = ctx.all_gather(z);
  auto block = torch::arange(world, torch::TensorOptions().dtype(torch::kInt64).device(z.device())) * (2 * n);
  auto first = (block.unsqueeze(1) + torch::arange(n, block.options()).unsqueeze(0)).reshape({-1});
  return all.index_select(0, torch::cat({first, first + n}));
}

torch::Tensor ntxent_terms(const torch::Tensor& z, const torch::Tensor& all, int64_t rank, double temperature) {
  check_rank(z, 2, "projections");
  check_rank(all, 2, "global projections");
  const int64_t n = z.size(0) / 2, k = all.size(0), half = k / 2;
  if (z.size(0) % 2 != 0 || k % 2 != 0 || (rank + 1) * n > half)
    throw Error("projections: expected 2n of the 2N global rows, got " + shape_str(z) + " of " + shape_str(all));
  check_positive(temperature, "temperature");
  auto opts = torch::TensorOptions().dtype(torch::kInt64).device(z.device());
  // The global indices of this process's anchors in view_scores' layout: first views, then second views.
  auto mine = torch::arange(rank * n, (rank + 1) * n, opts);
  auto rows = torch::cat({mine, mine + half});
  auto partner = (torch::arange(k, opts) + half) % k;
  auto s = z.matmul(all.t()).div_(temperature).index_select(1, partner);  // rows of view_scores(all)
  // Row i's positive sits at column rows[i] (as on view_scores' diagonal), itself at column partner[rows[i]].
  auto self = torch::zeros({2 * n, k}, opts.dtype(torch::kBool));
  self.index_put_({torch::arange(2 * n, opts), partner.index_select(0, rows)}, true);
  s = s.masked_fill(self, -1e4);
  return torch::logsumexp(s, 1) - s.gather(1, rows.unsqueeze(1)).squeeze(1);
}

void declare(OptionList& list, SimclrOptions& o) {
  list.add("estimator", o.estimator, "MI lower bound trained on the 2N-view scores (infonce = NT-Xent, js, nwj, "
                                     "smile:tau=5, dv, ...)")
      .add("temperature", o.temperature, "cosine similarity / temperature")
      .add("lr", o.lr, "Adam learning rate")
      .add("weight_decay", o.weight_decay, "Adam weight decay")
      .add("hidden", o.hidden, "projection head's hidden width")
      .add("projection", o.projection, "projection size (the space the views are compared in)")
      .add("representation", o.encoder.dim, "encoder output size (the representation h)");
}

SimclrRecipe::SimclrRecipe(const SimclrOptions& o) : training::Recipe(o.device), options_(o) {
  check_positive(o.temperature, "temperature");
  check_positive(o.lr, "lr");
  check_positive(static_cast<double>(o.hidden), "hidden");
  check_positive(static_cast<double>(o.projection), "projection");
  if (o.weight_decay < 0) throw Error("weight_decay: expected >= 0");
  bound_ = bounds::make_bound(o.estimator);
  row_infonce_ = bound_->spec() == "infonce:dir=row";
  torch::manual_seed(o.seed);  // the initial weights are a function of the seed
  encoder_ = add_module("encoder", Encoder(o.encoder));
  namespace nn = torch::nn;
  head_ = add_module("head", nn::Sequential(nn::Linear(o.encoder.dim, o.hidden), nn::ReLU(),
                                            nn::Linear(o.hidden, o.projection)));
  add_module("bound", bound_);
  root().to(o.device);
  augment_ = training::make_augment(o.augment);
  std::vector<torch::Tensor> params = encoder_->parameters();
  for (auto& p : head_->parameters()) params.push_back(p);
  for (auto& p : bound_->parameters()) params.push_back(p);  // learned baselines (tuba:learn=true)
  add_optimizer("model", std::make_unique<torch::optim::Adam>(
                             params, torch::optim::AdamOptions(o.lr).weight_decay(o.weight_decay)));
}

SimclrRecipe::Forward SimclrRecipe::forward(const torch::Tensor& images, training::StepContext& ctx) {
  check_rank(images, 4, "images");
  const int64_t world = ctx.world_size();
  if (images.size(0) * world < 2)
    throw Error("images: a contrastive step needs a batch of at least 2, got " + shape_str(images));
  auto& gen = ctx.generator();
  auto views = torch::cat({augment_(images, gen), augment_(images, gen)}, 0);
  auto h = encoder_->forward(views).h;
  auto z = torch::nn::functional::normalize(head_->forward(h), torch::nn::functional::NormalizeFuncOptions().dim(1));
  if (ctx.world_size() > 1 && row_infonce_) {
    // InfoNCE is a mean over anchors: each process scores only its own 2n anchors against the 2N global views
    // (2n x 2N, not 2N x 2N); the trainer's mean over the processes is the global value.
    auto terms = ntxent_terms(z, global_views(z, ctx), ctx.rank(), options_.temperature);
    const double k = static_cast<double>(terms.size(0) * ctx.world_size());
    auto mean = terms.mean();
    auto mi = std::log(k) - mean;
    return {torch::Tensor(), {mi, -mi}, std::log(k - 1) - mean.detach()};
  }
  z = global_views(z, ctx);
  auto scores = view_scores(z, options_.temperature);
  return {scores, bound_->forward(scores), ntxent_mi(scores.detach())};
}

training::StepStats SimclrRecipe::train_step(const training::Batch& batch, training::StepContext& ctx) {
  encoder_->train();
  head_->train();
  auto f = forward(batch.inputs, ctx);
  ctx.minimise(f.estimate.loss, "model");
  training::StepStats st;
  st.loss = f.estimate.loss.item<double>();
  st.mi = f.ntxent_mi.item<double>();
  st.extra["estimator_mi"] = f.estimate.mi.item<double>();
  return st;
}

torch::Tensor SimclrRecipe::features(const torch::Tensor& images) {
  torch::NoGradGuard ng;
  encoder_->eval();
  auto h = encoder_->forward(images.to(options_.device)).h;
  encoder_->train();
  return h;
}

}  // namespace infotorch::recipes
