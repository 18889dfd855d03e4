// Process-wide settings: --threads bounds both thread pools, and freed tensor memory stays on the heap.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <malloc.h>
#include <torch/torch.h>

#include <cstdlib>

#include "infotorch/core/runtime.h"

TEST(Runtime, SetThreadsSizesLibTorchsPoolAndOpenBlassPool) {
  const int before = torch::get_num_threads();
  using GetThreads = int (*)();
  auto* openblas = reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  for (int n : {1, 2}) {
    infotorch::set_threads(n);
    EXPECT_EQ(torch::get_num_threads(), n);
    if (openblas != nullptr) EXPECT_EQ(openblas(), n);
  }
  infotorch::set_threads(before);
  if (openblas == nullptr) GTEST_SKIP() << "this LibTorch does not call OpenBLAS; only its own pool was checked";
}

#ifdef __GLIBC__
TEST(Runtime, KeepFreedMemoryServesLargeBlocksFromTheHeap) {
  // 128 MiB is above glibc's largest adaptive mmap threshold (32 MiB): without keep_freed_memory() such a
  // block is always mmapped, and unmapped again on free.
  infotorch::keep_freed_memory();
  const size_t mapped_before = mallinfo2().hblks;
  void* p = std::malloc(size_t{128} << 20);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(mallinfo2().hblks, mapped_before) << "the block was mmapped";
  std::free(p);
}
#endif
