"""How much of a held-out MI estimate is evaluation noise? Scores NWJ with the *analytic* optimal critic
(the true log density ratio of the gaussian:d=D,mi=I task) on the held-out rows that
`infotorch estimate --folds 1 --seed S` reads, and on fresh draws of the same size.

    ./build/infotorch sample --task gaussian:d=5,mi=1 --n 10000 --x /tmp/x.npy --y /tmp/y.npy
    /usr/bin/python3 bench/estimate_split_noise.py /tmp/x.npy /tmp/y.npy --d 5 --mi 1

The split is torch.randperm(n) from a generator seeded with S, taking the last 20 % as held out, as
src/estimate.cpp does (LibTorch and Python torch share the CPU generator).
"""
import argparse

import numpy as np
import torch


def log_ratio(x, y, rho):
    """f(x_i, y_j) = log p(y_j | x_i) / p(y_j) for y = rho x + sqrt(1 - rho^2) e, per dimension."""
    d = x.shape[1]
    c = -0.5 * np.log(1 - rho**2) * d
    xx = (x**2).sum(1)[:, None]
    yy = (y**2).sum(1)[None, :]
    return c - (rho**2 * (xx + yy) - 2 * rho * (x @ y.T)) / (2 * (1 - rho**2))


def nwj(f):
    off = ~np.eye(len(f), dtype=bool)
    return 1 + np.diag(f).mean() - np.exp(f[off]).mean()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("x")
    ap.add_argument("y")
    ap.add_argument("--d", type=int, required=True)
    ap.add_argument("--mi", type=float, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--test-fraction", type=float, default=0.2)
    ap.add_argument("--draws", type=int, default=100)
    a = ap.parse_args()
    x, y = np.load(a.x), np.load(a.y)
    rho = np.sqrt(1 - np.exp(-2 * a.mi / a.d))
    n = len(x)
    n_test = round(a.test_fraction * n)
    perm = torch.randperm(n, generator=torch.Generator().manual_seed(a.seed)).numpy()
    test, train = perm[n - n_test:], perm[:n_test]
    print(f"optimal-critic NWJ on the held-out split: {nwj(log_ratio(x[test], y[test], rho)):.4f}")
    print(f"optimal-critic NWJ on {n_test} training rows: {nwj(log_ratio(x[train], y[train], rho)):.4f}")
    vals = []
    for s in range(a.draws):
        g = np.random.default_rng(s)
        xs = g.standard_normal((n_test, a.d))
        ys = rho * xs + np.sqrt(1 - rho**2) * g.standard_normal((n_test, a.d))
        vals.append(nwj(log_ratio(xs, ys, rho)))
    print(f"over {a.draws} fresh draws of {n_test} pairs: mean {np.mean(vals):.4f}, sd {np.std(vals):.4f} "
          f"(true MI {a.mi})")


if __name__ == "__main__":
    main()
