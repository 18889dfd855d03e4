#!/usr/bin/env python3
"""Coverage of `infotorch estimate --stderr`'s nominal 90 % interval (the "ci90" field) over seeds and tasks with
known MI: the fraction of runs whose interval holds the true MI, per task. One CSV row per run.

    /usr/bin/python3 scripts/coverage.py build-ninja/infotorch out.csv SEEDS TASK[;TASK...] [estimate args...]
"""
import csv, sys

from estimate_runs import run_estimate


def main():
    exe, out, seeds, tasks, extra = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split(";"), sys.argv[5:]
    summary = {}
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["task", "seed", "true_mi", "estimate", "stderr", "ci90_low", "ci90_high", "covered", "seconds", "args"])
        for task in tasks:
            for seed in range(seeds):
                r, sec = run_estimate(exe, task, seed, ["--stderr"] + extra)
                if r is None:
                    continue
                lo, hi = r["ci90"]
                true = r["true_mi_nats"]
                covered = lo <= true <= hi
                summary.setdefault(task, []).append(covered)
                w.writerow([task, seed, true, f"{r['mi_nats']:.4f}", f"{r['stderr']:.4f}", f"{lo:.4f}", f"{hi:.4f}",
                            int(covered), f"{sec:.1f}", " ".join(extra)])
                f.flush()
                print(f"{task} seed {seed}: {r['mi_nats']:.3f} [{lo:.3f}, {hi:.3f}] true {true:.3f} "
                      f"{'covered' if covered else 'MISSED'} {sec:.0f} s", flush=True)
    for task, c in summary.items():
        print(f"{task}: {sum(c)}/{len(c)} = {100 * sum(c) / len(c):.0f} % covered")


if __name__ == "__main__":
    main()
