// infotorch: mutual information as a training objective. Subcommands live one per file in cli/.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <utility>

#include "commands.h"
#include "infotorch/core/error.h"
#include "infotorch/core/runtime.h"

namespace infotorch::cli {

void add_common(CLI::App& app, Common& common) {
  app.add_option("--threads", common.threads, "intra-op threads (0: every hardware thread)")->capture_default_str();
  app.add_flag("--json", common.json, "print one JSON object instead of a sentence");
}

void apply_common(const Common& common) { set_threads(common.threads); }

}  // namespace infotorch::cli

namespace {

// LibTorch's OpenMP workers spin after each parallel region by default, and OpenBLAS (which LibTorch calls for
// matmuls) runs its own threads, which poll for about 2^28 cycles after each call: on a machine with as many
// threads as cores the two pools fight for the cores, and small models train 2x slower with 2 threads than
// with 1 (docs/results/speed.md). Both libraries read these settings once, before main(), so the CLI
// re-executes itself once with sleeping workers unless the user chose a setting.
void prefer_sleeping_workers(char** argv) {
  bool changed = false;
  for (const auto& [name, value] : {std::pair{"OMP_WAIT_POLICY", "PASSIVE"}, std::pair{"OPENBLAS_THREAD_TIMEOUT", "4"}}) {
    if (std::getenv(name) != nullptr) continue;
    setenv(name, value, 1);
    changed = true;
  }
  if (changed) execv("/proc/self/exe", argv);  // returns only on failure: then run as we are
}

}  // namespace

int main(int argc, char** argv) {
  prefer_sleeping_workers(argv);
  infotorch::keep_freed_memory();
  CLI::App app{"infotorch: mutual information estimators, losses and training recipes"};
  app.require_subcommand(1);
  // Parse errors (unknown option, bad value) read like every other error: one line.
  app.failure_message([](const CLI::App*, const CLI::Error& e) { return std::string("infotorch: error: ") + e.what() + "\n"; });
  infotorch::cli::register_estimate(app);
  infotorch::cli::register_train(app);
  infotorch::cli::register_bench(app);
  infotorch::cli::register_sample(app);
  infotorch::cli::register_experiment(app);
  infotorch::cli::register_infoplane(app);
  infotorch::cli::register_check(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const infotorch::Error& e) {
    std::fprintf(stderr, "infotorch: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "infotorch: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
