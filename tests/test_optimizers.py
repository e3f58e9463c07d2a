"""Tests of ``course_utils.optimizers``.

As in scikit-learn's ``test_stochastic_optimizers.py``: set an optimizer's state by hand
(nonzero velocity or accumulators, a count other than 0), take one step, and compare
with the step recomputed on paper. The arithmetic is in the comments.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_utils.optimizers import (
    OPTIMIZERS,
    AdaGradState,
    AdamState,
    MomentumState,
    RMSpropState,
    SGDState,
    adagrad,
    adagrad_step,
    adam,
    adam_step,
    adamw,
    adamw_step,
    momentum,
    momentum_step,
    nesterov,
    nesterov_step,
    rmsprop,
    rmsprop_step,
    sgd,
    sgd_step,
)

THETA = np.array([1.0, -2.0])
GRAD = np.array([0.5, -1.0])


def test_optimizers_registry_lists_the_six_in_course_order():
    assert list(OPTIMIZERS) == ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]
    for name, factory in OPTIMIZERS.items():
        assert factory(0.1).name == name


# ------------------------------------------------------- one step, recomputed by hand


def test_sgd_step_by_hand():
    params, state = sgd(0.1).update(GRAD, SGDState(count=7), THETA)
    # [1 - 0.1 * 0.5, -2 - 0.1 * (-1)] = [0.95, -1.9]
    np.testing.assert_allclose(params, [0.95, -1.9], rtol=1e-15)
    assert state == SGDState(count=8)


def test_momentum_step_from_a_nonzero_velocity_by_hand():
    state = MomentumState(count=3, velocity=np.array([0.2, 0.4]))
    params, new = momentum(0.1, beta=0.9).update(GRAD, state, THETA)
    # v = 0.9 * [0.2, 0.4] + [0.5, -1] = [0.68, -0.64]
    # theta = [1 - 0.068, -2 + 0.064] = [0.932, -1.936]
    np.testing.assert_allclose(new.velocity, [0.68, -0.64], rtol=1e-14)
    np.testing.assert_allclose(params, [0.932, -1.936], rtol=1e-14)
    assert new.count == 4


def test_nesterov_step_from_a_nonzero_velocity_by_hand():
    state = MomentumState(count=3, velocity=np.array([0.2, 0.4]))
    params, new = nesterov(0.1, beta=0.9).update(GRAD, state, THETA)
    # v = [0.68, -0.64] as for momentum; the step uses g + beta v
    #   = [0.5 + 0.612, -1 - 0.576] = [1.112, -1.576]
    # theta = [1 - 0.1112, -2 + 0.1576] = [0.8888, -1.8424]
    np.testing.assert_allclose(new.velocity, [0.68, -0.64], rtol=1e-14)
    np.testing.assert_allclose(params, [0.8888, -1.8424], rtol=1e-14)
    assert new.count == 4


def test_adagrad_step_from_nonzero_accumulators_by_hand():
    state = AdaGradState(count=2, sum_sq=np.array([0.75, 3.0]))
    params, new = adagrad(0.1, eps=1e-10).update(GRAD, state, THETA)
    # G = [0.75 + 0.25, 3 + 1] = [1, 4];  sqrt(G) = [1, 2]
    # theta = [1 - 0.1 * 0.5 / 1, -2 - 0.1 * (-1) / 2] = [0.95, -1.95]  (eps shifts it by ~1e-11)
    np.testing.assert_allclose(new.sum_sq, [1.0, 4.0], rtol=1e-15)
    np.testing.assert_allclose(params, [0.95, -1.95], rtol=1e-10)
    assert new.count == 3


def test_rmsprop_step_from_a_nonzero_average_by_hand():
    state = RMSpropState(count=5, avg_sq=np.array([0.15, 0.6]))
    params, new = rmsprop(0.01, rho=0.9, eps=1e-8).update(GRAD, state, THETA)
    # s = 0.9 * [0.15, 0.6] + 0.1 * [0.25, 1] = [0.16, 0.64];  sqrt(s) = [0.4, 0.8]
    # step = 0.01 * [0.5 / 0.4, -1 / 0.8] = [0.0125, -0.0125]
    np.testing.assert_allclose(new.avg_sq, [0.16, 0.64], rtol=1e-14)
    np.testing.assert_allclose(params, [0.9875, -1.9875], rtol=1e-9)
    assert new.count == 6


def test_adam_first_step_moves_each_parameter_by_about_lr_times_sign_of_g():
    """Does bias correction make Adam's first step lr * sign(g), whatever the gradient's scale?"""
    opt = adam(lr=0.1)
    theta = np.array([1.0, -2.0, 0.0])
    g = np.array([1e-3, -50.0, 3.0])
    params, state = opt.update(g, opt.init(theta), theta)
    # t = 1: m = 0.1 g, v = 0.001 g^2; m_hat = m / 0.1 = g, v_hat = v / 0.001 = g^2
    # step = lr * g / (|g| + eps) = lr * sign(g) up to eps / |g| <= 1e-5
    np.testing.assert_allclose(params, theta - 0.1 * np.sign(g), rtol=0, atol=1e-6)
    np.testing.assert_allclose(state.mu, 0.1 * g, rtol=1e-14)
    np.testing.assert_allclose(state.nu, 0.001 * g * g, rtol=1e-12)
    assert state.count == 1


def test_adam_step_at_a_later_count_by_hand():
    state = AdamState(count=2, mu=np.array([0.1, -0.2]), nu=np.array([0.01, 0.04]))
    params, new = adam(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8).update(GRAD, state, THETA)
    # t = 3
    # m = 0.9 * [0.1, -0.2] + 0.1 * [0.5, -1] = [0.14, -0.28]
    # v = 0.999 * [0.01, 0.04] + 0.001 * [0.25, 1] = [0.01024, 0.04096]
    # 1 - 0.9^3 = 0.271;  1 - 0.999^3 = 0.002997001
    # m_hat[0] = 0.14 / 0.271 = 0.5166052;  v_hat[0] = 0.01024 / 0.002997001 = 3.4167489
    # step[0] = 0.1 * 0.5166052 / (sqrt(3.4167489) + 1e-8) = 0.1 * 0.5166052 / 1.8484450
    #         = 0.0279481
    # coordinate 1 has m twice as large (and negative) and v four times as large, so its step
    # has the same size (up to eps): -0.1 * 1.0332103 / (3.6968900 + 1e-8) = -0.0279481
    np.testing.assert_allclose(new.mu, [0.14, -0.28], rtol=1e-14)
    np.testing.assert_allclose(new.nu, [0.01024, 0.04096], rtol=1e-13)
    assert new.count == 3
    step0 = 0.1 * (0.14 / (1 - 0.9**3)) / (math.sqrt(0.01024 / (1 - 0.999**3)) + 1e-8)
    step1 = 0.1 * (-0.28 / (1 - 0.9**3)) / (math.sqrt(0.04096 / (1 - 0.999**3)) + 1e-8)
    assert step0 == pytest.approx(0.0279481, abs=1e-7)
    assert step1 == pytest.approx(-0.0279481, abs=1e-7)
    np.testing.assert_allclose(params, [1.0 - step0, -2.0 - step1], rtol=1e-12)


def test_adagrad_and_rmsprop_add_eps_outside_the_square_root():
    """For a gradient as small as eps, is eps added to sqrt(G), not under the square root?"""
    # AdaGrad, g = 1e-10 = eps from G = 0: G = 1e-20, sqrt(G) = 1e-10,
    # step = 0.1 * 1e-10 / (1e-10 + 1e-10) = 0.05   (eps inside: 0.1 * 1e-10 / 1e-5 = 1e-6)
    params, _ = adagrad(0.1, eps=1e-10).update([1e-10], AdaGradState(0, np.zeros(1)), [0.0])
    np.testing.assert_allclose(params, [-0.05], rtol=1e-9)
    # RMSprop, rho = 0.99, g = 1e-7 from s = 0: s = 0.01 * 1e-14 = 1e-16, sqrt(s) = 1e-8 = eps,
    # step = 0.1 * 1e-7 / (1e-8 + 1e-8) = 0.5
    opt = rmsprop(0.1, rho=0.99, eps=1e-8)
    params, _ = opt.update([1e-7], RMSpropState(0, np.zeros(1)), [0.0])
    np.testing.assert_allclose(params, [-0.5], rtol=1e-9)


def test_momentum_sums_gradients_as_pytorch_does():
    """Is v = beta v + g (a sum, velocity -> g / (1 - beta)) rather than an average?"""
    opt = momentum(1e-3, beta=0.9)
    params, state = np.zeros(1), opt.init(np.zeros(1))
    for _ in range(3):
        params, state = opt.update(np.ones(1), state, params)
    # v_3 = 1 + 0.9 + 0.81 = 2.71;  params = -1e-3 * (1 + 1.9 + 2.71) = -5.61e-3
    np.testing.assert_allclose(state.velocity, [2.71], rtol=1e-14)
    np.testing.assert_allclose(params, [-5.61e-3], rtol=1e-13)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_init_gives_count_zero_and_zero_accumulators_shaped_like_params(name):
    params = {"W": np.ones((2, 3)), "b": np.ones(3)}
    state = OPTIMIZERS[name](0.1).init(params)
    assert state.count == 0
    for field in state._fields[1:]:
        acc = getattr(state, field)
        assert set(acc) == {"W", "b"}
        for key in acc:
            assert acc[key].shape == params[key].shape
            assert np.all(acc[key] == 0.0)


# -------------------------------------------------------------- dicts and arrays


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_dict_params_give_the_same_result_as_arrays(name):
    """Does a dict {"W": ..., "b": ...} follow exactly the path each array follows alone?"""
    rng = np.random.default_rng(0)
    factory = OPTIMIZERS[name]
    params = {"W": rng.normal(size=(2, 3)), "b": rng.normal(size=3)}
    grads = [{"W": rng.normal(size=(2, 3)), "b": rng.normal(size=3)} for _ in range(4)]

    opt = factory(0.05)
    tree, tree_state = params, opt.init(params)
    for g in grads:
        tree, tree_state = opt.update(g, tree_state, tree)

    for key in params:
        alone, alone_state = params[key], opt.init(params[key])
        for g in grads:
            alone, alone_state = opt.update(g[key], alone_state, alone)
        np.testing.assert_array_equal(tree[key], alone)
    assert tree_state.count == 4


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_update_accepts_lists_and_returns_float_arrays(name):
    opt = OPTIMIZERS[name](0.1)
    params, state = opt.update([1, 2], opt.init([0, 0]), [1, 1])
    assert isinstance(params, np.ndarray) and params.dtype == np.float64
    assert state.count == 1


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_update_does_not_mutate_its_inputs(name):
    opt = OPTIMIZERS[name](0.1)
    params = {"W": np.array([[1.0, -2.0], [0.5, 3.0]]), "b": np.array([0.1, -0.1])}
    grads = {"W": np.array([[0.3, -0.2], [1.0, 0.0]]), "b": np.array([0.5, 0.5])}
    state = opt.init(params)
    params, state = opt.update(grads, state, params)  # a state with nonzero accumulators
    before = copy.deepcopy((params, grads, state))
    new_params, new_state = opt.update(grads, state, params)
    for key in params:
        np.testing.assert_array_equal(params[key], before[0][key])
        np.testing.assert_array_equal(grads[key], before[1][key])
        assert new_params[key] is not params[key]
    for field, old in zip(state, before[2]):
        if isinstance(field, dict):
            for key in field:
                np.testing.assert_array_equal(field[key], old[key])
        else:
            assert field == old
    assert new_state.count == state.count + 1


def test_update_does_not_mutate_array_params():
    opt = adam(0.1)
    theta = np.array([1.0, 2.0])
    new, _ = opt.update(np.array([1.0, 1.0]), opt.init(theta), theta)
    np.testing.assert_array_equal(theta, [1.0, 2.0])
    assert new is not theta


# ------------------------------------------------------------------- schedules


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_update_number_t_uses_lr_of_t(name):
    """Does the t-th update (t = 0, 1, 2, ...) call the schedule with t, and use its value?"""
    calls = []

    def schedule(t):
        calls.append(t)
        return 0.1 * (t + 1)

    factory = OPTIMIZERS[name]
    opt = factory(schedule)
    rng = np.random.default_rng(1)
    params, state = rng.normal(size=3), opt.init(np.zeros(3))
    for t in range(3):
        g = rng.normal(size=3)
        # the same step taken by an optimizer with the constant rate lr(t), from the same state
        expected, _ = factory(0.1 * (t + 1)).update(g, state, params)
        params, state = opt.update(g, state, params)
        np.testing.assert_allclose(params, expected, rtol=1e-15)
    assert calls == [0, 1, 2]


def test_sgd_with_a_schedule_by_hand():
    rates = [0.1, 0.2, 0.4]
    opt = sgd(lambda t: rates[t])
    theta, state = np.zeros(1), opt.init(np.zeros(1))
    path = []
    for _ in range(3):
        theta, state = opt.update(np.ones(1), state, theta)
        path.append(float(theta[0]))
    # 0 - 0.1 = -0.1;  -0.1 - 0.2 = -0.3;  -0.3 - 0.4 = -0.7
    assert path == pytest.approx([-0.1, -0.3, -0.7])


# ------------------------------------------------------------------- bad input


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_mismatched_grads_shape_raises_naming_the_key(name):
    opt = OPTIMIZERS[name](0.1)
    params = {"W": np.ones((2, 2)), "b": np.ones(2)}
    grads = {"W": np.ones((2, 2)), "b": np.ones(3)}
    message = r"grads\['b'\] has shape \(3,\) but params\['b'\] has shape \(2,\)"
    with pytest.raises(ValueError, match=message):
        opt.update(grads, opt.init(params), params)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_mismatched_array_grads_shape_raises(name):
    opt = OPTIMIZERS[name](0.1)
    with pytest.raises(ValueError, match=r"grads has shape \(3,\) but params has shape \(2,\)"):
        opt.update(np.ones(3), opt.init(np.ones(2)), np.ones(2))


def test_grads_with_other_keys_or_kind_than_params_raise():
    opt = sgd(0.1)
    params = {"W": np.ones(2), "b": np.ones(2)}
    message = r"grads has keys \['W'\] but params has keys \['W', 'b'\]"
    with pytest.raises(ValueError, match=message):
        opt.update({"W": np.ones(2)}, opt.init(params), params)
    with pytest.raises(ValueError, match="both be arrays or both be dicts"):
        opt.update(np.ones(2), opt.init(params), params)


@pytest.mark.parametrize(
    ("factory", "kwargs", "message"),
    [
        (sgd, {"lr": 0.0}, r"lr must be a finite number > 0"),
        (sgd, {"lr": -0.1}, r"lr must be a finite number > 0"),
        (momentum, {"lr": 0.1, "beta": 1.0}, r"beta must lie in \[0, 1\)"),
        (nesterov, {"lr": 0.1, "beta": -0.5}, r"beta must lie in \[0, 1\)"),
        (adagrad, {"lr": 0.1, "eps": 0.0}, r"eps must be a finite number > 0"),
        (rmsprop, {"lr": 0.1, "rho": 1.5}, r"rho must lie in \[0, 1\)"),
        (adam, {"lr": 0.1, "beta2": 1.0}, r"beta2 must lie in \[0, 1\)"),
        (adam, {"lr": float("nan")}, r"lr must be a finite number > 0"),
    ],
)
def test_invalid_hyperparameters_raise(factory, kwargs, message):
    with pytest.raises(ValueError, match=message):
        factory(**kwargs)


# ------------------------------------------------------------ properties (hypothesis)

vectors = hnp.arrays(np.float64, st.integers(1, 5), elements=st.floats(-1e3, 1e3))


@given(theta=vectors, data=st.data(), lr=st.floats(1e-4, 10.0))
def test_sgd_is_theta_minus_lr_g(theta, data, lr):
    g = data.draw(hnp.arrays(np.float64, theta.shape, elements=st.floats(-1e3, 1e3)))
    new, _ = sgd(lr).update(g, SGDState(0), theta)
    np.testing.assert_array_equal(new, theta - lr * g)


@given(theta=vectors, data=st.data())
def test_adam_first_step_is_never_longer_than_lr(theta, data):
    g = data.draw(hnp.arrays(np.float64, theta.shape, elements=st.floats(-1e3, 1e3)))
    opt = adam(lr=0.01)
    new, _ = opt.update(g, opt.init(theta), theta)
    # |lr * g / (|g| + eps)| <= lr, and = lr up to 1e-4 relative once |g| >= 1e-4
    moved = np.abs(new - theta)
    assert np.all(moved <= 0.01 * (1 + 1e-12) + 1e-12 * np.abs(theta))
    big = np.abs(g) >= 1e-4
    np.testing.assert_allclose(moved[big], 0.01, rtol=1e-3)


# ------------------------------------------- the step functions (the exercises' references)


def test_sgd_step_is_theta_minus_lr_g_by_hand():
    # [1 - 0.1 * 0.5, -2 - 0.1 * (-1)] = [0.95, -1.9]
    np.testing.assert_allclose(sgd_step(THETA, GRAD, 0.1), [0.95, -1.9], rtol=1e-15)


def test_momentum_and_nesterov_steps_by_hand():
    # v = 0.9 * [0.2, 0.4] + [0.5, -1] = [0.68, -0.64]
    theta, v = momentum_step(THETA, GRAD, [0.2, 0.4], 0.1, 0.9)
    np.testing.assert_allclose(v, [0.68, -0.64], rtol=1e-14)
    np.testing.assert_allclose(theta, [0.932, -1.936], rtol=1e-14)
    # Nesterov steps along g + beta v = [1.112, -1.576]
    theta, v = nesterov_step(THETA, GRAD, [0.2, 0.4], 0.1, beta=0.9)
    np.testing.assert_allclose(v, [0.68, -0.64], rtol=1e-14)
    np.testing.assert_allclose(theta, [0.8888, -1.8424], rtol=1e-14)


def test_adagrad_and_rmsprop_steps_by_hand():
    # AdaGrad: s = [0.75 + 0.25, 3 + 1] = [1, 4]; theta = [1 - 0.05 / 1, -2 + 0.1 / 2]
    theta, s = adagrad_step(THETA, GRAD, [0.75, 3.0], 0.1)
    np.testing.assert_allclose(s, [1.0, 4.0], rtol=1e-15)
    np.testing.assert_allclose(theta, [0.95, -1.95], rtol=1e-10)
    # RMSprop, rho = 0.9: s = [0.16, 0.64], sqrt(s) = [0.4, 0.8]; step = 0.01 * [1.25, -1.25]
    theta, s = rmsprop_step(THETA, GRAD, [0.15, 0.6], 0.01, rho=0.9)
    np.testing.assert_allclose(s, [0.16, 0.64], rtol=1e-14)
    np.testing.assert_allclose(theta, [0.9875, -1.9875], rtol=1e-9)


def test_adam_step_at_count_two_by_hand():
    # the numbers of test_adam_step_at_a_later_count_by_hand: t = 3, each step 0.0279481 in size
    theta, m, s = adam_step(THETA, GRAD, [0.1, -0.2], [0.01, 0.04], 2, 0.1)
    np.testing.assert_allclose(m, [0.14, -0.28], rtol=1e-14)
    np.testing.assert_allclose(s, [0.01024, 0.04096], rtol=1e-13)
    np.testing.assert_allclose(theta, [1.0 - 0.0279481, -2.0 + 0.0279481], atol=1e-7)


def test_adam_first_step_count_zero_is_lr_times_sign_of_g():
    # t = 1: m_hat = g and s_hat = g^2 exactly, so the step is lr * g / (|g| + eps)
    theta, _, _ = adam_step([0.0, 0.0], [4.0, -0.25], [0.0, 0.0], [0.0, 0.0], 0, 0.1)
    np.testing.assert_allclose(theta, [-0.1, 0.1], rtol=1e-7)


@pytest.mark.parametrize(
    ("step", "state"),
    [
        (momentum_step, ([0.3, -0.1],)),
        (nesterov_step, ([0.3, -0.1],)),
        (adagrad_step, ([0.5, 2.0],)),
        (rmsprop_step, ([0.5, 2.0],)),
        (adam_step, ([0.1, 0.2], [0.5, 2.0], 3)),
    ],
)
def test_step_functions_are_what_the_optimizers_apply(step, state):
    """Does opt.update on a dict give, key by key, exactly the step function's arrays?"""
    factory = {
        momentum_step: momentum,
        nesterov_step: nesterov,
        adagrad_step: adagrad,
        rmsprop_step: rmsprop,
        adam_step: adam,
    }[step]
    opt = factory(0.05)
    slots = [np.asarray(x) if isinstance(x, list) else x for x in state]
    arrays = [s for s in slots if isinstance(s, np.ndarray)]
    count = state[-1] if step is adam_step else 0
    full_state = type(opt.init(THETA))(count, *({"w": a} for a in arrays))
    new, new_state = opt.update({"w": GRAD}, full_state, {"w": THETA})
    expected = step(THETA, GRAD, *state, 0.05)
    np.testing.assert_array_equal(new["w"], expected[0])
    for field, want in zip(new_state[1:], expected[1:]):
        np.testing.assert_array_equal(field["w"], want)


