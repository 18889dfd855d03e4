// The k smallest distances seen so far, with the index of each, kept ascending. k is small (a few neighbours),
// so insertion into a sorted array beats a heap. The storage is the caller's (a stack buffer or a vector).
#pragma once
#include <cstdint>
#include <limits>
#include <vector>

namespace infotorch::knn {

struct KBest {
  int64_t k;
  int64_t size = 0;
  double* dist;
  int64_t* index;
  // Storage for one query: on the stack for the usual small k, on the heap beyond it.
  struct Storage {
    static constexpr int64_t kStack = 64;
    double dist_stack[kStack];
    int64_t index_stack[kStack];
    std::vector<double> dist_heap;
    std::vector<int64_t> index_heap;
  };
  KBest(int64_t k_, Storage& s) : k(k_), dist(s.dist_stack), index(s.index_stack) {
    if (k > Storage::kStack) {
      s.dist_heap.resize(static_cast<size_t>(k));
      s.index_heap.resize(static_cast<size_t>(k));
      dist = s.dist_heap.data();
      index = s.index_heap.data();
    }
  }
  double worst() const { return size < k ? std::numeric_limits<double>::infinity() : dist[k - 1]; }
  void push(double d, int64_t i) {
    int64_t j = size < k ? size++ : k - 1;
    while (j > 0 && dist[j - 1] > d) {
      dist[j] = dist[j - 1];
      index[j] = index[j - 1];
      --j;
    }
    dist[j] = d;
    index[j] = i;
  }
};

}  // namespace infotorch::knn
