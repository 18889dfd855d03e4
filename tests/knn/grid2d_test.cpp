// The 2-D quantile grid against brute force: exact k-th max-norm distances, and KSG 1/2 on its path equal
// to a brute-force KSG on the same points.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "infotorch/knn/grid2d.h"
#include "infotorch/knn/kdtree.h"
#include "infotorch/knn/ksg.h"
#include "infotorch/knn/psi.h"

using namespace infotorch::knn;

namespace {

enum class Shape { Gaussian, Ties, HeavyTail, Dependent };

// Two columns of n values: Gaussian, small integers (many exact ties), Cauchy (a few huge values among many
// small ones), or y = x + tiny noise (everything on the diagonal).
std::pair<Points, Points> columns(int64_t n, Shape shape, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::cauchy_distribution<double> cauchy;
  std::uniform_int_distribution<int> small(0, 6);
  Points x, y;
  x.n = y.n = n;
  x.d = y.d = 1;
  for (int64_t i = 0; i < n; ++i) {
    double a = 0, b = 0;
    switch (shape) {
      case Shape::Gaussian: a = normal(rng), b = 0.6 * a + 0.8 * normal(rng); break;
      case Shape::Ties: a = small(rng), b = small(rng); break;
      case Shape::HeavyTail: a = cauchy(rng), b = a + cauchy(rng); break;
      case Shape::Dependent: a = normal(rng), b = a + 1e-9 * normal(rng); break;
    }
    x.v.push_back(a);
    y.v.push_back(b);
  }
  return {x, y};
}

double dist(const Points& x, const Points& y, int64_t i, int64_t j) {
  return std::max(std::abs(x.v[i] - x.v[j]), std::abs(y.v[i] - y.v[j]));
}

double brute_kth(const Points& x, const Points& y, int64_t i, int64_t k) {
  std::vector<double> d;
  for (int64_t j = 0; j < x.n; ++j)
    if (j != i) d.push_back(dist(x, y, i, j));
  std::nth_element(d.begin(), d.begin() + (k - 1), d.end());
  return d[k - 1];
}

int64_t brute_count(const Points& p, int64_t i, double r, bool strict) {
  int64_t c = 0;
  for (int64_t j = 0; j < p.n; ++j) c += strict ? std::abs(p.v[i] - p.v[j]) < r : std::abs(p.v[i] - p.v[j]) <= r;
  return c;
}

// KSG 1 (Kraskov Eq. 8) and KSG 2 (Eq. 9) by brute force, with the same strict / non-strict counts.
double brute_ksg1(const Points& x, const Points& y, int64_t k) {
  double s = 0;
  for (int64_t i = 0; i < x.n; ++i) {
    const double eps = brute_kth(x, y, i, k);
    s += psi(std::max<int64_t>(1, brute_count(x, i, eps, true))) + psi(std::max<int64_t>(1, brute_count(y, i, eps, true)));
  }
  return psi(k) + psi(x.n) - s / static_cast<double>(x.n);
}

double brute_ksg2(const Points& x, const Points& y, int64_t k) {
  double s = 0;
  for (int64_t i = 0; i < x.n; ++i) {
    std::vector<std::pair<double, int64_t>> d;
    for (int64_t j = 0; j < x.n; ++j)
      if (j != i) d.push_back({dist(x, y, i, j), j});
    std::sort(d.begin(), d.end());
    double ex = 0, ey = 0;
    for (int64_t j = 0; j < k; ++j) {
      ex = std::max(ex, std::abs(x.v[i] - x.v[d[j].second]));
      ey = std::max(ey, std::abs(y.v[i] - y.v[d[j].second]));
    }
    s += psi(brute_count(x, i, ex, false) - 1) + psi(brute_count(y, i, ey, false) - 1);
  }
  return psi(k) - 1.0 / static_cast<double>(k) + psi(x.n) - s / static_cast<double>(x.n);
}

}  // namespace

