// `infotorch train --list` and `infotorch train NAME [options]`: every recipe of the registry, its flags
// rendered from its declared options (recipes/registry.h); the work is the library's.
#include <cmath>
#include <csignal>
#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.h"
#include "declared.h"
#include "exit_codes.h"
#include "infotorch/core/options.h"
#include "infotorch/recipes/registry.h"
#include "infotorch/training/registry.h"
#include "progress.h"

namespace infotorch::cli {

namespace {

// The first SIGINT or SIGTERM asks the run to stop at the next step boundary (checkpoint and logs written, then
// exit 128 + signal); a second one ends the process at once, as without the handler.
volatile std::sig_atomic_t g_signal = 0;
extern "C" void on_stop_signal(int sig) {
  g_signal = sig;
  std::signal(sig, SIG_DFL);
}

// One recipe's command: its run options and setup live as long as the app (the flags write into them).
struct RecipeCommand {
  explicit RecipeCommand(const training::RecipeInfo& info) : recipe(info) {}
  training::RecipeRun recipe;
  Common common;
};

std::string fixed(double v, int digits = 4) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", digits, v);
  return b;
}

void print_summary(const std::string& recipe, const training::TrainResult& r, bool json) {
  const training::EpochRecord* last = r.epochs.empty() ? nullptr : &r.epochs.back();
  std::map<std::string, double> metrics;
  if (last) metrics = last->metrics;
  for (const auto& [k, v] : r.final_metrics) metrics[k] = v;
  if (json) {
    nlohmann::json j = {{"recipe", recipe}, {"finished", r.finished}, {"steps", r.global_step}, {"seconds", r.seconds},
                        {"epochs", r.epochs.size()}, {"skipped_steps", r.skipped_steps}, {"interrupted", r.interrupted}};
    if (r.world_size > 1) {
      j["rank"] = r.rank;
      j["world_size"] = r.world_size;
      j["comm_bytes"] = r.comm_bytes;
      j["comm_seconds"] = r.comm_seconds;
    }
    if (last) {
      if (std::isfinite(last->mi)) j["mi"] = last->mi;
      j["loss"] = last->loss;
      j["samples_per_sec"] = last->samples_per_sec;
    }
    for (const auto& [k, v] : metrics)
      if (std::isfinite(v)) j[k] = v;
    std::printf("%s\n", j.dump().c_str());
    return;
  }
  std::printf("%s: %lld steps in %.1f s%s\n", recipe.c_str(), static_cast<long long>(r.global_step), r.seconds,
              r.finished      ? ""
              : r.interrupted ? " (interrupted; --resume continues from the checkpoint, if --save was given)"
                              : " (stopped by the budget; --resume continues)");
  if (r.skipped_steps > 0)
    std::printf("  %lld steps skipped (a NaN or Inf loss or gradient)\n", static_cast<long long>(r.skipped_steps));
  if (last) {
    std::string mi = std::isfinite(last->mi) ? ", MI estimate " + fixed(last->mi) + " nats" : "";
    std::printf("  last epoch %lld: loss %.4f%s, %.0f samples/s\n", static_cast<long long>(last->epoch), last->loss,
                mi.c_str(), last->samples_per_sec);
  }
  for (const auto& [k, v] : metrics) std::printf("  %s %s\n", k.c_str(), fixed(v).c_str());
}

void run(RecipeCommand& c, const std::string& name) {
  apply_common(c.common);
  Progress bar("train " + name, c.common.quiet);
  auto progress = [&bar](const training::ProgressInfo& p) {
    char info[128];
    if (p.phase == "train")
      std::snprintf(info, sizeof info, "epoch %lld/%lld loss %.3f I %.3f nats %.0f samples/s",
                    static_cast<long long>(p.epoch), static_cast<long long>(p.epochs), p.loss, p.mi, p.samples_per_sec);
    else
      std::snprintf(info, sizeof info, "%s...", p.phase.c_str());
    const int64_t total = std::max<int64_t>(1, p.epochs * p.steps_per_epoch);
    bar.update(std::min(total, std::max<int64_t>(0, (p.epoch - 1) * p.steps_per_epoch + p.step)), total, info);
  };
  c.recipe.options.train.stop_requested = [] { return g_signal != 0; };
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  auto r = c.recipe.run(progress);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  print_summary(name, r, c.common.json);
  if (r.interrupted) throw ExitWith{kInterrupted + static_cast<int>(g_signal)};
}

}  // namespace

void register_train(CLI::App& app) {
  auto* train = app.add_subcommand("train", "train a recipe of the registry (Fashion-MNIST by default); --list names them");
  auto list = std::make_shared<bool>(false);
  auto list_json = std::make_shared<bool>(false);
  train->add_flag("--list", *list, "list every recipe and exit");
  train->add_flag("--json", *list_json, "with --list: one JSON array");
  train->require_subcommand(0, 1);
  train->callback([train, list, list_json] {
    if (!train->get_subcommands().empty()) return;
    if (!*list) throw CLI::CallForHelp();
    if (*list_json) {
      nlohmann::json j = nlohmann::json::array();
      for (const auto& r : recipes::registry()) j.push_back({{"name", r.name}, {"summary", r.summary}});
      std::printf("%s\n", j.dump().c_str());
      return;
    }
    for (const auto& r : recipes::registry()) std::printf("%-12s %s\n", r.name.c_str(), r.summary.c_str());
  });
  for (const auto& info : recipes::registry()) {
    auto c = std::make_shared<RecipeCommand>(info);
    auto* cmd = train->add_subcommand(info.name, info.summary);
    add_declared(*cmd, c->recipe.declared);
    add_common(*cmd, c->common);
    const std::string name = info.name;
    cmd->callback([c, name] { run(*c, name); });
  }
}

}  // namespace infotorch::cli
