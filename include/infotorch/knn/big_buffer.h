// Working arrays for the kNN estimators: an allocator that backs large arrays with transparent huge pages
// and leaves their elements uninitialised.
//
// One estimate at N = 1e5 touches ~15 MB of fresh arrays (sorted lines, grid, per-point distances). On the
// measured machine every first touch of a 4 KiB page costs ~3.5 us (a fault plus zeroing), ~15 ms per call,
// as much as the neighbour search itself; a 2 MiB huge page costs ~0.3 ms for 512 times the memory. Arrays
// of at least kHugeBytes are therefore mapped 2 MiB-aligned with madvise(MADV_HUGEPAGE) (Linux; elsewhere,
// or if the kernel declines, they are ordinary pages), and a few freed mappings are kept for reuse so that
// repeated estimates (permutation tests, bootstrap) do not fault them in again. Elements are
// default-initialised: resize() on arrays of numbers does not write zeros that are overwritten anyway.
#pragma once
#include <cstddef>
#include <new>
#include <vector>

namespace infotorch::knn {

namespace detail {
constexpr std::size_t kHugeBytes = std::size_t{256} << 10;
void* big_allocate(std::size_t bytes);
void big_free(void* p, std::size_t bytes) noexcept;
}  // namespace detail

template <class T>
struct BigAllocator {
  using value_type = T;
  BigAllocator() = default;
  template <class U>
  BigAllocator(const BigAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) { return static_cast<T*>(detail::big_allocate(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { detail::big_free(p, n * sizeof(T)); }
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;  // default-initialise: no zeroing
  }
  template <class U, class... A>
  void construct(U* p, A&&... a) {
    ::new (static_cast<void*>(p)) U(static_cast<A&&>(a)...);
  }
  template <class U>
  bool operator==(const BigAllocator<U>&) const noexcept { return true; }
  template <class U>
  bool operator!=(const BigAllocator<U>&) const noexcept { return false; }
};

template <class T>
using BigVector = std::vector<T, BigAllocator<T>>;

}  // namespace infotorch::knn
