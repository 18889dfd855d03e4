#include "infotorch/training/probe.h"

#include <algorithm>

#include "infotorch/core/validate.h"

namespace infotorch::training {
namespace {

void check_labels(const torch::Tensor& x, const torch::Tensor& y, const std::string& xn, const std::string& yn) {
  check_rank(x, 2, xn);
  check_finite(x, xn);
  if (y.dim() != 1 || y.scalar_type() != torch::kInt64)
    throw Error(yn + ": expected a 1-D int64 label tensor, got " + shape_str(y));
  if (y.size(0) != x.size(0))
    throw Error(yn + ": expected one label per row of " + xn + " (" + std::to_string(x.size(0)) + "), got " +
                std::to_string(y.size(0)));
  if (x.size(0) < 1) throw Error(xn + ": expected at least one sample");
}

}  // namespace

double accuracy(const torch::Tensor& logits, const torch::Tensor& labels) {
  if (logits.dim() != 2 || labels.dim() != 1 || logits.size(0) != labels.size(0) || logits.size(0) == 0)
    throw Error("accuracy: expected N x C logits and N labels, N > 0");
  return logits.argmax(1).eq(labels.to(logits.device())).to(torch::kFloat64).mean().item<double>();
}

ProbeResult linear_probe(const torch::Tensor& train_x, const torch::Tensor& train_y, const torch::Tensor& test_x,
                         const torch::Tensor& test_y, const ProbeOptions& options) {
  check_labels(train_x, train_y, "train features", "train labels");
  check_labels(test_x, test_y, "test features", "test labels");
  if (test_x.size(1) != train_x.size(1))
    throw Error("test features: expected " + std::to_string(train_x.size(1)) + " columns like the train features, got " +
                std::to_string(test_x.size(1)));
  check_positive(static_cast<double>(options.iterations), "probe iterations");
  torch::NoGradGuard outer;  // features are constants; gradients only inside the closure
  auto xtr = train_x.to(torch::kFloat32);
  auto xte = test_x.to(xtr.device(), torch::kFloat32);
  auto mean = xtr.mean(0, true);
  auto sd = xtr.std(0, /*unbiased=*/true, /*keepdim=*/true) + 1e-6;
  xtr = (xtr - mean) / sd;
  xte = (xte - mean) / sd;
  const int64_t classes = std::max(train_y.max().item<int64_t>(), test_y.max().item<int64_t>()) + 1;

  torch::nn::Linear lin(torch::nn::LinearOptions(xtr.size(1), classes));
  lin->to(xtr.device());
  {
    torch::NoGradGuard ng;
    lin->weight.zero_();
    lin->bias.zero_();
  }
  torch::optim::LBFGS opt(lin->parameters(), torch::optim::LBFGSOptions(1.0)
                                                 .max_iter(options.iterations)
                                                 .history_size(options.history)
                                                 .line_search_fn("strong_wolfe"));
  auto ytr = train_y.to(xtr.device());
  auto closure = [&]() -> torch::Tensor {
    torch::AutoGradMode grad(true);
    opt.zero_grad();
    auto loss = torch::nn::functional::cross_entropy(lin(xtr), ytr) + options.weight_decay * lin->weight.pow(2).sum();
    loss.backward();
    return loss;
  };
  {
    torch::AutoGradMode grad(true);
    opt.step(closure);
  }
  ProbeResult r;
  r.features = xtr.size(1);
  r.train_accuracy = accuracy(lin(xtr), ytr);
  r.test_accuracy = accuracy(lin(xte), test_y.to(xte.device()));
  return r;
}

torch::Tensor extract_features(const std::function<torch::Tensor(const torch::Tensor&)>& encode,
                               const torch::Tensor& images, int64_t chunk) {
  check_positive(static_cast<double>(chunk), "chunk");
  torch::NoGradGuard ng;
  std::vector<torch::Tensor> parts;
  for (int64_t i = 0; i < images.size(0); i += chunk) {
    auto f = encode(images.slice(0, i, std::min(i + chunk, images.size(0))));
    parts.push_back(f.flatten(1).to(torch::kFloat32));
  }
  if (parts.empty()) throw Error("images: expected at least one image to encode");
  return torch::cat(parts, 0);
}

double knn_accuracy(const torch::Tensor& bank_x, const torch::Tensor& bank_y, const torch::Tensor& query_x,
                    const torch::Tensor& query_y, const KnnMonitorOptions& options) {
  check_labels(bank_x, bank_y, "bank features", "bank labels");
  check_labels(query_x, query_y, "query features", "query labels");
  check_positive(options.temperature, "knn temperature");
  torch::NoGradGuard ng;
  namespace F = torch::nn::functional;
  auto bank = F::normalize(bank_x.to(torch::kFloat32), F::NormalizeFuncOptions().dim(1));
  auto by = bank_y.to(bank.device());
  const int64_t classes = std::max(bank_y.max().item<int64_t>(), query_y.max().item<int64_t>()) + 1;
  const int64_t k = std::min<int64_t>(options.k, bank.size(0));
  int64_t correct = 0;
  const int64_t chunk = 1000;
  for (int64_t i = 0; i < query_x.size(0); i += chunk) {
    auto q = F::normalize(query_x.slice(0, i, std::min(i + chunk, query_x.size(0))).to(bank.device(), torch::kFloat32),
                          F::NormalizeFuncOptions().dim(1));
    auto top = q.matmul(bank.t()).topk(k, 1);
    auto weights = (std::get<0>(top) / options.temperature).exp();
    auto votes = torch::zeros({q.size(0), classes}, weights.options());
    votes.scatter_add_(1, by.index_select(0, std::get<1>(top).flatten()).view({q.size(0), k}), weights);
    correct += votes.argmax(1).eq(query_y.slice(0, i, std::min(i + chunk, query_x.size(0))).to(bank.device()))
                   .sum()
                   .item<int64_t>();
  }
  return static_cast<double>(correct) / static_cast<double>(query_x.size(0));
}

}  // namespace infotorch::training
