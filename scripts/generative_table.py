#!/usr/bin/env python3
"""Markdown tables of the InfoGAN / cgan-mi runs written by scripts/generative_runs.sh.

usage: generative_table.py RUNS_DIR
Reads RUNS_DIR/<run>/epochs.csv (the last epoch's columns) and RUNS_DIR/<run>.out (wall time)."""
import csv
import os
import re
import statistics
import sys

COLUMNS = [("mi", "L_I (nats)", 3), ("mi_continuous", "L_I continuous", 2), ("test_cluster_accuracy", "code → class (Q, test)", 3),
           ("generated_matched_accuracy", "generated, matched", 3), ("generated_condition_accuracy", "generated = condition", 3),
           ("frechet_distance", "Fréchet (judge)", 2), ("judge_test_accuracy", "judge test acc.", 3)]


def last_epoch(run_dir):
    with open(os.path.join(run_dir, "epochs.csv")) as f:
        return list(csv.DictReader(f))[-1]


def seconds(out_file):
    try:
        text = open(out_file).read()
    except OSError:
        return None
    m = re.search(r"^([0-9.]+) s$", text, re.M)
    return float(m.group(1)) if m else None


def main(root):
    runs = sorted(d for d in os.listdir(root) if os.path.isfile(os.path.join(root, d, "epochs.csv")))
    print("| run | epochs | " + " | ".join(c[1] for c in COLUMNS) + " | s |")
    print("|---|---|" + "---|" * len(COLUMNS) + "---|")
    groups = {}
    for r in runs:
        row = last_epoch(os.path.join(root, r))
        cells = []
        for key, _, digits in COLUMNS:
            v = row.get(key, "")
            cells.append(f"{float(v):.{digits}f}" if v not in ("", None) else "")
            if v not in ("", None):
                groups.setdefault((re.sub(r"_s[0-9]+$", "", r), key), []).append(float(v))
        t = seconds(os.path.join(root, r + ".out"))
        print(f"| {r} | {row['epoch']} | " + " | ".join(cells) + f" | {t:.0f} |" if t else " |")
    print()
    print("| group (seeds) | " + " | ".join(c[1] for c in COLUMNS) + " |")
    print("|---|" + "---|" * len(COLUMNS))
    for g in sorted({k[0] for k in groups}):
        cells = []
        n = 0
        for key, _, digits in COLUMNS:
            vals = groups.get((g, key), [])
            n = max(n, len(vals))
            if len(vals) > 1:
                cells.append(f"{statistics.mean(vals):.{digits}f} ± {statistics.stdev(vals):.{digits}f}")
            elif vals:
                cells.append(f"{vals[0]:.{digits}f}")
            else:
                cells.append("")
        print(f"| {g} ({n}) | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
