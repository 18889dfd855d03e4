#!/usr/bin/env python3
"""Median-of-means against the mean read-out of `infotorch estimate` on heavy-tailed tasks (docs/results/estimate.md).

Each run trains once; the median read-out is the CLI's mi_nats, the mean read-out the row-weighted mean of the
folds' held-out values (fold_mi_nats, fold f holding rows [f n / F, (f + 1) n / F)), which is exactly the mean
of every held-out block. Usage: readout_compare.py INFOTORCH OUT.csv [seeds]
"""
import csv, json, subprocess, sys

cli, out = sys.argv[1], sys.argv[2]
seeds = range(int(sys.argv[3]) if len(sys.argv) > 3 else 4)
tasks = ["student:dx=1,dy=1,nu=1", "student:dx=2,dy=2,nu=1", "student:dx=3,dy=3,nu=2"]
estimators = ["nwj", "smile:tau=5", "infonce"]
with open(out, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["task", "estimator", "seed", "true", "median", "mean", "implausible_folds", "diverged", "why"])
    for t in tasks:
        for e in estimators:
            for s in seeds:
                p = subprocess.run([cli, "estimate", "--task", t, "--estimator", e, "--seed", str(s), "--threads", "2",
                                    "--json", "--quiet", "--allow-diverged"], capture_output=True, text=True)
                if p.returncode != 0:
                    w.writerow([t, e, s, "", "", "", "", "error", p.stderr.strip().replace("\n", " ")])
                    f.flush()
                    continue
                j = json.loads(p.stdout)
                n, F = j["n"], len(j["fold_mi_nats"])
                sizes = [(k + 1) * n // F - k * n // F for k in range(F)]
                mean = sum(v * m for v, m in zip(j["fold_mi_nats"], sizes)) / n
                w.writerow([t, e, s, j["true_mi_nats"], j["mi_nats"], mean, j["implausible_folds"], j["diverged"],
                            j.get("diverged_why", "")])
                f.flush()
