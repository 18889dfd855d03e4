#!/usr/bin/python3
"""Python PyTorch reference for the staircase training step (timing only; not part of the library).

The same model and loss as `infotorch bench speed`: x ~ N(0, I_20), y = rho x + sqrt(1 - rho^2) eps,
a critic with two hidden layers of 256 (concat: MLP on every concatenated pair [x_i; y_j], written the
usual way by tiling the K x K pairs; separable: g(x)^T h(y) with 32-d embeddings), the InfoNCE loss,
and one Adam step (lr 5e-4). Prints one JSON line per configuration: {"critic", "k", "ms_per_step", ...}.
Run with /usr/bin/python3 (Debian's python3-torch).
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn


def mlp(inp, hidden, layers, out):
    mods, width = [], inp
    for _ in range(layers):
        mods += [nn.Linear(width, hidden), nn.ReLU()]
        width = hidden
    mods.append(nn.Linear(width, out))
    return nn.Sequential(*mods)


class Concat(nn.Module):
    def __init__(self, dx, dy, hidden, layers):
        super().__init__()
        self.net = mlp(dx + dy, hidden, layers, 1)

    def forward(self, x, y):
        k = x.shape[0]
        xt = x.unsqueeze(1).expand(k, k, x.shape[1])  # pair (i, j) holds x_i
        yt = y.unsqueeze(0).expand(k, k, y.shape[1])  # and y_j
        return self.net(torch.cat([xt, yt], dim=2).reshape(k * k, -1)).view(k, k)


class Separable(nn.Module):
    def __init__(self, dx, dy, hidden, layers, embed):
        super().__init__()
        self.g = mlp(dx, hidden, layers, embed)
        self.h = mlp(dy, hidden, layers, embed)

    def forward(self, x, y):
        return self.g(x) @ self.h(y).t()


def infonce(scores):
    # Oord et al. 2018: mean_i [S_ii - log (1/K) sum_j exp S_ij]
    k = scores.shape[0]
    return (scores.diag() - torch.logsumexp(scores, dim=1)).mean() + math.log(k)


def time_steps(critic_kind, k, steps, warmup, d=20, mi=2.0, hidden=256, layers=2, embed=32, seed=0):
    torch.manual_seed(seed)
    critic = Concat(d, d, hidden, layers) if critic_kind == "concat" else Separable(d, d, hidden, layers, embed)
    opt = torch.optim.Adam(critic.parameters(), lr=5e-4)
    rho = math.sqrt(1.0 - math.exp(-2.0 * mi / d))
    last = 0.0
    for i in range(warmup + steps):
        if i == warmup:
            start = time.perf_counter()
        x = torch.randn(k, d)
        y = rho * x + math.sqrt(1 - rho * rho) * torch.randn(k, d)
        est = infonce(critic(x, y))
        opt.zero_grad()
        (-est).backward()
        opt.step()
        last = est.item()
    ms = (time.perf_counter() - start) * 1000.0 / steps
    return {"critic": critic_kind, "k": k, "ms_per_step": ms, "steps": steps, "last_estimate": last,
            "threads": torch.get_num_threads(), "torch": torch.__version__}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--critic", default="separable", choices=["separable", "concat"])
    ap.add_argument("--k", type=int, default=64)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=0, help="0: torch's default")
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    print(json.dumps(time_steps(a.critic, a.k, a.steps, a.warmup)), flush=True)


if __name__ == "__main__":
    main()
