"""Shared helpers: the C++ programs built beside the package (ctest sets their paths) and a temp folder."""
import json
import os
import subprocess

import numpy as np
import pytest


def _program(var):
    path = os.environ.get(var)
    if not path or not os.path.exists(path):
        pytest.skip(f"{var} is not set (run through ctest, which builds it)")
    return path


@pytest.fixture
def cli():
    """Runs the `infotorch` CLI of the same build; returns its stdout."""
    path = _program("INFOTORCH_CLI")

    def run(*args):
        r = subprocess.run([path, *map(str, args)], capture_output=True, text=True)
        if r.returncode != 0:
            raise AssertionError(f"infotorch {' '.join(map(str, args))} failed: {r.stderr}")
        return r.stdout
    return run


@pytest.fixture
def reference():
    """Runs python/tests/reference.cpp (the library's results on .npy inputs); returns its JSON."""
    path = _program("INFOTORCH_PY_REFERENCE")

    def run(*args):
        r = subprocess.run([path, *map(str, args)], capture_output=True, text=True, check=True)
        return json.loads(r.stdout)
    return run


@pytest.fixture
def npy(tmp_path):
    """Saves arrays as .npy files in a temp folder; returns their paths."""
    def save(**arrays):
        paths = []
        for name, a in arrays.items():
            p = tmp_path / f"{name}.npy"
            np.save(p, np.asarray(a))
            paths.append(p)
        return paths
    return save
