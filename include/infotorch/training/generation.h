// Judging generated images by a number (issue 18): a classifier trained by the project on the real data (the
// "judge"), the accuracy of its predictions on generated images against their condition, and the Fréchet
// distance between real and generated images in its feature space (Heusel et al. 2017's FID, with this judge in
// place of Inception: numbers are comparable between runs that share a judge, not with published FIDs).
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <string>

#include "infotorch/training/dataset.h"

namespace infotorch::training {

// The Fréchet distance between Gaussians fitted to two feature sets (rows are samples, the same columns):
//   |mu_a - mu_b|^2 + tr(S_a + S_b - 2 (S_a^1/2 S_b S_a^1/2)^1/2),
// in double precision, the matrix square roots by symmetric eigendecomposition (negative eigenvalues of the
// rounded products clamped to 0). Needs at least 2 rows each; Error naming `a` or `b` otherwise.
double frechet_distance(const torch::Tensor& a, const torch::Tensor& b);

// The judge: conv 5x5 (32) - ReLU - max-pool 2 - conv 5x5 (64) - ReLU - max-pool 2 - linear (128) - ReLU - linear
// (classes); its features are the 128 ReLU outputs. Trained by Adam on the cross-entropy of a training split.
struct JudgeOptions {
  int64_t epochs = 3;
  int64_t batch_size = 128;
  double lr = 1e-3;
  uint64_t seed = 0;
  // Where the trained judge is kept: loaded when the file exists, else trained and written there (so the runs
  // being compared share one judge); empty: trained, not kept.
  std::string path;
};

class JudgeImpl : public torch::nn::Module {
 public:
  JudgeImpl(std::vector<int64_t> input_shape, int64_t classes);
  torch::Tensor forward(const torch::Tensor& x) { return classify(features(x)); }
  torch::Tensor features(const torch::Tensor& x);
  // The class logits of features already computed (what forward applies after features).
  torch::Tensor classify(const torch::Tensor& features) { return out_->forward(features); }

 private:
  torch::nn::Sequential body_{nullptr};
  torch::nn::Linear out_{nullptr};
};
TORCH_MODULE(Judge);

// The judge of `train`'s images and labels (in evaluation mode), loaded from options.path or trained (then
// saved there). Error when the split has no labels, or the file holds a judge of another shape.
Judge make_judge(const Dataset& train, const JudgeOptions& options, torch::Device device = torch::kCPU);

}  // namespace infotorch::training
