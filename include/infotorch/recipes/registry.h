// Every recipe `infotorch train` (and any other face) can run, by name. Adding a recipe: docs/EXTENDING.md.
#pragma once
#include <string>
#include <vector>

#include "infotorch/training/registry.h"

namespace infotorch::recipes {

// In the order `infotorch train --list` shows them.
const std::vector<training::RecipeInfo>& registry();
// The recipe called `name`; throws Error listing the known names otherwise.
const training::RecipeInfo& find_recipe(const std::string& name);

}  // namespace infotorch::recipes
