#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang with AddressSanitizer + UBSan) into build-fuzz/ and runs each for
# SECONDS (default 15): the CSV, NPY and IDX (plain or gzip) readers and the spec parser, one after another.
# Usage: bash scripts/fuzz.sh [SECONDS] [TARGET...]   (targets: csv npy idx spec; default all)
# A crash, hang (> 10 s on one input), leak or memory blow-up (> 2 GiB) fails the run; the input that caused it
# is kept in build-fuzz/artifacts/. New inputs found grow build-fuzz/corpus/<target>; the seeds are fuzz/corpus/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-15}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(csv npy idx spec)
cmake -S fuzz -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build-fuzz -j "$(nproc)" > /dev/null
mkdir -p build-fuzz/artifacts
for t in "${TARGETS[@]}"; do
  mkdir -p "build-fuzz/corpus/$t"
  log="build-fuzz/$t.log"
  if ! "build-fuzz/${t}_fuzz" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$t-" "build-fuzz/corpus/$t" "fuzz/corpus/$t" \
      > "$log" 2>&1; then
    echo "fuzz $t: FAILED (see $log and build-fuzz/artifacts/)"
    grep -E "ERROR|SUMMARY" "$log" | head -5
    exit 1
  fi
  runs=$(grep -oE "stat::number_of_executed_units: *[0-9]+" "$log" | grep -oE "[0-9]+$")
  echo "fuzz $t: $runs executions in ${SECONDS_EACH} s, no crash, hang or leak"
done
