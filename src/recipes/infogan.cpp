#include "infotorch/recipes/infogan.h"

#include <cmath>
#include <filesystem>

#include "infotorch/bounds/discrete_mi.h"
#include "infotorch/bounds/factory.h"
#include "infotorch/core/error.h"
#include "infotorch/core/random.h"
#include "infotorch/core/spec.h"
#include "infotorch/core/validate.h"
#include "infotorch/critics/factory.h"
#include "infotorch/training/image.h"

namespace infotorch::recipes {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

void declare(OptionList& list, InfoGanOptions& o) {
  list.add("categories", o.categories, "values of the categorical code (cgan-mi: the classes)")
      .add("continuous", o.continuous, "continuous codes, uniform on [-1, 1]")
      .add("noise", o.noise, "incompressible noise dimensions")
      .add("lambda", o.lambda, "weight of the MI term in the generator's loss (0: the control)")
      .add("continuous_weight", o.continuous_weight, "weight of the continuous codes' terms inside L_I (mi = q)")
      .add("mi", o.mi, "the MI term: q (Q's likelihood, Barber-Agakov) or a lower-bound spec (infonce, js, smile:tau=5, ...)")
      .add("critic", o.critic, "critic spec of a bound MI term, between the code and D's trunk features")
      .add("width", o.width, "D's first channel count (G mirrors it; fully connected layers 16 x width)")
      .add("lr_g", o.lr_g, "Adam learning rate of the generator")
      .add("lr_d", o.lr_d, "Adam learning rate of the discriminator, Q and the critic")
      .add("figures_dir", o.figures_dir, "directory for samples.png and traversal_<j>.png (empty: none)");
}

namespace {

nn::LeakyReLU lrelu() { return nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.1)); }

const torch::Tensor& checked_images(const torch::Tensor& x, const std::vector<int64_t>& shape) {
  check_rank(x, 4, "images");
  if (x.size(1) != shape[0] || x.size(2) != shape[1] || x.size(3) != shape[2])
    throw Error("images: expected N x " + std::to_string(shape[0]) + " x " + std::to_string(shape[1]) + " x " +
                std::to_string(shape[2]));
  return x;
}

}  // namespace

InfoGanRecipe::InfoGanRecipe(const InfoGanOptions& o) : training::Recipe(o.device), options_(o) {
  if (o.categories < 2) throw Error("categories: expected at least 2 values of the code, got " + std::to_string(o.categories));
  if (o.continuous < 0) throw Error("continuous: expected >= 0 codes, got " + std::to_string(o.continuous));
  if (o.noise < 0) throw Error("noise: expected >= 0 dimensions, got " + std::to_string(o.noise));
  if (!(o.lambda >= 0) || !std::isfinite(o.lambda)) throw Error("lambda: expected a finite weight >= 0, got " + std::to_string(o.lambda));
  if (!(o.continuous_weight >= 0) || !std::isfinite(o.continuous_weight))
    throw Error("continuous_weight: expected a finite weight >= 0, got " + std::to_string(o.continuous_weight));
  if (o.width < 1) throw Error("width: expected at least 1 channel, got " + std::to_string(o.width));
  check_positive(o.lr_g, "lr_g");
  check_positive(o.lr_d, "lr_d");
  if (o.input_shape.size() != 3 || o.input_shape[1] != o.input_shape[2] || o.input_shape[1] % 4 != 0 || o.input_shape[1] < 4)
    throw Error("input_shape: expected C x S x S images with S divisible by 4");
  bound_term_ = o.mi != "q";
  if (bound_term_ && !bounds::is_bound_name(parse_spec(o.mi).name))
    throw Error("mi: expected q or a lower-bound spec, got '" + o.mi + "'");
  torch::manual_seed(o.seed);
  const int64_t c = o.input_shape[0], s4 = o.input_shape[1] / 4, w = o.width, fc = 16 * w;
  const int64_t code = o.noise + o.categories + o.continuous;
  g_ = add_module("generator",
                  nn::Sequential(nn::Linear(code, fc), nn::BatchNorm1d(fc), nn::ReLU(), nn::Linear(fc, 2 * w * s4 * s4),
                                 nn::BatchNorm1d(2 * w * s4 * s4), nn::ReLU(),
                                 nn::Unflatten(nn::UnflattenOptions(1, {2 * w, s4, s4})),
                                 nn::ConvTranspose2d(nn::ConvTranspose2dOptions(2 * w, w, 4).stride(2).padding(1)),
                                 nn::BatchNorm2d(w), nn::ReLU(),
                                 nn::ConvTranspose2d(nn::ConvTranspose2dOptions(w, c, 4).stride(2).padding(1)), nn::Sigmoid()));
  trunk_ = add_module("trunk", nn::Sequential(nn::Conv2d(nn::Conv2dOptions(c, w, 4).stride(2).padding(1)), lrelu(),
                                              nn::Conv2d(nn::Conv2dOptions(w, 2 * w, 4).stride(2).padding(1)),
                                              nn::BatchNorm2d(2 * w), lrelu(), nn::Flatten(),
                                              nn::Linear(2 * w * s4 * s4, fc), nn::BatchNorm1d(fc), lrelu()));
  d_head_ = add_module("discriminator", nn::Sequential(nn::Linear(fc, 1)));
  std::vector<torch::Tensor> d_params = trunk_->parameters();
  for (auto& p : d_head_->parameters()) d_params.push_back(p);
  if (bound_term_) {
    bound_ = add_module("mi_bound", bounds::make_bound(o.mi));  // under the root: a learned baseline is checkpointed
    critic_ = add_module("critic", critics::make_critic(parse_spec(o.critic), o.categories + o.continuous, fc, o.device));
    for (auto& p : critic_->parameters()) d_params.push_back(p);
    for (auto& p : bound_->parameters()) d_params.push_back(p);
  } else {
    q_ = add_module("q", nn::Sequential(nn::Linear(fc, 128), nn::BatchNorm1d(128), lrelu(),
                                        nn::Linear(128, o.categories + 2 * o.continuous)));
    for (auto& p : q_->parameters()) d_params.push_back(p);
  }
  root().to(o.device);
  auto adam = [](double lr) { return torch::optim::AdamOptions(lr).betas({0.5, 0.999}); };
  add_optimizer("generator", std::make_unique<torch::optim::Adam>(g_->parameters(), adam(o.lr_g)));
  add_optimizer("discriminator", std::make_unique<torch::optim::Adam>(d_params, adam(o.lr_d)));
}

