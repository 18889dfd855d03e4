"""torch.nn.Modules over infotorch's C++ critics and bounds.

The modules own C++ LibTorch modules; their tensors are the C++ module's own (not copies), entered into
``_parameters`` and ``_buffers`` directly. So any torch optimiser steps the very weights the C++ forward
reads, ``state_dict()`` / ``load_state_dict()`` round-trip (in place), and ``.to(device)`` moves them.
(``nn.Parameter`` would wrap a copy whose gradient the C++ graph never reaches.) ``copy.deepcopy`` and
pickling the module itself are not supported: save ``state_dict()``.
"""
import torch

from . import _infotorch as _C

__all__ = ["Critic", "MILoss", "MIUpperBound"]


class _Mirror(torch.nn.Module):
    """One C++ module's parameters, buffers and children, by the C++ names."""

    def __init__(self, tree):
        super().__init__()
        for name, t in tree["parameters"].items():
            self._parameters[name] = t
        for name, t in tree["buffers"].items():
            self._buffers[name] = t
        for name, sub in tree["children"].items():
            self._modules[name] = _Mirror(sub)

    def _apply(self, fn):
        # nn.Module._apply moves parameters in place (set_data) but replaces buffers (and, on a shallow-copy
        # mismatch, parameters) with new tensors: put the results back into the C++ tensors.
        before = dict(self._parameters), dict(self._buffers)
        super()._apply(fn)
        for store, old in zip((self._parameters, self._buffers), before):
            for name, t in old.items():
                new = store[name]
                if new is not t:
                    with torch.no_grad():
                        t.data = new.data
                    store[name] = t
        return self


class _Owner(torch.nn.Module):
    """A module holding a C++ handle (``self._cpp``) mirrored under ``name``; train()/eval() reach C++."""

    def _own(self, name, handle):
        self._cpp_handles = getattr(self, "_cpp_handles", []) + [handle]
        setattr(self, name, _Mirror(handle.tree()))

    def train(self, mode=True):
        super().train(mode)
        for h in getattr(self, "_cpp_handles", []):
            h.train(mode)
        return self


class Critic(_Owner):
    """A learnable critic f(x, y) scored on all K x K pairs of a batch, built by spec:
    ``"separable"`` (f = g(x) . h(y)), ``"bilinear"`` (x^T W y), ``"concat"`` (an MLP on [x, y], evaluated
    in row blocks with activation checkpointing, Chen et al. 2016) or ``"deranged"`` (the concat MLP trained on
    the K joint and K deranged pairs only, for the bounds that average over negatives), with options such as
    ``"concat:hidden=256,layers=2"`` (hidden, layers, embed, activation, chunk_elements; defaults from the
    library's CriticOptions). Parameters are initialised from torch's global generator (torch.manual_seed).
    """

    def __init__(self, spec, x_dim, y_dim):
        super().__init__()
        self._handle = _C._Critic(spec, x_dim, y_dim)
        self.spec = self._handle.spec
        self._own("net", self._handle)

    def forward(self, x, y):
        """K x K scores S_ij = f(x_i, y_j) (the diagonal holds the positive pairs)."""
        return self._handle.scores(x, y)

    def paired(self, x, y):
        """The K matched scores f(x_i, y_i)."""
        return self._handle.paired(x, y)

    def batch_scores(self, x, y):
        """What a bound reads when this critic trains: the K x K scores, or for the ``"deranged"`` critic a pair
        (joint, negative) of K scores each (f(x_i, y_i) and f(x_i, y_sigma(i)), sigma a random derangement)."""
        return self._handle.batch_scores(x, y)

    def extra_repr(self):
        return repr(self.spec)


class MILoss(_Owner):
    """A lower bound on I(X; Y) with its own critic: ``mi = MILoss("smile:tau=5", critic="concat:hidden=256",
    x_dim=dx, y_dim=dy)``, then ``loss = -mi(x, y); loss.backward()``.

    bound: a bound spec (``infotorch.bound_names()``: dv, mine, nwj, tuba, infonce, js, smile, interpolated, kl-dime, hd-dime, gan-dime;
    see each function's docstring for its paper and equation). critic: a critic spec (see ``Critic``) or
    any module mapping (x, y) to K x K scores. forward(x, y) returns the estimate in nats whose negative is
    the training loss: its gradient is the estimator's (SMILE's and JS's are the JS objective's, MINE's
    the bias-corrected one), its value the bound. Stateful bounds keep their state here (MINE's moving
    average as buffer ``bound.log_ema``, updated in training mode; TUBA's learned ``bound.log_a``).
    """

    def __init__(self, bound="smile:tau=5", critic="separable", x_dim=None, y_dim=None):
        super().__init__()
        if isinstance(critic, str):
            if x_dim is None or y_dim is None:
                raise _C.Error("x_dim, y_dim: a critic built by spec needs both input sizes")
            critic = Critic(critic, x_dim, y_dim)
        self.critic = critic
        self._bound = _C._Bound(bound)
        self.spec = self._bound.spec
        self._mine = self.spec.startswith("mine")
        self._own("bound", self._bound)

    def forward(self, x, y):
        # A spec-built critic hands the bound what it trains on (the deranged critic: K joint + K negatives).
        scores = self.critic.batch_scores(x, y) if isinstance(self.critic, Critic) else self.critic(x, y)
        if isinstance(scores, tuple):
            mi, loss = self._bound.forward_pairs(*scores)
        else:
            mi, loss = self._bound.forward(scores)
        if self._mine:
            # Value of the DV bound, gradient of -(MINE's surrogate loss).
            return mi.detach() - (loss - loss.detach())
        return mi

    def ceiling(self, k):
        """The largest value the bound can report for a batch of k (log k for InfoNCE; inf otherwise)."""
        return self._bound.ceiling(k)

    def extra_repr(self):
        return repr(self.spec)


class MIUpperBound(_Owner):
    """An upper bound on I(X; Y) for minimisation, with a learned Gaussian q(y|x) (two MLP heads,
    log-variance bounded by max_logvar): ``"club"`` (Cheng et al. 2020, Eq. 5), ``"vclub"`` (vCLUB-sample,
    Eq. 7, one deranged negative per row) or ``"l1out"`` (Poole et al. 2019, Eq. 14-15), e.g.
    ``"club:hidden=64"``.

    Training (Cheng et al. 2020, Algorithm 1), each step: ``q_loss(x, y)`` (q's negative log-likelihood on
    detached samples) stepped with an optimiser over ``q_parameters()``; then ``forward(x, y)`` (the bound,
    differentiable in x and y) added to the encoder's loss and stepped with the encoder's optimiser only.
    """

    def __init__(self, bound="club", x_dim=1, y_dim=1):
        super().__init__()
        self._bound = _C._UpperBound(bound, x_dim, y_dim)
        self.spec = self._bound.spec
        self._own("bound", self._bound)

    def forward(self, x, y):
        mi, _ = self._bound.forward(x, y)
        return mi

    def q_loss(self, x, y):
        return self._bound.q_loss(x, y)

    def q_parameters(self):
        return self.bound.q.parameters()

    def extra_repr(self):
        return repr(self.spec)
