"""infotorch: mutual information as a training objective, from Python.

A thin layer over the C++ library (docs/ARCHITECTURE.md, "faces"): every bound, estimator, task, default,
spec string and error message is the library's. Bad input raises ``infotorch.Error``, a ``ValueError``
carrying the library's message (it names options, e.g. ``batch_size``, never CLI flags).

- Bounds on a K x K critic score matrix (tensors in, a 0-d tensor out, autograd through the C++ ops):
  ``dv``, ``nwj``, ``tuba``, ``infonce``, ``js``, ``smile``, ``interpolated``, ``mine``; InfoNCE from
  embeddings without the K x K matrix, ``infonce_embeddings``; upper bounds ``club``, ``club_sample``,
  ``l1out``, ``gaussian_kl``.
- ``knn(x, y, "ksg:k=3")``: the non-parametric estimators (NumPy arrays or tensors; the GIL is released).
- ``estimate(x, y, estimator=..., **options)``: the one entry point, the CLI's ``infotorch estimate``.
- ``Task("gaussian:d=5,mi=1")``: distributions with known MI.
- ``infotorch.nn``: ``MILoss``, ``MIUpperBound``, ``Critic`` -- torch.nn.Modules owning their critic.
"""
import inspect as _inspect

import torch  # before _infotorch: it links against the LibTorch that torch has loaded

from . import _infotorch as _C
from ._infotorch import (  # noqa: F401  (re-exported)
    Error,
    Task,
    bound_names,
    club,
    club_sample,
    critic_kinds,
    dv,
    gaussian_kl,
    gaussian_log_prob_matrix,
    infonce,
    infogan_categorical,
    infonce_embeddings,
    interpolated,
    js,
    joint_table_mi,
    js_objective,
    keep_freed_memory,
    knn_names,
    l1out,
    mine,
    nwj,
    parse_spec,
    rim_mi,
    set_threads,
    smile,
    task_names,
    tuba,
    upper_bound_names,
)

__all__ = [
    "Error", "Task", "estimate", "knn", "sample", "dv", "nwj", "tuba", "infonce", "js", "js_objective", "smile",
    "interpolated", "mine", "infonce_embeddings", "joint_table_mi", "rim_mi", "infogan_categorical", "club", "club_sample", "l1out", "gaussian_kl",
    "gaussian_log_prob_matrix", "bound_names", "upper_bound_names", "critic_kinds", "knn_names", "task_names",
    "parse_spec", "set_threads", "keep_freed_memory", "nn",
]


def _as_tensor(a, name):
    """NumPy arrays, lists and tensors become tensors (shared memory where possible); None stays None."""
    if a is None or isinstance(a, torch.Tensor):
        return a
    try:
        return torch.as_tensor(a)
    except (TypeError, ValueError, RuntimeError) as e:
        raise Error(f"{name}: expected a tensor or an array of numbers ({e})") from None


def knn(x, y=None, estimator="ksg:k=3", *, z=None, stderr=False, permutations=0, seed=0):
    """A non-parametric estimate by spec: ksg (Kraskov et al. 2004, Eq. 8), ksg2 (Eq. 9), mixed
    (Gao et al. 2017), ross (Ross 2014, continuous x, discrete y), discrete (plug-in), cmi (Frenzel & Pompe
    2007), tc, entropy (Kozachenko-Leonenko), gaussian, lnc (Gao et al. 2015).

    x, y, z: N x d NumPy arrays or tensors (1-D is N x 1); y is None for "entropy" (and optional for "tc").
    stderr: subsampling standard error; permutations: a permutation test (p-value, null mean).
    Returns a dict: estimator, mi_nats, n, stderr, p_value, null_mean_nats (None where not computed).
    Computed in C++ without the GIL, so other Python threads run meanwhile.
    """
    return _C.knn(estimator, _as_tensor(x, "x"), _as_tensor(y, "y"), _as_tensor(z, "z"), stderr, permutations,
                  seed)


def sample(task, n=_C.DEFAULT_TASK_SAMPLES, seed=0):
    """Draws n samples (x, y) (float64 tensors) from a task spec such as "gaussian:d=5,mi=1"; also returns
    its true MI in nats: (x, y, mi)."""
    t = Task(task)
    x, y = t.sample(n, seed)
    return x, y, t.mi


_KINDS = {"int": int, "count": int, "number": float, "text": str}


def _from_text(kind, text):
    if kind == "bool":
        return text == "true"
    if " | " in kind:  # a choice among words ("median | mean"): the word itself
        return text
    return _KINDS[kind](text)


def _to_text(value):
    # The library parses and validates the text (its messages name the option); bools as it spells them.
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


_ESTIMATE_OPTIONS = _C.estimate_options()  # (name, kind, default text, doc), declared once in the library


def estimate(x, y, z=None, device="cpu", **options):
    # The signature and docstring below are generated from the library's declarations; the options are set
    # by name from text, as the CLI sets them, so an unknown name or a bad value gets the library's message.
    text = {k: _to_text(v) for k, v in options.items()}
    return _C.estimate(_as_tensor(x, "x"), _as_tensor(y, "y"), text, _as_tensor(z, "z"), str(device))


estimate.__signature__ = _inspect.Signature(
    [_inspect.Parameter("x", _inspect.Parameter.POSITIONAL_OR_KEYWORD),
     _inspect.Parameter("y", _inspect.Parameter.POSITIONAL_OR_KEYWORD),
     _inspect.Parameter("z", _inspect.Parameter.KEYWORD_ONLY, default=None),
     _inspect.Parameter("device", _inspect.Parameter.KEYWORD_ONLY, default="cpu")]
    + [_inspect.Parameter(name, _inspect.Parameter.KEYWORD_ONLY, default=_from_text(kind, default))
       for name, kind, default, _ in _ESTIMATE_OPTIONS])
estimate.__doc__ = (
    "Estimates I(X; Y) in nats from samples: infotorch::estimate(), what `infotorch estimate` runs.\n\n"
    "x: N x dx, y: N x dy (NumPy arrays or tensors; 1-D is N x 1); z: the conditioning variable of 'cmi';\n"
    "device: a torch device for the neural bounds. A variational estimator ('infonce', 'smile:tau=5', ...)\n"
    "trains a critic and reads the bound on held-out rows (cross-fitted over `folds`); a non-parametric one\n"
    "('ksg:k=3', 'mixed', ...) is computed on all rows. Returns a dict: estimator, mi_nats, n, steps, folds,\n"
    "train_mi_nats, stderr, ci90 (the nominal 90 % interval, a pair), p_value, null_mean_nats (None where not computed), and for variational\n"
    "estimators fold_mi_nats, implausible_folds, diverged, diverged_why: when diverged is True, mi_nats is\n"
    "what was read, not an estimate.\n\n"
    "Options (keyword arguments; kind and default as declared in the library):\n" + _C.estimate_help())

from . import nn  # noqa: E402  (needs the names above)
