#include "infotorch/training/generation.h"

#include <unistd.h>

#include <filesystem>

#include "infotorch/core/error.h"
#include "infotorch/core/random.h"
#include "infotorch/core/validate.h"

namespace infotorch::training {
namespace {

// Mean and covariance (divisor n - 1) of the rows, in double.
std::pair<torch::Tensor, torch::Tensor> moments(const torch::Tensor& x) {
  auto mu = x.mean(0);
  auto c = x - mu;
  return {mu, c.t().mm(c) / static_cast<double>(x.size(0) - 1)};
}

// The symmetric square root of a symmetric positive semi-definite matrix.
torch::Tensor sqrt_psd(const torch::Tensor& s) {
  auto [vals, vecs] = torch::linalg::eigh(s, "L");
  return vecs.mm(torch::diag(vals.clamp_min(0).sqrt())).mm(vecs.t());
}

}  // namespace

double frechet_distance(const torch::Tensor& a_in, const torch::Tensor& b_in) {
  check_rank(a_in, 2, "a");
  check_rank(b_in, 2, "b");
  if (a_in.size(0) < 2) throw Error("a: the Fréchet distance needs at least 2 rows, got " + std::to_string(a_in.size(0)));
  if (b_in.size(0) < 2) throw Error("b: the Fréchet distance needs at least 2 rows, got " + std::to_string(b_in.size(0)));
  if (a_in.size(1) != b_in.size(1))
    throw Error("b: expected " + std::to_string(a_in.size(1)) + " columns like a, got " + std::to_string(b_in.size(1)));
  auto a = a_in.to(torch::kCPU, torch::kFloat64), b = b_in.to(torch::kCPU, torch::kFloat64);
  check_finite(a, "a");
  check_finite(b, "b");
  auto [ma, sa] = moments(a);
  auto [mb, sb] = moments(b);
  auto ra = sqrt_psd(sa);
  auto m = ra.mm(sb).mm(ra);
  // tr((S_a S_b)^1/2) = tr((S_a^1/2 S_b S_a^1/2)^1/2): the two are similar matrices; the second is symmetric.
  auto cross = torch::linalg::eigvalsh((m + m.t()) / 2, "L").clamp_min(0).sqrt().sum();
  auto d = (ma - mb).pow(2).sum() + sa.trace() + sb.trace() - 2 * cross;
  return std::max(0.0, d.item<double>());
}

JudgeImpl::JudgeImpl(std::vector<int64_t> shape, int64_t classes) {
  if (shape.size() != 3) throw Error("judge: expected images shaped C x H x W");
  if (classes < 2) throw Error("judge: expected at least 2 classes, got " + std::to_string(classes));
  namespace nn = torch::nn;
  body_ = register_module("body", nn::Sequential(nn::Conv2d(nn::Conv2dOptions(shape[0], 32, 5)), nn::ReLU(),
                                                 nn::MaxPool2d(2), nn::Conv2d(nn::Conv2dOptions(32, 64, 5)),
                                                 nn::ReLU(), nn::MaxPool2d(2), nn::Flatten()));
  torch::NoGradGuard ng;
  const int64_t flat = body_->forward(torch::zeros({1, shape[0], shape[1], shape[2]})).size(1);
  body_->push_back(nn::Linear(flat, 128));
  body_->push_back(nn::ReLU());
  out_ = register_module("out", nn::Linear(128, classes));
}

torch::Tensor JudgeImpl::features(const torch::Tensor& x) { return body_->forward(x); }

Judge make_judge(const Dataset& train, const JudgeOptions& o, torch::Device device) {
  check_positive(static_cast<double>(o.epochs), "judge epochs");
  check_positive(static_cast<double>(o.batch_size), "judge batch_size");
  check_positive(o.lr, "judge lr");
  if (train.size() < 2) throw Error("judge: the training split needs at least 2 images");
  auto first = train.get(torch::arange(1, torch::kInt64));
  if (!first.labels.defined()) throw Error("judge: the training split has no labels to train on");
  const int64_t classes = train.num_classes();
  torch::manual_seed(o.seed);
  Judge judge(train.input_shape(), classes);
  judge->to(device);
  if (!o.path.empty() && std::filesystem::exists(o.path)) {
    try {
      torch::load(judge, o.path);
    } catch (const c10::Error& e) {
      throw Error("judge: " + o.path + " does not hold a judge of " + std::to_string(classes) +
                  " classes for these images: " + e.what_without_backtrace());
    }
    judge->to(device);
    judge->eval();
    return judge;
  }
  torch::optim::Adam opt(judge->parameters(), torch::optim::AdamOptions(o.lr));
  auto gen = make_generator(derive_seed(o.seed, 18, 0));
  judge->train();
  for (int64_t e = 0; e < o.epochs; ++e) {
    auto order = torch::randperm(train.size(), gen, torch::TensorOptions().dtype(torch::kInt64));
    for (int64_t i = 0; i < train.size(); i += o.batch_size) {
      auto b = train.get(order.slice(0, i, std::min(train.size(), i + o.batch_size))).to(device);
      auto loss = torch::nn::functional::cross_entropy(judge->forward(b.inputs), b.true_labels());
      opt.zero_grad();
      loss.backward();
      opt.step();
    }
  }
  judge->eval();
  if (!o.path.empty()) {
    auto dir = std::filesystem::path(o.path).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir);
    // Written aside and renamed: runs sharing a judge never read a half-written file.
    const std::string tmp = o.path + ".tmp" + std::to_string(::getpid());
    torch::save(judge, tmp);
    std::filesystem::rename(tmp, o.path);
  }
  return judge;
}

}  // namespace infotorch::training
