"""Each bound against its formula written here in plain PyTorch, and against the C++ library on the same scores.

Scores are float64, so the plain formulas agree to rounding (1e-12); the C++ results are the same function, so
they must agree exactly.
"""
import math

import numpy as np
import pytest
import torch

import infotorch

K = 6


@pytest.fixture
def scores():
    g = torch.Generator().manual_seed(3)
    # A stronger diagonal, like a trained critic; some off-diagonal entries beyond tau = 1 to exercise clipping.
    return (torch.randn(K, K, generator=g, dtype=torch.float64) * 1.5 + 2 * torch.eye(K, dtype=torch.float64))


def offdiag(s):
    return s[~torch.eye(s.shape[0], dtype=torch.bool)]


def lme(t):  # log-mean-exp of all entries
    return torch.logsumexp(t.flatten(), 0) - math.log(t.numel())


def plain_dv(s):
    return s.diagonal().mean() - lme(offdiag(s))


def plain_nwj(s):
    return s.diagonal().mean() - math.exp(-1) * offdiag(s).exp().mean()


def plain_tuba(s, log_a):
    return 1 + (s.diagonal() - log_a).mean() - (offdiag(s) - log_a).exp().mean()


def plain_infonce(s, dim):
    return math.log(s.shape[0]) + (s.diagonal() - torch.logsumexp(s, dim)).mean()


def plain_js_objective(s):
    return -torch.nn.functional.softplus(-s.diagonal()).mean() - torch.nn.functional.softplus(offdiag(s)).mean()


def plain_interpolated(s, alpha, log_q):
    k = s.shape[0]
    e = s.exp()
    total = 0
    joint, marginal = [], []
    for j in range(k):
        for kk in range(k):  # a_kk(y_j): x_kk left out of the batch average
            if kk == j:
                continue
            a = alpha * (e[:, j].sum() - e[kk, j]) / (k - 1) + (1 - alpha) * math.exp(log_q)
            joint.append(s[j, j] - a.log())
        a_j = alpha * (e[:, j].sum() - e[j, j]) / (k - 1) + (1 - alpha) * math.exp(log_q)
        for i in range(k):
            if i != j:
                marginal.append(e[i, j] / a_j)
    total = 1 + torch.stack(joint).mean() - torch.stack(marginal).mean()
    return total


def value_and_grad(f, s):
    s = s.clone().requires_grad_(True)
    v = f(s)
    (g,) = torch.autograd.grad(v, s)
    return v.detach(), g


# (name, infotorch function, value formula, gradient formula: the function whose gradient the bound carries)
CASES = [
    ("dv", infotorch.dv, plain_dv, plain_dv),
    ("nwj", infotorch.nwj, plain_nwj, plain_nwj),
    ("js", infotorch.js, lambda s: plain_tuba(s, 0.0), plain_js_objective),
    ("smile:tau=5", lambda s: infotorch.smile(s, tau=5),
     lambda s: s.diagonal().mean() - lme(offdiag(s).clamp(-5, 5)), plain_js_objective),
    ("smile:tau=1", lambda s: infotorch.smile(s, tau=1),
     lambda s: s.diagonal().mean() - lme(offdiag(s).clamp(-1, 1)), plain_js_objective),
    ("infonce:dir=row", infotorch.infonce, lambda s: plain_infonce(s, 1), lambda s: plain_infonce(s, 1)),
    ("infonce:dir=col", lambda s: infotorch.infonce(s, dir="col"),
     lambda s: plain_infonce(s, 0), lambda s: plain_infonce(s, 0)),
    ("infonce:dir=sym", lambda s: infotorch.infonce(s, "sym"),
     lambda s: (plain_infonce(s, 0) + plain_infonce(s, 1)) / 2,
     lambda s: (plain_infonce(s, 0) + plain_infonce(s, 1)) / 2),
    ("tuba:log_a=0.5,learn=false", lambda s: infotorch.tuba(s, log_a=0.5),
     lambda s: plain_tuba(s, 0.5), lambda s: plain_tuba(s, 0.5)),
    ("interpolated:alpha=0.3,log_q=0.2", lambda s: infotorch.interpolated(s, alpha=0.3, log_q=0.2),
     lambda s: plain_interpolated(s, 0.3, 0.2), lambda s: plain_interpolated(s, 0.3, 0.2)),
]


