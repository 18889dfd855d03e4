#include "infotorch/recipes/infoplane.h"

#include <cmath>

#include "infotorch/core/error.h"
#include "infotorch/core/spec.h"
#include "infotorch/core/validate.h"
#include "infotorch/training/twelve_bit.h"

namespace infotorch::recipes {

namespace nn = torch::nn;

void declare(OptionList& list, InfoPlaneOptions& o) {
  list.add("task", o.task, "twelve-bit (Shwartz-Ziv & Tishby's task) or fashion-mlp")
      .add("hidden", o.hidden, "hidden widths, e.g. 10-7-5-4-3; empty: the task's network")
      .add("activation", o.activation, "hidden activation: tanh or relu")
      .add("lr", o.lr, "Adam learning rate")
      .add("estimators", o.estimators, "information-plane estimators, ';'-separated: bin:bins=30, bin:size=0.07, kde:var=1e-3, knn:k=3,var=1e-3")
      .add("per_decade", o.per_decade, "plane measurements per decade of epochs (log-spaced)")
      .add("layers", o.layers, "layers to track, comma-separated (h1, ..., out); empty: all")
      .add("plane_limit", o.plane_limit, "evaluation inputs the plane is measured on")
      .add("train_fraction", o.train_fraction, "twelve-bit: share of the patterns used for training")
      .add("split_seed", o.split_seed, "twelve-bit: seed of the training / test split");
}

training::Splits infoplane_data(const InfoPlaneOptions& o, const training::DataOptions& data) {
  if (o.task == "twelve-bit") return training::twelve_bit_splits(o.train_fraction, o.split_seed);
  if (o.task == "fashion-mlp") return training::load_idx(data);
  throw Error("task: expected twelve-bit or fashion-mlp, got '" + o.task + "'");
}

void size_from_data(InfoPlaneOptions& o, const training::Splits* data) {
  if (data == nullptr || !data->train) throw Error("inputs: needs a training split to size the network");
  int64_t flat = 1;
  for (auto d : data->train->input_shape()) flat *= d;
  o.inputs = flat;
  o.classes = data->train->num_classes();
}

std::vector<int64_t> hidden_widths(const InfoPlaneOptions& o) {
  std::string text = o.hidden;
  if (text.empty()) text = o.task == "fashion-mlp" ? "1024-20-20-20" : "10-7-5-4-3";
  std::vector<int64_t> widths;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find('-', start), text.size());
    const std::string piece = text.substr(start, end - start);
    try {
      size_t used = 0;
      const long long w = std::stoll(piece, &used);
      if (used != piece.size() || w < 1) throw std::invalid_argument(piece);
      widths.push_back(w);
    } catch (const std::exception&) {
      throw Error("hidden: expected positive widths separated by '-', e.g. 10-7-5-4-3, got '" + o.hidden + "'");
    }
    start = end + 1;
  }
  return widths;
}

namespace {

nn::Linear linear(int64_t in, int64_t out) {
  nn::Linear l(in, out);
  torch::NoGradGuard guard;
  // Normal(0, 1/fan_in) truncated at two deviations, as Shwartz-Ziv & Tishby initialise.
  auto w = torch::randn({out, in});
  while (true) {
    const auto bad = w.abs() > 2;
    if (!bad.any().item<bool>()) break;
    w = torch::where(bad, torch::randn({out, in}), w);
  }
  l->weight.copy_(w / std::sqrt(static_cast<double>(in)));
  l->bias.zero_();
  return l;
}

// A hidden layer: linear map, then the activation (the layer's output T is taken after it).
class DenseImpl : public nn::Module {
 public:
  DenseImpl(nn::Linear linear, bool tanh) : linear_(register_module("linear", std::move(linear))), tanh_(tanh) {}
  torch::Tensor forward(const torch::Tensor& x) {
    const auto h = linear_->forward(x);
    return tanh_ ? torch::tanh(h) : torch::relu(h);
  }

 private:
  nn::Linear linear_;
  bool tanh_;
};
TORCH_MODULE(Dense);

}  // namespace

