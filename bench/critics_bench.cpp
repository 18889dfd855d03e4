// Google Benchmark micro-benchmarks of the critics' K x K scores (forward + backward).
// Built with -DINFOTORCH_BENCH=ON; run build/critics_bench.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include "infotorch/critics/factory.h"

namespace {

void scores_fwd_bwd(benchmark::State& state, const std::string& kind) {
  const int64_t k = state.range(0);
  torch::manual_seed(0);
  auto critic = infotorch::critics::make_critic(kind, 20, 20);
  auto x = torch::randn({k, 20}), y = torch::randn({k, 20});
  for (auto _ : state) {
    critic->zero_grad();
    auto s = critic->scores(x, y);
    s.logsumexp(1).mean().backward();
    benchmark::DoNotOptimize(s.data_ptr<float>());
  }
  state.SetItemsProcessed(state.iterations() * k * k);  // pairs scored
}

void BM_SeparableScores(benchmark::State& state) { scores_fwd_bwd(state, "separable"); }
void BM_ConcatScores(benchmark::State& state) { scores_fwd_bwd(state, "concat"); }

}  // namespace

BENCHMARK(BM_SeparableScores)->Arg(64)->Arg(1024)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ConcatScores)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