std::vector<std::string> InfoGanRecipe::default_evaluators() const {
  if (options_.conditional) return {"generation"};
  return {"cluster", "generation"};
}

InfoGanRecipe::Codes InfoGanRecipe::sample_codes(int64_t n, at::Generator& gen, const torch::Tensor& cat) {
  auto f = torch::TensorOptions().device(device());
  Codes c;
  c.z = torch::randn({n, options_.noise}, gen, f);
  c.cat = cat.defined() ? cat.to(device(), torch::kInt64)
                        : torch::randint(options_.categories, {n}, gen, f.dtype(torch::kInt64));
  c.cont = torch::rand({n, options_.continuous}, gen, f) * 2 - 1;
  return c;
}

torch::Tensor InfoGanRecipe::code_vector(const Codes& c) {
  return torch::cat({F::one_hot(c.cat, options_.categories).to(c.cont.dtype()), c.cont}, 1);
}

torch::Tensor InfoGanRecipe::generator_forward(const torch::Tensor& z, const torch::Tensor& cat, const torch::Tensor& cont) {
  return g_->forward(torch::cat({z, code_vector({z, cat, cont})}, 1));
}

InfoGanRecipe::MiTerm InfoGanRecipe::mi_term(const torch::Tensor& f, const Codes& c) {
  if (bound_term_) {
    auto out = bound_->forward(critic_->batch_scores(code_vector(c), f));
    return {out.mi, out.loss, {}};
  }
  auto q = q_->forward(f);
  const int64_t k = options_.categories, m = options_.continuous;
  auto value = bounds::infogan_categorical(q.narrow(1, 0, k), c.cat);
  auto total = value;
  torch::Tensor cont;
  if (m > 0) {
    // Q's factored Gaussian over each continuous code: mean and log sigma (clamped: a sigma near 0 would let one
    // code dominate the loss). H(U[-1, 1]) = ln 2 per code, so ln 2 + E log N(c; mu, sigma) <= I(c_j; x).
    auto mu = q.narrow(1, k, m), log_sigma = q.narrow(1, k + m, m).clamp(-5, 2);
    auto log_lik = -0.5 * ((c.cont - mu) / log_sigma.exp()).pow(2) - log_sigma - 0.5 * std::log(2 * M_PI);
    cont = (log_lik.mean(0) + std::log(2.0)).sum();
    total = total + options_.continuous_weight * cont;
  }
  return {value, -total, cont};
}

training::StepStats InfoGanRecipe::train_step(const training::Batch& batch, training::StepContext& ctx) {
  const auto& x = checked_images(batch.inputs, options_.input_shape);
  const int64_t n = x.size(0);
  if (n < 2) throw Error("images: a GAN step needs a batch of at least 2");
  if (options_.conditional && !batch.labels.defined()) throw Error("cgan-mi: the training data has no labels");
  root().train();
  auto& gen = ctx.generator();
  Codes c = sample_codes(n, gen);
  auto fake = generator_forward(c.z, c.cat, c.cont);

  // Discriminator, Q (or the critic): real against generated, and the MI term fitted on the generated batch.
  auto f_real = trunk_->forward(x), f_fake = trunk_->forward(fake.detach());
  auto d_real = d_head_->forward(f_real).view({-1}), d_fake = d_head_->forward(f_fake).view({-1});
  auto d_adv = F::binary_cross_entropy_with_logits(d_real, torch::ones_like(d_real)) +
               F::binary_cross_entropy_with_logits(d_fake, torch::zeros_like(d_fake));
  auto fitted = mi_term(f_fake, c);
  auto d_loss = d_adv + fitted.loss;
  if (options_.conditional) {
    // Auxiliary classifier: Q also learns the classes of the real images.
    auto real_logits = code_logits(f_real);
    d_loss = d_loss + F::cross_entropy(real_logits, batch.labels.to(torch::kInt64));
  }
  ctx.minimise(d_loss, "discriminator");

  // Generator: fool D and carry the code (lambda weights the MI term).
  auto f_g = trunk_->forward(fake);
  auto d_g = d_head_->forward(f_g).view({-1});
  auto g_adv = F::binary_cross_entropy_with_logits(d_g, torch::ones_like(d_g));
  auto g_term = mi_term(f_g, c);
  ctx.minimise(g_adv + options_.lambda * g_term.loss, "generator");

  training::StepStats st;
  st.loss = d_loss.item<double>();
  st.mi = fitted.value.item<double>();
  if (fitted.continuous.defined()) st.extra["mi_continuous"] = fitted.continuous.item<double>();
  st.extra["d_loss"] = d_adv.item<double>();
  st.extra["g_adv"] = g_adv.item<double>();
  st.extra["d_real"] = torch::sigmoid(d_real).mean().item<double>();
  st.extra["d_fake"] = torch::sigmoid(d_fake).mean().item<double>();
  return st;
}

