#!/usr/bin/env bash
# The InfoGAN / cgan-mi runs of docs/results/generative.md, two at a time (one thread each) on 2 cores.
# usage: scripts/generative_runs.sh OUT_DIR [BUILD_DIR]      (each run writes OUT_DIR/<name>/ and OUT_DIR/<name>.out)
set -euo pipefail
out=${1:?usage: generative_runs.sh OUT_DIR [BUILD_DIR]}
bin=${2:-build}/infotorch
mkdir -p "$out"
judge="$out/judge.pt"
# One judge for every run (Fashion-MNIST classifier, 3 epochs, seed 0), trained first so the runs share it.
[ -f "$judge" ] || "$bin" train cgan-mi --epochs 0 --threads 2 -q --evaluators "generation:judge=$judge"
run() {  # NAME RECIPE ARGS...
  local name=$1; shift
  local start; start=$(date -u +%H:%M:%S)
  /usr/bin/time -f "%e s" "$bin" train "$@" --width 32 --threads 1 -q --out "$out/$name" \
    --figures-dir "$out/$name/fig" > "$out/$name.out" 2>&1
  echo "started $start UTC, load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/$name.out"
}
gan_eval="cluster;generation:judge=$judge"
# The 5-epoch InfoGAN pair run first (infogan_l1_s0 / infogan_l0_s0 with --epochs 5) is in generative.md too.
pairs=(
  "cgan_l1_s0 cgan-mi --epochs 5 --lambda 1 --seed 0 --evaluators generation:judge=$judge|cgan_l0_s0 cgan-mi --epochs 5 --lambda 0 --seed 0 --evaluators generation:judge=$judge"
  "infogan_l1_s0 infogan --epochs 15 --lambda 1 --seed 0 --evaluators $gan_eval|infogan_l1_s1 infogan --epochs 15 --lambda 1 --seed 1 --evaluators $gan_eval"
  "infogan_l1_s2 infogan --epochs 15 --lambda 1 --seed 2 --evaluators $gan_eval|infogan_l0_s0 infogan --epochs 15 --lambda 0 --seed 0 --evaluators $gan_eval"
  "infogan_infonce_s0 infogan --epochs 15 --mi infonce --critic separable --seed 0 --evaluators $gan_eval|infogan_smile_s0 infogan --epochs 15 --mi smile:tau=5 --critic separable --seed 0 --evaluators $gan_eval"
  "infogan_l0_s1 infogan --epochs 15 --lambda 0 --seed 1 --evaluators $gan_eval|infogan_l0_s2 infogan --epochs 15 --lambda 0 --seed 2 --evaluators $gan_eval"
  "infogan_l1_s3 infogan --epochs 15 --lambda 1 --seed 3 --evaluators $gan_eval|infogan_l1_s4 infogan --epochs 15 --lambda 1 --seed 4 --evaluators $gan_eval"
  "cgan_l1_s1 cgan-mi --epochs 5 --lambda 1 --seed 1 --evaluators generation:judge=$judge|cgan_l0_s1 cgan-mi --epochs 5 --lambda 0 --seed 1 --evaluators generation:judge=$judge"
  "infogan_infonce_l01_s0 infogan --epochs 5 --mi infonce --critic separable --lambda 0.1 --seed 0 --evaluators $gan_eval|infogan_smile_l01_s0 infogan --epochs 5 --mi smile:tau=5 --critic separable --lambda 0.1 --seed 0 --evaluators $gan_eval"
)
for p in "${pairs[@]}"; do
  IFS='|' read -r a b <<< "$p"
  # shellcheck disable=SC2086
  run $a & run $b & wait
done
