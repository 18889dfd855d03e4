// Process-wide settings for training on the CPU: how many threads, and how freed memory is kept.
#pragma once

namespace infotorch {

// Intra-op threads: n <= 0 means every hardware thread (LibTorch starts with 1 here), divided among the
// LOCAL_WORLD_SIZE processes of a multi-process run on this machine. Sets LibTorch's pool and,
// when LibTorch calls OpenBLAS, OpenBLAS's own pool too, so that `n` bounds both.
void set_threads(int n);

// Keep freed tensor memory on the heap for reuse instead of returning it to the system. glibc hands blocks
// above its mmap threshold (128 KiB, raised adaptively up to 32 MiB) back with munmap, and every new activation
// of that size is then page-faulted and zeroed afresh by the kernel: a concat-critic step at K = 64 spent
// ~25% of its time there (docs/results/speed.md). No effect with other allocators. Called by the CLI.
void keep_freed_memory();

}  // namespace infotorch