torch::Tensor InfoGanRecipe::features(const torch::Tensor& images) {
  torch::NoGradGuard ng;
  const bool was_training = root().is_training();
  root().eval();
  auto f = trunk_->forward(checked_images(images, options_.input_shape).to(device()));
  if (was_training) root().train();
  return f;
}

torch::Tensor InfoGanRecipe::code_logits(const torch::Tensor& f) {
  if (!bound_term_) return q_->forward(f).narrow(1, 0, options_.categories);
  // The critic's score of each code value against each image (continuous codes at their mean, 0).
  std::vector<torch::Tensor> cols;
  auto zeros = torch::zeros({f.size(0), options_.continuous}, f.options());
  for (int64_t k = 0; k < options_.categories; ++k) {
    auto cat = torch::full({f.size(0)}, k, f.options().dtype(torch::kInt64));
    cols.push_back(critic_->paired(code_vector({{}, cat, zeros}), f).view({-1}));
  }
  return torch::stack(cols, 1);
}

torch::Tensor InfoGanRecipe::logits(const torch::Tensor& images) {
  const bool was_training = root().is_training();
  root().eval();
  auto out = code_logits(trunk_->forward(checked_images(images, options_.input_shape).to(device())));
  if (was_training) root().train();
  return out;
}

torch::Tensor InfoGanRecipe::generate(const torch::Tensor& conditions, at::Generator& generator) {
  torch::NoGradGuard ng;
  if (conditions.dim() != 1 || conditions.is_floating_point())
    throw Error("conditions: expected a 1-d tensor of int64 code values");
  // Checked here, where values come from outside (training draws its own codes: no device sync per step).
  if (conditions.numel() > 0 &&
      (conditions.min().item<int64_t>() < 0 || conditions.max().item<int64_t>() >= options_.categories))
    throw Error("conditions: expected code values in [0, " + std::to_string(options_.categories) + ")");
  const bool was_training = g_->is_training();
  g_->eval();
  Codes c = sample_codes(conditions.size(0), generator, conditions);
  auto out = generator_forward(c.z, c.cat, c.cont);
  if (was_training) g_->train();
  return out;
}

void InfoGanRecipe::end_training(const training::Splits&) {
  if (options_.figures_dir.empty()) return;
  torch::NoGradGuard ng;
  g_->eval();
  std::filesystem::create_directories(options_.figures_dir);
  const int64_t k = options_.categories, cols = 10;
  auto gen = make_generator(derive_seed(options_.seed, 18, 2));
  auto f = torch::TensorOptions().device(device());
  // samples.png: row r is code value (or class) r; column j shares its noise (and continuous codes) across rows.
  auto z = torch::randn({cols, options_.noise}, gen, f).repeat({k, 1});
  auto cont = (torch::rand({cols, options_.continuous}, gen, f) * 2 - 1).repeat({k, 1});
  auto cat = torch::arange(k, f.dtype(torch::kInt64)).repeat_interleave(cols);
  training::write_png(options_.figures_dir + "/samples.png", training::image_grid(generator_forward(z, cat, cont).cpu(), cols));
  // traversal_<j>.png: row r is code value r, columns move continuous code j over [-2, 2] (beyond the training
  // range [-1, 1], as Chen et al. show), one noise draw and the other codes at 0.
  const int64_t steps = 9;
  auto z1 = torch::randn({1, options_.noise}, gen, f).repeat({k * steps, 1});
  auto cat1 = torch::arange(k, f.dtype(torch::kInt64)).repeat_interleave(steps);
  for (int64_t j = 0; j < options_.continuous; ++j) {
    auto c1 = torch::zeros({k * steps, options_.continuous}, f);
    c1.select(1, j).copy_(torch::linspace(-2, 2, steps, f).repeat({k}));
    training::write_png(options_.figures_dir + "/traversal_" + std::to_string(j) + ".png",
                        training::image_grid(generator_forward(z1, cat1, c1).cpu(), steps));
  }
  g_->train();
}

}  // namespace infotorch::recipes
