// Where KSG 1's time goes, phase by phase: knn_profile [N] [threads] [repeats] [1|2]
// Times each step the estimator takes (copy to float64 rows, standardise + noise, sorted lines, grid, joint
// k-th distances, marginal counts for 1-D x 1-D; k-d tree builds, 4-D search, 2-D counts for 2 + 2) and
// prints the best of `repeats` for each, in milliseconds of process CPU time (all threads together; other
// processes on the machine inflate it less than wall time) and of wall time. X ~ N(0, I), Y = 0.6 X + 0.8 E, k = 3.
#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <string>

#include "infotorch/knn/grid2d.h"
#include "infotorch/knn/kdtree.h"
#include "infotorch/knn/ksg.h"
#include "infotorch/knn/prepare.h"
#include "infotorch/knn/range_counter.h"

using namespace infotorch::knn;

namespace {

double wall_seconds() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct Phases {
  std::map<std::string, double> best, best_wall;
  std::vector<std::string> order;
  double t = cpu_seconds(), w = wall_seconds();
  void start() {
    t = cpu_seconds();
    w = wall_seconds();
  }
  void mark(const std::string& name) {
    const double now = cpu_seconds(), wall = wall_seconds();
    if (!best.count(name)) order.push_back(name);
    best[name] = best.count(name) ? std::min(best[name], now - t) : now - t;
    best_wall[name] = best_wall.count(name) ? std::min(best_wall[name], wall - w) : wall - w;
    t = now;
    w = wall;
  }
  void print(const char* title) const {
    std::printf("%s CPU", title);
    for (const auto& name : order) std::printf(" | %s %.1f", name.c_str(), 1e3 * best.at(name));
    std::printf(" ms\n%s wall", title);
    for (const auto& name : order) std::printf(" | %s %.1f", name.c_str(), 1e3 * best_wall.at(name));
    std::printf(" ms\n");
  }
};

}  // namespace

int main(int argc, char** argv) {
  const int64_t n = argc > 1 ? std::atoll(argv[1]) : 100000;
  at::set_num_threads(argc > 2 ? std::atoi(argv[2]) : 1);
  const int repeats = argc > 3 ? std::atoi(argv[3]) : 5;
  constexpr int64_t k = 3;
  const int64_t only = argc > 4 ? std::atoll(argv[4]) : 0;  // 1 or 2: that case alone
  for (int64_t d : {1, 2}) {
    if (only != 0 && d != only) continue;
    torch::manual_seed(0);
    auto x = torch::randn({n, d}, torch::kDouble);
    auto y = 0.6 * x + 0.8 * torch::randn({n, d}, torch::kDouble);
    Phases ph;
    double mi = 0;
    for (int r = 0; r < repeats; ++r) {
      ph.start();
      Points px = to_points(x), py = to_points(y);
      ph.mark("copy");
      prepare(px, {}, 0);
      prepare(py, {}, 1);
      ph.mark("standardise+noise");
      std::vector<double> eps(n);
      int64_t total = 0;
      if (d == 1) {
        const SortedLine lx(px.v.data(), n), ly(py.v.data(), n);
        ph.mark("sort lines");
        const Grid2d grid(lx, ly, 3.0);
        ph.mark("grid");
        std::vector<double> ex(n), ey(n);
        at::parallel_for(0, grid.cells(), 128, [&](int64_t b, int64_t e) {
          std::vector<double> buf(64);
          for (int64_t c = b; c < e; ++c) {
            const int64_t s = grid.cell_begin(c), m = grid.cell_end(c) - s;
            if (static_cast<int64_t>(buf.size()) < m) buf.resize(m);
            grid.kth_distances(c, k, buf.data());
            for (int64_t j = 0; j < m; ++j) ex[grid.rank_x(s + j)] = ey[grid.rank_y(s + j)] = buf[j];
          }
        });
        ph.mark("joint k-th distance");
        std::vector<int32_t> cx(n), cy(n);
        at::parallel_for(0, n, 512, [&](int64_t b, int64_t e) {
          lx.counts(ex.data(), true, cx.data(), b, e);
          ly.counts(ey.data(), true, cy.data(), b, e);
        });
        for (int64_t i = 0; i < n; ++i) total += cx[i] + cy[i];
        ph.mark("marginal counts");
      } else {
        const Points xy = hcat(px, py);
        const KdTree joint(xy);
        const RangeCounter cx(px), cy(py);
        ph.mark("build 3 k-d trees (1 thread)");
        at::parallel_for(0, n, 512, [&](int64_t b, int64_t e) {
          for (int64_t t = b; t < e; ++t) eps[joint.order(t)] = joint.kth_distance(xy.row(joint.order(t)), k, joint.order(t));
        });
        ph.mark("joint k-th distance");
        std::vector<int32_t> nx(n), ny(n);
        cx.counts(eps.data(), true, nx.data());
        cy.counts(eps.data(), true, ny.data());
        for (int64_t i = 0; i < n; ++i) total += nx[i] + ny[i];
        ph.mark("marginal counts");
      }
      mi = ksg1(x, y);
      ph.mark("whole ksg1 call");
      if (total < 0) std::printf("unreachable\n");
    }
    std::printf("N=%lld d=%lld+%lld threads=%d best of %d, MI %.6f\n", static_cast<long long>(n), static_cast<long long>(d),
                static_cast<long long>(d), at::get_num_threads(), repeats, mi);
    ph.print(" ");
  }
  return 0;
}
