// `infotorch check`: the self-consistency diagnostics of check.h on the user's data (or a built-in task), as a
// table of pass / warn with what each warning means, or one JSON object.
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.h"
#include "infotorch/check.h"
#include "infotorch/core/error.h"
#include "infotorch/core/io.h"
#include "infotorch/tasks/factory.h"

namespace infotorch::cli {
namespace {

struct CheckArgs {
  std::string x, y, task;
  int64_t n = tasks::kDefaultTaskSamples;
  EstimateOptions estimate;  // defaults from the library
  CheckOptions check;
  Common common;
};

void run_check(CheckArgs& a) {
  apply_common(a.common);
  const bool files = !a.x.empty() || !a.y.empty();
  if (files == !a.task.empty()) throw Error("give --x and --y (data files) or --task SPEC (a built-in task)");
  if (files && (a.x.empty() || a.y.empty())) throw Error("give both --x and --y");
  torch::Tensor x, y;
  double truth = NAN;
  if (files) {
    x = read_matrix(a.x, "--x");
    y = read_matrix(a.y, "--y");
  } else {
    auto task = tasks::make_task(a.task);
    auto gen = tasks::make_generator(a.estimate.seed);
    std::tie(x, y) = task->sample(a.n, gen);
    truth = task->mi();
  }
  const auto r = check_estimate(x, y, a.estimate, a.check);
  if (a.common.json) {
    nlohmann::json j = {{"estimator", r.estimator}, {"mi_nats", r.mi_nats}, {"n", r.n}, {"all_pass", r.all_pass()}};
    if (std::isfinite(r.stderr_nats)) j["stderr"] = r.stderr_nats;
    if (std::isfinite(truth)) j["true_mi_nats"] = truth;
    for (const auto& row : r.rows) {
      nlohmann::json c = {{"pass", row.pass}, {"detail", row.detail}};
      for (const auto& [k, v] : row.values) c[k] = v;
      if (!row.meaning.empty()) c["meaning"] = row.meaning;
      j["checks"][row.name] = c;
    }
    std::printf("%s\n", j.dump().c_str());
    return;
  }
  std::printf("%s: I(X;Y) = %.4f", r.estimator.c_str(), r.mi_nats);
  if (std::isfinite(r.stderr_nats)) std::printf(" +- %.4f", r.stderr_nats);
  std::printf(" nats (n=%lld)", static_cast<long long>(r.n));
  if (std::isfinite(truth)) std::printf("; true MI %.4f nats", truth);
  std::printf("\n");
  for (const auto& row : r.rows) {
    std::printf("  %-13s %-4s  %s\n", row.name.c_str(), row.pass ? "pass" : "WARN", row.detail.c_str());
    if (!row.meaning.empty()) std::printf("  %-13s       %s\n", "", row.meaning.c_str());
  }
}

}  // namespace

void register_check(CLI::App& app) {
  auto a = std::make_shared<CheckArgs>();
  auto* sub = app.add_subcommand("check", "self-consistency checks of an estimate: independence, data processing, "
                                          "additivity, convergence with N");
  sub->add_option("--x", a->x, "samples of X: .csv or .npy, one row per sample");
  sub->add_option("--y", a->y, "samples of Y, same rows as --x");
  sub->add_option("--task", a->task, "a built-in task with known MI instead of --x/--y");
  sub->add_option("--n", a->n, "samples drawn from --task")->capture_default_str();
  sub->add_option("--estimator", a->estimate.estimator, "estimator spec (as for estimate), or auto")->capture_default_str();
  sub->add_option("--critic", a->estimate.critic, "critic of a variational estimator")->capture_default_str();
  sub->add_option("--steps", a->estimate.steps, "critic training steps")->capture_default_str();
  sub->add_option("--seed", a->estimate.seed, "seed of the estimator, the task and the checks' draws")->capture_default_str();
  sub->add_option("--permutations", a->check.permutations, "shuffled copies for the independence check")->capture_default_str();
  sub->add_option("--noise", a->check.noise, "processing check: noise added to Y, in standard deviations")->capture_default_str();
  sub->add_option("--tolerance", a->check.tolerance, "nats a check may miss by, besides two standard errors")->capture_default_str();
  add_common(*sub, a->common);
  sub->callback([a] {
    a->check.seed = a->estimate.seed;
    run_check(*a);
  });
}

}  // namespace infotorch::cli
