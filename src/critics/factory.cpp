#include "infotorch/critics/factory.h"

#include "infotorch/core/error.h"
#include "infotorch/critics/bilinear.h"
#include "infotorch/critics/concat.h"
#include "infotorch/critics/deranged.h"
#include "infotorch/critics/separable.h"

namespace infotorch::critics {

namespace {

// A kind reads the options named in `reads` (of the CriticOptions every kind shares).
Kind<CriticBuild> critic(const char* name, const char* doc, std::vector<std::string> reads) {
  return {name, doc, [name, reads](OptionList& list) -> CriticBuild {
            auto o = std::make_shared<CriticOptions>();
            OptionList all;
            declare(all, *o);
            list.append(all.only(reads));
            return [name = std::string(name), o](int64_t dx, int64_t dy, torch::Device device) {
              CriticOptions options = *o;
              options.device = device;
              return make_critic(name, dx, dy, options);
            };
          }};
}

}  // namespace

const std::vector<Kind<CriticBuild>>& critic_family() {
  static const std::vector<Kind<CriticBuild>> kinds = {
      critic("separable", "f(x, y) = g(x)^T h(y), two MLP encoders: all K x K scores from one matrix product",
             {"hidden", "layers", "embed", "activation"}),
      critic("bilinear", "f(x, y) = x^T W y", {}),
      critic("concat", "f(x, y) = MLP([x, y]) on every pair (K^2 MLP calls, evaluated in blocks of rows)",
             {"hidden", "layers", "activation", "chunk_elements"}),
      critic("deranged",
             "the concat critic's MLP([x, y]) trained and read on the K joint pairs and K deranged pairs only "
             "(2K MLP calls; for bounds that average over their negatives, not InfoNCE or I_alpha)",
             {"hidden", "layers", "activation", "negatives"}),
  };
  return kinds;
}

const std::vector<std::string>& critic_kinds() {
  static const std::vector<std::string> kinds = kind_names(critic_family());
  return kinds;
}

std::shared_ptr<Critic> make_critic(const std::string& kind, int64_t dx, int64_t dy, const CriticOptions& options) {
  if (dx <= 0 || dy <= 0)
    throw Error("critic: dx and dy must be positive, got dx = " + std::to_string(dx) + ", dy = " + std::to_string(dy));
  std::shared_ptr<Critic> critic;
  if (kind == "separable") critic = std::make_shared<SeparableCritic>(dx, dy, options);
  else if (kind == "bilinear") critic = std::make_shared<BilinearCritic>(dx, dy, options);
  else if (kind == "concat") critic = std::make_shared<ConcatCritic>(dx, dy, options);
  else if (kind == "deranged") critic = std::make_shared<DerangedCritic>(dx, dy, options);
  else {
    throw Error("critic: unknown kind '" + kind + "'; known kinds: " + join_names(critic_kinds()));
  }
  critic->to(options.device);
  return critic;
}

std::shared_ptr<Critic> make_critic(const Spec& spec, int64_t dx, int64_t dy, torch::Device device) {
  return configure(critic_family(), spec, "critic", [](const std::string& name) {
    throw Error("critic: unknown kind '" + name + "'; known kinds: " + join_names(critic_kinds()));
  })(dx, dy, device);
}

}  // namespace infotorch::critics
