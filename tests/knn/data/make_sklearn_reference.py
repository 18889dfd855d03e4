#!/usr/bin/python3
"""Reference values from scikit-learn for tests/knn/sklearn_reference_test.cpp.

scikit-learn's mutual_info_regression scales each column (no centring) and adds its own noise,
1e-10 * max(1, mean|x|) * N(0, 1), before running KSG algorithm 1. To compare on identical numbers we
apply the same scaling here, store the scaled columns, and call scikit-learn's per-pair routine
_compute_mi_cc (KSG 1, which is what mutual_info_regression runs after its noise) on exactly those
columns. The C++ test reads the stored columns and runs infotorch's ksg with standardize=false, noise=0.
mutual_info_regression's own value (with its noise) is stored too, for a looser check.
_compute_mi_cd (Ross 2014) and mutual_info_score (plug-in discrete MI) are stored the same way.

Run:  /usr/bin/python3 tests/knn/data/make_sklearn_reference.py   (writes sklearn_reference.json beside it)
"""
import json
import os

import numpy as np
import sklearn
from sklearn.feature_selection import mutual_info_regression
from sklearn.feature_selection._mutual_info import _compute_mi_cc, _compute_mi_cd
from sklearn.metrics import mutual_info_score
from sklearn.preprocessing import scale

rng = np.random.default_rng(20261129)
cases = []


def continuous_case(name, x, y, k):
    xs = scale(x.reshape(-1, 1), with_mean=False).ravel()
    ys = scale(y.reshape(-1, 1), with_mean=False).ravel()
    mi_cc = float(_compute_mi_cc(xs.copy(), ys.copy(), k))
    mi_reg = float(mutual_info_regression(x.reshape(-1, 1), y, n_neighbors=k, random_state=0)[0])
    assert mi_cc > 0, "keep cases clear of scikit-learn's clipping at 0"
    cases.append({"name": name, "kind": "cc", "k": k, "x": xs.tolist(), "y": ys.tolist(),
                  "sklearn_compute_mi_cc": mi_cc, "sklearn_mutual_info_regression": mi_reg})


n = 400
x = rng.standard_normal(n)
y = 0.6 * x + 0.8 * rng.standard_normal(n)
continuous_case("gaussian_rho0.6_k3", x, y, 3)

x = rng.uniform(-2, 2, 300)
y = np.sin(3 * x) + 0.3 * rng.standard_normal(300)
continuous_case("sine_k3", x, y, 3)

x = 5.0 + 3.0 * rng.standard_normal(500)  # far from zero: the pre-scaling matters
y = np.exp(0.3 * x) + rng.standard_normal(500)
continuous_case("exp_offset_k5", x, y, 5)

# Discrete label vs continuous value (Ross 2014), on a pre-scaled continuous column.
labels = rng.integers(0, 4, 400)
c = labels + 1.5 * rng.standard_normal(400)
cs = scale(c.reshape(-1, 1), with_mean=False).ravel()
mi_cd = float(_compute_mi_cd(cs.copy(), labels.copy(), 3))
cases.append({"name": "ross_4labels_k3", "kind": "cd", "k": 3, "x": labels.astype(float).tolist(),
              "y": cs.tolist(), "sklearn_compute_mi_cd": mi_cd})

# Two discrete variables: plug-in MI (no Miller-Madow correction in scikit-learn).
a = rng.integers(0, 5, 600)
b = (a + rng.integers(0, 3, 600)) % 6
cases.append({"name": "discrete_5x6", "kind": "dd", "x": a.astype(float).tolist(), "y": b.astype(float).tolist(),
              "sklearn_mutual_info_score": float(mutual_info_score(a, b))})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sklearn_reference.json")
with open(out, "w") as f:
    json.dump({"generator": "tests/knn/data/make_sklearn_reference.py", "sklearn_version": sklearn.__version__,
               "numpy_version": np.__version__, "cases": cases}, f)
print("wrote", out, [(c["name"], {k: v for k, v in c.items() if k.startswith("sklearn")}) for c in cases])
