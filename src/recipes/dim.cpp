#include "infotorch/recipes/dim.h"

#include "infotorch/bounds/factory.h"
#include "infotorch/core/error.h"
#include "infotorch/core/validate.h"

namespace infotorch::recipes {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

std::string dim_estimator_spec(const std::string& name) {
  if (name == "nce") return "infonce";
  if (name == "jsd") return "js";
  return name;
}

torch::Tensor prior_discriminator_loss(const torch::Tensor& prior_logits, const torch::Tensor& code_logits) {
  // -log sigmoid(t) = softplus(-t); -log(1 - sigmoid(t)) = softplus(t).
  return F::softplus(-prior_logits).mean() + F::softplus(code_logits).mean();
}

torch::Tensor prior_encoder_loss(const torch::Tensor& code_logits) { return F::softplus(-code_logits).mean(); }

void declare(OptionList& list, DimOptions& o) {
  list.add("estimator", o.estimator, "MI bound: infonce (nce), js (jsd), dv, or any bound spec")
      .add("alpha", o.alpha, "global MI weight")
      .add("beta", o.beta, "local MI weight")
      .add("gamma", o.gamma, "prior matching weight")
      .add("lr", o.lr, "Adam learning rate (encoder and critics)")
      .add("discriminator_lr", o.discriminator_lr, "Adam learning rate of the prior discriminator")
      .add("code", o.code, "size of the global code Y")
      .add("critic", o.critic, "embedding size of the separable critics")
      .add("local_positions", o.local_positions, "local positions scored per step (0: all)")
      .add("augment", o.augment, "train on one augmented view per image")
      .add("features", o.features, "representation the evaluators read: h, local (conv map) or code (Y)");
}

DimRecipe::DimRecipe(const DimOptions& o) : training::Recipe(o.device), options_(o) {
  check_positive(o.lr, "lr");
  check_positive(o.discriminator_lr, "discriminator_lr");
  check_positive(static_cast<double>(o.code), "code");
  check_positive(static_cast<double>(o.critic), "critic");
  if (o.local_positions < 0) throw Error("local_positions: expected >= 0 (0: all), got " + std::to_string(o.local_positions));
  if (o.alpha < 0 || o.beta < 0 || o.gamma < 0 || o.alpha + o.beta <= 0)
    throw Error("dim weights: expected alpha, beta, gamma >= 0 with alpha + beta > 0, got alpha=" +
                std::to_string(o.alpha) + " beta=" + std::to_string(o.beta) + " gamma=" + std::to_string(o.gamma));
  if (o.features != "h" && o.features != "local" && o.features != "code")
    throw Error("features: expected h, local or code, got '" + o.features + "'");
  bound_ = bounds::make_bound(dim_estimator_spec(o.estimator));
  torch::manual_seed(o.seed);
  const int64_t c2 = o.encoder.c2, side = o.encoder.image_size / 4;
  model_ = add_module("model", std::make_shared<nn::Module>());
  encoder_ = model_->register_module("encoder", Encoder(o.encoder));
  to_code_ = model_->register_module("to_code", nn::Linear(o.encoder.dim, o.code));
  local_phi_ = model_->register_module(
      "local_phi", nn::Sequential(nn::Conv2d(nn::Conv2dOptions(c2, o.critic, 1)), nn::ReLU(),
                                  nn::Conv2d(nn::Conv2dOptions(o.critic, o.critic, 1))));
  local_psi_ = model_->register_module(
      "local_psi", nn::Sequential(nn::Linear(o.code, o.critic), nn::ReLU(), nn::Linear(o.critic, o.critic)));
  global_phi_ = model_->register_module(
      "global_phi", nn::Sequential(nn::Flatten(), nn::Linear(c2 * side * side, o.critic), nn::ReLU(),
                                   nn::Linear(o.critic, o.critic)));
  global_psi_ = model_->register_module(
      "global_psi", nn::Sequential(nn::Linear(o.code, o.critic), nn::ReLU(), nn::Linear(o.critic, o.critic)));
  model_->register_module("bound", bound_);
  discriminator_ = add_module("discriminator", nn::Sequential(nn::Linear(o.code, 256), nn::ReLU(), nn::Linear(256, 256),
                                                              nn::ReLU(), nn::Linear(256, 1)));
  root().to(o.device);
  if (o.augment) augment_ = training::make_augment(o.augment_options);
  add_optimizer("model", std::make_unique<torch::optim::Adam>(model_->parameters(), torch::optim::AdamOptions(o.lr)));
  add_optimizer("discriminator", std::make_unique<torch::optim::Adam>(discriminator_->parameters(),
                                                                      torch::optim::AdamOptions(o.discriminator_lr)));
}

torch::Tensor DimRecipe::inputs(const torch::Tensor& images, at::Generator& gen) {
  check_rank(images, 4, "images");
  if (images.size(0) < 2) throw Error("images: a DIM step needs a batch of at least 2, got " + shape_str(images));
  return options_.augment ? augment_(images, gen) : images;
}

training::StepStats DimRecipe::encoder_step(const torch::Tensor& images, training::StepContext& ctx) {
  model_->train();
  at::Generator& gen = ctx.generator();
  auto x = inputs(images, gen);
  auto out = encoder_->forward(x);
  auto y = torch::sigmoid(to_code_->forward(out.h));
  training::StepStats st;
  auto loss = torch::zeros({}, x.options());
  double mi = 0;
  if (options_.beta > 0) {
    auto local = out.local;
    const int64_t all = local.size(2) * local.size(3);
    if (options_.local_positions > 0 && options_.local_positions < all) {
      auto pick = torch::randperm(all, gen, torch::kInt64).slice(0, 0, options_.local_positions).to(local.device());
      local = local.flatten(2).index_select(2, pick).unsqueeze(3);  // N x c2 x P x 1: still a map for the 1x1 convs
    }
    auto phi = local_phi_->forward(local).flatten(2);            // N x c x L (or P)
    auto psi = local_psi_->forward(y);                            // N x c
    auto scores = torch::einsum("acl,bc->lab", {phi, psi});       // L x N x N, [l][a][b] = phi(M_l^a).psi(Y^b)
    auto local_loss = torch::zeros({}, x.options());
    double local_mi = 0;
    const int64_t positions = scores.size(0);
    for (int64_t l = 0; l < positions; ++l) {
      auto e = bound_->forward(scores[l]);
      local_loss = local_loss + e.loss;
      local_mi += e.mi.item<double>();
    }
    loss = loss + options_.beta * local_loss / static_cast<double>(positions);
    st.extra["local_mi"] = local_mi / positions;
    mi = st.extra["local_mi"];
  }
  if (options_.alpha > 0) {
    auto scores = global_phi_->forward(out.local).matmul(global_psi_->forward(y).t());  // N x N
    auto e = bound_->forward(scores);
    loss = loss + options_.alpha * e.loss;
    st.extra["global_mi"] = e.mi.item<double>();
    if (options_.beta <= 0) mi = st.extra["global_mi"];
  }
  if (options_.gamma > 0) {
    auto logits = discriminator_->forward(y);
    loss = loss + options_.gamma * prior_encoder_loss(logits);
    st.extra["d_code"] = torch::sigmoid(logits).mean().item<double>();
  }
  ctx.minimise(loss, "model");
  last_codes_ = y.detach();
  st.loss = loss.item<double>();
  st.mi = mi;
  return st;
}

double DimRecipe::discriminator_step(const torch::Tensor& codes, training::StepContext& ctx) {
  discriminator_->train();
  auto prior = torch::rand({codes.size(0), codes.size(1)}, ctx.generator(), torch::kFloat32).to(codes.device(), codes.scalar_type());
  auto loss = prior_discriminator_loss(discriminator_->forward(prior), discriminator_->forward(codes.detach()));
  ctx.minimise(loss, "discriminator");
  return loss.item<double>();
}

training::StepStats DimRecipe::train_step(const training::Batch& batch, training::StepContext& ctx) {
  auto st = encoder_step(batch.inputs, ctx);
  if (options_.gamma > 0) st.extra["d_loss"] = discriminator_step(last_codes_, ctx);
  return st;
}

torch::Tensor DimRecipe::codes(const torch::Tensor& images) {
  torch::NoGradGuard ng;
  model_->train();
  return torch::sigmoid(to_code_->forward(encoder_->forward(images.to(options_.device)).h));
}

double DimRecipe::prior_score(const torch::Tensor& images) {
  auto y = codes(images);
  torch::NoGradGuard ng;
  return torch::sigmoid(discriminator_->forward(y)).mean().item<double>();
}

torch::Tensor DimRecipe::features(const torch::Tensor& images) {
  torch::NoGradGuard ng;
  model_->eval();
  auto out = encoder_->forward(images.to(options_.device));
  torch::Tensor f = options_.features == "local"  ? out.local.flatten(1)
                    : options_.features == "code" ? torch::sigmoid(to_code_->forward(out.h))
                                                  : out.h;
  model_->train();
  return f;
}

}  // namespace infotorch::recipes
