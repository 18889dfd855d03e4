#!/usr/bin/python3
"""The contrastive recipe's training step in Python PyTorch, for a side-by-side throughput comparison.

Same model as infotorch's recipes/encoder.h + simclr.h (conv 4x4/2 1->32, BN, ReLU; conv 4x4/2 32->64, BN, ReLU;
linear 3136->256, BN, ReLU; head 256->256->ReLU->64), same augmentations (crop, affine, flip, jitter, noise with the
defaults of training/augment.h), same NT-Xent on the 2N-view score matrix, same Adam. Prints one JSON line with
training images per second (images, not views, per second of step time: augmentation + forward + backward + update).

Usage: bench/simclr_reference.py [--threads 2] [--batch-size 256] [--steps 20] [--warmup 2]
"""
import argparse
import gzip
import json
import math
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    data = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def encoder():
    return nn.Sequential(
        nn.Conv2d(1, 32, 4, 2, 1), nn.BatchNorm2d(32), nn.ReLU(),
        nn.Conv2d(32, 64, 4, 2, 1), nn.BatchNorm2d(64), nn.ReLU(),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 256), nn.BatchNorm1d(256), nn.ReLU())


def warp(x, theta):
    grid = F.affine_grid(theta.to(x.dtype), list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def uniform(n, lo, hi, gen):
    return torch.rand(n, generator=gen, dtype=torch.float64) * (hi - lo) + lo


def augment(x, gen):
    n = x.shape[0]
    # random resized crop: scale [0.5, 1], ratio [3/4, 4/3]
    s = uniform(n, 0.5, 1.0, gen)
    r = torch.exp(uniform(n, math.log(3 / 4), math.log(4 / 3), gen))
    w, h = torch.sqrt(s * r).clamp(max=1), torch.sqrt(s / r).clamp(max=1)
    cx, cy = uniform(n, -1, 1, gen) * (1 - w), uniform(n, -1, 1, gen) * (1 - h)
    z = torch.zeros(n, dtype=torch.float64)
    x = warp(x, torch.stack([torch.stack([w, z, cx], 1), torch.stack([z, h, cy], 1)], 1))
    # affine: rotation +-10 degrees, translation +-10%
    a = uniform(n, -math.radians(10), math.radians(10), gen)
    tx, ty = uniform(n, -0.2, 0.2, gen), uniform(n, -0.2, 0.2, gen)
    c, sn = torch.cos(a), torch.sin(a)
    x = warp(x, torch.stack([torch.stack([c, -sn, tx], 1), torch.stack([sn, c, ty], 1)], 1))
    # horizontal flip p = 0.5
    flip = (torch.rand(n, generator=gen, dtype=torch.float64) < 0.5).view(-1, 1, 1, 1)
    x = torch.where(flip, x.flip(3), x)
    # brightness / contrast 0.4
    b = uniform(n, 0.6, 1.4, gen).float().view(-1, 1, 1, 1)
    ct = uniform(n, 0.6, 1.4, gen).float().view(-1, 1, 1, 1)
    m = x.mean((1, 2, 3), keepdim=True)
    x = (((x - m) * ct + m) * b).clamp(0, 1)
    # Gaussian noise sd 0.03
    return (x + 0.03 * torch.randn(x.shape, generator=gen)).clamp(0, 1)


def view_scores(z, t):
    k = z.shape[0]
    n = k // 2
    partner = (torch.arange(k) + n) % k
    s = (z @ z.t() / t)[:, partner]
    mask = torch.zeros(k, k, dtype=torch.bool)
    mask[torch.arange(k), partner] = True
    return s.masked_fill(mask, -1e4)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    images = torch.tensor(read_idx(args.data + "/train-images-idx3-ubyte.gz")).float().div(255).unsqueeze(1)
    enc, head = encoder(), nn.Sequential(nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 64))
    opt = torch.optim.Adam(list(enc.parameters()) + list(head.parameters()), lr=2e-3)
    gen = torch.Generator().manual_seed(0)
    order = torch.randperm(images.shape[0], generator=gen)
    step_time = 0.0
    losses = []
    for step in range(args.warmup + args.steps):
        x = images[order[step * args.batch_size:(step + 1) * args.batch_size]]
        t0 = time.perf_counter()
        views = torch.cat([augment(x, gen), augment(x, gen)])
        z = F.normalize(head(enc(views)), dim=1)
        s = view_scores(z, 0.5)
        loss = (torch.logsumexp(s, 1) - s.diagonal()).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        dt = time.perf_counter() - t0
        if step >= args.warmup:
            step_time += dt
            losses.append(loss.item())
    print(json.dumps({"impl": "python-pytorch", "torch": torch.__version__, "threads": args.threads,
                      "batch_size": args.batch_size, "steps": args.steps,
                      "images_per_sec": args.steps * args.batch_size / step_time, "last_loss": losses[-1]}))


if __name__ == "__main__":
    main()
