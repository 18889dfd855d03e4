// `infotorch sample`: draw samples of a built-in task to files, so other tools can be checked on data whose
// MI is known (and `infotorch estimate --x --y` can be run on exactly what the task produced).
#include <cstdio>
#include <memory>
#include <string>

#include "commands.h"
#include "infotorch/core/error.h"
#include "infotorch/core/io.h"
#include "infotorch/tasks/factory.h"

namespace infotorch::cli {

namespace {

struct SampleArgs {
  std::string task, x, y;
  int64_t n = tasks::kDefaultTaskSamples;
  uint64_t seed = 0;
  Common common;
};

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void check_extension(const std::string& path, const std::string& flag) {
  if (!ends_with(path, ".npy") && !ends_with(path, ".csv"))
    throw Error(flag + ": expected a path ending in .npy or .csv, got '" + path + "'");
}

void write(const torch::Tensor& t, const std::string& path) {
  if (ends_with(path, ".npy"))
    write_npy(path, t);
  else
    write_csv(path, t);
}

void run_sample(const SampleArgs& a) {
  apply_common(a.common);
  check_extension(a.x, "--x");  // before any work, so a bad --y never leaves a lone x file behind
  check_extension(a.y, "--y");
  auto task = tasks::make_task(a.task);
  if (a.n < 1) throw Error("--n: expected at least 1 sample, got " + std::to_string(a.n));
  // The same generator `infotorch estimate --task T --seed S` uses, so both see identical samples.
  auto gen = tasks::make_generator(a.seed);
  auto [x, y] = task->sample(a.n, gen);
  write(x, a.x);
  write(y, a.y);
  if (a.common.json)
    std::printf("{\"task\":\"%s\",\"n\":%lld,\"true_mi_nats\":%.17g}\n", task->spec().c_str(),
                static_cast<long long>(a.n), task->mi());
  else
    std::printf("%s: %lld samples -> %s, %s; true MI %.6f nats\n", task->spec().c_str(),
                static_cast<long long>(a.n), a.x.c_str(), a.y.c_str(), task->mi());
}

}  // namespace

void register_sample(CLI::App& app) {
  auto a = std::make_shared<SampleArgs>();
  auto* sub = app.add_subcommand("sample", "draw samples of a built-in task (known MI) to .npy or .csv files");
  sub->add_option("--task", a->task, "task spec, e.g. gaussian:d=5,mi=1")->required();
  sub->add_option("--n", a->n, "number of samples")->capture_default_str();
  sub->add_option("--seed", a->seed, "seed (the same draw as `estimate --task --seed`)")->capture_default_str();
  sub->add_option("--x", a->x, "output path for X (.npy or .csv)")->required();
  sub->add_option("--y", a->y, "output path for Y (.npy or .csv)")->required();
  add_common(*sub, a->common);
  sub->callback([a] { run_sample(*a); });
}

}  // namespace infotorch::cli