@pytest.mark.parametrize("step", [sgd_step, momentum_step, adagrad_step, rmsprop_step])
def test_step_functions_accept_lists_and_do_not_modify_their_input(step):
    theta, grad, state = [1.0, 2.0], [0.5, -0.5], [0.1, 0.1]
    args = (theta, grad) if step is sgd_step else (theta, grad, state)
    out = step(*args, 0.1)
    first = out if step is sgd_step else out[0]
    assert isinstance(first, np.ndarray) and first.dtype == np.float64
    assert theta == [1.0, 2.0] and state == [0.1, 0.1]
    arr = np.array([1.0, 2.0])
    step(arr, *args[1:], 0.1)
    np.testing.assert_array_equal(arr, [1.0, 2.0])


# ------------------------------------------------------------------- weight decay


def test_sgd_weight_decay_adds_omega_theta_to_the_gradient_by_hand():
    params, _ = sgd(0.1, weight_decay=0.5).update(GRAD, SGDState(0), THETA)
    # g + 0.5 theta = [0.5 + 0.5, -1 - 1] = [1, -2]; theta - 0.1 * that = [0.9, -1.8]
    np.testing.assert_allclose(params, [0.9, -1.8], rtol=1e-15)


def test_adam_weight_decay_is_coupled_so_adam_normalises_it():
    """With L2 in Adam, is the first step still lr * sign(g + omega theta)?"""
    opt = adam(0.1, weight_decay=2.0)
    theta = np.array([1.0, 1.0])
    # g + 2 theta = [-1 + 2, -3 + 2] = [1, -1]: the decay flips the first coordinate's sign
    params, _ = opt.update(np.array([-1.0, -3.0]), opt.init(theta), theta)
    np.testing.assert_allclose(params, [0.9, 1.1], rtol=1e-7)


