#include "infotorch/recipes/dmi.h"

#include <cmath>
#include <limits>

#include "infotorch/bounds/dmi.h"
#include "infotorch/core/error.h"
#include "infotorch/core/validate.h"
#include "infotorch/training/probe.h"

namespace infotorch::recipes {

namespace F = torch::nn::functional;

namespace {

// Buffer names may not contain '.': "body.0.weight" -> "body_0_weight".
std::string snapshot_key(std::string name) {
  for (auto& c : name)
    if (c == '.') c = '_';
  return name;
}

}  // namespace

void declare(OptionList& list, LabelNoiseOptions& o) {
  list.add("task", o.task, "binary (bag vs clothes) or all (10 classes)")
      .add("noise", o.noise, "none, uniform, bag_to_clothes, clothes_to_bag (binary), symmetric, pair_flip")
      .add("rate", o.rate, "noise amount r in [0, 1]")
      .add("validation", o.validation, "training-file samples held out as the noisy validation split")
      .add("noise_seed", o.noise_seed, "seed of the validation split and the noise draw");
}

torch::Tensor noise_transition(const std::string& noise, int64_t classes, double r) {
  if (!(r >= 0 && r <= 1)) throw Error("rate: expected a noise amount in [0, 1], got " + std::to_string(r));
  auto binary_only = [&] {
    if (classes != 2) throw Error("noise: " + noise + " is a case of the binary task (task binary)");
  };
  if (noise == "none") return torch::eye(classes, torch::kFloat64);
  if (noise == "uniform") {
    binary_only();
    return torch::tensor({{1 - r / 2, r / 2}, {r / 2, 1 - r / 2}}, torch::kFloat64);
  }
  if (noise == "bag_to_clothes") {
    binary_only();
    return torch::tensor({{1 - r, r}, {0.0, 1.0}}, torch::kFloat64);
  }
  if (noise == "clothes_to_bag") {
    binary_only();
    return torch::tensor({{1.0, 0.0}, {r, 1 - r}}, torch::kFloat64);
  }
  if (noise == "symmetric") return training::symmetric_noise(classes, r);
  if (noise == "pair_flip") return training::pair_flip_noise(classes, r);
  throw Error("noise: expected none, uniform, bag_to_clothes, clothes_to_bag, symmetric or pair_flip, got '" + noise + "'");
}

training::Splits label_noise_splits(const training::DataOptions& data, const LabelNoiseOptions& o) {
  if (o.task != "binary" && o.task != "all") throw Error("task: expected binary or all, got '" + o.task + "'");
  auto relabel = [&](const training::DatasetPtr& set) -> training::DatasetPtr {
    if (o.task == "all") return set;
    auto b = set->all();
    b.labels = b.labels.ne(8).to(torch::kInt64);  // bag (class 8) -> 0, clothes -> 1
    return std::make_shared<training::TensorDataset>(b, 2);
  };
  auto file = relabel(training::load_idx_split(data.data_dir, true, data.train_limit));
  auto test = relabel(training::load_idx_split(data.data_dir, false, data.test_limit));
  if (o.validation < 1 || o.validation >= file->size())
    throw Error("validation: expected between 1 and " + std::to_string(file->size() - 1) + " held-out samples, got " +
                std::to_string(o.validation));
  const auto transition = noise_transition(o.noise, file->num_classes(), o.rate);
  auto [validation, train] = training::random_split(file, o.validation, o.noise_seed);
  // Independent noise draws for the two splits (streams 1 and 2 of the noise seed).
  return {training::with_label_noise(train, transition, o.noise_seed * 2 + 1),
          training::with_label_noise(validation, transition, o.noise_seed * 2 + 2), test};
}

torch::Tensor gce_loss(const torch::Tensor& logits, const torch::Tensor& labels, double q) {
  if (!(q > 0 && q <= 1)) throw Error("gce_q: expected q in (0, 1], got " + std::to_string(q));
  auto p = torch::softmax(logits, 1).gather(1, labels.unsqueeze(1)).squeeze(1).clamp_min(1e-12);
  return ((1 - p.pow(q)) / q).mean();
}

torch::Tensor forward_corrected_loss(const torch::Tensor& logits, const torch::Tensor& labels,
                                     const torch::Tensor& transition) {
  auto noisy = torch::softmax(logits, 1).matmul(transition.to(logits.options()));
  return F::nll_loss(torch::log(noisy.clamp_min(1e-12)), labels);
}

void declare(OptionList& list, DmiRecipeOptions& o) {
  declare(list, o.net);
  declare(list, o.data);
  list.add("loss", o.loss, "dmi (cross-entropy pre-training, then L_DMI), ce, gce or forward (true transition matrix)")
      .add("pretrain_epochs", o.pretrain_epochs, "cross-entropy epochs before L_DMI (loss dmi)")
      .add("lr", o.lr, "Adam learning rate (both phases)")
      .add("epsilon", o.epsilon, "L_DMI floor on |det U|, relative to C^-C (0: exact -log|det U|)")
      .add("gce_q", o.gce_q, "q of the generalised cross-entropy")
      .add("select", o.select, "keep the best noisy-validation model of each phase");
}

DmiRecipe::DmiRecipe(const DmiRecipeOptions& o) : training::Recipe(o.device), options_(o) {
  if (o.loss != "dmi" && o.loss != "ce" && o.loss != "gce" && o.loss != "forward")
    throw Error("loss: expected dmi, ce, gce or forward, got '" + o.loss + "'");
  if (o.pretrain_epochs < 0) throw Error("pretrain_epochs: expected >= 0");
  check_positive(o.lr, "lr");
  if (!(o.epsilon >= 0)) throw Error("epsilon: expected >= 0");
  if (o.loss == "gce" && !(o.gce_q > 0 && o.gce_q <= 1)) throw Error("gce_q: expected q in (0, 1]");
  transition_ = noise_transition(o.data.noise, o.net.classes, o.data.rate);
  torch::manual_seed(o.seed);
  net_ = add_module("net", ClassifierNet(o.net));
  best_ = add_module("best", std::make_shared<torch::nn::Module>());
  for (const auto& p : net_->named_parameters()) best_->register_buffer(snapshot_key(p.key()), p.value().detach().clone());
  // -inf: nothing selected yet (not NaN, so fingerprints of equal states compare equal).
  best_->register_buffer("score", torch::full({}, -std::numeric_limits<double>::infinity(), torch::kFloat64));
  root().to(o.device);
  add_optimizer("model", std::make_unique<torch::optim::Adam>(net_->parameters(), torch::optim::AdamOptions(o.lr)));
  add_optimizer("dmi", std::make_unique<torch::optim::Adam>(net_->parameters(), torch::optim::AdamOptions(o.lr)));
}

training::StepStats DmiRecipe::train_step(const training::Batch& batch, training::StepContext& ctx) {
  if (!batch.labels.defined()) throw Error("dmi: the training data has no labels");
  net_->train();
  auto logits = net_->forward(batch.inputs);
  training::StepStats st;
  torch::Tensor loss;
  const bool dmi = dmi_phase(ctx.info().epoch);
  if (dmi) loss = bounds::dmi_loss(logits, batch.labels, {options_.epsilon});
  else if (options_.loss == "gce") loss = gce_loss(logits, batch.labels, options_.gce_q);
  else if (options_.loss == "forward") loss = forward_corrected_loss(logits, batch.labels, transition_);
  else loss = F::cross_entropy(logits, batch.labels);
  ctx.minimise(loss, dmi ? "dmi" : "model");
  st.loss = loss.item<double>();
  {
    torch::NoGradGuard ng;
    // The determinant MI of the batch's predictions and (noisy) labels, in both phases (log |det U|).
    st.mi = std::log(bounds::dmi(torch::softmax(logits, 1), batch.labels).item<double>());
    st.extra["batch_noisy_accuracy"] = logits.argmax(1).eq(batch.labels).to(torch::kFloat64).mean().item<double>();
  }
  return st;
}

torch::Tensor DmiRecipe::logits(const torch::Tensor& inputs) { return net_->eval_logits(inputs.to(device())); }

torch::Tensor DmiRecipe::features(const torch::Tensor& inputs) { return net_->eval_features(inputs.to(device())); }

void DmiRecipe::snapshot() {
  torch::NoGradGuard ng;
  auto buffers = best_->named_buffers();
  for (const auto& p : net_->named_parameters()) buffers[snapshot_key(p.key())].copy_(p.value());
}

void DmiRecipe::restore() {
  torch::NoGradGuard ng;
  auto buffers = best_->named_buffers();
  for (const auto& p : net_->named_parameters()) p.value().copy_(buffers[snapshot_key(p.key())]);
}

std::map<std::string, double> DmiRecipe::end_epoch(int64_t epoch, const training::Splits& data) {
  if (!data.validation) throw Error("dmi: needs a noisy validation split (label_noise_splits)");
  auto val = data.validation->all();
  torch::Tensor logits;
  {
    torch::NoGradGuard ng;
    auto predict = [&](const torch::Tensor& x) { return this->logits(x).cpu(); };
    logits = training::extract_features(predict, val.inputs).to(torch::kFloat64);
  }
  const double acc = training::accuracy(logits, val.labels);
  const double dmi_loss = bounds::dmi_loss(logits, val.labels, {options_.epsilon}).item<double>();
  const bool dmi = dmi_phase(epoch - 1);
  const double score = dmi ? -dmi_loss : acc;  // higher is better
  auto best = best_->named_buffers()["score"];  // a handle on the buffer's storage
  bool selected = false;
  if (options_.select && score > best.item<double>()) {
    snapshot();
    best.fill_(score);
    selected = true;
  }
  // The paper's recipe: L_DMI starts from the best cross-entropy model.
  if (options_.select && options_.loss == "dmi" && epoch == options_.pretrain_epochs) {
    restore();
    best.fill_(-std::numeric_limits<double>::infinity());
  }
  return {{"validation_noisy_accuracy", acc},
          {"validation_dmi_loss", dmi_loss},
          {"phase", dmi ? 1.0 : 0.0},
          {"selected", selected ? 1.0 : 0.0}};
}

void DmiRecipe::end_training(const training::Splits&) {
  if (options_.select && std::isfinite(best_->named_buffers()["score"].item<double>())) restore();
}

}  // namespace infotorch::recipes
