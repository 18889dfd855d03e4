#!/usr/bin/python3
"""Joins `infotorch bench suite` outputs run over parts of the task list (each part's suite.csv and
suite_runs.csv) into one markdown table of mean absolute errors, with the summary row over every task (the
same mean over cells the library's SuiteSummary computes for one run).

usage: scripts/suite_table.py OUT_DIR PART_DIR [PART_DIR ...]
"""
import csv
import math
import sys
from pathlib import Path

out, parts = Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]]
out.mkdir(parents=True, exist_ok=True)
cells, runs = [], []
for p in parts:
    cells += list(csv.DictReader(open(p / "suite.csv")))
    runs += list(csv.DictReader(open(p / "suite_runs.csv")))
for name, rows in (("suite.csv", cells), ("suite_runs.csv", runs)):
    with open(out / name, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)

estimators = list(dict.fromkeys(c["estimator"] for c in cells))
tasks = list(dict.fromkeys(c["task"] for c in cells))
by = {(c["task"], c["estimator"]): c for c in cells}


def text(mae, failed):
    s = "nan" if math.isnan(mae) else (f"{mae:.3f}" if mae < 1000 else f"{mae:.1e}")
    return s + (f" ({failed} failed)" if failed else "")


print("| task | true MI | " + " | ".join(estimators) + " |")
print("|---|---|" + "---|" * len(estimators))
for t in tasks:
    row = [t, f"{float(by[(t, estimators[0])]['true_mi']):.3f}"]
    for e in estimators:
        c = by[(t, e)]
        row.append(text(float(c["mae"]), int(c["failed"])))
    print("| " + " | ".join(row) + " |")
summary = ["mean MAE", ""]
for e in estimators:
    maes = [float(by[(t, e)]["mae"]) for t in tasks if int(by[(t, e)]["seeds"]) > 0]
    failed = sum(int(by[(t, e)]["failed"]) for t in tasks)
    summary.append(text(sum(maes) / len(maes), failed) + ("" if len(maes) == len(tasks) else f" over {len(maes)} tasks"))
print("| " + " | ".join(summary) + " |")
# The same over the tasks without heavy tails (every task but Student-t).
light = [t for t in tasks if not t.startswith("student")]
summary = [f"mean MAE, {len(light)} tasks without heavy tails", ""]
for e in estimators:
    maes = [float(by[(t, e)]["mae"]) for t in light if int(by[(t, e)]["seeds"]) > 0]
    failed = sum(int(by[(t, e)]["failed"]) for t in light)
    summary.append(text(sum(maes) / len(maes), failed))
print("| " + " | ".join(summary) + " |")
secs = {}
for r in runs:
    secs.setdefault(r["estimator"], []).append(float(r["seconds"]))
print()
print("run time per estimator (s, mean over runs): " +
      ", ".join(f"{e} {sum(v) / len(v):.1f}" for e, v in secs.items()))
print("total run time (s):", round(sum(float(r["seconds"]) for r in runs)))
