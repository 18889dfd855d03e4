#include "infotorch/infoplane/noisy_knn.h"

#include <cmath>

#include "infotorch/knn/entropy.h"
#include "infotorch/tasks/task.h"
#include "infotorch/knn/ross.h"

namespace infotorch::infoplane {

PlanePoint knn_plane(const torch::Tensor& t, const torch::Tensor& labels, const NoisyKnnOptions& o) {
  check_activations(t, labels);
  auto gen = tasks::make_generator(o.seed);
  const auto td = t.to(torch::kDouble).cpu();
  const auto noisy = td + std::sqrt(o.variance) * torch::randn(td.sizes(), gen, torch::kDouble);
  const double d = static_cast<double>(t.size(1));
  knn::EntropyOptions eo;
  eo.k = o.k;
  eo.seed = o.seed;
  // H(T~|X) is the noise's entropy: each row is its own input.
  const double noise_entropy = 0.5 * d * std::log(2 * M_PI * M_E * o.variance);
  PlanePoint p;
  p.ixt = (knn::kl_entropy(noisy, eo) - noise_entropy) * kBitsPerNat;
  knn::RossOptions ro;
  ro.k = o.k;
  ro.seed = o.seed;
  p.ity = knn::ross_mi(labels.to(torch::kDouble).unsqueeze(1), noisy, ro) * kBitsPerNat;
  return p;
}

}  // namespace infotorch::infoplane
