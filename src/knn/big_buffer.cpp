#include "infotorch/knn/big_buffer.h"

#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace infotorch::knn::detail {

namespace {

#if defined(__linux__)
constexpr std::size_t kHuge = std::size_t{2} << 20;
// Freed mappings kept for the next estimate, at most this many bytes in all.
constexpr std::size_t kKeepBytes = std::size_t{64} << 20;

struct Cache {
  std::mutex m;
  std::vector<std::pair<std::size_t, void*>> free;  // (mapped bytes, address)
  std::size_t bytes = 0;
};
Cache& cache() {
  static Cache* c = new Cache;  // never destroyed: buffers may be freed during static destruction
  return *c;
}

std::size_t mapped_size(std::size_t bytes) { return (bytes + kHuge - 1) / kHuge * kHuge; }

void* map_huge(std::size_t size) {
  {
    // The smallest kept mapping that fits, if it is not much bigger than needed.
    Cache& c = cache();
    std::lock_guard<std::mutex> lock(c.m);
    std::size_t best = c.free.size();
    for (std::size_t j = 0; j < c.free.size(); ++j)
      if (c.free[j].first >= size && c.free[j].first <= 2 * size && (best == c.free.size() || c.free[j].first < c.free[best].first))
        best = j;
    if (best < c.free.size()) {
      void* p = c.free[best].second;
      c.bytes -= c.free[best].first;
      c.free[best] = c.free.back();
      c.free.pop_back();
      return p;
    }
  }
  // Over-map by one huge page and trim, so the start is 2 MiB-aligned (huge pages need the alignment).
  void* raw = mmap(nullptr, size + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  const auto a = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t start = (a + kHuge - 1) / kHuge * kHuge;
  if (start > a) munmap(raw, start - a);
  const std::uintptr_t end = a + size + kHuge;
  if (end > start + size) munmap(reinterpret_cast<void*>(start + size), end - (start + size));
  madvise(reinterpret_cast<void*>(start), size, MADV_HUGEPAGE);  // a hint: without THP these stay 4 KiB pages
  return reinterpret_cast<void*>(start);
}

void unmap_huge(void* p, std::size_t size) {
  {
    Cache& c = cache();
    std::lock_guard<std::mutex> lock(c.m);
    if (c.bytes + size <= kKeepBytes) {
      c.free.emplace_back(size, p);
      c.bytes += size;
      return;
    }
  }
  munmap(p, size);
}
#endif

}  // namespace

void* big_allocate(std::size_t bytes) {
#if defined(__linux__)
  if (bytes >= kHugeBytes) {
    if (void* p = map_huge(mapped_size(bytes))) return p;
    throw std::bad_alloc();
  }
#endif
  if (void* p = std::malloc(bytes == 0 ? 1 : bytes)) return p;
  throw std::bad_alloc();
}

void big_free(void* p, std::size_t bytes) noexcept {
  if (p == nullptr) return;
#if defined(__linux__)
  if (bytes >= kHugeBytes) {
    unmap_huge(p, mapped_size(bytes));
    return;
  }
#endif
  std::free(p);
}

}  // namespace infotorch::knn::detail
