// A critic around a user-supplied network on concatenated pairs: f(x, y) = net([x; y]).
//
// `net` maps M x (dx + dy) rows to M (or M x 1) scores. The K x K scores are evaluated on blocks of
// rows (CriticOptions::chunk_elements counts pairs x (dx + dy) here) and, when more than one block
// is needed, recomputed block by block in backward.
#pragma once
#include <functional>
#include <memory>

#include "infotorch/critics/critic.h"
#include "infotorch/critics/options.h"

namespace infotorch::critics {

using PairFunction = std::function<torch::Tensor(const torch::Tensor& xy)>;

class ModuleCritic : public Critic {
 public:
  // `net` is called on M x (dx + dy) pairs; `module` (may be null) owns its parameters and is
  // registered as a submodule so that parameters(), to() and optimisers see them.
  ModuleCritic(int64_t dx, int64_t dy, PairFunction net, std::shared_ptr<torch::nn::Module> module = nullptr,
               const CriticOptions& options = {});
  // Convenience: any module holder with forward(Tensor) -> Tensor (torch::nn::Sequential, Linear, ...).
  template <typename M>
  ModuleCritic(int64_t dx, int64_t dy, torch::nn::ModuleHolder<M> module, const CriticOptions& options = {})
      : ModuleCritic(dx, dy, [m = module.ptr()](const torch::Tensor& xy) { return m->forward(xy); }, module.ptr(),
                     options) {}
  torch::Tensor scores(const torch::Tensor& x, const torch::Tensor& y) override;
  torch::Tensor paired(const torch::Tensor& x, const torch::Tensor& y) override;

 private:
  torch::Tensor call(const torch::Tensor& xy, int64_t rows) const;
  int64_t dx_, dy_;
  PairFunction net_;
  CriticOptions options_;
};

}  // namespace infotorch::critics
