"""The Python package against the plain-Python alternatives, side by side in one interpreter
(results: docs/results/python.md).

  1. KSG (k = 3, 1-D x 1-D): infotorch.knn vs scikit-learn's mutual_info_regression on identical data.
  2. Bound-call overhead at K = 64: infotorch's bounds vs the same formula written in plain PyTorch.
  3. InfoNCE at K = 4,096, d = 128: infotorch.infonce_embeddings vs the plain logsumexp formula on u v^T,
     forward + backward time and peak memory (each in a fresh child process, from /proc's VmHWM).

    PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py [--sizes 100000 1000000] [--threads 2]
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time

import numpy as np
import torch

import infotorch


def best_of(f, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def ksg_vs_sklearn(sizes, repeat):
    from sklearn.feature_selection import mutual_info_regression
    rows = []
    for n in sizes:
        rng = np.random.default_rng(0)
        x = rng.normal(size=n)
        y = x + rng.normal(size=n)  # I = 0.5 log 2 = 0.347 nats
        # The raw KSG (copula=false) is what scikit-learn computes; the copula default would differ in value.
        ours = infotorch.knn(x, y, "ksg:k=3,copula=false")["mi_nats"]
        t_ours = best_of(lambda: infotorch.knn(x, y, "ksg:k=3,copula=false"), repeat)
        t = time.perf_counter()
        theirs = mutual_info_regression(x[:, None], y, n_neighbors=3, discrete_features=False, random_state=0)[0]
        t_sk = time.perf_counter() - t  # one run: it takes long enough at 1e6
        rows.append(dict(n=n, infotorch_s=t_ours, sklearn_s=t_sk, speedup=t_sk / t_ours, infotorch_mi=ours,
                         sklearn_mi=float(theirs), diff=abs(ours - float(theirs))))
        print(f"KSG N={n:>8}: infotorch {t_ours:.3f} s, sklearn {t_sk:.3f} s ({t_sk / t_ours:.1f}x); "
              f"MI {ours:.9f} vs {theirs:.9f} (|diff| {abs(ours - theirs):.1e})", flush=True)
    return rows


def offdiag(s):
    return s[~torch.eye(s.shape[0], dtype=torch.bool)]


def plain_infonce(s):
    return math.log(s.shape[0]) + (s.diagonal() - torch.logsumexp(s, 1)).mean()


def plain_smile(s, tau=5.0):
    # Value: clipped DV; gradient: the JS objective's (Song & Ermon 2020), as infotorch.smile.
    o = offdiag(s)
    value = s.diagonal().mean() - (torch.logsumexp(o.clamp(-tau, tau), 0) - math.log(o.numel()))
    js = -torch.nn.functional.softplus(-s.diagonal()).mean() - torch.nn.functional.softplus(o).mean()
    return js + (value - js).detach()


def plain_dv(s):
    o = offdiag(s)
    return s.diagonal().mean() - (torch.logsumexp(o, 0) - math.log(o.numel()))


def bound_overhead(k, calls, repeat):
    torch.manual_seed(0)
    s = torch.randn(k, k) + 2 * torch.eye(k)
    sg = s.clone().requires_grad_(True)
    rows = []
    for name, ours, plain in [("infonce", infotorch.infonce, plain_infonce), ("smile:tau=5", infotorch.smile, plain_smile),
                              ("dv", infotorch.dv, plain_dv)]:
        assert abs(ours(s).item() - plain(s).item()) < 1e-5

        def fwd(f):
            return lambda: [f(s) for _ in range(calls)]

        def fwd_bwd(f):
            def run():
                for _ in range(calls):
                    f(sg).backward()
            return run

        r = dict(bound=name, k=k)
        for mode, wrap in [("forward", fwd), ("forward_backward", fwd_bwd)]:
            # Alternating rounds, best of each: on a shared machine the load changes between rounds.
            t_ours, t_plain = math.inf, math.inf
            for _ in range(repeat):
                t_ours = min(t_ours, best_of(wrap(ours), 1) / calls)
                t_plain = min(t_plain, best_of(wrap(plain), 1) / calls)
            r[mode] = dict(infotorch_us=t_ours * 1e6, plain_us=t_plain * 1e6, ratio=t_ours / t_plain)
            print(f"{name:12s} K={k} {mode:16s}: infotorch {t_ours * 1e6:7.1f} us, plain PyTorch "
                  f"{t_plain * 1e6:7.1f} us (ratio {t_ours / t_plain:.2f})", flush=True)
        rows.append(r)
    return rows


def vm_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(field)


def embeddings_child(method, k, d, repeat):
    """Runs in a fresh process: time and peak-memory growth of one method's forward + backward."""
    torch.manual_seed(0)
    u = torch.nn.functional.normalize(torch.randn(k, d), dim=1).mul(5).requires_grad_(True)
    v = torch.nn.functional.normalize(u.detach() + 0.3 * torch.randn(k, d), dim=1).mul(5).requires_grad_(True)
    if method == "infotorch":
        def f():
            return infotorch.infonce_embeddings(u, v)
    else:
        def f():
            s = u @ v.T
            return math.log(k) + (s.diagonal() - torch.logsumexp(s, 1)).mean()

    def step():
        u.grad = v.grad = None
        val = f()
        val.backward()
        return val
    base = vm_kib("VmRSS")
    val = step()  # the first call's peak is the memory a training step needs
    peak = vm_kib("VmHWM") - base
    t = best_of(step, repeat)
    return dict(method=method, value=val.item(), seconds=t, peak_mib=peak / 1024)


def embeddings(k, d, repeat):
    rows = []
    for method in ("infotorch", "plain"):
        out = subprocess.run([sys.executable, __file__, "--child", method, str(k), str(d), str(repeat)],
                             capture_output=True, text=True, check=True, env=dict(os.environ))
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(r)
        print(f"InfoNCE K={k} d={d} {method:9s}: {r['seconds'] * 1e3:7.1f} ms forward+backward, peak +{r['peak_mib']:.0f} MiB,"
              f" value {r['value']:.6f}", flush=True)
    return rows


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--child", nargs=4)
    p.add_argument("--json")
    p.add_argument("--only", choices=["ksg", "bounds", "embeddings"])
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    if a.child:
        method, k, d, repeat = a.child
        print(json.dumps(embeddings_child(method, int(k), int(d), int(repeat))))
        return
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, load {os.getloadavg()}", flush=True)
    parts = dict(ksg=lambda: ksg_vs_sklearn(a.sizes, repeat=3), bounds=lambda: bound_overhead(64, calls=2000, repeat=9),
                 embeddings=lambda: embeddings(4096, 128, repeat=5))
    result = dict(load_before=os.getloadavg(), threads=a.threads)
    for name, run in parts.items():
        if a.only in (None, name):
            result[name] = run()
    result["load_after"] = os.getloadavg()
    print(f"load after: {os.getloadavg()}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
