#!/usr/bin/env bash
# SimCLR throughput at one global batch: 1 process x 2 threads against 2 processes x 1 thread (infotorch launch),
# alternated ROUNDS times so both see the same machine load (docs/results/distributed.md); and 1 process x 1
# thread on one process's share of the batch (the compute term of the projection).
#   bash scripts/bench_distributed.sh BUILD_DIR [ROUNDS] [LIMIT] [BATCH]
set -euo pipefail
BUILD=${1:-build}
ROUNDS=${2:-3}
LIMIT=${3:-6144}
BATCH=${4:-256}
COMMON="train simclr --limit $LIMIT --test-limit 64 --batch-size $BATCH --epochs 1 --evaluators none --no-plot --json --quiet"
lo_bytes() { awk '/^ *lo:/ {print $2}' /proc/net/dev; }
date -u
uptime
for round in $(seq 1 "$ROUNDS"); do
  line=$("$BUILD/infotorch" $COMMON --threads 2)
  echo "round $round 1x2 $line"
  before=$(lo_bytes)
  lines=$("$BUILD/infotorch" launch -n 2 -- $COMMON --threads 1)
  after=$(lo_bytes)
  echo "$lines" | sed "s/^/round $round 2x1 /"
  echo "round $round 2x1 loopback_bytes $((after - before))"
  line=$("$BUILD/infotorch" ${COMMON/--batch-size $BATCH/--batch-size $((BATCH / 2))} --threads 1)
  echo "round $round 1x1half $line"
  uptime
done
