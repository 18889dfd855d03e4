// infotorch: mutual information as a training objective. Subcommands live one per file in cli/.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <utility>

#include <c10/util/Exception.h>

#include "commands.h"
#include "exit_codes.h"
#include "infotorch/core/error.h"
#include "infotorch/core/runtime.h"

namespace infotorch::cli {

void add_common(CLI::App& app, Common& common) {
  app.add_option("--threads", common.threads, "intra-op threads (0: every hardware thread)")->capture_default_str();
  app.add_flag("--json", common.json, "print one JSON object instead of a sentence");
  app.add_flag("--quiet,-q", common.quiet, "no progress on stderr (errors are still printed)");
}

void apply_common(const Common& common) { set_threads(common.threads); }

}  // namespace infotorch::cli

namespace {

// One line, however the library failed: LibTorch's messages carry a C++ backtrace after the first line.
std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

int fail(int code, const std::string& what) {
  std::fprintf(stderr, "infotorch: error: %s\n", first_line(what).c_str());
  return code;
}

}  // namespace

int main(int argc, char** argv) {
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
  infotorch::cli::register_launch(app);
  using namespace infotorch::cli;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help (0) or the one-line parse error
    return code == 0 ? kOk : kBadInput;
  } catch (const ExitWith& e) {
    return e.code;
  } catch (const infotorch::Error& e) {
    return fail(kBadInput, e.what());
  } catch (const infotorch::RunError& e) {
    return fail(kRunFailed, e.what());
  } catch (const c10::Error& e) {
    return fail(kInternal, std::string("LibTorch failed: ") + e.what_without_backtrace());
  } catch (const std::bad_alloc&) {
    return fail(kInternal, "out of memory");
  } catch (const std::exception& e) {
    return fail(kInternal, e.what());
  }
  return kOk;
}
