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
i=0
while [ "$i" -lt "$ROUNDS" ]; do
  /usr/bin/python3 "$HERE/simclr_reference.py" --threads "$THREADS" --batch-size 256 --steps 20 --warmup 2 | tee -a "$OUT"
  # 22 steps of 256 (the first two count here too: the comparison is not tilted towards infotorch).
  "$BUILD/infotorch" train simclr --limit 5632 --epochs 1 --batch-size 256 --knn-every 0 --no-probe \
    --threads "$THREADS" --json | sed 's/^{/{"impl":"infotorch",/' | tee -a "$OUT"
  i=$((i + 1))
done
/usr/bin/python3 - "$OUT" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
py = statistics.median(r["images_per_sec"] for r in rows if r["impl"] == "python-pytorch")
cc = statistics.median(r["images_per_sec"] for r in rows if r["impl"] == "infotorch")
print(json.dumps({"python_images_per_sec": round(py, 1), "infotorch_images_per_sec": round(cc, 1),
                  "ratio_infotorch_over_python": round(cc / py, 3)}))
PY
rm -f "$OUT"