@pytest.mark.parametrize("name,fn,value,grad_of", CASES, ids=[c[0] for c in CASES])
def test_bound_matches_plain_pytorch(scores, name, fn, value, grad_of):
    v, g = value_and_grad(fn, scores)
    want_v = value(scores)
    _, want_g = value_and_grad(grad_of, scores)
    assert v.dtype == torch.float64 and v.dim() == 0
    assert abs(v.item() - want_v.item()) < 1e-12, name
    torch.testing.assert_close(g, want_g, rtol=0, atol=1e-12)


def test_per_column_baselines_match_plain_pytorch(scores):
    # TUBA's a(y_j) and I_alpha's q(y_j) apply to column j (S_ij = f(x_i, y_j)).
    log_b = torch.linspace(-0.5, 0.5, K, dtype=torch.float64)
    mask = ~torch.eye(K, dtype=torch.bool)
    tuba = 1 + (scores.diagonal() - log_b).mean() - (scores - log_b[None, :]).exp()[mask].mean()
    assert abs(infotorch.tuba(scores, log_baseline=log_b).item() - tuba.item()) < 1e-12
    k, alpha, e = K, 0.4, scores.exp()
    joint, marginal = [], []
    for j in range(k):
        a = [alpha * (e[:, j].sum() - e[m, j]) / (k - 1) + (1 - alpha) * log_b[j].exp() for m in range(k)]
        joint += [scores[j, j] - a[m].log() for m in range(k) if m != j]
        marginal += [e[i, j] / a[j] for i in range(k) if i != j]
    want = 1 + torch.stack(joint).mean() - torch.stack(marginal).mean()
    got = infotorch.interpolated(scores, alpha=alpha, log_baseline=log_b)
    assert abs(got.item() - want.item()) < 1e-12
    assert abs(infotorch.js_objective(scores).item() - plain_js_objective(scores).item()) < 1e-12


def test_infonce_never_above_log_k(scores):
    # Even with a perfect diagonal the bound is capped at log K (van den Oord et al. 2018).
    s = scores + 100 * torch.eye(K, dtype=torch.float64)
    v = infotorch.infonce(s).item()
    assert v <= math.log(K) and v > math.log(K) - 1e-6


def test_mine_value_is_dv_and_gradient_is_the_bias_corrected_one(scores):
    s = scores.clone().requires_grad_(True)
    log_ema = torch.tensor(0.7, dtype=torch.float64)  # m_{t-1} from earlier steps
    mi, loss, new_ema = infotorch.mine(s, log_ema, ema=0.1)
    assert abs(mi.item() - plain_dv(scores).item()) < 1e-12
    assert abs(loss.item() + mi.item()) < 1e-12  # loss reads -mi
    batch = lme(offdiag(scores))
    want_ema = torch.logaddexp(log_ema + math.log1p(-0.1), batch + math.log(0.1))
    assert abs(new_ema.item() - want_ema.item()) < 1e-12
    (g,) = torch.autograd.grad(loss, s)
    s2 = scores.clone().requires_grad_(True)
    surrogate = -(s2.diagonal().mean() - (lme(offdiag(s2)) - want_ema).exp())
    (want_g,) = torch.autograd.grad(surrogate, s2)
    torch.testing.assert_close(g, want_g, rtol=0, atol=1e-12)


def test_upper_bounds_match_plain_pytorch(scores):
    L = scores  # read as L_ij = log q(y_j | x_i)
    k = L.shape[0]
    club = L.diagonal().mean() - offdiag(L).mean()
    loo = torch.stack([L[i, i] - lme(torch.cat([L[:i, i], L[i + 1:, i]])) for i in range(k)]).mean()
    assert abs(infotorch.club(L).item() - club.item()) < 1e-12
    assert abs(infotorch.l1out(L).item() - loo.item()) < 1e-12
    pos, neg = L.diagonal(), L[torch.arange(k), (torch.arange(k) + 1) % k]
    assert abs(infotorch.club_sample(pos, neg).item() - (pos - neg).mean().item()) < 1e-12
    mu, logvar = L[:, :3], L[:, 3:] / 4
    kl = 0.5 * (mu ** 2 + logvar.exp() - logvar - 1).sum(1).mean()
    assert abs(infotorch.gaussian_kl(mu, logvar).item() - kl.item()) < 1e-12
    y = L[:, 1:4] * 0.5
    want = torch.distributions.Normal(mu[:, None, :], (logvar / 2).exp()[:, None, :]).log_prob(y[None]).sum(-1)
    torch.testing.assert_close(infotorch.gaussian_log_prob_matrix(mu, logvar, y), want, rtol=0, atol=1e-12)


