// The k smallest distances seen so far, with the index of each, kept ascending. k is small (a few neighbours),
// so insertion into a sorted array beats a heap. The storage is the caller's (a stack buffer or a vector).
#pragma once
#include <cstdint>
#include <limits>

namespace infotorch::knn {

struct KBest {
  int64_t k;
  int64_t size = 0;
  double* dist;
  int64_t* index;
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
