// Contrastive learning by maximising a lower bound on the MI between two augmented views (SimCLR,
// Chen et al. 2020; InfoNCE of van den Oord et al. 2018).
//
// A batch of N images gives 2N views v_1..v_2N (v_i and v_{i+N} are views of one image). With
// z = normalize(g(h(v))) the 2N x 2N score matrix is S_ij = z_i . z_p(j) / temperature, columns permuted by
// p(j) = j + N mod 2N so that the diagonal holds the positive pairs; the entries S_i,p(i) (a view against
// itself) are masked to -1e4 so they take no part. With the InfoNCE bound this is exactly the NT-Xent loss
// (SimCLR eq. 1, averaged over all 2N anchors); any other bound from the factory reads the same matrix.
//
// Whatever the training bound, each step also reports the InfoNCE lower bound
//   I(v; v') >= log(2N - 1) - L_NT-Xent   (2N - 1 candidates per anchor),
// the number logged as `mi`.
//
// Several processes: each embeds its shard of the batch; the projections of the whole global batch are gathered
// (StepContext::all_gather) and every process evaluates the bound on the global 2N x 2N matrix, so N is the
// global batch. With the InfoNCE bound (NT-Xent, the default) each process scores only its own 2n anchors against
// the 2N views (ntxent_terms) and the loss is the mean over processes; any other bound is evaluated on the full
// 2N x 2N matrix by every process. Batch norm in the encoder normalises over each process's shard (per-process
// statistics).
#pragma once
#include <torch/torch.h>

#include <memory>
#include <string>

#include "infotorch/bounds/bound.h"
#include "infotorch/core/options.h"
#include "infotorch/recipes/encoder.h"
#include "infotorch/training/augment.h"
#include "infotorch/training/recipe.h"

namespace infotorch::recipes {

struct SimclrOptions {
  EncoderOptions encoder;
  int64_t hidden = 256;          // projection head: dim -> hidden -> ReLU -> projection
  int64_t projection = 64;
  double temperature = 0.5;      // tau ~ 0.5 on small data (SimCLR, Table 5 / B.9)
  std::string estimator = "infonce";  // any bound spec make_bound accepts
  double lr = 2e-3;              // Adam
  double weight_decay = 0.0;
  training::AugmentOptions augment;
  uint64_t seed = 0;             // initial weights
  torch::Device device = torch::kCPU;
};

// The 2N x 2N view score matrix described above, from the 2N x d normalised projections z.
torch::Tensor view_scores(const torch::Tensor& z, double temperature);
// The 2N projections of the global batch, [first views; second views], from this process's 2n rows
// [its first views; its second views] (ctx.all_gather, differentiable); z itself in a run of one process.
torch::Tensor global_views(const torch::Tensor& z, training::StepContext& ctx);
// This process's anchors of the global NT-Xent: for each of its 2n rows z ([first views; second views], rank
// `rank`) against the 2N global views `all` (global_views' layout), logsumexp over the candidates minus the
// positive — the rows of view_scores(all) that are this process's, without the 2N x 2N matrix. The mean of every
// process's terms is the global NT-Xent, log(2N) minus InfoNCE on view_scores(all).
torch::Tensor ntxent_terms(const torch::Tensor& z, const torch::Tensor& all, int64_t rank, double temperature);
// log(2N - 1) - NT-Xent on view_scores' output: the InfoNCE bound in nats.
torch::Tensor ntxent_mi(const torch::Tensor& scores);

// Declares the options `infotorch train simclr` and the registry expose (seed and device come from the run).
void declare(OptionList& list, SimclrOptions& options);

class SimclrRecipe : public training::Recipe {
 public:
  explicit SimclrRecipe(const SimclrOptions& options = {});
  std::string name() const override { return "simclr"; }
  // One Adam step ("model": encoder, head and any learned bound parameters) on the batch's inputs.
  training::StepStats train_step(const training::Batch& batch, training::StepContext& ctx) override;
  // The encoder's output h (the projection head is not part of the representation).
  torch::Tensor features(const torch::Tensor& images) override;
  std::vector<std::string> default_evaluators() const override { return {"knn", "probe"}; }

  const SimclrOptions& options() const { return options_; }

 private:
  struct Forward {
    torch::Tensor scores;  // the 2N x 2N view scores (undefined on the row path)
    bounds::Estimate estimate;
    torch::Tensor ntxent_mi;  // log(2N - 1) - NT-Xent
  };
  Forward forward(const torch::Tensor& images, training::StepContext& ctx);

  SimclrOptions options_;
  Encoder encoder_{nullptr};
  torch::nn::Sequential head_{nullptr};
  std::shared_ptr<bounds::Bound> bound_;
  training::Augment augment_;
  bool row_infonce_ = false;  // the bound is row InfoNCE (NT-Xent): several processes score only their own anchors
};

}  // namespace infotorch::recipes
