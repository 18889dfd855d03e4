#!/usr/bin/env python3
"""Default `infotorch estimate` on the point-5 tasks of issue 21: 10-d Gaussians at 2, 4 and 6 nats and their cubic
transform (MI unchanged), a few seeds (or --tasks 'A;B'); one CSV row per run. Extra arguments are passed to every `estimate` call
(e.g. --estimator, --critic, --steps) so a candidate default can be measured beside the current one.

    /usr/bin/python3 scripts/defaults_check.py build-ninja/infotorch out.csv SEEDS [estimate args...]
"""
import csv, sys

from estimate_runs import run_estimate

TASKS = [f"gaussian:d=10,mi={m}" + t for t in ("", ",transform=cubic") for m in (2, 4, 6)]
if "--tasks" in sys.argv:  # another list, ';'-separated
    i = sys.argv.index("--tasks")
    TASKS = sys.argv[i + 1].split(";")
    del sys.argv[i:i + 2]
if "--gaussian-only" in sys.argv:  # with --copula the cubic tasks read exactly as the Gaussian ones
    sys.argv.remove("--gaussian-only")
    TASKS = TASKS[:3]


def main():
    exe, out, seeds, extra = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["task", "seed", "true_mi", "estimate", "rel_error", "stderr", "steps", "diverged", "seconds", "args"])
        for task in TASKS:
            for seed in range(seeds):
                r, sec = run_estimate(exe, task, seed, extra)
                if r is None:
                    continue
                true = r.get("true_mi_nats")
                est = r["mi_nats"]
                rel = (est - true) / true if true else float("nan")
                w.writerow([task, seed, true, f"{est:.4f}", f"{rel:+.4f}", r.get("stderr_nats"), r.get("steps"),
                            r.get("diverged"), f"{sec:.1f}", " ".join(extra)])
                f.flush()
                print(f"{task} seed {seed}: {est:.3f} (true {true}, {100 * rel:+.1f} %) {sec:.0f} s", flush=True)


if __name__ == "__main__":
    main()
