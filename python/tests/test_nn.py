"""torch.nn wrappers: parameters reach torch optimisers, state_dict round-trips, the chunked concat critic
matches its plain-PyTorch MLP, and training raises the bound."""
import math

import pytest
import torch

import infotorch
from infotorch.nn import Critic, MILoss, MIUpperBound


def gaussian_batch(k, rho=0.8, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(k, 2, generator=g)
    return x, rho * x + math.sqrt(1 - rho ** 2) * torch.randn(k, 2, generator=g)


def plain_concat(net, x, y, activation=torch.relu):
    # The concat critic is an MLP on [x_i, y_j]: first layer split into x's (with bias) and y's columns.
    h = (x @ net.first_x.weight.T + net.first_x.bias)[:, None, :] + (y @ net.first_y.weight.T)[None, :, :]
    layers = sorted((m for m in net._modules if m.startswith("linear")), key=lambda m: int(m[6:]))
    for name in layers:
        layer = getattr(net, name)
        h = torch.nn.functional.linear(activation(h), layer.weight, layer.bias)
    return h.squeeze(-1)


def test_chunked_concat_scores_and_backward_match_plain_mlp():
    torch.manual_seed(1)
    # chunk_elements = 64 on K = 12, hidden 16: blocks of 4 rows, recomputed in backward (checkpointing).
    critic = Critic("concat:hidden=16,layers=2,chunk_elements=64", 2, 2)
    x, y = gaussian_batch(12)
    x.requires_grad_(True)
    s = critic(x, y)
    want = plain_concat(critic.net, x, y)
    torch.testing.assert_close(s, want, rtol=1e-5, atol=1e-6)
    w = torch.randn(12, 12)
    params = [x] + list(critic.parameters())
    got = torch.autograd.grad((s * w).sum(), params)
    ref = torch.autograd.grad((want * w).sum(), params)
    for a, b in zip(got, ref):
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(critic.paired(x, y), want.diagonal(), rtol=1e-5, atol=1e-6)


def test_parameters_are_the_cpp_modules_and_an_optimiser_raises_the_bound():
    torch.manual_seed(0)
    mi = MILoss("infonce", critic="concat:hidden=32", x_dim=2, y_dim=2)
    names = [n for n, _ in mi.named_parameters()]
    assert names == ["critic.net." + n for n in ("first_x.weight", "first_x.bias", "first_y.weight", "linear1.weight",
                                                 "linear1.bias", "linear2.weight", "linear2.bias")]
    opt = torch.optim.Adam(mi.parameters(), lr=1e-2)
    x, y = gaussian_batch(128, seed=5)
    first = mi(x, y).item()
    for step in range(60):
        xb, yb = gaussian_batch(128, seed=step)
        loss = -mi(xb, yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
    after = mi(x, y).item()
    truth = -2 * 0.5 * math.log(1 - 0.8 ** 2)  # 2 pairs with rho = 0.8: 1.02 nats
    assert after > first + 0.3, (first, after)
    assert after < math.log(128) and abs(after - truth) < 0.5, after


def test_state_dict_round_trips_into_a_fresh_module():
    torch.manual_seed(0)
    a = MILoss("mine:ema=0.1", critic="separable:hidden=16,embed=4", x_dim=2, y_dim=2)
    x, y = gaussian_batch(64)
    a(x, y)  # updates MINE's moving average (training mode)
    state = a.state_dict()
    assert "bound.log_ema" in state and math.isfinite(state["bound.log_ema"].item())
    torch.manual_seed(1)
    b = MILoss("mine:ema=0.1", critic="separable:hidden=16,embed=4", x_dim=2, y_dim=2)
    assert b(x, y).item() != a(x, y).item()
    b.load_state_dict(a.state_dict())
    a.eval(), b.eval()
    assert b(x, y).item() == a(x, y).item()
    assert torch.equal(b.bound.log_ema, a.bound.log_ema)


def test_eval_mode_freezes_mine_state_and_gradient_is_minus_the_surrogate():
    torch.manual_seed(0)
    m = MILoss("mine:ema=0.5", critic="bilinear", x_dim=2, y_dim=2).eval()
    x, y = gaussian_batch(32)
    m(x, y)
    assert m.bound.log_ema.item() == -math.inf  # not updated outside training
    m.train()
    s = m.critic(x, y)
    mi, loss, _ = infotorch.mine(s.detach().requires_grad_(True), None, ema=0.5)
    out = m(x, y)
    assert abs(out.item() - mi.item()) < 1e-6  # the value is DV's


def test_tuba_learned_baseline_is_a_parameter():
    m = MILoss("tuba:learn=true", critic="bilinear", x_dim=2, y_dim=2)
    assert "bound.log_a" in dict(m.named_parameters())
    x, y = gaussian_batch(16)
    (-m(x, y)).backward()
    assert m.bound.log_a.grad is not None and m.bound.log_a.grad.abs().item() > 0


def test_to_double_and_device_keep_the_cpp_tensors():
    torch.manual_seed(0)
    m = MILoss("smile:tau=5", critic="concat:hidden=8", x_dim=2, y_dim=2)
    m.to("cpu").double()
    x, y = gaussian_batch(16)
    out = m(x.double(), y.double())
    assert out.dtype == torch.float64  # the C++ critic computed in the parameters' new dtype


def test_user_critic_module_is_accepted():
    class Dot(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.w = torch.nn.Linear(2, 2, bias=False)

        def forward(self, x, y):
            return self.w(x) @ y.T

    m = MILoss("infonce", critic=Dot())
    x, y = gaussian_batch(8)
    assert abs(m(x, y).item() - infotorch.infonce(m.critic(x, y)).item()) < 1e-6


def test_upper_bound_fits_q_then_reads_club_of_the_true_conditional():
    torch.manual_seed(0)
    ub = MIUpperBound("club:hidden=32", x_dim=2, y_dim=2)
    opt = torch.optim.Adam(ub.q_parameters(), lr=5e-3)
    for step in range(200):
        x, y = gaussian_batch(128, seed=step)
        loss = ub.q_loss(x, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    x, y = gaussian_batch(2000, seed=999)
    truth = -math.log(1 - 0.8 ** 2)  # 2 pairs: 1.02 nats
    # CLUB at q = p(y|x) (Cheng et al. 2020, Eq. 5) for each pair: E_P[log q] - E_Q[log q] with
    # log q = -(y - rho x)^2 / (2 (1 - rho^2)) + c, E_P[(y - rho x)^2] = 1 - rho^2, E_Q[...] = 1 + rho^2:
    # rho^2 / (1 - rho^2) per pair, 3.56 nats for two -- far above the MI, as CLUB is for strong dependence.
    club_true_q = 2 * 0.8 ** 2 / (1 - 0.8 ** 2)
    v = ub(x, y).item()
    assert v > truth and abs(v - club_true_q) < 0.3, (v, club_true_q)
    assert ub.spec == "club:hidden=32,max_logvar=5"


@pytest.mark.parametrize("call,message", [
    (lambda: MILoss("smile:tau=5", critic="concat:width=3", x_dim=2, y_dim=2),
     "critic 'concat': unknown option 'width' (known: hidden, layers, activation, chunk_elements)"),
    (lambda: MILoss("smile:tau=5", critic="concat"), "x_dim, y_dim: a critic built by spec needs both input sizes"),
    (lambda: MILoss("nope", critic="bilinear", x_dim=1, y_dim=1),
     "estimator 'nope': unknown bound (known: dv, mine, nwj, tuba, infonce, js, smile, interpolated, kl-dime, hd-dime, gan-dime)"),
    (lambda: MIUpperBound("club:depth=2", 1, 1), "estimator 'club': unknown option 'depth' (known: hidden, max_logvar)"),
])
def test_bad_specs_raise_value_errors(call, message):
    with pytest.raises(ValueError) as e:
        call()
    assert str(e.value) == message


def test_the_deranged_critic_trains_on_pairs_and_infonce_refuses_it():
    torch.manual_seed(0)
    mi = MILoss("gan-dime", critic="deranged:hidden=32", x_dim=2, y_dim=2)
    joint, negative = mi.critic.batch_scores(*gaussian_batch(64))
    assert joint.shape == (64,) and negative.shape == (64,)
    # The joint scores are the concat network's paired scores; the negatives are other entries of its rows.
    x, y = gaussian_batch(64)
    assert torch.allclose(joint, mi.critic.paired(x, y), atol=1e-5)
    opt = torch.optim.Adam(mi.parameters(), lr=3e-3)
    first = mi(x, y).item()
    for step in range(300):
        loss = -mi(*gaussian_batch(128, seed=step))
        opt.zero_grad()
        loss.backward()
        opt.step()
    truth = -2 * 0.5 * math.log(1 - 0.8 ** 2)
    after = sum(mi(*gaussian_batch(512, seed=1000 + s)).item() for s in range(5)) / 5
    assert abs(after - truth) < 0.3, (first, after)
    with pytest.raises(ValueError, match="infonce:dir=row: needs the K x K score matrix"):
        MILoss("infonce", critic="deranged:hidden=8", x_dim=2, y_dim=2)(x, y)
