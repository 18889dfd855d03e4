#include "infotorch/recipes/vae.h"

#include <cmath>
#include <filesystem>

#include "infotorch/bounds/factory.h"
#include "infotorch/bounds/minibatch_tc.h"
#include "infotorch/core/error.h"
#include "infotorch/core/spec.h"
#include "infotorch/core/validate.h"
#include "infotorch/training/image.h"

namespace infotorch::recipes {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

void declare(OptionList& list, VaeOptions& o) {
  list.add("arch", o.arch, "encoder and decoder: mlp or conv")
      .add("latent", o.latent, "size d of the code z")
      .add("hidden", o.hidden, "width of the MLP's hidden layers (conv: of its fully connected layer)")
      .add("beta", o.beta, "weight of KL(q(z|x) || N(0, I))")
      .add("penalty", o.penalty,
           "dependence penalty on z: none, mws or mss (beta-TCVAE's TC), factor (FactorVAE's discriminator), an upper "
           "bound spec (club, vclub, l1out: sum_i I(z_i; z_-i)) or a lower bound spec (js, dv, smile, nwj: "
           "KL(q(z) || prod q(z_j)) by a critic)")
      .add("gamma", o.gamma, "weight of the penalty")
      .add("lr", o.lr, "Adam learning rate of the encoder and decoder")
      .add("critic_hidden", o.critic_hidden, "width of the discriminator / critic MLP (two hidden layers)")
      .add("critic_lr", o.critic_lr, "Adam learning rate of the discriminator, critic or upper bounds' q")
      .add("figures_dir", o.figures_dir, "directory for reconstructions.png and traversal.png (empty: none)");
  training::declare(list, o.data);
}

const std::vector<std::string>& vae_penalty_names() {
  static const std::vector<std::string> names = {"none", "mws", "mss", "factor", "club", "vclub", "l1out",
                                                 "js",   "dv",  "smile", "nwj"};
  return names;
}

namespace {

void check_vae_weight(double v, const std::string& name) {
  if (!(v >= 0) || !std::isfinite(v)) throw Error(name + ": expected a finite number >= 0, got " + std::to_string(v));
}

bool is_power_of_two_side(int64_t v) { return v > 0 && (v & (v - 1)) == 0; }

nn::Sequential vae_critic_mlp(int64_t in, int64_t hidden) {
  auto leaky = nn::LeakyReLUOptions().negative_slope(0.2);
  return nn::Sequential(nn::Linear(in, hidden), nn::LeakyReLU(leaky), nn::Linear(hidden, hidden),
                        nn::LeakyReLU(leaky), nn::Linear(hidden, 1));
}

}  // namespace

VaeRecipe::VaeRecipe(const VaeOptions& o) : training::Recipe(o.device), options_(o) {
  check_vae_weight(o.beta, "beta");
  check_vae_weight(o.gamma, "gamma");
  if (o.latent < 1) throw Error("latent: expected at least 1 dimension, got " + std::to_string(o.latent));
  check_positive(static_cast<double>(o.hidden), "hidden");
  check_positive(static_cast<double>(o.critic_hidden), "critic_hidden");
  check_positive(o.lr, "lr");
  check_positive(o.critic_lr, "critic_lr");
  if (o.dataset_size < 1) throw Error("dataset_size: expected the size of the training data, got " + std::to_string(o.dataset_size));
  if (o.input_shape.size() != 3 || o.input_shape[0] != 1)
    throw Error("input_shape: expected one grey channel, 1 x H x W");
  const int64_t h = o.input_shape[1], w = o.input_shape[2], pixels = h * w, d = o.latent;
  const Spec spec = parse_spec(o.penalty);
  if (spec.name == "none") kind_ = Kind::none;
  else if (spec.name == "mws") kind_ = Kind::mws;
  else if (spec.name == "mss") kind_ = Kind::mss;
  else if (spec.name == "factor") kind_ = Kind::factor;
  else if (bounds::is_upper_bound_name(spec.name)) kind_ = Kind::upper;
  else if (spec.name == "js" || spec.name == "dv" || spec.name == "smile" || spec.name == "nwj") kind_ = Kind::lower;
  else {
    std::string known;
    for (const auto& n : vae_penalty_names()) known += (known.empty() ? "" : ", ") + n;
    throw Error("penalty: unknown penalty '" + o.penalty + "' (known: " + known + ")");
  }
  if (kind_ != Kind::upper && kind_ != Kind::lower && !spec.options.empty())
    throw Error("penalty: '" + spec.name + "' takes no options, got '" + o.penalty + "'");
  if (kind_ != Kind::none && d < 2)
    throw Error("latent: a dependence penalty between dimensions needs at least 2, got " + std::to_string(d));
  torch::manual_seed(o.seed);
  if (o.arch == "mlp") {
    encoder_ = add_module("encoder", nn::Sequential(nn::Flatten(), nn::Linear(pixels, o.hidden), nn::ReLU(),
                                                    nn::Linear(o.hidden, o.hidden), nn::ReLU(), nn::Linear(o.hidden, 2 * d)));
    decoder_ = add_module("decoder", nn::Sequential(nn::Linear(d, o.hidden), nn::ReLU(), nn::Linear(o.hidden, o.hidden),
                                                    nn::ReLU(), nn::Linear(o.hidden, pixels)));
  } else if (o.arch == "conv") {
    if (h != w || !is_power_of_two_side(h) || h < 8)
      throw Error("arch: conv needs square images with a power-of-two side >= 8, got " + std::to_string(h) + " x " +
                  std::to_string(w));
    // 4x4 stride-2 convolutions halve the side down to 4 (Higgins et al. / Chen et al.'s conv encoder).
    int64_t layers = 0;
    for (int64_t s = h; s > 4; s /= 2) ++layers;
    auto channels = [&](int64_t i) { return i < layers / 2 ? int64_t{32} : int64_t{64}; };
    nn::Sequential enc, dec;
    int64_t in = 1;
    for (int64_t i = 0; i < layers; ++i) {
      enc->push_back(nn::Conv2d(nn::Conv2dOptions(in, channels(i), 4).stride(2).padding(1)));
      enc->push_back(nn::ReLU());
      in = channels(i);
    }
    enc->push_back(nn::Flatten());
    enc->push_back(nn::Linear(in * 16, o.hidden));
    enc->push_back(nn::ReLU());
    enc->push_back(nn::Linear(o.hidden, 2 * d));
    dec->push_back(nn::Linear(d, o.hidden));
    dec->push_back(nn::ReLU());
    dec->push_back(nn::Linear(o.hidden, in * 16));
    dec->push_back(nn::ReLU());
    dec->push_back(nn::Unflatten(nn::UnflattenOptions(1, {in, 4, 4})));
    for (int64_t i = layers - 1; i >= 0; --i) {
      const int64_t out = i == 0 ? 1 : channels(i - 1);
      dec->push_back(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(channels(i), out, 4).stride(2).padding(1)));
      if (i > 0) dec->push_back(nn::ReLU());
    }
    encoder_ = add_module("encoder", enc);
    decoder_ = add_module("decoder", dec);
  } else {
    throw Error("arch: expected mlp or conv, got '" + o.arch + "'");
  }
  std::vector<torch::Tensor> model_params = encoder_->parameters();
  for (const auto& p : decoder_->parameters()) model_params.push_back(p);
  std::vector<torch::Tensor> adversary;
  if (kind_ == Kind::factor || kind_ == Kind::lower) {
    critic_ = add_module(kind_ == Kind::factor ? "discriminator" : "critic", vae_critic_mlp(d, o.critic_hidden));
    adversary = critic_->parameters();
    if (kind_ == Kind::lower) lower_ = bounds::make_bound(o.penalty);
  } else if (kind_ == Kind::upper) {
    for (int64_t i = 0; i < d; ++i) {
      upper_.push_back(add_module("upper_" + std::to_string(i), bounds::make_upper_bound(o.penalty, 1, d - 1)));
      for (const auto& p : upper_.back()->parameters()) adversary.push_back(p);
    }
  }
  root().to(o.device);
  add_optimizer("model", std::make_unique<torch::optim::Adam>(model_params, torch::optim::AdamOptions(o.lr)));
  if (!adversary.empty())
    add_optimizer(kind_ == Kind::factor ? "discriminator" : "critic",
                  std::make_unique<torch::optim::Adam>(adversary, torch::optim::AdamOptions(o.critic_lr).betas({0.5, 0.9})));
}

