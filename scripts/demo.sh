#!/usr/bin/env bash
# Newcomer command 1: install, build, and estimate MI on a built-in task (estimate vs truth).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
./build/infotorch estimate --task gaussian:d=5,mi=1 --n 10000 "$@"
