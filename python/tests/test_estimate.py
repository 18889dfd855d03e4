"""estimate(): the library's option declarations become the keyword arguments and help(); errors are the
library's; a neural estimate equals the CLI's on the same data and seed."""
import inspect
import json
import re

import numpy as np
import pytest

import infotorch
from infotorch import _infotorch as _C


def test_keywords_and_defaults_are_the_declared_ones(cli):
    declared = _C.estimate_options()
    params = inspect.signature(infotorch.estimate).parameters
    assert list(params)[:4] == ["x", "y", "z", "device"]
    assert [p for p in params][4:] == [name for name, *_ in declared]
    assert params["estimator"].default == "gan-dime" and params["steps"].default == 0 and params["epochs"].default == 100
    assert params["lr"].default == 5e-4 and params["copula"].default is True and params["stderr"].default is False and params["folds"].default == 5
    doc = infotorch.estimate.__doc__
    for name, kind, default, text in declared:
        assert f"  {name} ({kind}, default '{default}'): {text}" in doc
    # The CLI renders its flags from the same declarations: same defaults, same docs.
    help_text = cli("estimate", "--help")
    for name, kind, default, text in declared:
        flag = "--" + name.replace("_", "-")
        assert flag in help_text, flag
        assert text.split(":")[0] in help_text


def test_knn_spec_through_estimate(npy):
    rng = np.random.default_rng(2)
    x = rng.normal(size=(500, 1))
    y = x + rng.normal(size=(500, 1))
    r = infotorch.estimate(x, y, estimator="ksg:k=3", stderr=True)
    assert r["mi_nats"] == infotorch.knn(x, y, "ksg:k=3", stderr=True)["mi_nats"]
    assert r["steps"] == 0 and r["stderr"] > 0


def test_neural_estimate_equals_the_cli(npy, cli):
    task = infotorch.Task("gaussian:d=1,mi=0.5")
    x, y = task.sample(400, seed=3)
    px, py = npy(x=x.numpy(), y=y.numpy())
    opts = dict(estimator="infonce", steps=30, batch_size=32, critic="separable:hidden=16,embed=4", folds=2, seed=4)
    r = infotorch.estimate(x, y, **opts)
    args = [a for k, v in opts.items() for a in ("--" + k.replace("_", "-"), v)]
    printed = json.loads(cli("estimate", "--x", px, "--y", py, *args, "--json", "--threads", "1"))
    assert r["steps"] == printed["steps"] == 30 and r["folds"] == printed["folds"] == 2
    # The CLI runs on 1 thread, Python on torch's default: summation order may differ in the last bits.
    assert abs(r["mi_nats"] - printed["mi_nats"]) < 1e-5
    assert abs(r["train_mi_nats"] - printed["train_mi_nats"]) < 1e-5


@pytest.mark.parametrize("kwargs,message", [
    (dict(estimator="infonce", batch_size=1), "batch_size: expected at least 2 (a batch needs negative pairs), got 1"),
    (dict(estimator="infonce", steps=-1), "steps: expected >= 0 (0: a budget of `epochs` passes, chosen by data size), got -1"),
    (dict(estimator="smile:tau"), "estimator spec 'smile:tau': option 'tau' must be key=value"),
    (dict(estimator="nope"), "estimator 'nope' is unknown (known: dv, mine, nwj, tuba, infonce, js, smile, "
                             "interpolated, kl-dime, hd-dime, gan-dime, ksg, ksg2, mixed, ross, discrete, cmi, tc, "
                             "entropy, gaussian, lnc, auto)"),
    (dict(estimator="infonce", critic="resnet", batch_size=16, steps=5),
     "critic: unknown kind 'resnet'; known kinds: separable, bilinear, concat, deranged"),
    (dict(bogus=1), "unknown option 'bogus' (known: estimator, critic, steps, epochs, batch_size, lr, weight_decay, "
                    "patience, eval_every, validation_fraction, folds, test_fraction, eval_batch_size, readout, blocks, "
                    "copula, seed, stderr, permutations)"),
    (dict(estimator="infonce", critic="bilinear:hidden=8"),
     "critic 'bilinear': unknown option 'hidden' (known: none)"),
    (dict(steps=1.5), "steps: expected an integer, got '1.5'"),
    (dict(stderr=2), "stderr: expected true or false, got '2'"),
    (dict(device="tpu:x"), "device: 'tpu:x' is not a device (expected cpu, cuda, cuda:1, ...)"),
])
def test_errors_are_value_errors_with_library_messages(kwargs, message):
    x = np.random.default_rng(0).normal(size=(50, 1))
    with pytest.raises(ValueError) as e:
        infotorch.estimate(x, x, **kwargs)
    text = str(e.value)
    assert not re.search(r"--[a-z]", text), text  # names options, never CLI flags
    if message is not None:
        assert text == message
    for name in kwargs:
        if name not in ("estimator", "critic", "batch_size", "steps") or len(kwargs) == 1:
            assert name in text


def test_same_message_as_the_cpp_library_gives_the_cli(npy):
    # The CLI prints "infotorch: error: <the library's message>"; Python raises the message itself.
    x = np.zeros((50, 1))
    with pytest.raises(ValueError, match=r"^x: contains NaN or Inf \(first at row 3\); expected finite values$"):
        bad = x.copy()
        bad[3] = np.nan
        infotorch.estimate(bad, x, estimator="ksg")


def test_type_stub_defaults_are_the_declared_ones():
    import ast
    from pathlib import Path
    stub = ast.parse((Path(infotorch.__file__).parent / "__init__.pyi").read_text())
    (fn,) = [f for f in stub.body if isinstance(f, ast.FunctionDef) and f.name == "estimate"]
    stub_defaults = {a.arg: ast.literal_eval(d) for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults)}
    params = inspect.signature(infotorch.estimate).parameters
    assert stub_defaults == {n: p.default for n, p in params.items() if p.kind == p.KEYWORD_ONLY}
