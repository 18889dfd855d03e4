#!/usr/bin/python3
"""The communication and score-matrix terms of docs/results/distributed.md's projection, measured with the same
LibTorch kernels and c10d Gloo backend infotorch uses (Debian's python3-torch shares libtorch with libtorch-dev).

  /usr/bin/python3 scripts/dist_terms.py allreduce   # 2 processes on loopback: all-reduce time against size
  /usr/bin/python3 scripts/dist_terms.py scores      # 1 thread: SimCLR's 2N x 2N NT-Xent forward + backward against 2N
  /usr/bin/python3 scripts/dist_terms.py project COMPUTE_MS PARAMS ENTRY_NS ALPHA_MS BETA_GBS
      # the projection: per-worker step time at 2, 8, 64 workers (weak scaling: 128 images per worker)
"""
import os
import statistics
import sys
import time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp


def allreduce_worker(rank, port, sizes, reps, out):
    torch.set_num_threads(1)
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    dist.init_process_group("gloo", rank=rank, world_size=2)
    for size in sizes:
        t = torch.ones(size // 4)
        for _ in range(3):
            dist.all_reduce(t)
        times = []
        for _ in range(reps):
            dist.barrier()
            t0 = time.perf_counter()
            dist.all_reduce(t)
            times.append(time.perf_counter() - t0)
        if rank == 0:
            out[size] = statistics.median(times)
    dist.destroy_process_group()


def allreduce():
    sizes = [4 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20, 16 << 20]
    with mp.Manager() as m:
        out = m.dict()
        mp.spawn(allreduce_worker, args=(29611, sizes, 30, out), nprocs=2)
        res = dict(out)
    print("bytes,median_seconds")
    for s in sizes:
        print(f"{s},{res[s]:.6g}")
    # T = a + B / beta by least squares; for W = 2 a ring all-reduce is 2 latencies and B bytes each way.
    xs, ys = sizes, [res[s] for s in sizes]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    print(f"fit: a = {my - slope * mx:.3g} s, beta = {1 / slope / 1e9:.3g} GB/s")


def scores():
    torch.set_num_threads(1)
    d, tau = 64, 0.5
    print("two_n,median_seconds_fwd_bwd")
    for k in [512, 1024, 2048, 4096, 8192]:
        times = []
        for _ in range(5 if k < 4096 else 3):
            z = torch.nn.functional.normalize(torch.randn(k, d), dim=1).requires_grad_()
            t0 = time.perf_counter()
            n = k // 2
            partner = (torch.arange(k) + n) % k
            s = (z @ z.t() / tau).index_select(1, partner)
            mask = torch.zeros(k, k, dtype=torch.bool)
            mask[torch.arange(k), partner] = True
            s = s.masked_fill(mask, -1e4)
            loss = (torch.logsumexp(s, 1) - s.diagonal()).mean()
            loss.backward()
            times.append(time.perf_counter() - t0)
        print(f"{k},{statistics.median(times):.6g}")


def project():
    """Per-worker step time of SimCLR at W workers, each with n images (2n views) of a global batch of nW.

    compute: the measured step time of one worker's share alone (1 process, 1 thread, batch n), which already
    includes its 2n x 2n scores; rows: the growth of its NT-Xent rows from 2n x 2n to 2n x 2nW entries at the
    measured cost per entry (the full 2nW x 2nW matrix for bounds other than InfoNCE); communication: ring
    collectives with latency alpha per hop and bandwidth beta (the gradient all-reduce of 4P bytes, the all-gather
    of 2n x d floats, the backward all-reduce of the gathered 2nW x d gradient, and two all-reduces of a few
    scalars per step: the stop agreement and the logged means)."""
    compute_ms, params, entry_ns, alpha_ms, beta_gbs = map(float, sys.argv[2:7])
    n, d = 128, 64
    views = 2 * n
    beta = beta_gbs * 1e9 / 1e3  # bytes per ms
    print("workers,rows_ms,full_matrix_ms,grad_allreduce_ms,gather_ms,gathered_grad_ms,scalars_ms,step_ms,"
          "images_per_s,efficiency")
    for w in [1, 2, 8, 64]:
        rows = entry_ns * 1e-6 * views * views * (w - 1)
        full = entry_ns * 1e-6 * views * views * (w * w - 1)
        hop = w - 1
        grad = 2 * hop * alpha_ms + 2 * hop / w * 4 * params / beta
        gather = hop * (alpha_ms + views * d * 4 / beta)
        gathered = 2 * hop * alpha_ms + 2 * hop / w * w * views * d * 4 / beta
        scalars = 2 * 2 * hop * alpha_ms
        step = compute_ms + rows + grad + gather + gathered + scalars
        print(f"{w},{rows:.1f},{full:.1f},{grad:.1f},{gather:.1f},{gathered:.1f},{scalars:.1f},{step:.1f},"
              f"{w * n / step * 1e3:.0f},{compute_ms / step:.2f}")


if __name__ == "__main__":
    {"allreduce": allreduce, "scores": scores, "project": project}[sys.argv[1] if len(sys.argv) > 1 else "allreduce"]()
