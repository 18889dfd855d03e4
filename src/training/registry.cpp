#include "infotorch/training/registry.h"

#include "infotorch/core/error.h"

namespace infotorch::training {

void declare(OptionList& list, RunOptions& o) {
  list.add("data_dir", o.data.data_dir, "directory of IDX files (gzip or not): Fashion-MNIST, MNIST")
      .add("train_limit", o.data.train_limit, "use the first N training samples (0: all)")
      .add("test_limit", o.data.test_limit, "use the first N test samples (0: all)")
      .add("device", o.device, "cpu, cuda, cuda:1, ...");
  declare(list, o.train);
  declare(list, o.distributed);
}

torch::Device parse_device(const std::string& text) {
  torch::Device device(torch::kCPU);
  try {
    device = torch::Device(text);
  } catch (const c10::Error&) {
    throw Error("device: '" + text + "' is not a device (expected cpu, cuda, cuda:1, ...)");
  }
  if (device.is_cuda() && !torch::cuda::is_available())
    throw Error("device: '" + text + "' is not available (this LibTorch has no CUDA support or sees no GPU)");
  return device;
}

TrainResult run_recipe(const RecipeSetup& setup, const RunOptions& options, const ProgressFn& progress) {
  const torch::Device device = parse_device(options.device);
  check(options.distributed);
  TrainOptions train_options = options.train;
  const LaunchEnv env = launch_env();
  if (env.distributed()) {
    // Before loading data: a process that cannot join fails within timeout_s instead of after its data.
    train_options.step.group = ProcessGroup::connect(env, options.distributed, device);
    train_options.rank = env.rank;
    train_options.world_size = env.world_size;
  }
  Splits data = setup.load_data(options.data);
  auto recipe = setup.build({options.train.seed, device, &data});
  return train(*recipe, data, train_options, progress);
}

RecipeRun::RecipeRun(const RecipeInfo& info) : setup(info.setup()) {
  options.train = setup->train_defaults();
  declare(declared, options);
  declared.append(setup->options());
}

}  // namespace infotorch::training
