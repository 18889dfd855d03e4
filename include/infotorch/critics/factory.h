// Builds a critic by name: the one factory the library, the CLI and the benchmarks share.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "infotorch/core/family.h"
#include "infotorch/core/spec.h"
#include "infotorch/critics/critic.h"
#include "infotorch/critics/options.h"

namespace infotorch::critics {

// kind: separable | bilinear | concat | deranged. Unknown kinds throw Error listing the known ones.
// The critic is moved to options.device.
std::shared_ptr<Critic> make_critic(const std::string& kind, int64_t dx, int64_t dy,
                                    const CriticOptions& options = {});
const std::vector<std::string>& critic_kinds();

// The same from a spec, "concat:hidden=256,layers=3": the name is the kind, the options it reads are set by
// name on top of CriticOptions' defaults; an option the kind does not read, or a bad value, is an Error naming it.
std::shared_ptr<Critic> make_critic(const Spec& spec, int64_t dx, int64_t dy, torch::Device device = torch::kCPU);

// The critics as a family: each kind's doc and the options it reads (the factory and help listings read these).
using CriticBuild = std::function<std::shared_ptr<Critic>(int64_t dx, int64_t dy, torch::Device device)>;
const std::vector<Kind<CriticBuild>>& critic_family();

}  // namespace infotorch::critics
