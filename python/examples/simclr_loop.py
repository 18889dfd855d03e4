"""A SimCLR-style training loop (Chen et al. 2020) with infotorch's InfoNCE on embeddings.

Toy data so it runs in seconds on a CPU: 10 clusters in 32-d; a view is a sample with Gaussian noise and
random feature dropout. The encoder learns to map two views of a sample together; InfoNCE
(van den Oord et al. 2018, Eq. 4) on the normalised projections, temperature t:
    loss = -infonce_embeddings(z1 / sqrt(t), z2 / sqrt(t), dir="sym"),
computed blockwise by infotorch without the K x K similarity matrix. A kNN probe on the frozen features
reports how well the clusters (never shown to the encoder) are separated.

    PYTHONPATH=build/python /usr/bin/python3 python/examples/simclr_loop.py --steps 300
"""
import argparse
import math

import torch

import infotorch


def views(x, gen):
    keep = (torch.rand(x.shape, generator=gen) > 0.3).float()
    return (x + 0.3 * torch.randn(x.shape, generator=gen)) * keep


def knn_accuracy(train_f, train_y, test_f, test_y, k=5):
    sim = torch.nn.functional.normalize(test_f, dim=1) @ torch.nn.functional.normalize(train_f, dim=1).T
    votes = train_y[sim.topk(k, dim=1).indices]
    return (votes.mode(dim=1).values == test_y).float().mean().item()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--temperature", type=float, default=0.2)
    a = p.parse_args()
    gen = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    centres = 2 * torch.randn(10, 32, generator=gen)
    labels = torch.randint(0, 10, (4000,), generator=gen)
    data = centres[labels] + torch.randn(4000, 32, generator=gen)

    encoder = torch.nn.Sequential(torch.nn.Linear(32, 128), torch.nn.ReLU(), torch.nn.Linear(128, 64))
    projector = torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Linear(64, 32))
    opt = torch.optim.Adam([*encoder.parameters(), *projector.parameters()], lr=1e-3)
    scale = 1 / math.sqrt(a.temperature)  # u.v / t with both sides scaled by 1/sqrt(t)

    with torch.no_grad():
        before = knn_accuracy(encoder(data[:3000]), labels[:3000], encoder(data[3000:]), labels[3000:])
    for step in range(1, a.steps + 1):
        x = data[torch.randint(0, 3000, (a.batch,), generator=gen)]
        z1 = torch.nn.functional.normalize(projector(encoder(views(x, gen))), dim=1) * scale
        z2 = torch.nn.functional.normalize(projector(encoder(views(x, gen))), dim=1) * scale
        mi = infotorch.infonce_embeddings(z1, z2, dir="sym")  # a lower bound on I(view1; view2), <= log K
        loss = -mi
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % max(1, a.steps // 5) == 0:
            print(f"step {step:4d}  InfoNCE {mi.item():.3f} nats (ceiling log K = {math.log(a.batch):.3f})")
    with torch.no_grad():
        after = knn_accuracy(encoder(data[:3000]), labels[:3000], encoder(data[3000:]), labels[3000:])
    print(f"kNN probe accuracy on held-out samples: {before:.3f} before training, {after:.3f} after")


if __name__ == "__main__":
    main()
