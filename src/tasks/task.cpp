#include "infotorch/tasks/task.h"

#include <ATen/CPUGeneratorImpl.h>

namespace infotorch::tasks {

at::Generator make_generator(uint64_t seed) { return at::make_generator<at::CPUGeneratorImpl>(seed); }

}  // namespace infotorch::tasks
