#!/usr/bin/env bash
# Start-up time of `infotorch --help` beside a program that only links LibTorch and returns, measured side by
# side: RUNS interleaved pairs (default 20), mean and median of each, and their ratio. The load is printed too.
# Usage: bash scripts/startup.sh [BUILD_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}
RUNS=${2:-20}
NOOP="$BUILD_DIR/torch_noop"
# --no-as-needed keeps the libraries although nothing is called: their loading and static start-up is what counts.
echo 'int main() { return 0; }' | g++ -x c++ - -o "$NOOP" -Wl,--no-as-needed -ltorch -ltorch_cpu -lc10
uptime
python3 - "$BUILD_DIR/infotorch" "$NOOP" "$RUNS" <<'PY'
import statistics, subprocess, sys, time
cli, noop, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = {"noop": [], "help": []}
for _ in range(runs):
    for name, cmd in (("noop", [noop]), ("help", [cli, "--help"])):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times[name].append(time.perf_counter() - t)
for name, v in times.items():
    print(f"{name:5s} mean {statistics.mean(v):.3f} s  median {statistics.median(v):.3f} s  (n={len(v)})")
print(f"ratio help/noop: mean {statistics.mean(times['help']) / statistics.mean(times['noop']):.2f}, "
      f"median {statistics.median(times['help']) / statistics.median(times['noop']):.2f}")
PY
uptime
