#include "infotorch/critics/factory.h"

#include "infotorch/core/error.h"
#include "infotorch/critics/bilinear.h"
#include "infotorch/critics/concat.h"
#include "infotorch/critics/separable.h"

namespace infotorch::critics {

const std::vector<std::string>& critic_kinds() {
  static const std::vector<std::string> kinds{"separable", "bilinear", "concat"};
  return kinds;
}

std::shared_ptr<Critic> make_critic(const std::string& kind, int64_t dx, int64_t dy, const CriticOptions& options) {
  if (dx <= 0 || dy <= 0)
    throw Error("critic: dx and dy must be positive, got dx = " + std::to_string(dx) + ", dy = " + std::to_string(dy));
  std::shared_ptr<Critic> critic;
  if (kind == "separable") critic = std::make_shared<SeparableCritic>(dx, dy, options);
  else if (kind == "bilinear") critic = std::make_shared<BilinearCritic>(dx, dy, options);
  else if (kind == "concat") critic = std::make_shared<ConcatCritic>(dx, dy, options);
  else {
    std::string known;
    for (const auto& k : critic_kinds()) known += (known.empty() ? "" : ", ") + k;
    throw Error("critic: unknown kind '" + kind + "'; known kinds: " + known);
  }
  critic->to(options.device);
  return critic;
}

CriticOptions critic_options(const Spec& spec, const CriticOptions& base) {
  CriticOptions o = base;
  OptionList list;
  declare(list, o);
  for (const auto& [key, value] : spec.options) {
    if (!list.has(key)) {
      std::string known;
      for (const auto& x : list.options()) known += (known.empty() ? "" : ", ") + x.name;
      throw Error("critic '" + spec.name + "': unknown option '" + key + "' (known: " + known + ")");
    }
    list.set(key, value);
  }
  validate(o);
  return o;
}

std::shared_ptr<Critic> make_critic(const Spec& spec, int64_t dx, int64_t dy, const CriticOptions& base) {
  return make_critic(spec.name, dx, dy, critic_options(spec, base));
}

}  // namespace infotorch::critics
