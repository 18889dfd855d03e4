// What a recipe registers (recipes/registry.h holds the list): its name, a one-line summary, and a setup that
// declares the recipe's options once, knows the trainer defaults it runs with, loads its data and builds it.
// Faces (the CLI, later Python) render the declarations; nothing in them is written per recipe.
#pragma once
#include <torch/torch.h>

#include <functional>
#include <memory>
#include <string>

#include "infotorch/core/options.h"
#include "infotorch/training/dataset.h"
#include "infotorch/training/distributed.h"
#include "infotorch/training/recipe.h"
#include "infotorch/training/trainer.h"

namespace infotorch::training {

// What a setup builds a recipe with, besides its own options.
struct BuildContext {
  uint64_t seed = 0;  // the run's seed: initial weights
  torch::Device device = torch::kCPU;
  const Splits* data = nullptr;  // the loaded data (input shape, class count, size)
};

class RecipeSetup {
 public:
  RecipeSetup() = default;
  RecipeSetup(const RecipeSetup&) = delete;  // the declarations point into the setup
  RecipeSetup& operator=(const RecipeSetup&) = delete;
  virtual ~RecipeSetup() = default;
  // The recipe's own options, bound to the setup's options struct (its defaults are the declared ones).
  OptionList& options() { return options_; }
  virtual std::unique_ptr<Recipe> build(const BuildContext& context) const = 0;
  // The trainer options this recipe runs with by default (epochs, batch size, ...).
  virtual TrainOptions train_defaults() const { return {}; }
  // The run's data; by default the train and test splits of the IDX directory.
  virtual Splits load_data(const DataOptions& data) const { return load_idx(data); }

 protected:
  OptionList options_;
};

// A setup for a recipe R built from an options struct O that has `seed` and `device` fields and a
// declare(OptionList&, O&) next to it; `adapt` fills what depends on the data (input shape, class count), `load`
// reads the data where the recipe's options decide it (default: the IDX directory).
template <class R, class O>
class Setup : public RecipeSetup {
 public:
  using Adapt = std::function<void(O&, const BuildContext&)>;
  using Load = std::function<Splits(const O&, const DataOptions&)>;
  explicit Setup(TrainOptions defaults = {}, Adapt adapt = {}, Load load = {})
      : defaults_(std::move(defaults)), adapt_(std::move(adapt)), load_(std::move(load)) {
    declare(options_, options_struct_);
  }
  Splits load_data(const DataOptions& data) const override {
    return load_ ? load_(options_struct_, data) : load_idx(data);
  }
  std::unique_ptr<Recipe> build(const BuildContext& context) const override {
    O o = options_struct_;
    o.seed = context.seed;
    o.device = context.device;
    if (adapt_) adapt_(o, context);
    return std::make_unique<R>(o);
  }
  TrainOptions train_defaults() const override { return defaults_; }

 private:
  O options_struct_;
  TrainOptions defaults_;
  Adapt adapt_;
  Load load_;
};

struct RecipeInfo {
  std::string name;
  std::string summary;
  std::function<std::unique_ptr<RecipeSetup>()> setup;
};

// Everything a registry run needs besides the recipe's own options, declared once.
struct RunOptions {
  DataOptions data;
  TrainOptions train;
  std::string device = "cpu";  // cpu, cuda, cuda:1, ...
  DistributedOptions distributed;  // used when the environment names several processes (launch_env)
};
// Declares data_dir, train_limit, test_limit, device, the trainer's options and timeout_s, bucket_mib.
void declare(OptionList& list, RunOptions& options);
// Parses a device name; Error naming `device` otherwise.
torch::Device parse_device(const std::string& text);

// Loads the data, builds the recipe and trains it; where the environment names a run of several processes
// (torchrun's or Slurm's variables, `infotorch launch`: distributed.h launch_env), joins it first: rank and
// world_size come from there, and the process group's rendezvous is at MASTER_ADDR:MASTER_PORT.
TrainResult run_recipe(const RecipeSetup& setup, const RunOptions& options, const ProgressFn& progress = {});

// A registered recipe ready to run: its setup, the run options (starting from the recipe's trainer defaults) and
// every declared option of both, settable by name — what a face fills before calling run().
struct RecipeRun {
  explicit RecipeRun(const RecipeInfo& info);
  RecipeRun(const RecipeRun&) = delete;  // the declarations point into this object
  RecipeRun& operator=(const RecipeRun&) = delete;
  TrainResult run(const ProgressFn& progress = {}) const { return run_recipe(*setup, options, progress); }

  std::unique_ptr<RecipeSetup> setup;
  RunOptions options;
  OptionList declared;
};

}  // namespace infotorch::training
