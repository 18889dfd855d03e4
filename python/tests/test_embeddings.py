"""infonce_embeddings (blockwise, never holding K x K) against the plain-PyTorch logsumexp formula on u v^T,
and against the C++ library on the same embeddings."""
import math

import numpy as np
import pytest
import torch

import infotorch


def plain(u, v, dir):
    s = u @ v.T
    row = math.log(s.shape[0]) + (s.diagonal() - torch.logsumexp(s, 1)).mean()
    col = math.log(s.shape[0]) + (s.diagonal() - torch.logsumexp(s, 0)).mean()
    return {"row": row, "col": col, "sym": (row + col) / 2}[dir]


@pytest.fixture
def uv():
    g = torch.Generator().manual_seed(11)
    u = torch.randn(40, 8, generator=g, dtype=torch.float64)
    return u, u + 0.5 * torch.randn(40, 8, generator=g, dtype=torch.float64)


def grads(f, u, v, upstream=1.0):
    u, v = u.clone().requires_grad_(True), v.clone().requires_grad_(True)
    val = f(u, v)
    gu, gv = torch.autograd.grad(upstream * val, (u, v))
    return val.detach(), gu / upstream, gv / upstream


@pytest.mark.parametrize("dir", ["row", "col", "sym"])
def test_matches_plain_logsumexp_formula(uv, dir):
    u, v = uv
    # 256 scores per block: K = 40 rows in 7 blocks, so the blockwise path is what runs.
    # An upstream gradient other than 1 checks that backward scales by it.
    val, gu, gv = grads(lambda a, b: infotorch.infonce_embeddings(a, b, dir=dir, block_elements=256), u, v, 2.5)
    want, wu, wv = grads(lambda a, b: plain(a, b, dir), u, v)
    assert abs(val.item() - want.item()) < 1e-12
    torch.testing.assert_close(gu, wu, rtol=0, atol=1e-12)
    torch.testing.assert_close(gv, wv, rtol=0, atol=1e-12)


def test_equals_the_cpp_library_exactly(uv, npy, reference):
    u, v = uv
    ref = reference("embeddings", *npy(u=u.numpy(), v=v.numpy()))
    for dir in ("row", "col", "sym"):
        val, gu, gv = grads(lambda a, b: infotorch.infonce_embeddings(a, b, dir=dir, block_elements=256), u, v)
        assert val.item() == ref[dir]["mi"]
        assert np.array_equal(gu.numpy().ravel(), np.array(ref[dir]["grad_u"]))
        assert np.array_equal(gv.numpy().ravel(), np.array(ref[dir]["grad_v"]))


def test_float32_training_step_matches_score_matrix_path():
    torch.manual_seed(0)
    enc = torch.nn.Linear(16, 8)
    x = torch.randn(64, 16)
    u, v = enc(x), enc(x + 0.1 * torch.randn(64, 16))
    a = infotorch.infonce_embeddings(u, v)
    (ga,) = torch.autograd.grad(a, enc.weight, retain_graph=True)
    b = infotorch.infonce(u @ v.T)
    (gb,) = torch.autograd.grad(b, enc.weight)
    assert abs(a.item() - b.item()) < 1e-5
    torch.testing.assert_close(ga, gb, rtol=1e-4, atol=1e-6)


def test_mismatched_rows_name_u_and_v():
    with pytest.raises(ValueError, match=r"^u and v"):
        infotorch.infonce_embeddings(torch.zeros(4, 3), torch.zeros(5, 3))
