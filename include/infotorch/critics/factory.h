// Builds a critic by name: the one factory the library, the CLI and the benchmarks share.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "infotorch/core/spec.h"
#include "infotorch/critics/critic.h"
#include "infotorch/critics/options.h"

namespace infotorch::critics {

// kind: separable | bilinear | concat. Unknown kinds throw Error listing the known ones.
// The critic is moved to options.device.
std::shared_ptr<Critic> make_critic(const std::string& kind, int64_t dx, int64_t dy,
                                    const CriticOptions& options = {});
const std::vector<std::string>& critic_kinds();

// The same from a spec, "concat:hidden=256,layers=3": the name is the kind, the options are set by name on
// top of `base` (so a face can pass its own defaults); an unknown or bad option is an Error naming it.
std::shared_ptr<Critic> make_critic(const Spec& spec, int64_t dx, int64_t dy, const CriticOptions& base = {});
// The options such a spec sets (validated), e.g. for reporting.
CriticOptions critic_options(const Spec& spec, const CriticOptions& base = {});

}  // namespace infotorch::critics
