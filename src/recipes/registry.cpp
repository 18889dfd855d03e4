#include "infotorch/recipes/registry.h"

#include "infotorch/core/error.h"
#include "infotorch/recipes/classifier.h"
#include "infotorch/recipes/dim.h"
#include "infotorch/recipes/pixels.h"
#include "infotorch/recipes/simclr.h"

namespace infotorch::recipes {
namespace {

using training::Setup;
using training::TrainOptions;

TrainOptions epochs(int64_t n) {
  TrainOptions o;
  o.epochs = n;
  return o;
}

TrainOptions classifier_defaults() {
  TrainOptions o;
  o.epochs = 10;
  o.batch_size = 128;  // Xu et al. 2019
  return o;
}

// The classifier takes its input shape and class count from the training split.
void classifier_from_data(ClassifierOptions& o, const training::BuildContext& ctx) {
  if (ctx.data == nullptr || !ctx.data->train) throw Error("classifier: needs a training split to size its layers");
  o.input_shape = ctx.data->train->input_shape();
  o.classes = ctx.data->train->num_classes();
}

}  // namespace

const std::vector<training::RecipeInfo>& registry() {
  static const std::vector<training::RecipeInfo> list = {
      {"simclr", "contrastive learning of two augmented views (SimCLR / InfoNCE on the 2N-view scores)",
       [] { return std::make_unique<Setup<SimclrRecipe, SimclrOptions>>(); }},
      {"dim", "Deep InfoMax: local/global MI between features and code, prior matching",
       [] { return std::make_unique<Setup<DimRecipe, DimOptions>>(); }},
      {"classifier", "supervised classifier (linear, mlp or the small CNN) by cross-entropy on the labels",
       [] { return std::make_unique<Setup<ClassifierRecipe, ClassifierOptions>>(classifier_defaults(), classifier_from_data); }},
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