def test_adamw_decays_theta_beside_the_adam_step_by_hand():
    opt = adamw(0.1, weight_decay=2.0)
    theta = np.array([1.0, 1.0])
    params, state = opt.update(np.array([-1.0, -3.0]), opt.init(theta), theta)
    # theta (1 - 0.1 * 2) = 0.8; then Adam's first step lr * sign(g) = -0.1 each: 0.8 + 0.1
    np.testing.assert_allclose(params, [0.9, 0.9], rtol=1e-7)
    np.testing.assert_allclose(state.mu, [-0.1, -0.3], rtol=1e-14)  # m sees g alone, no decay
    assert isinstance(state, AdamState) and state.count == 1
    theta2, m, s = adamw_step(theta, [-1.0, -3.0], [0.0, 0.0], [0.0, 0.0], 0, 0.1, weight_decay=2.0)
    np.testing.assert_array_equal(theta2, params)


def test_adamw_without_decay_is_adam():
    rng = np.random.default_rng(3)
    theta, grads = rng.normal(size=4), rng.normal(size=(5, 4))
    a, b = adam(0.01), adamw(0.01, weight_decay=0.0)
    pa, sa, pb, sb = theta, a.init(theta), theta, b.init(theta)
    for g in grads:
        pa, sa = a.update(g, sa, pa)
        pb, sb = b.update(g, sb, pb)
    np.testing.assert_array_equal(pa, pb)


