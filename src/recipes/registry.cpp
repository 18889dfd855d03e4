#include "infotorch/recipes/registry.h"

#include "infotorch/core/error.h"
#include "infotorch/recipes/classifier.h"
#include "infotorch/recipes/clustering.h"
#include "infotorch/recipes/dim.h"
#include "infotorch/recipes/dmi.h"
#include "infotorch/recipes/infogan.h"
#include "infotorch/recipes/infoplane.h"
#include "infotorch/recipes/pixels.h"
#include "infotorch/recipes/simclr.h"
#include "infotorch/recipes/vae.h"
#include "infotorch/recipes/vib.h"

namespace infotorch::recipes {
namespace {

using training::Setup;
using training::TrainOptions;

TrainOptions epochs(int64_t n) {
  TrainOptions o;
  o.epochs = n;
  return o;
}

TrainOptions run_defaults(int64_t epochs, int64_t batch_size) {
  TrainOptions o;
  o.epochs = epochs;
  o.batch_size = batch_size;
  return o;
}

// The classifier takes its input shape and class count from the training split.
// The VAEs take their input shape and the data set's size (the TC estimates' N) from the training split, and
// generate dSprites by their own options (training/dsprites.h).
void vae_from_data(VaeOptions& o, const training::BuildContext& ctx) {
  if (ctx.data == nullptr || !ctx.data->train) return;
  o.input_shape = ctx.data->train->input_shape();
  o.dataset_size = ctx.data->train->size();
}
training::Splits vae_data(const VaeOptions& o, const training::DataOptions&) { return training::dsprites_splits(o.data); }

template <class O>
std::unique_ptr<training::RecipeSetup> vae_setup() {
  // Chen et al. / Kim & Mnih on dSprites: batch 64 (epochs: an experiment's choice, see docs/results/disentangle.md).
  return std::make_unique<Setup<VaeRecipe, O>>(run_defaults(1, 64), vae_from_data, vae_data);
}

// InfoGAN takes the image shape from the data; cgan-mi also its class count (the condition's values).
void gan_from_data(InfoGanOptions& o, const training::BuildContext& ctx) {
  if (ctx.data == nullptr || !ctx.data->train) return;
  NetOptions net;
  size_from_data(net, ctx.data);
  o.input_shape = net.input_shape;
  if (o.conditional) o.categories = net.classes;
}

void classifier_from_data(ClassifierOptions& o, const training::BuildContext& ctx) { size_from_data(o.net, ctx.data); }

}  // namespace

const std::vector<training::RecipeInfo>& registry() {
  static const std::vector<training::RecipeInfo> list = {
      {"simclr", "contrastive learning of two augmented views (SimCLR / InfoNCE on the 2N-view scores)",
       [] { return std::make_unique<Setup<SimclrRecipe, SimclrOptions>>(); }},
      {"dim", "Deep InfoMax: local/global MI between features and code, prior matching",
       [] { return std::make_unique<Setup<DimRecipe, DimOptions>>(); }},
      {"classifier", "supervised classifier (linear, mlp or the small CNN) by cross-entropy on the labels",
       [] { return std::make_unique<Setup<ClassifierRecipe, ClassifierOptions>>(run_defaults(10, 128), classifier_from_data); }},
      {"dmi", "noisy labels: L_DMI after cross-entropy pre-training (or the ce, gce, forward baselines) on Fashion-MNIST",
       [] {
         // Xu et al.: batch 128; 10 cross-entropy epochs, then 10 of L_DMI.
         return std::make_unique<Setup<DmiRecipe, DmiRecipeOptions>>(
             run_defaults(20, 128), [](DmiRecipeOptions& o, const training::BuildContext& c) { size_from_data(o.net, c.data); },
             [](const DmiRecipeOptions& o, const training::DataOptions& d) { return label_noise_splits(d, o.data); });
       }},
      {"vib", "variational information bottleneck: CE + beta KL(q(z|x) || N(0, I)), robustness to input noise and FGSM",
       [] {
         return std::make_unique<Setup<VibRecipe, VibOptions>>(run_defaults(10, 100), [](VibOptions& o, const training::BuildContext& c) {
           NetOptions net;
           size_from_data(net, c.data);
           o.input_shape = net.input_shape;
           o.classes = net.classes;
         });
       }},
      {"infoplane", "the information plane: an MLP (the 12-bit task or Fashion-MNIST) with I(X;T), I(T;Y) per layer",
       [] {
         // Shwartz-Ziv & Tishby / Saxe et al.: batch 256 (epochs: their 8,000-10,000 are an experiment's choice).
         return std::make_unique<Setup<InfoPlaneRecipe, InfoPlaneOptions>>(
             run_defaults(1000, 256), [](InfoPlaneOptions& o, const training::BuildContext& c) { size_from_data(o, c.data); },
             [](const InfoPlaneOptions& o, const training::DataOptions& d) { return infoplane_data(o, d); });
       }},
      {"vae", "VAE on generated dSprites (Bernoulli decoder), scored by MIG both ways", [] { return vae_setup<VaeOptions>(); }},
      {"betavae", "beta-VAE on generated dSprites (beta = 4), scored by MIG", [] { return vae_setup<BetaVaeOptions>(); }},
      {"tcvae", "beta-TCVAE: TC penalty by MWS/MSS, or any MI bound as the penalty (club, l1out, js, dv, smile), MIG",
       [] { return vae_setup<TcVaeOptions>(); }},
      {"factorvae", "FactorVAE: permute-dims discriminator, density-ratio TC penalty, MIG",
       [] { return vae_setup<FactorVaeOptions>(); }},
      {"iic", "Invariant Information Clustering: exact MI between two augmented views' cluster assignments",
       [] { return std::make_unique<Setup<ClusteringRecipe, ClusteringOptions>>(run_defaults(10, 256)); }},
      {"rim", "Regularized Information Maximization: I(x; y) = H(mean p) - mean H(p) of the cluster predictions",
       [] { return std::make_unique<Setup<ClusteringRecipe, RimOptions>>(run_defaults(10, 256)); }},
      {"infogan", "InfoGAN: a GAN whose categorical and continuous codes must be readable from its images (Q or any MI bound)",
       // 15 epochs of batch 64 (14,055 steps, ~19 min on one core): docs/results/generative.md.
       [] { return std::make_unique<Setup<InfoGanRecipe, InfoGanOptions>>(run_defaults(15, 64), gan_from_data); }},
      {"cgan-mi", "class-conditional GAN with the MI term between class and image (auxiliary-classifier style)",
       [] { return std::make_unique<Setup<InfoGanRecipe, CganMiOptions>>(run_defaults(5, 64), gan_from_data); }},
      {"pixels", "the linear probe on raw pixels (the reference floor; nothing to train)",
       [] { return std::make_unique<Setup<PixelsRecipe, PixelsOptions>>(epochs(0)); }},
  };
  return list;
}

const training::RecipeInfo& find_recipe(const std::string& name) {
  std::string known;
  for (const auto& r : registry()) {
    if (r.name == name) return r;
    known += (known.empty() ? "" : ", ") + r.name;
  }
  throw Error("recipe: unknown recipe '" + name + "' (known: " + known + ")");
}

}  // namespace infotorch::recipes
