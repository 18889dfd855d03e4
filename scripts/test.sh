#!/usr/bin/env bash
# Newcomer command 2 (and CI): install, build, and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
(cd build && ctest --output-on-failure -j "$(nproc)" "$@")
# A short fuzz run of every reader and the spec parser (about a minute; longer runs: scripts/fuzz.sh 600).
bash scripts/fuzz.sh 15