training::GaussianCode VaeRecipe::encode(const torch::Tensor& x) {
  auto out = encoder_->forward(x);
  // Log-variances held in (-10, 10) keep exp() finite early in training.
  return {out.slice(1, 0, options_.latent), out.slice(1, options_.latent).clamp(-10, 10)};
}

torch::Tensor VaeRecipe::decode(const torch::Tensor& z) {
  auto out = decoder_->forward(z);
  return out.view({z.size(0), 1, options_.input_shape[1], options_.input_shape[2]});
}

// Scores for the lower bounds: diagonal T(z_i) (samples of q(z)), off-diagonal entry (i, j) T(z~_j) for the
// permuted batch z~ (samples of prod_j q(z_j)); every off-diagonal mean is then a mean over z~.
torch::Tensor VaeRecipe::critic_scores(const torch::Tensor& z, at::Generator& generator) {
  auto t = critic_->forward(z).view({-1});
  auto tp = critic_->forward(bounds::permute_dims(z, generator)).view({-1});
  const int64_t k = z.size(0);
  return tp.view({1, k}).expand({k, k}) + torch::diag(t - tp);
}

torch::Tensor VaeRecipe::penalty(const torch::Tensor& z, at::Generator& generator) {
  switch (kind_) {
    case Kind::none: return torch::zeros({}, z.options());
    case Kind::mws:
    case Kind::mss: throw Error("penalty: mws and mss read the posterior, not only z");
    case Kind::factor: return critic_->forward(z).mean();  // logit D(z) = log D / (1 - D) ~ log q(z) / prod q(z_j)
    // Clamped at 0 (TC >= 0): a negative value only says the critic lags, and left free the encoder drives it
    // down without bound (measured: CLUB at gamma 5 reached -1e13 with codes of KL 1e11).
    case Kind::lower: return lower_->forward(critic_scores(z, generator)).mi.clamp_min(0);
    case Kind::upper: {
      torch::Tensor sum = torch::zeros({}, z.options());
      const int64_t d = z.size(1);
      for (int64_t i = 0; i < d; ++i) {
        auto rest = torch::cat({z.slice(1, 0, i), z.slice(1, i + 1)}, 1);
        sum = sum + upper_[i]->forward(z.slice(1, i, i + 1), rest).mi.clamp_min(0);  // each I(z_i; z_-i) >= 0
      }
      return sum;
    }
  }
  return torch::zeros({}, z.options());
}

