// kNN estimator speed. Two modes:
//  knn_speed --files X.npy Y.npy [threads] [algo] [again]  times one estimate on the given data (then `again`
//      more calls in the same process) and prints one JSON line
//      (bench/knn_vs_sklearn.py drives this beside scikit-learn on the same files);
//  knn_speed [google-benchmark flags]              the N = 1e3..1e6 scaling table with an O(N log N) fit.
// Like the infotorch CLI, it re-executes itself once with OMP_WAIT_POLICY=PASSIVE unless the caller set a
// policy: LibTorch's spinning OpenMP workers otherwise compete with everything else on a 2-core machine.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <string>

#include <unistd.h>

#include "infotorch/core/io.h"
#include "infotorch/core/runtime.h"
#include "infotorch/knn/ksg.h"

namespace {

void BM_Ksg1(benchmark::State& state) {
  const int64_t n = state.range(0);
  torch::manual_seed(0);
  auto x = torch::randn({n, 1}, torch::kDouble);
  auto y = 0.6 * x + 0.8 * torch::randn({n, 1}, torch::kDouble);
  for (auto _ : state) benchmark::DoNotOptimize(infotorch::knn::ksg1(x, y));
  state.SetComplexityN(n);
}
BENCHMARK(BM_Ksg1)->RangeMultiplier(10)->Range(1000, 1000000)->Unit(benchmark::kMillisecond)->Complexity(benchmark::oNLogN);

void BM_Ksg1Multivariate(benchmark::State& state) {
  const int64_t n = state.range(0);
  torch::manual_seed(0);
  auto x = torch::randn({n, 2}, torch::kDouble);
  auto y = 0.6 * x + 0.8 * torch::randn({n, 2}, torch::kDouble);
  for (auto _ : state) benchmark::DoNotOptimize(infotorch::knn::ksg1(x, y));
  state.SetComplexityN(n);
}
BENCHMARK(BM_Ksg1Multivariate)->RangeMultiplier(10)->Range(1000, 100000)->Unit(benchmark::kMillisecond)->Complexity(benchmark::oNLogN);

int run_files(int argc, char** argv) {
  const std::string xp = argv[2], yp = argv[3];
  const int threads = argc > 4 ? std::atoi(argv[4]) : 0;
  const std::string algo = argc > 5 ? argv[5] : "ksg";
  infotorch::set_threads(threads);
  auto x = infotorch::read_matrix(xp, "x");
  auto y = infotorch::read_matrix(yp, "y");
  const int again = argc > 6 ? std::atoi(argv[6]) : 0;
  auto timed = [&](double* mi) {
    const auto t0 = std::chrono::steady_clock::now();
    *mi = algo == "ksg2" ? infotorch::knn::ksg2(x, y) : infotorch::knn::ksg1(x, y);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  double mi = 0;
  const double s = timed(&mi);  // the first call in a fresh process: what a CLI user sees
  std::string warm;             // later calls in the same process (threads started, memory already mapped)
  for (int r = 0; r < again; ++r) {
    double m = 0;
    warm += (r ? ", " : "") + std::to_string(timed(&m));
  }
  const char* policy = std::getenv("OMP_WAIT_POLICY");
  std::printf("{\"n\": %lld, \"dx\": %lld, \"dy\": %lld, \"threads\": %d, \"algo\": \"%s\", \"mi\": %.17g, \"seconds\": %.6f, "
              "\"omp_wait_policy\": \"%s\", \"warm_seconds\": [%s]}\n",
              static_cast<long long>(x.size(0)), static_cast<long long>(x.size(1)), static_cast<long long>(y.size(1)),
              torch::get_num_threads(), algo.c_str(), mi, s, policy ? policy : "unset", warm.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") == nullptr) {
    setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
    execv("/proc/self/exe", argv);  // returns only on failure: then run as we are
  }
  if (argc >= 4 && std::strcmp(argv[1], "--files") == 0) return run_files(argc, argv);
  infotorch::set_threads(0);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
