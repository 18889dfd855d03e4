// Builds a critic by name: the one factory the library, the CLI and the benchmarks share.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "infotorch/critics/critic.h"
#include "infotorch/critics/options.h"

namespace infotorch::critics {

// kind: separable | bilinear | concat. Unknown kinds throw Error listing the known ones.
// The critic is moved to options.device.
std::shared_ptr<Critic> make_critic(const std::string& kind, int64_t dx, int64_t dy,
                                    const CriticOptions& options = {});
const std::vector<std::string>& critic_kinds();

}  // namespace infotorch::critics
