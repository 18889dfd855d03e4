#include "infotorch/recipes/clustering.h"

#include "infotorch/bounds/discrete_mi.h"
#include "infotorch/core/error.h"
#include "infotorch/core/validate.h"

namespace infotorch::recipes {

void declare(OptionList& list, ClusteringOptions& o) {
  list.add_choice("objective", o.objective,
                  {{"iic", ClusteringOptions::Objective::iic}, {"rim", ClusteringOptions::Objective::rim}},
                  "iic: MI between two views' clusters; rim: H(mean p) - mean H(p)")
      .add("clusters", o.clusters, "clusters of the main head (the classes to find)")
      .add("overclusters", o.overclusters, "IIC's over-clustering head (0: none)")
      .add("lr", o.lr, "Adam learning rate")
      .add("weight_decay", o.weight_decay, "Adam weight decay (RIM's regulariser)")
      .add("representation", o.encoder.dim, "encoder output size");
}

ClusteringRecipe::ClusteringRecipe(const ClusteringOptions& o) : training::Recipe(o.device), options_(o) {
  if (o.clusters < 2) throw Error("clusters: expected at least 2, got " + std::to_string(o.clusters));
  if (o.overclusters != 0 && o.overclusters < 2)
    throw Error("overclusters: expected 0 (none) or at least 2, got " + std::to_string(o.overclusters));
  check_positive(o.lr, "lr");
  if (!(o.weight_decay >= 0)) throw Error("weight_decay: expected >= 0");
  torch::manual_seed(o.seed);
  encoder_ = add_module("encoder", Encoder(o.encoder));
  head_ = add_module("head", torch::nn::Linear(o.encoder.dim, o.clusters));
  std::vector<torch::Tensor> params = encoder_->parameters();
  for (auto& p : head_->parameters()) params.push_back(p);
  if (o.overclusters > 0) {
    over_ = add_module("overclusters", torch::nn::Linear(o.encoder.dim, o.overclusters));
    for (auto& p : over_->parameters()) params.push_back(p);
  }
  root().to(o.device);
  augment_ = training::make_augment(o.augment);
  add_optimizer("model", std::make_unique<torch::optim::Adam>(
                             params, torch::optim::AdamOptions(o.lr).weight_decay(o.weight_decay)));
}

training::StepStats ClusteringRecipe::train_step(const training::Batch& batch, training::StepContext& ctx) {
  check_rank(batch.inputs, 4, "images");
  if (batch.inputs.size(0) < 2) throw Error("images: a clustering step needs a batch of at least 2");
  root().train();
  torch::Tensor mi, total;
  if (options_.objective == ClusteringOptions::Objective::iic) {
    auto& gen = ctx.generator();
    const int64_t n = batch.inputs.size(0);
    auto h = encoder_->forward(torch::cat({augment_(batch.inputs, gen), augment_(batch.inputs, gen)}, 0)).h;
    auto mi_of = [&](torch::nn::Linear& head) {
      auto p = torch::softmax(head->forward(h), 1);
      return bounds::joint_table_mi(p.narrow(0, 0, n), p.narrow(0, n, n));
    };
    mi = mi_of(head_);
    total = over_ ? mi + mi_of(over_) : mi;
  } else {
    mi = bounds::rim_mi(torch::softmax(head_->forward(encoder_->forward(batch.inputs).h), 1));
    total = mi;
  }
  ctx.minimise(-total, "model");
  training::StepStats st;
  st.loss = -total.item<double>();
  st.mi = mi.item<double>();
  return st;
}

torch::Tensor ClusteringRecipe::features(const torch::Tensor& images) {
  torch::NoGradGuard ng;
  encoder_->eval();
  auto h = encoder_->forward(images.to(options_.device)).h;
  encoder_->train();
  return h;
}

torch::Tensor ClusteringRecipe::logits(const torch::Tensor& images) {
  encoder_->eval();
  auto out = head_->forward(encoder_->forward(images.to(options_.device)).h);
  encoder_->train();
  return out;
}

}  // namespace infotorch::recipes
