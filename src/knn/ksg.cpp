#include "infotorch/knn/ksg.h"

#include <ATen/Parallel.h>

#include <memory>
#include <numeric>

#include "infotorch/core/validate.h"
#include "infotorch/knn/grid2d.h"
#include "infotorch/knn/input.h"
#include "infotorch/knn/kdtree.h"
#include "infotorch/knn/psi.h"
#include "infotorch/knn/range_counter.h"

namespace infotorch::knn {

namespace {

constexpr int64_t kGrain = 512;
// Above this many points per query's own cell the grid degenerates (strong dependence piles points onto a
// few cells) and the k-d tree adapts better. Evenly spread data gives about kPerCell + 1.
constexpr double kMaxCrowding = 24;
// Points per grid cell: k = 3 neighbours then lie within the query's 3 x 3 block of cells almost always,
// so one ring of cells settles most searches. Measured fastest among 1, 2, 3, 4, 6 at N = 1e5.
constexpr double kPerCell = 3;

// Mean of per-point terms, summed in a fixed order so the result does not depend on the thread count.
double mean(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()); }

// f(0), ..., f(m - 1) as independent tasks spread over the threads (building separate structures).
template <class F>
void tasks(int64_t m, const F& f) {
  at::parallel_for(0, m, 1, [&](int64_t begin, int64_t end) {
    for (int64_t j = begin; j < end; ++j) f(j);
  });
}

std::pair<Points, Points> load(const torch::Tensor& x, const torch::Tensor& y, const KsgOptions& o, const std::string& name) {
  check_k(o.k, name);
  const std::string why = name + " with k=" + std::to_string(o.k);
  auto xs = checked_samples(x, "x", o.k + 1, why);
  auto ys = checked_samples(y, "y", o.k + 1, why);
  check_same_rows(xs, ys, "x", "y");
  Points p[2] = {to_points(xs), to_points(ys)};
  tasks(2, [&](int64_t j) { prepare(p[j], o.prepare, o.seed + j); });  // each column's noise has its own seed
  return {std::move(p[0]), std::move(p[1])};
}

// The joint k-th distance eps_i for 1-D x 1-D on the grid, then per-point terms from the two sorted lines.
// Two passes, each in stored (cell) order, so the search and the counts each keep their own data in cache.
// Returns false (nothing computed) when the grid is too crowded.
template <class Term>
bool on_grid(const Points& x, const Points& y, int64_t k, bool ksg2, std::vector<double>& term, const Term& f) {
  std::unique_ptr<SortedLine> line[2];
  tasks(2, [&](int64_t j) { line[j] = std::make_unique<SortedLine>(j == 0 ? x.v : y.v); });
  const Grid2d joint(*line[0], *line[1], kPerCell);
  if (joint.crowding() > kMaxCrowding) return false;
  const int64_t n = x.n;
  std::vector<double> eps(static_cast<size_t>(2 * n));  // KSG 1: eps_i; KSG 2: eps_x,i and eps_y,i
  at::parallel_for(0, n, kGrain, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t) {
      double* e = eps.data() + 2 * t;
      if (ksg2)
        joint.kth_distance(t, k, e);
      else
        e[0] = e[1] = joint.kth_distance(t, k);
    }
  });
  term.resize(static_cast<size_t>(n));
  at::parallel_for(0, n, kGrain, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t) {
      const int64_t i = joint.order(t);
      term[i] = f(*line[0], *line[1], i, eps[2 * t], eps[2 * t + 1]);
    }
  });
  return true;
}

// The k-d tree over the joint space and the marginal counters, built side by side.
struct Trees {
  Points xy;
  std::unique_ptr<KdTree> joint;
  std::unique_ptr<RangeCounter> cx, cy;
  Trees(const Points& x, const Points& y) : xy(hcat(x, y)) {
    tasks(3, [&](int64_t j) {
      if (j == 0) joint = std::make_unique<KdTree>(xy);
      if (j == 1) cx = std::make_unique<RangeCounter>(x);
      if (j == 2) cy = std::make_unique<RangeCounter>(y);
    });
  }
};

}  // namespace

double ksg1(const Points& x, const Points& y, int64_t k) {
  const int64_t n = x.n;
  std::vector<double> term;
  // Strict counts include i itself, so count = n_x + 1. A zero eps (exact duplicates with noise off)
  // leaves only i: n_x = 0.
  if (x.d == 1 && y.d == 1 &&
      on_grid(x, y, k, false, term, [](const SortedLine& lx, const SortedLine& ly, int64_t i, double eps, double) {
        return psi(std::max<int64_t>(1, lx.count(i, eps, true))) + psi(std::max<int64_t>(1, ly.count(i, eps, true)));
      }))
    return psi(k) + psi(n) - mean(term);
  const Trees s(x, y);
  // Search first, count second (both in tree order): interleaved, the three trees evict each other.
  std::vector<double> eps(static_cast<size_t>(n));
  term.resize(static_cast<size_t>(n));
  at::parallel_for(0, n, kGrain, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t) {
      const int64_t i = s.joint->order(t);
      eps[t] = s.joint->kth_distance(s.xy.row(i), k, i);
    }
  });
  at::parallel_for(0, n, kGrain, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t) {
      const int64_t i = s.joint->order(t);
      term[i] = psi(std::max<int64_t>(1, s.cx->count(i, eps[t], true))) + psi(std::max<int64_t>(1, s.cy->count(i, eps[t], true)));
    }
  });
  return psi(k) + psi(n) - mean(term);
}

double ksg2(const Points& x, const Points& y, int64_t k) {
  const int64_t n = x.n;
  std::vector<double> term;
  // Non-strict counts include i itself and every joint neighbour: n_x = count - 1 >= 1.
  if (x.d == 1 && y.d == 1 &&
      on_grid(x, y, k, true, term, [](const SortedLine& lx, const SortedLine& ly, int64_t i, double ex, double ey) {
        return psi(lx.count(i, ex, false) - 1) + psi(ly.count(i, ey, false) - 1);
      }))
    return psi(k) - 1.0 / static_cast<double>(k) + psi(n) - mean(term);
  const Trees s(x, y);
  term.resize(static_cast<size_t>(n));
  at::parallel_for(0, n, kGrain, [&](int64_t begin, int64_t end) {
    std::vector<int64_t> nb(static_cast<size_t>(k));
    for (int64_t t = begin; t < end; ++t) {
      const int64_t i = s.joint->order(t);
      s.joint->kth_distance(s.xy.row(i), k, i, nb.data());
      double ex = 0, ey = 0;
      for (int64_t j : nb) {
        ex = std::max(ex, max_norm(x.row(i), x.row(j), x.d));
        ey = std::max(ey, max_norm(y.row(i), y.row(j), y.d));
      }
      term[i] = psi(s.cx->count(i, ex, false) - 1) + psi(s.cy->count(i, ey, false) - 1);
    }
  });
  return psi(k) - 1.0 / static_cast<double>(k) + psi(n) - mean(term);
}

double ksg1(const torch::Tensor& x, const torch::Tensor& y, const KsgOptions& options) {
  auto [px, py] = load(x, y, options, "ksg");
  if (is_constant(px) || is_constant(py)) return 0.0;  // KSG 2 would read the tie as -1/k
  return ksg1(px, py, options.k);
}

double ksg2(const torch::Tensor& x, const torch::Tensor& y, const KsgOptions& options) {
  auto [px, py] = load(x, y, options, "ksg2");
  if (is_constant(px) || is_constant(py)) return 0.0;  // ties at distance 0 would read as -1/k
  return ksg2(px, py, options.k);
}

}  // namespace infotorch::knn
