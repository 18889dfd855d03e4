// Process-wide settings for training on the CPU: how many threads, and how freed memory is kept.
#pragma once

namespace infotorch {

// Intra-op threads: n <= 0 means every hardware thread (LibTorch starts with 1 here), divided among the
// LOCAL_WORLD_SIZE processes of a multi-process run on this machine. Sets LibTorch's pool and,
// when LibTorch calls OpenBLAS, OpenBLAS's own pool too, so that `n` bounds both.
void set_threads(int n);

// While alive, and only where LibTorch calls OpenBLAS, LibTorch's own intra-op pool runs on one thread; OpenBLAS
// keeps its threads. Both pools otherwise spin for the same cores between small ops: on 2 cores a critic-training
// step at K = 64 ran 2.2x faster (separable) and 1.6x (deranged) this way, and no row of `bench speed` slower
// (docs/results/speed.md, "Two thread pools"). fit_critic holds one; kNN code, whose loops run on LibTorch's
// pool, must not. With MKL (one OpenMP pool for both) it does nothing.
//
// With `small` set, OpenBLAS runs on one thread too while alive: products of a few hundred rows finish faster on
// one core than handed to two (docs/results/speed.md: a deranged or separable step at K = 64 ran 1.03 / 1.38 ms
// on one thread against 1.30 / 1.67 ms with OpenBLAS on two; from 2,048 rows up two threads win).
class BlasOnlyThreads {
 public:
  explicit BlasOnlyThreads(bool small = false);
  ~BlasOnlyThreads();
  BlasOnlyThreads(const BlasOnlyThreads&) = delete;
  BlasOnlyThreads& operator=(const BlasOnlyThreads&) = delete;

 private:
  int saved_ = 0;  // LibTorch's thread count to restore; 0: nothing changed
  void (*openblas_set_)(int) = nullptr;  // set when OpenBLAS was put on one thread, to restore it
};

// Keep freed tensor memory on the heap for reuse instead of returning it to the system. glibc hands blocks
// above its mmap threshold (128 KiB, raised adaptively up to 32 MiB) back with munmap, and every new activation
// of that size is then page-faulted and zeroed afresh by the kernel: a concat-critic step at K = 64 spent
// ~25% of its time there (docs/results/speed.md). No effect with other allocators. Called by the CLI.
void keep_freed_memory();

}  // namespace infotorch