InfoPlaneRecipe::InfoPlaneRecipe(const InfoPlaneOptions& o)
    : Recipe(o.device), options_(o), tracker_(o.estimators) {
  if (o.inputs < 1) throw Error("inputs: expected the input size (the registry fills it from the data)");
  if (o.classes < 2) throw Error("classes: expected at least 2 classes, got " + std::to_string(o.classes));
  if (o.activation != "tanh" && o.activation != "relu")
    throw Error("activation: expected tanh or relu, got '" + o.activation + "'");
  check_positive(o.lr, "lr");
  if (o.plane_limit < 2) throw Error("plane_limit: expected at least 2 evaluation inputs");
  training::log_spaced_epoch(1, o.per_decade);  // validates per_decade
  torch::manual_seed(o.seed);
  net_ = nn::Sequential();
  int64_t in = o.inputs;
  const auto widths = hidden_widths(o);
  for (size_t i = 0; i < widths.size(); ++i) {
    net_->push_back("h" + std::to_string(i + 1), Dense(linear(in, widths[i]), o.activation == "tanh"));
    in = widths[i];
  }
  net_->push_back("out", linear(in, o.classes));
  add_module("net", net_);
  layers_ = split_spec_list(o.layers);  // "h1, h3,out" -> {h1, h3, out}
  if (layers_.empty()) layers_ = training::child_names(net_);
  // A name the net lacks fails here, before any training.
  training::sequential_activations(net_, torch::zeros({1, o.inputs}), layers_);
  add_optimizer("model", std::make_unique<torch::optim::Adam>(root().parameters(), torch::optim::AdamOptions(o.lr)));
}

training::StepStats InfoPlaneRecipe::train_step(const training::Batch& batch, training::StepContext& ctx) {
  const auto logits = net_->forward(batch.inputs.flatten(1));
  const auto loss = torch::nn::functional::cross_entropy(logits, batch.labels);
  ctx.minimise(loss, "model");
  std::vector<std::pair<std::string, torch::Tensor>> grads;
  for (const auto& item : net_->named_children()) {
    std::vector<torch::Tensor> g;
    for (const auto& p : item.value()->parameters()) g.push_back(p.grad().flatten());
    grads.emplace_back(item.key(), torch::cat(g));
  }
  gradients_.add(grads);
  training::StepStats s;
  s.loss = loss.item<double>();
  s.mi = std::nan("");
  s.extra["accuracy"] = (logits.argmax(1) == batch.labels).to(torch::kDouble).mean().item<double>();
  return s;
}

torch::Tensor InfoPlaneRecipe::logits(const torch::Tensor& inputs) { return net_->forward(inputs.flatten(1)); }

torch::Tensor InfoPlaneRecipe::features(const torch::Tensor& inputs) {
  torch::NoGradGuard guard;
  auto acts = training::sequential_activations(net_, inputs.flatten(1));
  return acts.size() >= 2 ? acts[acts.size() - 2].second : acts.back().second;
}

training::Activations InfoPlaneRecipe::activations(const torch::Tensor& inputs) {
  torch::NoGradGuard guard;
  auto acts = training::sequential_activations(net_, inputs.flatten(1), layers_);
  for (auto& [name, t] : acts)
    if (name == "out") t = torch::softmax(t, 1);
  return acts;
}

std::map<std::string, double> InfoPlaneRecipe::measure(int64_t epoch, const training::Splits& data) {
  if (!plane_inputs_.defined()) {
    // The evaluation set: every pattern of the twelve-bit task (train and test), else the first training inputs.
    std::vector<torch::Tensor> xs, ys;
    for (const auto& split : {data.train, data.validation, data.test}) {
      if (!split) continue;
      const auto all = split->all();
      xs.push_back(all.inputs);
      ys.push_back(all.true_labels());
      if (options_.task != "twelve-bit") break;
    }
    plane_inputs_ = torch::cat(xs).slice(0, 0, options_.plane_limit).to(device());
    plane_labels_ = torch::cat(ys).slice(0, 0, options_.plane_limit).cpu();
  }
  return tracker_.measure(epoch, activations(plane_inputs_), plane_labels_);
}

std::map<std::string, double> InfoPlaneRecipe::end_epoch(int64_t epoch, const training::Splits& data) {
  last_epoch_ = epoch;
  auto columns = gradients_.end_epoch(epoch);
  if (training::log_spaced_epoch(epoch, options_.per_decade))
    for (const auto& [k, v] : measure(epoch, data)) columns[k] = v;
  return columns;
}

void InfoPlaneRecipe::end_training(const training::Splits& data) {
  if (last_epoch_ > 0 && !tracker_.measured(last_epoch_)) measure(last_epoch_, data);
}

}  // namespace infotorch::recipes
