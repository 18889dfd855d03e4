// Linear evaluation of a frozen representation: multinomial logistic regression on standardised features
// (the protocol of Kolesnikov et al. 2019 / SimCLR's linear probe), trained full-batch with L-BFGS.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <functional>

namespace infotorch::training {

struct ProbeOptions {
  int64_t iterations = 150;    // L-BFGS iterations over the whole training set
  double weight_decay = 1e-4;  // L2 penalty on the weights (not the bias), on standardised features
  int64_t history = 10;        // L-BFGS memory
};

struct ProbeResult {
  double train_accuracy = 0;
  double test_accuracy = 0;
  int64_t features = 0;  // dimension of the representation probed
};

// Fits on (train_x, train_y), reports top-1 accuracy on both sets. x: N x D floating, y: N int64 in [0, C).
// Standardisation statistics come from the training features only.
ProbeResult linear_probe(const torch::Tensor& train_x, const torch::Tensor& train_y, const torch::Tensor& test_x,
                         const torch::Tensor& test_y, const ProbeOptions& options = {});

// Applies `encode` (no gradient) to `images` in chunks of `chunk` and concatenates the N x D results
// (flattening any trailing dimensions).
torch::Tensor extract_features(const std::function<torch::Tensor(const torch::Tensor&)>& encode,
                               const torch::Tensor& images, int64_t chunk = 1000);

// Top-1 accuracy of logits N x C against labels N.
double accuracy(const torch::Tensor& logits, const torch::Tensor& labels);

struct KnnMonitorOptions {
  int64_t k = 200;             // neighbours that vote
  double temperature = 0.1;    // vote weight exp(cosine / temperature) (Wu et al. 2018, eq. 7)
};

// Weighted kNN accuracy on cosine similarity: each query's class scores are the sums of
// exp(sim / temperature) over its k most similar bank items of that class.
double knn_accuracy(const torch::Tensor& bank_x, const torch::Tensor& bank_y, const torch::Tensor& query_x,
                    const torch::Tensor& query_y, const KnnMonitorOptions& options = {});

}  // namespace infotorch::training
