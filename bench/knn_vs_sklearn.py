#!/usr/bin/python3
"""infotorch KSG vs scikit-learn's mutual_info_regression, side by side on the same data in one run.

Usage: /usr/bin/python3 bench/knn_vs_sklearn.py BUILD_DIR [--ns 1e3,1e4,1e5,1e6] [--threads 2] [--repeats 3]
                                                    [--wait-policy PASSIVE|ACTIVE]
BUILD_DIR must hold knn_speed (configure with -DINFOTORCH_BENCH=ON, build target knn_speed).
knn_speed runs with OMP_WAIT_POLICY=PASSIVE (sleeping OpenMP workers, as the infotorch CLI uses) unless
--wait-policy says otherwise. The load average is printed before and after each row: other processes on
the machine slow both sides, not necessarily equally.

For each N: draws X ~ N(0,1), Y = 0.6 X + 0.8 e (I = -1/2 ln(1 - 0.36) = 0.2231 nats), writes them as .npy,
times infotorch (knn_speed --files, the estimate call only) and scikit-learn (mutual_info_regression,
k = 3, the call only), alternating the two `repeats` times and keeping each side's best time, and
prints a table with the ratio. Also the multivariate case d = 2 + 2 at N = 1e5 (infotorch only:
scikit-learn has no multivariate KSG), and scikit-learn's constant-column artefact.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from sklearn.feature_selection import mutual_info_regression


WAIT_POLICY = "PASSIVE"


def load():
    return "load %.2f" % os.getloadavg()[0]


def infotorch_time(binary, xp, yp, threads, algo="ksg"):
    env = dict(os.environ, OMP_WAIT_POLICY=WAIT_POLICY)
    out = subprocess.run([binary, "--files", xp, yp, str(threads), algo], check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def sklearn_time(x, y):
    t0 = time.perf_counter()
    mi = mutual_info_regression(x, y.ravel(), n_neighbors=3, random_state=0)[0]
    return {"mi": float(mi), "seconds": time.perf_counter() - t0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--ns", default="1e3,1e4,1e5,1e6")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--skip-constant", action="store_true")
    ap.add_argument("--wait-policy", default="PASSIVE", choices=["PASSIVE", "ACTIVE"])
    a = ap.parse_args()
    global WAIT_POLICY
    WAIT_POLICY = a.wait_policy
    binary = os.path.join(a.build_dir, "knn_speed")
    rng = np.random.default_rng(0)
    tmp = tempfile.mkdtemp(prefix="knn_bench_")
    print(f"# {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}; {os.cpu_count()} CPUs; {load()}; "
          f"OMP_WAIT_POLICY={WAIT_POLICY} for knn_speed")
    print(f"# truth I = {-0.5 * np.log(1 - 0.36):.4f} nats; infotorch threads = {a.threads}; best of {a.repeats}")
    print("| N | infotorch s | scikit-learn s | speed-up | infotorch MI | scikit-learn MI | load before / after |")
    print("|---|---|---|---|---|---|---|")
    for n in [int(float(s)) for s in a.ns.split(",")]:
        x = rng.standard_normal((n, 1))
        y = 0.6 * x + 0.8 * rng.standard_normal((n, 1))
        xp, yp = os.path.join(tmp, f"x{n}.npy"), os.path.join(tmp, f"y{n}.npy")
        np.save(xp, x)
        np.save(yp, y)
        best_i, best_s = None, None
        before = load()
        for _ in range(a.repeats):
            r = infotorch_time(binary, xp, yp, a.threads)
            best_i = r if best_i is None or r["seconds"] < best_i["seconds"] else best_i
            s = sklearn_time(x, y)
            best_s = s if best_s is None or s["seconds"] < best_s["seconds"] else best_s
        print(f"| {n:,} | {best_i['seconds']:.4f} | {best_s['seconds']:.4f} | {best_s['seconds'] / best_i['seconds']:.1f}x "
              f"| {best_i['mi']:.4f} | {best_s['mi']:.4f} | {before[5:]} / {load()[5:]} |", flush=True)

    n = 100000
    x = rng.standard_normal((n, 2))
    y = 0.6 * x + 0.8 * rng.standard_normal((n, 2))
    xp, yp = os.path.join(tmp, "xm.npy"), os.path.join(tmp, "ym.npy")
    np.save(xp, x)
    np.save(yp, y)
    for algo in ("ksg", "ksg2"):
        before = load()
        best = min((infotorch_time(binary, xp, yp, a.threads, algo) for _ in range(a.repeats)), key=lambda r: r["seconds"])
        print(f"# multivariate d=2+2, N=1e5, {algo}: {best['seconds']:.3f} s on {best['threads']} threads, "
              f"MI {best['mi']:.4f} (truth {-np.log(1 - 0.36):.4f}); {before} / after {load()}", flush=True)

    if not a.skip_constant:
        # A constant feature far from zero: scikit-learn's noise (1e-10 * mean|x|) sits near the float
        # resolution of the value, so ties remain and read as information.
        n = 1000000
        c = np.full((n, 1), 1.0)
        y = rng.standard_normal((n, 1))
        cp, yp = os.path.join(tmp, "c.npy"), os.path.join(tmp, "yc.npy")
        np.save(cp, c)
        np.save(yp, y)
        s = sklearn_time(c, y)
        r = infotorch_time(binary, cp, yp, a.threads)
        print(f"# constant column (value 1.0), N=1e6: scikit-learn {s['mi']:.4f} nats, infotorch {r['mi']:.4f} nats")


if __name__ == "__main__":
    sys.exit(main())