@pytest.mark.parametrize("factory", [sgd, adam, adamw])
@pytest.mark.parametrize("bad", [-0.1, float("nan"), float("inf")])
def test_bad_weight_decay_is_refused(factory, bad):
    with pytest.raises(ValueError, match="weight_decay must be a finite number >= 0"):
        factory(0.1, weight_decay=bad)


def test_weight_decay_shows_in_the_repr_only_when_used():
    assert repr(adam(0.1)) == "adam(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-08)"
    assert "weight_decay=0.5" in repr(sgd(0.1, weight_decay=0.5))
    assert repr(adamw()).startswith("adamw(lr=0.001") and "weight_decay=0.01" in repr(adamw())


# ------------------------------------------------------- properties of the step functions

finite_vectors = hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-1e3, 1e3))


@given(theta=finite_vectors, data=st.data(), lr=st.floats(1e-4, 1.0))
def test_momentum_and_nesterov_without_momentum_are_plain_descent(theta, data, lr):
    g = data.draw(hnp.arrays(np.float64, theta.shape, elements=st.floats(-1e3, 1e3)))
    for step in (momentum_step, nesterov_step):
        new, v = step(theta, g, np.zeros_like(theta), lr, beta=0.0)
        np.testing.assert_array_equal(new, sgd_step(theta, g, lr))
        np.testing.assert_array_equal(v, g)


