#!/bin/sh
# Side-by-side training throughput of the contrastive recipe: infotorch (C++) vs the same model, augmentations,
# loss and optimiser in Python PyTorch (bench/simclr_reference.py). Runs alternate, ROUNDS times each, so both
# see the same machine load. Prints one JSON line per run, then the median of each and their ratio.
# Usage: bench/simclr_throughput.sh BUILD_DIR [THREADS] [ROUNDS]
set -eu
BUILD=${1:?usage: bench/simclr_throughput.sh BUILD_DIR [THREADS] [ROUNDS]}
THREADS=${2:-2}
ROUNDS=${3:-3}
HERE=$(dirname "$0")
OUT=$(mktemp)
# Both sides run under the same OpenMP wait policy. The infotorch CLI would otherwise re-execute itself with
# PASSIVE while Python kept libgomp's spinning default (2x slower for small ops on 2 cores: cli/main.cpp).
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
echo "OMP_WAIT_POLICY=$OMP_WAIT_POLICY"
i=0
while [ "$i" -lt "$ROUNDS" ]; do
  /usr/bin/python3 "$HERE/simclr_reference.py" --threads "$THREADS" --batch-size 256 --steps 22 --warmup 0 | tee -a "$OUT"
  # 22 steps of 256 on each side, all timed, warm-up included on both (same work, same accounting).
  "$BUILD/infotorch" train simclr --limit 5632 --epochs 1 --batch-size 256 --evaluators none \
    --threads "$THREADS" --json | sed 's/^{/{"impl":"infotorch",/' | tee -a "$OUT"
  i=$((i + 1))
done
/usr/bin/python3 - "$OUT" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
py = statistics.median(r["images_per_sec"] for r in rows if r["impl"] == "python-pytorch")
cc = statistics.median(r["samples_per_sec"] for r in rows if r["impl"] == "infotorch")
print(json.dumps({"python_images_per_sec": round(py, 1), "infotorch_images_per_sec": round(cc, 1),
                  "ratio_infotorch_over_python": round(cc / py, 3)}))
PY
rm -f "$OUT"
