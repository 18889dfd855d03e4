#include "infotorch/recipes/pixels.h"

#include "infotorch/core/error.h"

namespace infotorch::recipes {

void declare(OptionList&, PixelsOptions&) {}

training::StepStats PixelsRecipe::train_step(const training::Batch&, training::StepContext&) {
  throw Error("pixels: there is nothing to train (epochs: expected 0)");
}

}  // namespace infotorch::recipes
