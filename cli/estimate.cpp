// `infotorch estimate`: parse the options, call infotorch::estimate(), print one line or one JSON object.
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.h"
#include "declared.h"
#include "exit_codes.h"
#include "infotorch/core/error.h"
#include "infotorch/core/io.h"
#include "infotorch/estimate.h"
#include "infotorch/tasks/factory.h"
#include "progress.h"

namespace infotorch::cli {

namespace {

struct EstimateArgs {
  std::string x, y, z, task, device = "cpu";
  int64_t n = tasks::kDefaultTaskSamples;
  EstimateOptions options;  // every default comes from here
  OptionList declared;      // bound to `options`
  Common common;
  bool allow_diverged = false;
};

// A diverged result is printed (flagged in JSON) but is not an estimate: the run fails unless asked otherwise.
void fail_if_diverged(const EstimateResult& r, bool allow) {
  if (!r.diverged()) return;
  std::fprintf(stderr, "infotorch: error: estimator '%s' diverged: %s; the value printed is not an estimate%s\n",
               r.estimator.c_str(), r.diverged_why.c_str(), allow ? " (exit 0: --allow-diverged)" : "");
  if (!allow) throw ExitWith{kRunFailed};
}

void run_estimate(EstimateArgs& a) {
  apply_common(a.common);
  const bool files = !a.x.empty() || !a.y.empty();
  if (files && !a.task.empty()) throw Error("give either --x/--y (data files) or --task (a built-in task), not both");
  if (!files && a.task.empty()) throw Error("give --x and --y (data files) or --task SPEC (a built-in task)");
  if (files && (a.x.empty() || a.y.empty())) throw Error(std::string("missing ") + (a.x.empty() ? "--x" : "--y") +
                                                         ": give both --x and --y");
  try {
    a.options.device = torch::Device(a.device);
  } catch (const c10::Error&) {
    throw Error("--device: '" + a.device + "' is not a device (expected cpu, cuda, cuda:1, ...)");
  }
  if (a.options.device.is_cuda() && !torch::cuda::is_available())
    throw Error("--device: '" + a.device + "' is not available (this LibTorch has no CUDA support or sees no GPU)");

  torch::Tensor x, y;
  std::shared_ptr<tasks::Task> task;
  if (files) {
    x = read_matrix(a.x, "--x");
    y = read_matrix(a.y, "--y");
  } else {
    task = tasks::make_task(a.task);
    if (a.n < 2) throw Error("--n: expected at least 2 samples, got " + std::to_string(a.n));
    auto gen = tasks::make_generator(a.options.seed);
    std::tie(x, y) = task->sample(a.n, gen);
  }
  if (!a.z.empty()) a.options.z = read_matrix(a.z, "--z");

  Progress bar("estimate", a.common.quiet);
  a.options.progress = [&bar](int64_t step, int64_t total, double value) {
    char info[64];
    std::snprintf(info, sizeof info, "train I = %.3f", value);
    bar.update(step, total, info);
  };
  EstimateResult r = estimate(x, y, a.options);

  if (a.common.json) {
    nlohmann::json j;
    j["estimator"] = r.estimator;
    j["mi_nats"] = r.mi_nats;
    j["n"] = r.n;
    j["steps"] = r.steps;
    if (r.steps > 0) {
      j["critic"] = r.critic.empty() ? a.options.critic : r.critic;
      j["folds"] = r.folds;
    }
    if (task) {
      j["task"] = task->spec();
      j["true_mi_nats"] = task->mi();
    }
    if (r.train_mi_nats) j["train_mi_nats"] = *r.train_mi_nats;
    if (r.steps > 0) {
      j["fold_mi_nats"] = r.fold_mi_nats;
      j["implausible_folds"] = r.implausible_folds;
      j["diverged"] = r.diverged();
      if (r.diverged()) j["diverged_why"] = r.diverged_why;
    }
    if (r.stderr_nats) j["stderr"] = *r.stderr_nats;
    if (r.ci90_low && r.ci90_high) j["ci90"] = {*r.ci90_low, *r.ci90_high};
    if (r.p_value) j["p_value"] = *r.p_value;
    if (r.null_mean_nats) j["null_mean_nats"] = *r.null_mean_nats;
    if (!r.chosen.empty()) {
      j["chosen"] = r.chosen;
      j["why"] = r.why;
    }
    std::printf("%s\n", j.dump().c_str());
    fail_if_diverged(r, a.allow_diverged);
    return;
  }
  std::string line = (r.chosen.empty() ? r.estimator : "auto -> " + r.chosen) + ": I(X;Y) = ";
  char buf[160];
  std::snprintf(buf, sizeof buf, "%.3f", r.mi_nats);
  line += buf;
  if (r.stderr_nats) {
    std::snprintf(buf, sizeof buf, " +- %.3f", *r.stderr_nats);
    line += buf;
  }
  if (r.ci90_low && r.ci90_high) {
    std::snprintf(buf, sizeof buf, " [90%% interval %.3f, %.3f]", *r.ci90_low, *r.ci90_high);
    line += buf;
  }
  if (r.steps > 0)
    std::snprintf(buf, sizeof buf, " nats (held-out, n=%lld, %lld steps x %lld critic%s)", static_cast<long long>(r.n),
                  static_cast<long long>(r.steps), static_cast<long long>(r.folds), r.folds == 1 ? "" : "s");
  else
    std::snprintf(buf, sizeof buf, " nats (n=%lld)", static_cast<long long>(r.n));
  line += buf;
  if (r.p_value) {
    std::snprintf(buf, sizeof buf, "; permutation p = %.4g (null mean %.3f nats)", *r.p_value,
                  r.null_mean_nats.value_or(0.0));
    line += buf;
  }
  if (task) {
    std::snprintf(buf, sizeof buf, "; true MI %.3f nats", task->mi());
    line += buf;
  }
  std::printf("%s\n", line.c_str());
  if (!r.why.empty()) std::printf("why: %s\n", r.why.c_str());
  fail_if_diverged(r, a.allow_diverged);
}

}  // namespace

void register_estimate(CLI::App& app) {
  auto a = std::make_shared<EstimateArgs>();
  auto* sub = app.add_subcommand("estimate", "estimate I(X;Y) from samples (files or a built-in task)");
  sub->add_option("--x", a->x, "samples of X: .csv (optional header) or .npy, one row per sample");
  sub->add_option("--y", a->y, "samples of Y, same rows as --x");
  sub->add_option("--z", a->z, "conditioning samples Z for the 'cmi' estimator");
  sub->add_option("--task", a->task, "a built-in task with known MI, e.g. gaussian:d=5,mi=1 (instead of --x/--y)");
  sub->add_option("--n", a->n, "samples drawn from --task")->capture_default_str();
  // The estimator's options as declared by the library (names, defaults, docs shared with the Python face).
  declare(a->declared, a->options);
  add_declared(*sub, a->declared);
  sub->add_flag("--allow-diverged", a->allow_diverged, "exit 0 even when the estimate is flagged as diverged");
  sub->add_option("--device", a->device, "torch device (cpu, cuda, cuda:1)")->capture_default_str();
  add_common(*sub, a->common);
  sub->footer("\n" + families_help());
  sub->callback([a] { run_estimate(*a); });
}

}  // namespace infotorch::cli
