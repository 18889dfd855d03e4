#include "infotorch/training/recipe.h"

#include "infotorch/core/error.h"

namespace infotorch::training {

Recipe::Recipe(torch::Device device) : device_(device) {}

torch::Tensor Recipe::features(const torch::Tensor&) {
  throw Error("recipe '" + name() + "' has no representation to evaluate (kNN monitor, linear probe)");
}

torch::Tensor Recipe::logits(const torch::Tensor&) {
  throw Error("recipe '" + name() + "' predicts no classes (accuracy evaluator)");
}

GaussianCode Recipe::gaussian_code(const torch::Tensor&) {
  throw Error("recipe '" + name() + "' has no Gaussian code q(z|x) (mig evaluator)");
}

torch::Tensor Recipe::generate(const torch::Tensor&, at::Generator&) {
  throw Error("recipe '" + name() + "' generates no images (generation evaluator)");
}

torch::Tensor Recipe::flat_state() { return flatten_state(*root_); }

void Recipe::save(torch::serialize::OutputArchive& archive) {
  torch::serialize::OutputArchive modules, optimisers;
  root_->save(modules);
  optimisers_.save(optimisers);
  archive.write("modules", modules);
  archive.write("optimisers", optimisers);
}

void Recipe::load(torch::serialize::InputArchive& archive) {
  torch::serialize::InputArchive modules, optimisers;
  archive.read("modules", modules);
  archive.read("optimisers", optimisers);
  root_->load(modules);
  optimisers_.load(optimisers);
}

torch::Tensor flatten_state(torch::nn::Module& module) {
  std::vector<torch::Tensor> parts;
  for (const auto& p : module.parameters()) parts.push_back(p.detach().flatten().to(torch::kFloat64).cpu());
  for (const auto& b : module.buffers()) parts.push_back(b.detach().flatten().to(torch::kFloat64).cpu());
  return parts.empty() ? torch::zeros({0}, torch::kFloat64) : torch::cat(parts);
}

}  // namespace infotorch::training
