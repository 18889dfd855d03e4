#include "infotorch/knn/uncertainty.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "infotorch/core/error.h"
#include "infotorch/knn/kdtree.h"
#include "infotorch/knn/points.h"

namespace infotorch::knn {

namespace {

torch::Tensor as_index(const std::vector<int64_t>& idx, const torch::Device& device) {
  return torch::tensor(idx, torch::TensorOptions().dtype(torch::kLong)).to(device);
}

std::vector<int64_t> shuffled(int64_t n, std::mt19937_64& rng) {
  std::vector<int64_t> p(static_cast<size_t>(n));
  std::iota(p.begin(), p.end(), 0);
  std::shuffle(p.begin(), p.end(), rng);
  return p;
}

// Runge (2018), "Conditional independence testing based on a nearest-neighbor estimator of conditional
// mutual information", Algorithm 1: each point takes the X of a not-yet-used point among its nearest Z
// neighbours, so X keeps its relation to Z and loses only the one to Y given Z.
std::vector<int64_t> local_permutation(const std::vector<std::vector<int64_t>>& near, std::mt19937_64& rng) {
  const int64_t n = static_cast<int64_t>(near.size());
  std::vector<char> used(static_cast<size_t>(n), 0);
  std::vector<int64_t> perm(static_cast<size_t>(n));
  for (int64_t i : shuffled(n, rng)) {
    auto cand = near[i];
    std::shuffle(cand.begin(), cand.end(), rng);
    int64_t pick = -1;
    for (int64_t c : cand)
      if (!used[c]) {
        pick = c;
        break;
      }
    if (pick < 0) pick = cand[std::uniform_int_distribution<size_t>(0, cand.size() - 1)(rng)];
    used[pick] = 1;
    perm[i] = pick;
  }
  return perm;
}

}  // namespace

PermutationResult permutation_test(const Estimator& f, const torch::Tensor& x, const torch::Tensor& y,
                                   const torch::Tensor& z, double observed, const PermutationOptions& options) {
  if (options.permutations < 1)
    throw Error("permutations: expected a positive number of permutations, got " + std::to_string(options.permutations));
  std::mt19937_64 rng(options.seed ^ 0xA24BAED4963EE407ULL);
  const int64_t n = x.size(0);
  std::vector<std::vector<int64_t>> near;
  if (options.shuffle == Shuffle::x_within_z) {
    if (!z.defined()) throw Error("z: a conditional permutation test needs the conditioning variable z");
    const Points pz = to_points(z);
    const KdTree tree(pz);
    const int64_t kk = std::min<int64_t>(std::max<int64_t>(1, options.local_k), n);
    near.assign(static_cast<size_t>(n), std::vector<int64_t>(static_cast<size_t>(kk)));
    for (int64_t i = 0; i < n; ++i) tree.kth_distance(pz.row(i), kk, -1, near[i].data());
  }
  std::vector<double> null(static_cast<size_t>(options.permutations));
  for (int64_t b = 0; b < options.permutations; ++b) {
    switch (options.shuffle) {
      case Shuffle::rows_of_y:
        null[b] = f(x, y.index_select(0, as_index(shuffled(n, rng), y.device())), z);
        break;
      case Shuffle::columns_of_x: {
        std::vector<torch::Tensor> cols;
        for (int64_t j = 0; j < x.size(1); ++j)
          cols.push_back(x.select(1, j).index_select(0, as_index(shuffled(n, rng), x.device())));
        null[b] = f(torch::stack(cols, 1), y, z);
        break;
      }
      case Shuffle::x_within_z:
        null[b] = f(x.index_select(0, as_index(local_permutation(near, rng), x.device())), y, z);
        break;
    }
  }
  PermutationResult r;
  const double m = static_cast<double>(options.permutations);
  int64_t at_least = 0;
  double sum = 0, sum2 = 0;
  for (double v : null) {
    at_least += v >= observed;
    sum += v;
  }
  r.null_mean = sum / m;
  for (double v : null) sum2 += (v - r.null_mean) * (v - r.null_mean);
  r.null_sd = options.permutations > 1 ? std::sqrt(sum2 / (m - 1)) : 0.0;
  r.p_value = (1.0 + static_cast<double>(at_least)) / (1.0 + m);
  return r;
}

double subsample_stderr(const Estimator& f, const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& z,
                        const SubsampleOptions& options) {
  if (options.subsamples < 2)
    throw Error("subsamples: expected at least 2 subsamples, got " + std::to_string(options.subsamples));
  if (!(options.fraction > 0 && options.fraction < 1))
    throw Error("fraction: expected a subsample fraction in (0, 1), got " + std::to_string(options.fraction));
  const int64_t n = x.size(0);
  const int64_t m = static_cast<int64_t>(std::llround(options.fraction * static_cast<double>(n)));
  if (m < 2 || m >= n) throw Error("x: " + std::to_string(n) + " samples are too few for a subsampling error bar");
  std::mt19937_64 rng(options.seed ^ 0x3C6EF372FE94F82BULL);
  std::vector<double> est(static_cast<size_t>(options.subsamples));
  for (int64_t b = 0; b < options.subsamples; ++b) {
    auto p = shuffled(n, rng);
    p.resize(static_cast<size_t>(m));
    std::sort(p.begin(), p.end());
    auto idx = as_index(p, x.device());
    est[b] = f(x.index_select(0, idx), y.defined() ? y.index_select(0, idx.to(y.device())) : y,
               z.defined() ? z.index_select(0, idx.to(z.device())) : z);
  }
  const double mean = std::accumulate(est.begin(), est.end(), 0.0) / static_cast<double>(est.size());
  double ss = 0;
  for (double v : est) ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(ss / static_cast<double>(est.size() - 1));
  return sd * std::sqrt(static_cast<double>(m) / static_cast<double>(n - m));
}

}  // namespace infotorch::knn
