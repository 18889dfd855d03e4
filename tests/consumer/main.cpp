#include <cmath>
#include <cstdio>

#include <infotorch/estimate.h>
#include <infotorch/tasks/factory.h>

int main() {
  // 5,000 samples of a 2-d Gaussian pair whose mutual information is 1 nat.
  auto task = infotorch::tasks::make_task("gaussian:d=2,mi=1");
  auto gen = infotorch::tasks::make_generator(/*seed=*/0);
  auto [x, y] = task->sample(5000, gen);

  infotorch::EstimateOptions options;  // every default is declared here
  options.estimator = "ksg:k=3";
  infotorch::EstimateResult r = infotorch::estimate(x, y, options);
  std::printf("%s: %.3f nats (true %.3f)\n", r.estimator.c_str(), r.mi_nats, task->mi());
  return std::abs(r.mi_nats - task->mi()) < 0.1 ? 0 : 1;
}