training::StepStats VaeRecipe::train_step(const training::Batch& batch, training::StepContext& ctx) {
  const auto& x = batch.inputs;
  const int64_t m = x.size(0);
  root().train();
  auto q = encode(x);
  auto eps = torch::randn(q.mean.sizes(), ctx.generator(), torch::kFloat32).to(q.mean.device(), q.mean.scalar_type());
  auto z = q.mean + torch::exp(0.5 * q.log_var) * eps;
  // Bernoulli decoder: -log p(x|z) summed over pixels, averaged over the batch.
  auto recon = F::binary_cross_entropy_with_logits(decode(z), x, F::BinaryCrossEntropyWithLogitsFuncOptions().reduction(torch::kSum)) /
               static_cast<double>(m);
  auto kl = (0.5 * (q.mean.pow(2) + q.log_var.exp() - 1 - q.log_var)).sum(1).mean();
  auto mws = bounds::minibatch_tc(z, q.mean, q.log_var, options_.dataset_size, bounds::MinibatchTc::weighted).tc;
  auto mss_terms = bounds::minibatch_tc(z, q.mean, q.log_var, options_.dataset_size, bounds::MinibatchTc::stratified);
  auto mss = mss_terms.tc;
  auto loss = recon + options_.beta * kl;
  torch::Tensor pen;
  if (kind_ == Kind::mws) pen = mws;
  else if (kind_ == Kind::mss) pen = mss;
  else if (kind_ != Kind::none) pen = penalty(z, ctx.generator());
  if (pen.defined()) loss = loss + options_.gamma * pen;
  ctx.minimise(loss, "model");
  training::StepStats st;
  // The adversary's phase on the detached codes: FactorVAE's discriminator by logistic loss (z: class 1,
  // permute_dims(z): class 0), a lower bound's critic by the bound's own loss, the upper bounds' q by likelihood.
  if (kind_ == Kind::factor || kind_ == Kind::lower || kind_ == Kind::upper) {
    auto zd = z.detach();
    torch::Tensor adv;
    if (kind_ == Kind::factor) {
      auto real = critic_->forward(zd), fake = critic_->forward(bounds::permute_dims(zd, ctx.generator()));
      adv = F::softplus(-real).mean() + F::softplus(fake).mean();
      st.extra["discriminator_loss"] = adv.item<double>();
    } else if (kind_ == Kind::lower) {
      adv = lower_->forward(critic_scores(zd, ctx.generator())).loss;
    } else {
      adv = torch::zeros({}, zd.options());
      const int64_t d = zd.size(1);
      for (int64_t i = 0; i < d; ++i)
        adv = adv + upper_[i]->q_loss(zd.slice(1, i, i + 1), torch::cat({zd.slice(1, 0, i), zd.slice(1, i + 1)}, 1));
    }
    ctx.minimise(adv, kind_ == Kind::factor ? "discriminator" : "critic");
  }
  st.loss = loss.item<double>();
  st.mi = mss.item<double>();
  st.extra["recon"] = recon.item<double>();
  st.extra["kl"] = kl.item<double>();
  st.extra["tc_mws"] = mws.item<double>();
  st.extra["tc_mss"] = st.mi;
  st.extra["tc_mss_self_share"] = mss_terms.self_share.item<double>();
  if (pen.defined() && kind_ != Kind::mws && kind_ != Kind::mss) st.extra["penalty"] = pen.item<double>();
  return st;
}

