// Discrete symbols: equal rows get equal integer labels 0..m-1 (rows compared exactly, value by value).
#pragma once
#include <cstdint>
#include <vector>

#include "infotorch/knn/points.h"

namespace infotorch::knn {

// Labels in order of first appearance after a lexicographic sort; `m` receives the number of symbols.
std::vector<int64_t> labels(const Points& p, int64_t* m);

}  // namespace infotorch::knn
