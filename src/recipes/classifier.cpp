#include "infotorch/recipes/classifier.h"

#include "infotorch/core/error.h"
#include "infotorch/core/validate.h"

namespace infotorch::recipes {

namespace nn = torch::nn;

void declare(OptionList& list, NetOptions& o) {
  list.add("model", o.model, "linear, mlp or cnn (Xu et al. 2019's small CNN)")
      .add("hidden", o.hidden, "mlp hidden width")
      .add("dropout", o.dropout, "dropout before the cnn's last layer");
}

void declare(OptionList& list, ClassifierOptions& o) {
  declare(list, o.net);
  list.add("lr", o.lr, "Adam learning rate").add("weight_decay", o.weight_decay, "Adam weight decay");
}

void size_from_data(NetOptions& net, const training::Splits* data) {
  if (data == nullptr || !data->train) throw Error("classes: needs a training split to size the network");
  net.input_shape = data->train->input_shape();
  net.classes = data->train->num_classes();
}

ClassifierNetImpl::ClassifierNetImpl(const NetOptions& o) : options_(o) {
  if (o.classes < 2) throw Error("classes: expected at least 2 classes, got " + std::to_string(o.classes));
  if (o.input_shape.empty()) throw Error("input_shape: expected the shape of one input");
  if (!(o.dropout >= 0 && o.dropout < 1)) throw Error("dropout: expected a probability in [0, 1)");
  int64_t flat = 1;
  for (auto d : o.input_shape) flat *= d;
  if (o.model == "linear") {
    body_ = nn::Sequential(nn::Flatten());
  } else if (o.model == "mlp") {
    check_positive(static_cast<double>(o.hidden), "hidden");
    body_ = nn::Sequential(nn::Flatten(), nn::Linear(flat, o.hidden), nn::ReLU());
    flat = o.hidden;
  } else if (o.model == "cnn") {
    if (o.input_shape.size() != 3 || o.input_shape[1] < 16 || o.input_shape[2] < 16)
      throw Error("model: cnn expects C x H x W inputs with H, W >= 16");
    body_ = nn::Sequential(nn::Conv2d(nn::Conv2dOptions(o.input_shape[0], 16, 5)), nn::ReLU(),
                           nn::MaxPool2d(nn::MaxPool2dOptions(2)), nn::Conv2d(nn::Conv2dOptions(16, 32, 5)), nn::ReLU(),
                           nn::MaxPool2d(nn::MaxPool2dOptions(2)), nn::Flatten(), nn::Dropout(o.dropout));
    const int64_t h = ((o.input_shape[1] - 4) / 2 - 4) / 2, w = ((o.input_shape[2] - 4) / 2 - 4) / 2;
    flat = 32 * h * w;
  } else {
    throw Error("model: expected linear, mlp or cnn, got '" + o.model + "'");
  }
  register_module("body", body_);
  last_ = register_module("last", nn::Linear(flat, o.classes));
}

torch::Tensor ClassifierNetImpl::features(const torch::Tensor& inputs) {
  auto shape = inputs.sizes().vec();
  if (!shape.empty()) shape.erase(shape.begin());
  if (inputs.dim() < 2 || shape != options_.input_shape)
    throw Error("inputs: expected N x " + c10::str(c10::IntArrayRef(options_.input_shape)) + ", got " +
                shape_str(inputs));
  return body_->forward(inputs);
}

torch::Tensor ClassifierNetImpl::eval_logits(const torch::Tensor& inputs) {
  eval();
  auto out = forward(inputs);
  train();
  return out;
}

torch::Tensor ClassifierNetImpl::eval_features(const torch::Tensor& inputs) {
  torch::NoGradGuard ng;
  eval();
  auto out = features(inputs);
  train();
  return out;
}

ClassifierRecipe::ClassifierRecipe(const ClassifierOptions& o) : training::Recipe(o.device), options_(o) {
  check_positive(o.lr, "lr");
  if (o.weight_decay < 0) throw Error("weight_decay: expected >= 0");
  torch::manual_seed(o.seed);  // the initial weights are a function of the seed
  net_ = add_module("net", ClassifierNet(o.net));
  root().to(o.device);
  add_optimizer("model", std::make_unique<torch::optim::Adam>(
                             root().parameters(), torch::optim::AdamOptions(o.lr).weight_decay(o.weight_decay)));
}

training::StepStats ClassifierRecipe::train_step(const training::Batch& batch, training::StepContext& ctx) {
  if (!batch.labels.defined()) throw Error("classifier: the training data has no labels");
  net_->train();
  auto logits = net_->forward(batch.inputs);
  auto loss = torch::nn::functional::cross_entropy(logits, batch.labels);
  ctx.minimise(loss, "model");
  training::StepStats st;
  st.loss = loss.item<double>();
  st.mi = std::numeric_limits<double>::quiet_NaN();
  st.extra["batch_accuracy"] = logits.argmax(1).eq(batch.labels).to(torch::kFloat64).mean().item<double>();
  return st;
}

torch::Tensor ClassifierRecipe::logits(const torch::Tensor& inputs) { return net_->eval_logits(inputs.to(device())); }

torch::Tensor ClassifierRecipe::features(const torch::Tensor& inputs) {
  return net_->eval_features(inputs.to(device()));
}

}  // namespace infotorch::recipes
