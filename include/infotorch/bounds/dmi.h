// The determinant-based mutual information and its loss, L_DMI (Xu, Cao, Kong, Wang, NeurIPS 2019).
//
// For a classifier's outputs O (N x C probabilities) and labels L (N one-hot rows, or N label distributions),
// U = (1/N) O^T L estimates the C x C joint distribution of (prediction, label), and
//   DMI(h; Y) = |det U|,   L_DMI = -log |det U|.
// DMI is information-monotone and, under label noise with transition matrix T (P(noisy = j | clean = i) =
// T[i][j]), relatively invariant: U_noisy = U T, so DMI(h; Y_noisy) = |det T| DMI(h; Y) (paper, Thm 4.1), which
// is why minimising L_DMI on noisy labels selects the same classifier as on clean ones.
//
// Near a singular U (all predictions alike, as at initialisation), -log|det U| has the gradient -U^{-T}, which
// grows without bound. With epsilon > 0 the loss is -log(|det U| + epsilon C^{-C}): C^{-C} is det U of a perfect
// balanced classifier, so epsilon is relative to the best attainable value, the same for any class count and batch
// size (the authors' code adds 1e-3 to |det| of the unnormalised count matrix, whose scale grows as N^C). Its
// gradient is -|det U| U^{-T} / (|det U| + epsilon C^{-C}) = -sign(det U) adj(U)^T / (|det U| + eps C^{-C}), bounded
// by |adj(U)| / (eps C^{-C}); for |det U| >> epsilon C^{-C} it equals the exact gradient. epsilon = 0: the exact loss
// through slogdet. The measured gradients: docs/results/robust.md and tests/bounds/dmi_test.cpp.
#pragma once
#include <torch/torch.h>

#include <cstdint>

namespace infotorch::bounds {

struct DmiOptions {
  double epsilon = 1e-3;  // relative floor on |det U| (see above); 0: the exact -log|det U|
};

// U = (1/N) O^T L. probs: N x C (rows summing to 1); labels: N int64 classes in [0, C) or N x C distributions.
torch::Tensor dmi_joint(const torch::Tensor& probs, const torch::Tensor& labels);
// |det U|: the determinant-based MI of predictions and labels.
torch::Tensor dmi(const torch::Tensor& probs, const torch::Tensor& labels);
// L_DMI on logits (softmax taken here): -log(|det U| + epsilon C^{-C}), differentiable.
torch::Tensor dmi_loss(const torch::Tensor& logits, const torch::Tensor& labels, const DmiOptions& options = {});

}  // namespace infotorch::bounds
