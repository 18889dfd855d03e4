// The 2-D rank grid against brute force: rank-rectangle counts, and max-norm counts through RangeCounter.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "infotorch/knn/kdtree.h"
#include "infotorch/knn/range_counter.h"
#include "infotorch/knn/rank_grid.h"
#include "infotorch/knn/sorted_line.h"

using namespace infotorch::knn;

namespace {

// kind 0: Gaussian; 1: integer ties; 2: y = x exactly (every point on the diagonal); 3: Cauchy tails;
// 4: y = x + 1e-9 noise; 5: all points identical.
Points rank_grid_points(int64_t n, int kind, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::cauchy_distribution<double> cauchy;
  std::uniform_int_distribution<int> small(0, 4);
  Points p;
  p.n = n;
  p.d = 2;
  p.v.resize(static_cast<size_t>(2 * n));
  for (int64_t i = 0; i < n; ++i) {
    double* r = p.row(i);
    switch (kind) {
      case 0: r[0] = normal(rng), r[1] = normal(rng); break;
      case 1: r[0] = small(rng), r[1] = small(rng); break;
      case 2: r[0] = r[1] = normal(rng); break;
      case 3: r[0] = cauchy(rng), r[1] = cauchy(rng); break;
      case 4: r[0] = normal(rng), r[1] = r[0] + 1e-9 * normal(rng); break;
      default: r[0] = r[1] = 1.5; break;
    }
  }
  return p;
}

std::vector<double> rank_grid_column(const Points& p, int64_t j) {
  std::vector<double> c(static_cast<size_t>(p.n));
  for (int64_t i = 0; i < p.n; ++i) c[i] = p.row(i)[j];
  return c;
}

}  // namespace

TEST(KnnRankGrid, RectangleCountsMatchBruteForce) {
  std::mt19937_64 rng(5);
  for (int64_t n : {1, 2, 7, 100, 1000}) {
    for (int kind = 0; kind < 6; ++kind) {
      const Points p = rank_grid_points(n, kind, 11 + n + kind);
      const SortedLine lx(rank_grid_column(p, 0)), ly(rank_grid_column(p, 1));
      for (double per_cell : {0.5, 1.0, 4.0, 30.0}) {
        const RankGrid grid(lx, ly, per_cell);
        std::uniform_int_distribution<int64_t> pick(0, n);
        for (int q = 0; q < 300; ++q) {
          int64_t x0 = pick(rng), x1 = pick(rng), y0 = pick(rng), y1 = pick(rng);
          if (q % 3 != 0) {  // mostly proper rectangles, some empty or reversed ones
            if (x0 > x1) std::swap(x0, x1);
            if (y0 > y1) std::swap(y0, y1);
          }
          int64_t want = 0;
          for (int64_t i = 0; i < n; ++i)
            want += lx.rank(i) >= x0 && lx.rank(i) < x1 && ly.rank(i) >= y0 && ly.rank(i) < y1;
          ASSERT_EQ(grid.count(x0, x1, y0, y1), want)
              << "n=" << n << " kind=" << kind << " per_cell=" << per_cell << " [" << x0 << "," << x1 << ")x[" << y0 << "," << y1 << ")";
        }
      }
    }
  }
}

TEST(KnnRankGrid, MaxNormCountsMatchBruteForce) {
  for (int64_t n : {3, 50, 2000}) {
    for (int kind = 0; kind < 6; ++kind) {
      const Points p = rank_grid_points(n, kind, 3 * n + kind);
      const RangeCounter counter(p);
      for (int64_t i = 0; i < n; i += std::max<int64_t>(1, n / 150)) {
        // Radii at exact pairwise distances hit the strict / non-strict boundary.
        std::vector<double> radii = {0.0, 1e-9, 0.1, 1.0, 3.0, 1e300};
        for (int64_t j = (i * 7) % n, m = 0; m < 4; ++m, j = (j + 13) % n) radii.push_back(max_norm(p.row(i), p.row(j), 2));
        for (double r : radii) {
          for (bool strict : {true, false}) {
            int64_t want = 0;
            for (int64_t j = 0; j < n; ++j) {
              const double d = max_norm(p.row(i), p.row(j), 2);
              want += strict ? d < r : d <= r;
            }
            ASSERT_EQ(counter.count(i, r, strict), want) << "n=" << n << " kind=" << kind << " i=" << i << " r=" << r << " strict=" << strict;
          }
        }
      }
    }
  }
}

TEST(KnnRangeCounter, BatchCountsMatchBruteForce) {
  // RangeCounter::counts sweeps each sorted column in rank order with guessed windows: radii that jump
  // between neighbouring ranks (exact pairwise distances, 0, 1e300, smooth values) stress the guesses.
  // d = 1 (one sorted line), 2 (rank grid) and 3 (k-d tree), with ties, diagonals and duplicates.
  for (int64_t n : {3, 50, 3000}) {
    for (int kind = 0; kind < 6; ++kind) {
      const Points p2 = rank_grid_points(n, kind, 11 * n + kind);
      Points p3 = hcat(p2, column(p2, 0));  // a third column: 0.5 x + y
      for (int64_t i = 0; i < n; ++i) p3.row(i)[2] = p3.row(i)[0] * 0.5 + p3.row(i)[1];
      for (const Points* p : {&p2, static_cast<const Points*>(&p3)}) {
        for (int64_t d : {int64_t{1}, p->d}) {
          const Points q = d == 1 ? column(*p, 0) : *p;
          const RangeCounter counter(q);
          std::vector<double> r(static_cast<size_t>(n));
          for (int64_t i = 0; i < n; ++i) {
            switch (i % 4) {
              case 0: r[i] = max_norm(q.row(i), q.row((i * 7 + 3) % n), q.d); break;
              case 1: r[i] = 0.05 + 0.01 * static_cast<double>(i % 5); break;
              case 2: r[i] = 0.3; break;
              default: r[i] = i % 8 == 3 ? 0.0 : 1e300; break;
            }
          }
          for (bool strict : {true, false}) {
            std::vector<int32_t> got(static_cast<size_t>(n));
            counter.counts(r.data(), strict, got.data());
            for (int64_t i = 0; i < n; ++i) {
              int64_t want = 0;
              for (int64_t j = 0; j < n; ++j) {
                const double dist = max_norm(q.row(i), q.row(j), q.d);
                want += strict ? dist < r[i] : dist <= r[i];
              }
              ASSERT_EQ(got[i], want) << "n=" << n << " kind=" << kind << " d=" << q.d << " i=" << i << " r=" << r[i] << " strict=" << strict;
            }
          }
        }
      }
    }
  }
}
