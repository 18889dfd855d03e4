#!/usr/bin/env bash
# The whole test suite built with AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/, -DINFOTORCH_SANITIZE=ON)
# and run; any finding fails it. Extra arguments go to ctest (e.g. -R Npy). A clean build took 38 min and the
# suite 19.5 min on 2 shared cores (docs/results/reliability.md): beyond CI's budget, so run it by hand for every
# change to knn/ or the readers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
BUILD_DIR=build-asan bash scripts/build.sh -DINFOTORCH_SANITIZE=ON
# LibTorch is not instrumented: leak checking is off because LibTorch and libgomp keep allocations for the life of
# the process (thread pools, registries) that LeakSanitizer reports at exit (the fuzz targets, free of LibTorch,
# check leaks). Every other check stays on and aborts on the first finding.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd build-asan && ctest --output-on-failure -j "$(nproc)" --timeout 1800 "$@"
