#!/usr/bin/python3
"""The communication and score-matrix terms of docs/results/distributed.md's projection, measured with the same
LibTorch kernels and c10d Gloo backend infotorch uses (Debian's python3-torch shares libtorch with libtorch-dev).

  /usr/bin/python3 scripts/dist_terms.py allreduce   # 2 processes on loopback: all-reduce time against size
  /usr/bin/python3 scripts/dist_terms.py scores      # 1 thread: SimCLR's 2N x 2N NT-Xent forward + backward against 2N
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


if __name__ == "__main__":
    {"allreduce": allreduce, "scores": scores}[sys.argv[1] if len(sys.argv) > 1 else "allreduce"]()
