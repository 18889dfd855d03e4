// `infotorch experiment dmi-noise|vib-beta|disentangle`: the robustness sweeps of experiments/robust.h and the
// disentanglement comparison of experiments/disentangle.h, their options rendered from the library's declarations;
// prints one line per finished run and where the table and plots went.
#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.h"
#include "declared.h"
#include "infotorch/experiments/disentangle.h"
#include "infotorch/experiments/robust.h"

namespace infotorch::cli {
namespace {

void print_row(size_t done, size_t total, const experiments::SweepRow& r, bool json) {
  if (json) {
    nlohmann::json j = {{"run", done}, {"of", total}, {"seconds", r.seconds}};
    for (const auto& [k, v] : r.settings) j[k] = v;
    for (const auto& [k, v] : r.metrics)
      if (std::isfinite(v)) j[k] = v;
    std::printf("%s\n", j.dump().c_str());
  } else {
    std::string s;
    for (const char* k : {"task", "noise", "rate", "loss", "beta", "deterministic", "seed"})
      if (r.settings.count(k)) s += std::string(k) + "=" + r.settings.at(k) + " ";
    for (const auto& [k, v] : r.metrics) {
      char b[96];
      std::snprintf(b, sizeof b, "%s %.4f ", k.c_str(), v);
      s += b;
    }
    std::printf("[%zu/%zu] %s(%.1f s)\n", done, total, s.c_str(), r.seconds);
  }
  std::fflush(stdout);
}

template <class Options, class Run>
void add_sweep(CLI::App& parent, const std::string& name, const std::string& summary, Run run) {
  struct State {
    Options options;
    OptionList list;
    Common common;
  };
  auto st = std::make_shared<State>();
  experiments::declare(st->list, st->options);
  auto* cmd = parent.add_subcommand(name, summary);
  add_declared(*cmd, st->list);
  add_common(*cmd, st->common);
  cmd->callback([st, run] {
    apply_common(st->common);
    const bool json = st->common.json;
    run(st->options, [json](size_t d, size_t t, const experiments::SweepRow& r) { print_row(d, t, r, json); });
    if (!st->options.out_dir.empty() && !json)
      std::printf("results.csv, results.md and the plots are in %s\n", st->options.out_dir.c_str());
  });
}

void add_disentangle(CLI::App& parent) {
  struct State {
    experiments::DisentangleOptions options;
    OptionList list;
    Common common;
  };
  auto st = std::make_shared<State>();
  experiments::declare(st->list, st->options);
  auto* cmd = parent.add_subcommand("disentangle", "VAE, beta-VAE, beta-TCVAE, FactorVAE and MI-bound penalties on generated dSprites: MIG both ways");
  add_declared(*cmd, st->list);
  add_common(*cmd, st->common);
  cmd->callback([st] {
    apply_common(st->common);
    const bool json = st->common.json;
    experiments::run_disentangle(st->options, [json](size_t done, size_t total, const experiments::DisentangleRun& r) {
      if (json) {
        nlohmann::json j = {{"run", done}, {"of", total}, {"model", r.model}, {"seed", r.seed}, {"seconds", r.seconds}};
        for (const auto& [k, v] : r.metrics)
          if (std::isfinite(v)) j[k] = v;
        std::printf("%s\n", j.dump().c_str());
      } else {
        auto get = [&](const char* k) { return r.metrics.count(k) ? r.metrics.at(k) : NAN; };
        std::printf("[%zu/%zu] %s seed=%lld mig_posterior %.4f mig_histogram %.4f tc_mss %.3f recon %.1f (%.1f s)\n", done, total,
                    r.model.c_str(), static_cast<long long>(r.seed), get("mig_posterior"), get("mig_histogram"), get("tc_mss"),
                    get("recon"), r.seconds);
      }
      std::fflush(stdout);
    });
    if (!st->options.out_dir.empty() && !json)
      std::printf("results.csv, results.md and the plots are in %s\n", st->options.out_dir.c_str());
  });
}

}  // namespace

void register_experiment(CLI::App& app) {
  auto* e = app.add_subcommand("experiment", "sweeps over training recipes that write tables and plots");
  e->require_subcommand(1);
  add_sweep<experiments::DmiNoiseOptions>(*e, "dmi-noise",
                                          "label noise: clean test accuracy vs noise amount per case and loss (L_DMI)",
                                          [](const auto& o, const auto& p) { experiments::run_dmi_noise(o, p); });
  add_sweep<experiments::VibBetaOptions>(*e, "vib-beta",
                                         "variational information bottleneck: accuracy, I(Z;X), I(Z;Y), robustness vs beta",
                                         [](const auto& o, const auto& p) { experiments::run_vib_beta(o, p); });
  add_disentangle(*e);
}

}  // namespace infotorch::cli