TEST(KnnGrid2d, KthDistanceMatchesBruteForce) {
  for (Shape shape : {Shape::Gaussian, Shape::Ties, Shape::HeavyTail, Shape::Dependent}) {
    for (int64_t n : {5, 97, 1500}) {
      const auto [x, y] = columns(n, shape, 11 + n);
      const SortedLine lx(x.v), ly(y.v);
      for (double per_cell : {0.5, 2.0, 50.0}) {
        const Grid2d grid(lx, ly, per_cell);
        ASSERT_EQ(grid.size(), n);
        std::vector<int> seen(n, 0);
        for (int64_t t = 0; t < n; ++t) {
          const int64_t i = grid.order(t);
          ++seen[i];
          for (int64_t k : {1, 3, 4}) {
            if (k >= n) continue;
            double gaps[2];
            const double kth = grid.kth_distance(t, k, gaps);
            ASSERT_EQ(kth, brute_kth(x, y, i, k)) << "shape=" << static_cast<int>(shape) << " n=" << n << " i=" << i << " k=" << k;
            // The k neighbours found lie within kth on both axes, and the farther axis of the k-th reaches it.
            EXPECT_LE(gaps[0], kth);
            EXPECT_LE(gaps[1], kth);
            EXPECT_EQ(std::max(gaps[0], gaps[1]), kth);
          }
        }
        EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](int s) { return s == 1; }));  // order() is a permutation
        // Cell by cell (the block scan with its ring-search fallback) gives the same distances, and KSG 2's
        // gaps from the same neighbours.
        for (int64_t k : {1, 2, 3, 4, 7, 9}) {
          if (k >= n) continue;
          for (int64_t c = 0; c < grid.cells(); ++c) {
            const int64_t b = grid.cell_begin(c), m = grid.cell_end(c) - b;
            std::vector<double> eps(m), gaps(2 * m), eps2(m);
            grid.kth_distances(c, k, eps.data());
            grid.kth_distances(c, k, eps2.data(), gaps.data());
            for (int64_t j = 0; j < m; ++j) {
              const int64_t i = grid.order(b + j);
              ASSERT_EQ(lx.rank(i), grid.rank_x(b + j));
              ASSERT_EQ(ly.rank(i), grid.rank_y(b + j));
              const double want = brute_kth(x, y, i, k);
              ASSERT_EQ(eps[j], want) << "shape=" << static_cast<int>(shape) << " n=" << n << " i=" << i << " k=" << k;
              ASSERT_EQ(eps2[j], want);
              EXPECT_LE(gaps[2 * j], want);
              EXPECT_LE(gaps[2 * j + 1], want);
              EXPECT_EQ(std::max(gaps[2 * j], gaps[2 * j + 1]), want);
            }
          }
        }
      }
    }
  }
}

TEST(KnnGrid2d, CrowdingSeparatesSpreadFromDiagonalData) {
  const auto [gx, gy] = columns(20000, Shape::Gaussian, 3);
  const auto [dx, dy] = columns(20000, Shape::Dependent, 3);
  const SortedLine gxl(gx.v), gyl(gy.v), dxl(dx.v), dyl(dy.v);
  EXPECT_LT(Grid2d(gxl, gyl, 2.0).crowding(), 6.0);    // about per_cell + 1 for spread-out points
  EXPECT_GT(Grid2d(dxl, dyl, 2.0).crowding(), 100.0);  // every point on ~100 diagonal cells of 200 each
}

TEST(KnnGrid2d, KsgOnEveryPathEqualsBruteForce) {
  // Gaussian and heavy tails take the grid; the near-diagonal pair is crowded and takes the k-d tree.
  for (Shape shape : {Shape::Gaussian, Shape::HeavyTail, Shape::Dependent, Shape::Ties}) {
    const auto [x, y] = columns(700, shape, 5);
    for (int64_t k : {1, 3, 6}) {
      EXPECT_NEAR(ksg1(x, y, k), brute_ksg1(x, y, k), 1e-12) << "shape=" << static_cast<int>(shape) << " k=" << k;
      // KSG 2's eps_x, eps_y depend on which neighbours win a tie at the k-th distance: tie-free data only.
      if (shape != Shape::Ties)
        EXPECT_NEAR(ksg2(x, y, k), brute_ksg2(x, y, k), 1e-12) << "shape=" << static_cast<int>(shape) << " k=" << k;
    }
  }
}