def test_bounds_equal_the_cpp_library_exactly(scores, npy, reference):
    (path,) = npy(scores=scores.numpy())
    ref = reference("bounds", path)
    python = {name: fn for name, fn, _, _ in CASES}
    python["club"], python["l1out"] = infotorch.club, infotorch.l1out
    nxt = (torch.arange(K) + 1) % K
    python["club_sample"] = lambda s: infotorch.club_sample(s.diagonal(), s[torch.arange(K), nxt])
    python["gaussian_kl"] = lambda s: infotorch.gaussian_kl(s[:, :3], s[:, 3:] / 4)
    assert set(python) | {"mine:ema=0.01"} == set(ref)
    for name, fn in python.items():
        v, g = value_and_grad(fn, scores)
        sign = 1 if name in ("club", "l1out", "club_sample", "gaussian_kl") else -1  # lower bounds: loss = -mi
        assert v.item() == ref[name]["mi"], name
        assert np.array_equal(sign * g.numpy().ravel(), np.array(ref[name]["grad_loss"])), name
    s = scores.clone().requires_grad_(True)
    mi, loss, _ = infotorch.mine(s)  # first step: the moving average starts at this batch
    (g,) = torch.autograd.grad(loss, s)
    assert mi.item() == ref["mine:ema=0.01"]["mi"] and loss.item() == ref["mine:ema=0.01"]["loss"]
    assert np.array_equal(g.numpy().ravel(), np.array(ref["mine:ema=0.01"]["grad_loss"]))


def test_float32_scores_give_float32_estimates(scores):
    v = infotorch.smile(scores.float())
    assert v.dtype == torch.float32
    assert abs(v.item() - infotorch.smile(scores).item()) < 1e-5


@pytest.mark.parametrize("call,message", [
    (lambda: infotorch.infonce(torch.zeros(3, 4)),
     "scores: expected a square K x K score matrix (diagonal = positive pairs), got shape [3, 4]"),
    (lambda: infotorch.infonce(torch.zeros(3, 3), dir="diag"), "infonce: option dir='diag': expected row, col or sym"),
    (lambda: infotorch.smile(torch.zeros(3, 3), tau=-1), "smile: option tau: expected a positive number, got -1"),
    (lambda: infotorch.dv(torch.tensor([[1.0, float("nan")], [0.0, 1.0]])),
     "scores: contains NaN or Inf (first at row 0); expected finite values"),
    (lambda: infotorch.mine(torch.zeros(3, 3), ema=2.0), "mine: option ema: expected a rate in (0, 1], got 2"),
])
def test_bad_input_is_a_value_error_with_the_library_message(call, message):
    with pytest.raises(ValueError) as e:
        call()
    assert isinstance(e.value, infotorch.Error)
    assert str(e.value) == message


def test_discrete_mi_terms_against_plain_torch():
    # IIC's joint-table MI, RIM's H(mean p) - mean H(p) and InfoGAN's log C - CE, each against a direct formula.
    g = torch.Generator().manual_seed(3)
    logits = torch.randn(64, 5, generator=g, dtype=torch.float64)
    p1, p2 = torch.softmax(logits, 1), torch.softmax(logits + torch.randn(64, 5, generator=g, dtype=torch.float64), 1)
    joint = p1.T @ p2 / 64
    joint = (joint + joint.T) / 2
    pi, pj = joint.sum(1, keepdim=True), joint.sum(0, keepdim=True)
    assert torch.allclose(infotorch.joint_table_mi(p1, p2), (joint * (joint / (pi * pj)).log()).sum())
    entropy = lambda p: -(p * p.log()).sum(-1)  # noqa: E731
    assert torch.allclose(infotorch.rim_mi(p1), entropy(p1.mean(0)) - entropy(p1).mean())
    codes = torch.arange(64) % 5
    expected = math.log(5) - torch.nn.functional.cross_entropy(logits, codes)
    assert torch.allclose(infotorch.infogan_categorical(logits, codes), expected)
    with pytest.raises(ValueError, match="codes: expected values in"):
        infotorch.infogan_categorical(logits, codes + 5)