@given(theta=finite_vectors, data=st.data(), lr=st.floats(1e-4, 1.0))
def test_adagrad_never_steps_further_than_lr_and_its_sum_only_grows(theta, data, lr):
    g = data.draw(hnp.arrays(np.float64, theta.shape, elements=st.floats(-1e3, 1e3)))
    s = data.draw(hnp.arrays(np.float64, theta.shape, elements=st.floats(0, 1e3)))
    new, new_s = adagrad_step(theta, g, s, lr)
    # |g| / (sqrt(s + g^2) + eps) <= 1
    assert np.all(np.abs(new - theta) <= lr * (1 + 1e-12) + 1e-12 * np.abs(theta))
    assert np.all(new_s >= s)


@pytest.mark.parametrize("step", [adagrad_step, rmsprop_step])
def test_a_zero_gradient_from_a_zero_state_leaves_theta_unchanged_without_nan(step):
    """0 / (sqrt(0) + eps) = 0: does eps keep the first step of a zero gradient finite?"""
    with np.errstate(all="raise"):
        new, s = step([1.0, -2.0], [0.0, 0.0], [0.0, 0.0], 0.1)
    np.testing.assert_array_equal(new, [1.0, -2.0])
    np.testing.assert_array_equal(s, [0.0, 0.0])


def test_adam_zero_gradient_from_a_zero_state_leaves_theta_unchanged_without_nan():
    with np.errstate(all="raise"):
        new, m, s = adam_step([1.0, -2.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0], 0, 0.1)
    np.testing.assert_array_equal(new, [1.0, -2.0])
