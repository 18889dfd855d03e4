"""The non-parametric estimators: the same numbers as the C++ library (bit for bit), the CLI's JSON, and
scikit-learn's KSG on identical data."""
import json
import threading
import time

import numpy as np
import pytest
import torch

import infotorch


@pytest.fixture
def data():
    rng = np.random.default_rng(5)
    n = 600
    x = rng.normal(size=(n, 2))
    y = x[:, :1] + 0.7 * rng.normal(size=(n, 1))
    z = x[:, 1:] + rng.normal(size=(n, 1))
    labels = (x[:, 0] > 0).astype(np.float64) + (x[:, 1] > 0.5)
    other = labels + (rng.random(n) < 0.2)
    return x, y, z, labels, other


def test_every_estimator_equals_the_cpp_library_bit_for_bit(data, npy, reference):
    x, y, z, labels, other = data
    ref = reference("knn", *npy(x=x, y=y, z=z, l=labels, m=other))
    ours = {spec: infotorch.knn(x, y, spec) for spec in ("ksg", "ksg:k=5", "ksg2", "mixed", "gaussian", "lnc", "tc")}
    ours["cmi"] = infotorch.knn(x, y, "cmi", z=z)
    ours["entropy"] = infotorch.knn(x, None, "entropy")
    ours["ross"] = infotorch.knn(torch.from_numpy(labels), torch.from_numpy(y), "ross")  # tensors in too
    ours["discrete"] = infotorch.knn(labels, other, "discrete")
    ours["ksg:k=3 stderr permutations"] = infotorch.knn(x, y, "ksg:k=3", stderr=True, permutations=20, seed=7)
    assert set(ours) == set(ref)
    assert {s.split(":")[0] for s in ours} >= set(infotorch.knn_names())  # every estimator the library has
    for spec, r in ours.items():
        for key, want in ref[spec].items():
            assert r[key] == want, (spec, key)  # exact: the same C++ on the same doubles


def test_estimate_matches_the_cli_json_exactly(data, npy, cli):
    x, y, *_ = data
    px, py = npy(x=x, y=y)
    printed = json.loads(cli("estimate", "--x", px, "--y", py, "--estimator", "ksg:k=3", "--json"))
    r = infotorch.estimate(x, y, estimator="ksg:k=3")
    assert r["mi_nats"] == printed["mi_nats"] and r["estimator"] == printed["estimator"] == "ksg:k=3"
    assert r["n"] == printed["n"] == 600


def test_ksg_matches_scikit_learn_on_identical_data():
    sklearn = pytest.importorskip("sklearn.feature_selection")
    from sklearn.feature_selection._mutual_info import _compute_mi_cc
    rng = np.random.default_rng(0)
    x = rng.normal(size=2000)
    y = x + rng.normal(size=2000)
    # scikit-learn's kNN core on these exact numbers vs ours on the raw values (no copula), scaling and noise off.
    ours = infotorch.knn(x, y, "ksg:k=3,copula=false,standardize=false,noise=0")["mi_nats"]
    assert abs(ours - _compute_mi_cc(x, y, 3)) < 1e-9
    # mutual_info_regression scales and adds 1e-10-scale noise of its own; ours prepares the same way.
    mir = sklearn.mutual_info_regression(x[:, None], y, n_neighbors=3, discrete_features=False, random_state=0)[0]
    assert abs(infotorch.knn(x, y, "ksg:k=3,copula=false")["mi_nats"] - mir) < 1e-6


def test_the_gil_is_released_during_a_long_call():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200_000, 1))
    y = x + rng.normal(size=(200_000, 1))
    start = time.perf_counter()
    infotorch.knn(x, y)
    alone = time.perf_counter() - start
    ticks = 0
    worker = threading.Thread(target=infotorch.knn, args=(x, y))
    worker.start()
    while worker.is_alive():  # runs only while the worker's C++ call does not hold the GIL
        ticks += 1
        time.sleep(0.001)
    worker.join()
    # With the GIL held the loop could not tick until the call returned (1-2 ticks in all).
    assert alone > 0.05 and ticks >= 10, (alone, ticks)


@pytest.mark.parametrize("call,message", [
    (lambda x, y: infotorch.knn(x, y, "ksg:k=3,j=2"), "estimator 'ksg': unknown option 'j' (known: k, noise, standardize, copula)"),
    (lambda x, y: infotorch.knn(x, None, "ksg"), "y: estimator 'ksg' needs a second variable y (N x dy samples)"),
    (lambda x, y: infotorch.knn(x, y[:10], "ksg"), "x and y must have the same number of rows (samples), got 600 and 10"),
    (lambda x, y: infotorch.knn(x, y, "cmi"), "cmi: needs the conditioning variable z (N x dz samples, option z)"),
    (lambda x, y: infotorch.knn(x, y, "ksg:k"), "estimator spec 'ksg:k': option 'k' must be key=value"),
])
def test_errors_carry_the_library_messages(data, call, message):
    x, y, *_ = data
    with pytest.raises(infotorch.Error) as e:
        call(x, y)
    assert isinstance(e.value, ValueError) and "--" not in str(e.value)
    if message is not None:
        assert str(e.value) == message