training::GaussianCode VaeRecipe::gaussian_code(const torch::Tensor& inputs) {
  torch::NoGradGuard ng;
  root().eval();
  std::vector<torch::Tensor> mu, lv;
  for (int64_t i = 0; i < inputs.size(0); i += 1000) {
    auto q = encode(inputs.slice(0, i, std::min(inputs.size(0), i + 1000)).to(device()));
    mu.push_back(q.mean);
    lv.push_back(q.log_var);
  }
  return {torch::cat(mu), torch::cat(lv)};
}

torch::Tensor VaeRecipe::features(const torch::Tensor& inputs) { return gaussian_code(inputs).mean; }

void VaeRecipe::end_training(const training::Splits& data) {
  if (options_.figures_dir.empty() || !data.train || data.train->size() == 0) return;
  torch::NoGradGuard ng;
  root().eval();
  std::filesystem::create_directories(options_.figures_dir);
  const int64_t n = std::min<int64_t>(8, data.train->size());
  auto x = data.train->get(torch::arange(n, torch::kInt64)).inputs.to(device());
  auto q = encode(x);
  // Reconstructions: the inputs on the top row, sigmoid(decoder(mu)) below.
  auto recon = torch::sigmoid(decode(q.mean));
  training::write_png(options_.figures_dir + "/reconstructions.png", training::image_grid(torch::cat({x, recon}).cpu(), n));
  // Traversal of the first image's code: row j moves z_j over [-2.5, 2.5] (9 steps), the other dimensions at mu.
  const int64_t steps = 9, d = options_.latent;
  auto base = q.mean.slice(0, 0, 1).repeat({d * steps, 1});
  auto values = torch::linspace(-2.5, 2.5, steps, base.options());
  for (int64_t j = 0; j < d; ++j) base.slice(0, j * steps, (j + 1) * steps).select(1, j).copy_(values);
  training::write_png(options_.figures_dir + "/traversal.png", training::image_grid(torch::sigmoid(decode(base)).cpu(), steps));
}

}  // namespace infotorch::recipes
