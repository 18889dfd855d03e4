// Each subcommand registers itself on the app: parsing and printing only, the work is the library's.
#pragma once
#include <CLI/CLI.hpp>

namespace infotorch::cli {

// Options every subcommand that computes shares.
struct Common {
  int threads = 0;  // 0: every hardware thread
  bool json = false;
  bool quiet = false;  // no progress on stderr
};
void add_common(CLI::App& app, Common& common);
void apply_common(const Common& common);

void register_estimate(CLI::App& app);
void register_train(CLI::App& app);
void register_bench(CLI::App& app);
void register_sample(CLI::App& app);
void register_experiment(CLI::App& app);
void register_infoplane(CLI::App& app);
void register_check(CLI::App& app);
void register_launch(CLI::App& app);

}  // namespace infotorch::cli
