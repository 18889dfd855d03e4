#include "infotorch/core/runtime.h"

#include <dlfcn.h>
#include <malloc.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

namespace infotorch {

void set_threads(int n) {
  if (n <= 0) {
    n = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    // Processes launched together on one machine (torchrun, `infotorch launch`) share its cores.
    if (const char* local = std::getenv("LOCAL_WORLD_SIZE")) {
      const int k = std::atoi(local);
      if (k > 1) n = std::max(1, n / k);
    }
  }
  torch::set_num_threads(n);
  // LibTorch sizes MKL's pool with its own but leaves OpenBLAS at one thread per core; look the setter up
  // at run time, since a LibTorch built on MKL does not load OpenBLAS.
  using SetThreads = void (*)(int);
  if (auto* f = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) f(n);
}

BlasOnlyThreads::BlasOnlyThreads(bool small) {
  using SetThreads = void (*)(int);
  auto* openblas = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (!openblas || torch::get_num_threads() <= 1) return;
  saved_ = torch::get_num_threads();
  torch::set_num_threads(1);
  // OpenBLAS keeps the cores (its pool is separate; set again in case LibTorch touched it), unless the step is small.
  openblas(small ? 1 : saved_);
  if (small) openblas_set_ = openblas;
}

BlasOnlyThreads::~BlasOnlyThreads() {
  if (saved_ <= 0) return;
  torch::set_num_threads(saved_);
  if (openblas_set_) openblas_set_(saved_);
}

void keep_freed_memory() {
#ifdef __GLIBC__
  // Fixed thresholds also switch off glibc's adaptive ones. Blocks up to 256 MiB come from the heap; the
  // heap shrinks only when 512 MiB are free at its top, and grows 64 MiB at a time.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
#endif
}

}  // namespace infotorch
