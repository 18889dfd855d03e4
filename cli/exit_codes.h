// The exit codes of `infotorch` (README, "Exit codes"; each pinned by tests/cli/exit_codes_test.cpp).
#pragma once

namespace infotorch::cli {

enum ExitCode : int {
  kOk = 0,
  kInternal = 1,     // a bug, out of memory, or a LibTorch failure not traced to an input
  kBadInput = 2,     // bad usage or input: unknown flag, bad value, unreadable or malformed file
  kRunFailed = 3,    // valid input, failed run: training diverged (a NaN or Inf loss or gradient)
  kInterrupted = 128 // + the signal: 130 for SIGINT (Ctrl-C), 143 for SIGTERM; training checkpoints first
};

// Thrown by a subcommand that finished its output but must exit with `code` (an interrupted training run).
struct ExitWith {
  int code;
};

}  // namespace infotorch::cli
