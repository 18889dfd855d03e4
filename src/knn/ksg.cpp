#include "infotorch/knn/ksg.h"

#include <ATen/Parallel.h>

#include <memory>
#include <numeric>

#include "infotorch/core/validate.h"
#include "infotorch/knn/big_buffer.h"
#include "infotorch/knn/grid2d.h"
#include "infotorch/knn/input.h"
#include "infotorch/knn/kdtree.h"
#include "infotorch/knn/psi.h"
#include "infotorch/knn/range_counter.h"

namespace infotorch::knn {

namespace {

constexpr int64_t kGrain = 512;
constexpr int64_t kCellGrain = 128;  // grid cells per parallel chunk (~400 points)
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

// 1-D x 1-D on the grid. Three passes, each reading its own data in order: the joint search cell by cell
// (eps of each point written at its rank in each line), then the counts along each sorted line in rank
// order (every galloping step lands near the previous query's, in cache), then the terms in index order
// (the same summation order as a per-point loop, so the result does not depend on the thread count).
// KSG 1 counts strictly within eps_i (count includes i: n_x + 1; a zero eps, exact duplicates with noise
// off, leaves only i: n_x = 0); KSG 2 counts within eps_x,i / eps_y,i inclusive (count - 1 = n_x >= 1).
// Returns false (nothing computed) when the grid is too crowded.
bool on_grid(const Points& x, const Points& y, int64_t k, bool ksg2, double* sum) {
  std::unique_ptr<SortedLine> line[2];
  tasks(2, [&](int64_t j) { line[j] = std::make_unique<SortedLine>((j == 0 ? x : y).v.data(), x.n); });
  const Grid2d joint(*line[0], *line[1], kPerCell);
  if (joint.crowding() > kMaxCrowding) return false;
  const int64_t n = x.n;
  BigVector<double> er[2] = {BigVector<double>(static_cast<size_t>(n)), BigVector<double>(static_cast<size_t>(n))};
  at::parallel_for(0, joint.cells(), kCellGrain, [&](int64_t begin, int64_t end) {
    std::vector<double> eps, gaps;
    for (int64_t c = begin; c < end; ++c) {
      const int64_t b = joint.cell_begin(c), m = joint.cell_end(c) - b;
      if (static_cast<int64_t>(eps.size()) < m) {
        eps.resize(static_cast<size_t>(m));
        gaps.resize(static_cast<size_t>(2 * m));
      }
      joint.kth_distances(c, k, eps.data(), ksg2 ? gaps.data() : nullptr);
      for (int64_t j = 0; j < m; ++j) {
        er[0][joint.rank_x(b + j)] = ksg2 ? gaps[2 * j] : eps[j];
        er[1][joint.rank_y(b + j)] = ksg2 ? gaps[2 * j + 1] : eps[j];
      }
    }
  });
  BigVector<int32_t> count[2] = {BigVector<int32_t>(static_cast<size_t>(n)), BigVector<int32_t>(static_cast<size_t>(n))};
  at::parallel_for(0, 2 * n, kGrain, [&](int64_t begin, int64_t end) {
    // [begin, end) may straddle the two lines: positions u < n are line 0's, the rest line 1's.
    if (begin < n) line[0]->counts(er[0].data(), !ksg2, count[0].data(), begin, std::min(end, n));
    if (end > n) line[1]->counts(er[1].data(), !ksg2, count[1].data(), std::max(begin, n) - n, end - n);
  });
  double s = 0;
  for (int64_t i = 0; i < n; ++i)
    s += ksg2 ? psi(count[0][i] - 1) + psi(count[1][i] - 1)
              : psi(std::max<int64_t>(1, count[0][i])) + psi(std::max<int64_t>(1, count[1][i]));
  *sum = s;
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
  double sum = 0;
  if (x.d == 1 && y.d == 1 && on_grid(x, y, k, false, &sum)) return psi(k) + psi(n) - sum / static_cast<double>(n);
  const Trees s(x, y);
  // Search first (in tree order), count second (each counter in its own order): interleaved, the joint
  // tree and the marginal structures evict each other.
  std::vector<double> eps(static_cast<size_t>(n));
  at::parallel_for(0, n, kGrain, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t) {
      const int64_t i = s.joint->order(t);
      eps[i] = s.joint->kth_distance(s.xy.row(i), k, i);
    }
  });
  std::vector<int32_t> nx(static_cast<size_t>(n)), ny(static_cast<size_t>(n));
  s.cx->counts(eps.data(), true, nx.data());
  s.cy->counts(eps.data(), true, ny.data());
  term.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) term[i] = psi(std::max<int64_t>(1, nx[i])) + psi(std::max<int64_t>(1, ny[i]));
  return psi(k) + psi(n) - mean(term);
}

double ksg2(const Points& x, const Points& y, int64_t k) {
  const int64_t n = x.n;
  std::vector<double> term;
  // Non-strict counts include i itself and every joint neighbour: n_x = count - 1 >= 1.
  double sum = 0;
  if (x.d == 1 && y.d == 1 && on_grid(x, y, k, true, &sum)) return psi(k) - 1.0 / static_cast<double>(k) + psi(n) - sum / static_cast<double>(n);
  const Trees s(x, y);
  // Search first (eps_x, eps_y from the k neighbours, in tree order), count second (each counter in its
  // own order): interleaved, the joint tree and the marginal structures evict each other.
  std::vector<double> ex(static_cast<size_t>(n)), ey(static_cast<size_t>(n));
  at::parallel_for(0, n, kGrain, [&](int64_t begin, int64_t end) {
    std::vector<int64_t> nb(static_cast<size_t>(k));
    for (int64_t t = begin; t < end; ++t) {
      const int64_t i = s.joint->order(t);
      s.joint->kth_distance(s.xy.row(i), k, i, nb.data());
      double gx = 0, gy = 0;
      for (int64_t j : nb) {
        gx = std::max(gx, max_norm(x.row(i), x.row(j), x.d));
        gy = std::max(gy, max_norm(y.row(i), y.row(j), y.d));
      }
      ex[i] = gx;
      ey[i] = gy;
    }
  });
  std::vector<int32_t> nx(static_cast<size_t>(n)), ny(static_cast<size_t>(n));
  s.cx->counts(ex.data(), false, nx.data());
  s.cy->counts(ey.data(), false, ny.data());
  term.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) term[i] = psi(nx[i] - 1) + psi(ny[i] - 1);
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
