"""Estimating the MI of a NumPy data set, with error bars: KSG (Kraskov et al. 2004, Eq. 8) and a neural
bound (SMILE, Song & Ermon 2020, Eq. 17) on the same arrays.

The data: x ~ N(0, I_2), y = A x + noise, so the true MI is known in closed form,
    I(X; Y) = 1/2 log det(I + A A^T / s^2)   (Gaussian channel), printed beside the estimates.
KSG's error bar is a subsampling standard error; the neural bound's is the standard error over held-out
batches (the critic is cross-fitted over folds, so every row is scored by a critic that never saw it).

    PYTHONPATH=build/python /usr/bin/python3 python/examples/estimate_numpy.py
"""
import argparse

import numpy as np

import infotorch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=5000)
    p.add_argument("--steps", type=int, default=2000)
    p.add_argument("--critic", default="concat")  # the README's pick for SMILE; "separable" is faster
    p.add_argument("--folds", type=int, default=5)
    a = p.parse_args()
    infotorch.keep_freed_memory()  # as the CLI does: large freed activations stay on the heap for the next step
    rng = np.random.default_rng(0)
    A = np.array([[1.0, 0.5], [0.0, 0.8]])
    s = 0.7
    x = rng.normal(size=(a.n, 2))
    y = x @ A.T + s * rng.normal(size=(a.n, 2))
    truth = 0.5 * np.log(np.linalg.det(np.eye(2) + A @ A.T / s ** 2))

    ksg = infotorch.estimate(x, y, estimator="ksg:k=3", stderr=True)
    print(f"ksg:k=3      {ksg['mi_nats']:.3f} +- {ksg['stderr']:.3f} nats   (true {truth:.3f})")
    smile = infotorch.estimate(x, y, estimator="smile:tau=5", critic=a.critic, steps=a.steps,
                               folds=a.folds, stderr=True)
    print(f"smile:tau=5  {smile['mi_nats']:.3f} +- {smile['stderr']:.3f} nats   (true {truth:.3f}; "
          f"{smile['folds']} critics x {smile['steps']} steps)")


if __name__ == "__main__":
    main()
