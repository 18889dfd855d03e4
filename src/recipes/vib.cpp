#include "infotorch/recipes/vib.h"

#include <cmath>

#include "infotorch/core/error.h"
#include "infotorch/core/validate.h"
#include "infotorch/training/augment.h"

namespace infotorch::recipes {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

void declare(OptionList& list, VibOptions& o) {
  list.add("beta", o.beta, "weight of KL(q(z|x) || N(0, I)), the I(Z;X) bound")
      .add("bottleneck", o.bottleneck, "size K of the stochastic code z")
      .add("hidden", o.hidden, "width of the encoder's two hidden layers")
      .add("samples", o.samples, "posterior samples averaged at test time")
      .add("deterministic", o.deterministic, "train z = mu without noise or KL (the baseline)")
      .add("lr", o.lr, "Adam learning rate");
}

torch::Tensor gaussian_kl_to_standard(const torch::Tensor& mu, const torch::Tensor& sigma) {
  return 0.5 * (mu.pow(2) + sigma.pow(2) - 1 - 2 * torch::log(sigma)).sum(1);
}

VibRecipe::VibRecipe(const VibOptions& o) : training::Recipe(o.device), options_(o) {
  if (o.classes < 2) throw Error("classes: expected at least 2 classes, got " + std::to_string(o.classes));
  if (o.input_shape.empty()) throw Error("input_shape: expected the shape of one input");
  if (!(o.beta >= 0) || !std::isfinite(o.beta)) throw Error("beta: expected a finite number >= 0, got " + std::to_string(o.beta));
  check_positive(static_cast<double>(o.bottleneck), "bottleneck");
  check_positive(static_cast<double>(o.hidden), "hidden");
  check_positive(static_cast<double>(o.samples), "samples");
  check_positive(o.lr, "lr");
  int64_t flat = 1;
  for (auto d : o.input_shape) flat *= d;
  torch::manual_seed(o.seed);
  encoder_ = add_module("encoder", nn::Sequential(nn::Flatten(), nn::Linear(flat, o.hidden), nn::ReLU(),
                                                  nn::Linear(o.hidden, o.hidden), nn::ReLU(),
                                                  nn::Linear(o.hidden, 2 * o.bottleneck)));
  decoder_ = add_module("decoder", nn::Linear(o.bottleneck, o.classes));
  root().to(o.device);
  add_optimizer("model", std::make_unique<torch::optim::Adam>(root().parameters(), torch::optim::AdamOptions(o.lr)));
}

VibRecipe::Posterior VibRecipe::encode(const torch::Tensor& inputs) {
  auto out = encoder_->forward(inputs.to(device()));
  auto mu = out.slice(1, 0, options_.bottleneck);
  auto sigma = F::softplus(out.slice(1, options_.bottleneck) - 5.0);
  return {mu, sigma};
}

training::StepStats VibRecipe::train_step(const training::Batch& batch, training::StepContext& ctx) {
  if (!batch.labels.defined()) throw Error("vib: the training data has no labels");
  auto q = encode(batch.inputs);
  torch::Tensor z = q.mu, kl = torch::zeros({q.mu.size(0)}, q.mu.options());
  if (!options_.deterministic) {
    auto eps = torch::randn(q.mu.sizes(), ctx.generator(), torch::kFloat32).to(q.mu.device(), q.mu.scalar_type());
    z = q.mu + q.sigma * eps;
    kl = gaussian_kl_to_standard(q.mu, q.sigma);
  }
  auto logits = decoder_->forward(z);
  auto ce = F::cross_entropy(logits, batch.labels);
  auto loss = options_.deterministic ? ce : ce + options_.beta * kl.mean();
  ctx.minimise(loss, "model");
  training::StepStats st;
  st.loss = loss.item<double>();
  st.mi = std::numeric_limits<double>::quiet_NaN();
  st.extra["ce"] = ce.item<double>();
  st.extra["kl"] = kl.mean().item<double>();
  return st;
}

torch::Tensor VibRecipe::logits(const torch::Tensor& inputs) {
  auto q = encode(inputs);
  if (options_.deterministic) return decoder_->forward(q.mu);
  auto gen = training::make_generator(options_.seed ^ 0x5eedULL);
  auto probs = torch::zeros({q.mu.size(0), options_.classes}, q.mu.options());
  for (int64_t s = 0; s < options_.samples; ++s) {
    auto eps = torch::randn(q.mu.sizes(), gen, torch::kFloat32).to(q.mu.device(), q.mu.scalar_type());
    probs = probs + torch::softmax(decoder_->forward(q.mu + q.sigma * eps), 1);
  }
  return torch::log(probs / static_cast<double>(options_.samples) + 1e-30);
}

torch::Tensor VibRecipe::features(const torch::Tensor& inputs) {
  torch::NoGradGuard ng;
  return encode(inputs).mu;
}

std::map<std::string, double> VibRecipe::end_epoch(int64_t, const training::Splits& data) {
  if (!data.test) return {};
  torch::NoGradGuard ng;
  auto test = data.test->all();
  const auto& y = test.true_labels();
  if (!y.defined()) return {};
  // H(Y) of the test labels, in nats.
  auto p = torch::bincount(y.cpu()).to(torch::kFloat64);
  p = p.index({p > 0}) / static_cast<double>(y.size(0));
  const double hy = -(p * p.log()).sum().item<double>();
  double kl = 0, nll = 0;
  auto gen = training::make_generator(options_.seed ^ 0xb0771eULL);
  for (int64_t i = 0; i < test.size(); i += 1000) {
    const int64_t end = std::min<int64_t>(i + 1000, test.size());
    auto q = encode(test.inputs.slice(0, i, end));
    auto yi = y.slice(0, i, end).to(device());
    if (options_.deterministic) {
      nll += F::cross_entropy(decoder_->forward(q.mu), yi, F::CrossEntropyFuncOptions().reduction(torch::kSum)).item<double>();
      continue;
    }
    kl += gaussian_kl_to_standard(q.mu, q.sigma).sum().item<double>();
    for (int64_t s = 0; s < options_.samples; ++s) {
      auto eps = torch::randn(q.mu.sizes(), gen, torch::kFloat32).to(q.mu.device(), q.mu.scalar_type());
      nll += F::cross_entropy(decoder_->forward(q.mu + q.sigma * eps), yi, F::CrossEntropyFuncOptions().reduction(torch::kSum))
                 .item<double>() /
             options_.samples;
    }
  }
  const double n = static_cast<double>(test.size());
  std::map<std::string, double> m = {{"izy_lower", hy - nll / n}, {"test_ce", nll / n}};
  if (!options_.deterministic) m["izx_upper"] = kl / n;
  return m;
}

}  // namespace infotorch::recipes
