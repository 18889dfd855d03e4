"""Tasks: the same samples as `infotorch sample` for the same seed, and their closed-form MI."""
import math

import numpy as np

import infotorch


def test_samples_equal_the_cli(cli, tmp_path):
    spec = "gaussian:d=2,mi=1"
    x, y = infotorch.Task(spec).sample(300, seed=9)
    cli("sample", "--task", spec, "--n", 300, "--seed", 9, "--x", tmp_path / "x.npy", "--y", tmp_path / "y.npy")
    assert np.array_equal(np.load(tmp_path / "x.npy"), x.numpy())
    assert np.array_equal(np.load(tmp_path / "y.npy"), y.numpy())


def test_true_mi_and_shapes():
    t = infotorch.Task("gaussian:d=3,rho=0.5")
    assert abs(t.mi - (-1.5 * math.log(1 - 0.25))) < 1e-12  # d independent pairs: -d/2 log(1 - rho^2)
    x, y, mi = infotorch.sample("gaussian:d=3,rho=0.5", n=10)
    assert x.shape == (10, 3) and y.shape == (10, 3) and mi == t.mi and t.dim_x == 3
    assert set(infotorch.task_names()) >= {"gaussian", "student"}


def test_bad_task_specs_are_value_errors():
    import pytest
    with pytest.raises(ValueError, match=r"^task 'gaussian': d must be >= 1, got 0$"):
        infotorch.Task("gaussian:d=0")
    with pytest.raises(infotorch.Error, match=r"^n: expected at least 1 sample, got 0$"):
        infotorch.Task("gaussian").sample(0)
