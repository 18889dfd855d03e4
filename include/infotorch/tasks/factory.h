// Builds a ground-truth task from a spec string, e.g. "gaussian:d=5,mi=1", "dense:dx=2,dy=2",
// "student:dx=2,dy=2,nu=2", "cca:dx=10,dy=10,k=10,mi=20", "uniform:eps=0.1", "swissroll".
// Every task also takes transform=cubic|asinh|halfcube|normalcdf|spiral (with apply=both|x|y and speed=).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "infotorch/core/family.h"
#include "infotorch/tasks/task.h"

namespace infotorch::tasks {

// How many samples a face draws from a task when the user does not say (the CLI's --n).
constexpr int64_t kDefaultTaskSamples = 10000;

const std::vector<std::string>& task_names();
// Throws infotorch::Error for an unknown name (listing the known ones) or option.
std::shared_ptr<Task> make_task(const std::string& spec);

// The tasks as a family: each kind's doc and declared options (the factory and help listings read these); the
// builder takes the base task's spec text (for its messages and spec()).
using TaskBuild = std::function<std::shared_ptr<Task>(const std::string& spec)>;
const std::vector<Kind<TaskBuild>>& task_kinds();

// The options every task takes on top of its own: a transform of the samples.
struct TransformOptions {
  std::string transform;        // empty: none
  std::string apply = "both";   // both | x | y
  double speed = 0.5;           // spiral only
};
void declare(OptionList& list, TransformOptions& options);

}  // namespace infotorch::tasks
