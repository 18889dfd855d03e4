// infotorch: mutual information as a training objective. Subcommands live one per file in cli/.
#include <cstdio>
#include <exception>
#include <string>

#include "commands.h"
#include "infotorch/core/error.h"
#include "infotorch/core/numerics.h"

namespace infotorch::cli {

void add_common(CLI::App& app, Common& common) {
  app.add_option("--threads", common.threads, "intra-op threads (0: every hardware thread)")->capture_default_str();
  app.add_flag("--json", common.json, "print one JSON object instead of a sentence");
}

void apply_common(const Common& common) { set_threads(common.threads); }

}  // namespace infotorch::cli

int main(int argc, char** argv) {
  CLI::App app{"infotorch: mutual information estimators, losses and training recipes"};
  app.require_subcommand(1);
  // Parse errors (unknown option, bad value) read like every other error: one line.
  app.failure_message([](const CLI::App*, const CLI::Error& e) { return std::string("infotorch: error: ") + e.what() + "\n"; });
  infotorch::cli::register_estimate(app);
  infotorch::cli::register_train(app);
  infotorch::cli::register_bench(app);
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
