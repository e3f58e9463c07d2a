"""Tests of ``course_utils.network`` (the 2-2-1 network) and ``course_utils.mlp``.

Values are derived by hand (exact fractions where the sigmoid allows it, and the notes'
example recomputed with ``math``), gradients by central differences, and the rest by
properties that hold for any input.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_utils import mlp, network
from course_utils.gradcheck import gradcheck, numerical_gradient
from course_utils.optimizers import adam, momentum, sgd

LOG3 = math.log(3.0)


def _sig(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _random(h: int, n: int, seed: int):
    rng = np.random.default_rng(seed)
    params = {
        "W1": rng.normal(0, 1, (h, 2)),
        "b1": rng.normal(0, 1, h),
        "W2": rng.normal(0, 1, (1, h)),
        "b2": rng.normal(0, 1, 1),
    }
    X = rng.normal(0, 1.5, (n, 2))
    y = (rng.uniform(size=n) < 0.5).astype(float)
    return X, y, params


# --------------------------------------------------------------- values by hand


def test_an_example_with_exact_fractions():
    """With z = +-log 3 every sigmoid is 3/4 or 1/4: are all values the fractions worked on paper?"""
    params = {
        "W1": np.array([[LOG3, 0.0], [0.0, -LOG3]]),
        "b1": np.zeros(2),
        "W2": np.array([[2.0, 2.0]]),
        "b2": np.array([LOG3 - 2.0]),
    }
    X, y = np.array([[1.0, 1.0]]), np.array([1.0])
    fwd = network.forward(params, X)
    # z_hidden = [log 3, -log 3] -> a = [3/4, 1/4]; z_out = 2(3/4 + 1/4) + log 3 - 2 = log 3 -> y_hat = 3/4
    np.testing.assert_allclose(fwd.a_hidden, [[0.75, 0.25]], rtol=1e-14)
    np.testing.assert_allclose(fwd.z_out, [LOG3], rtol=1e-14)
    np.testing.assert_allclose(fwd.y_hat, [0.75], rtol=1e-14)
    assert network.loss(fwd, y) == pytest.approx(math.log(4 / 3), rel=1e-14)  # -log(3/4)
    bw = network.backward(params, fwd, y)
    # delta_out = 3/4 - 1 = -1/4; sigma'(+-log 3) = 3/4 * 1/4 = 3/16; delta_hidden = 2 * (-1/4) * 3/16 = -3/32
    np.testing.assert_allclose(bw.delta_out, [-0.25], rtol=1e-14)
    np.testing.assert_allclose(bw.sigma_prime_hidden, [[3 / 16, 3 / 16]], rtol=1e-14)
    np.testing.assert_allclose(bw.delta_hidden, [[-3 / 32, -3 / 32]], rtol=1e-14)
    np.testing.assert_allclose(bw.grads["W2"], [[-3 / 16, -1 / 16]], rtol=1e-14)  # delta_out * a
    np.testing.assert_allclose(bw.grads["b2"], [-0.25], rtol=1e-14)
    np.testing.assert_allclose(
        bw.grads["W1"], np.full((2, 2), -3 / 32), rtol=1e-14
    )  # delta_hidden x^T, x = [1, 1]
    np.testing.assert_allclose(bw.grads["b1"], [-3 / 32, -3 / 32], rtol=1e-14)


def test_the_notes_example_recomputed_with_math():
    """Does the worked example match the notes' formulas evaluated line by line with ``math``?"""
    X, y, params = network.worked_example()
    z1, z2 = 0.2 * 1 + 0.4 * 0 + 0.1, 0.3 * 1 + 0.1 * 0 + 0.2
    a1, a2 = _sig(z1), _sig(z2)
    z3 = 0.7 * a1 + 0.5 * a2 + 0.3
    y_hat = _sig(z3)
    d3 = y_hat - 1.0
    d1, d2 = 0.7 * d3 * a1 * (1 - a1), 0.5 * d3 * a2 * (1 - a2)
    fwd = network.forward(params, X)
    np.testing.assert_allclose(fwd.z_hidden, [[z1, z2]], rtol=1e-14)
    np.testing.assert_allclose(fwd.z_out, [z3], rtol=1e-14)
    assert network.loss(fwd, y) == pytest.approx(-math.log(y_hat), rel=1e-12)
    grads = network.notes_values(network.backward(params, fwd, y).grads)
    expected = {
        "w11": d1,
        "w21": 0.0,
        "b1": d1,
        "w12": d2,
        "w22": 0.0,
        "b2": d2,
        "w13": d3 * a1,
        "w23": d3 * a2,
        "b3": d3,
    }
    for name, value in expected.items():
        assert grads[name] == pytest.approx(value, rel=1e-12, abs=1e-15), name


def test_the_notes_hand_rounded_z3_is_not_what_their_formula_gives():
    """Is the notes' z3 = 1.086 really a slip (their own rounded a1, a2 give 1.013)?"""
    X, _, params = network.worked_example()
    fwd = network.forward(params, X)
    assert round(float(fwd.z_out[0]), 3) == 1.013
    assert round(0.7 * 0.574 + 0.5 * 0.622 + 0.3, 3) == 1.013


def test_w_ji_is_the_weight_from_input_i_to_unit_j():
    """With x = e_i, is z_hidden[j] = W1[j, i] + b1[j], as the convention z = W x + b says?"""
    _, _, params = network.worked_example()
    fwd = network.forward(params, np.array([[0.0, 1.0]]))
    w = network.notes_values(params)
    np.testing.assert_allclose(fwd.z_hidden, [[w["w21"] + w["b1"], w["w22"] + w["b2"]]])


def test_notes_names_round_trip():
    """Do params_from_notes and notes_values invert each other?"""
    values = dict(w11=1.0, w21=2.0, b1=3.0, w12=4.0, w22=5.0, b2=6.0, w13=7.0, w23=8.0, b3=9.0)
    params = network.params_from_notes(**values)
    assert network.notes_values(params) == values
    np.testing.assert_array_equal(params["W1"], [[1.0, 2.0], [4.0, 5.0]])
    np.testing.assert_array_equal(params["b1"], [3.0, 6.0])
    np.testing.assert_array_equal(params["W2"], [[7.0, 8.0]])
    np.testing.assert_array_equal(params["b2"], [9.0])


# ----------------------------------------------------- finite differences


@pytest.mark.parametrize("h, n, seed", [(2, 1, 0), (2, 7, 1), (3, 20, 2), (5, 4, 3)])
def test_every_gradient_matches_central_differences(h, n, seed):
    """Does each of the gradients (every key) agree with central differences, on batches too?"""
    X, y, params = _random(h, n, seed)
    analytic = network.gradients(params, X, y)
    numeric = numerical_gradient(lambda p: network.cost(p, X, y), params)
    for key in network.KEYS:
        np.testing.assert_allclose(analytic[key], numeric[key], rtol=1e-6, atol=1e-9, err_msg=key)


def test_gradcheck_of_the_worked_example():
    X, y, params = network.worked_example()
    assert gradcheck(lambda p: network.cost(p, X, y), lambda p: network.gradients(p, X, y), params) < 1e-8


def test_the_deltas_are_the_derivatives_of_each_sample_loss_with_respect_to_z():
    """Is delta_hidden[i] the derivative of sample i's loss with respect to its z_hidden?"""
    X, y, params = _random(3, 5, 4)
    fwd = network.forward(params, X)
    bw = network.backward(params, fwd, y)
    from course_utils.activations import sigmoid
    from course_utils.losses import binary_cross_entropy_with_logits

    for i in range(len(X)):

        def loss_of_z(z, i=i):
            z_out = sigmoid(z) @ params["W2"][0] + params["b2"][0]
            return binary_cross_entropy_with_logits(y[i : i + 1], np.array([z_out]))

        np.testing.assert_allclose(
            bw.delta_hidden[i], numerical_gradient(loss_of_z, fwd.z_hidden[i]), rtol=1e-6, atol=1e-10
        )


# --------------------------------------------------------------- properties


@given(n=st.integers(1, 12), h=st.integers(1, 4), seed=st.integers(0, 10_000))
def test_batch_gradient_is_the_mean_of_sample_gradients(n, h, seed):
    X, y, params = _random(h, n, seed)
    batch = network.gradients(params, X, y)
    per_sample = [network.gradients(params, X[i : i + 1], y[i : i + 1]) for i in range(n)]
    for key in network.KEYS:
        assert batch[key].shape == params[key].shape
        np.testing.assert_allclose(
            batch[key], np.mean([g[key] for g in per_sample], axis=0), rtol=1e-10, atol=1e-14
        )


@given(seed=st.integers(0, 10_000))
def test_a_small_step_against_the_gradient_lowers_the_cost(seed):
    X, y, params = _random(3, 8, seed)
    grads = network.gradients(params, X, y)
    if sum(float((g**2).sum()) for g in grads.values()) < 1e-10:
        return  # a stationary point: nothing to descend
    assert network.cost(network.update(params, grads, 1e-3), X, y) < network.cost(params, X, y)


def test_update_moves_all_nine_parameters_and_leaves_the_input_alone():
    X, y, params = network.worked_example()
    before = {k: v.copy() for k, v in params.items()}
    grads = {k: np.ones_like(v) for k, v in params.items()}
    new = network.update(params, grads, 0.5)
    for k in network.KEYS:
        np.testing.assert_array_equal(params[k], before[k])
        np.testing.assert_allclose(new[k], before[k] - 0.5)


def test_training_lowers_the_loss_and_raises_y_hat_on_the_worked_example():
    X, y, params = network.worked_example()
    history = network.train(params, X, y, lr=0.5, steps=50)
    assert history.costs.shape == (51,) and history.y_hat.shape == (51, 1)
    assert np.all(np.diff(history.costs) < 0) and np.all(np.diff(history.y_hat[:, 0]) > 0)
    assert history.params["W1"].shape == (51, 2, 2)
    # index 1 is one update from index 0
    one = network.update(params, network.gradients(params, X, y), 0.5)
    for k in network.KEYS:
        np.testing.assert_allclose(history.params[k][1], one[k])


def test_the_loss_is_finite_for_saturated_outputs():
    """With huge weights, y_hat rounds to 1: is the loss still exact and finite?"""
    params = network.params_from_notes(w11=0, w21=0, b1=0, w12=0, w22=0, b2=0, w13=0, w23=0, b3=-50.0)
    cost = network.cost(params, np.array([[0.0, 0.0]]), np.array([1.0]))
    assert cost == pytest.approx(50.0, rel=1e-12)  # -log(sigmoid(-50)) = 50 + log(1 + e^-50)


# --------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "X, y, params, words",
    [
        (np.array([1.0, 0.0]), np.array([1.0]), None, "batch"),
        (np.zeros((1, 3)), np.array([1.0]), None, "3 inputs"),
        (np.zeros((2, 2)), np.array([1.0]), None, "one label per sample"),
        (np.zeros((1, 2)), np.array([2.0]), None, "labels"),
        (np.zeros((1, 2)), np.array([1.0]), {"W1": np.zeros((2, 2))}, "missing"),
        (
            np.zeros((1, 2)),
            np.array([1.0]),
            {"W1": np.zeros((2, 2)), "b1": np.zeros(3), "W2": np.zeros((1, 2)), "b2": np.zeros(1)},
            "b1",
        ),
        (np.zeros((1, 2)), np.array([1.0]), [1, 2], "dict"),
    ],
)
def test_bad_input_gets_a_clear_message(X, y, params, words):
    params = network.worked_example()[2] if params is None else params
    with pytest.raises(ValueError, match=words):
        network.cost(params, X, y)


# ---------------------------------------------------------------------- mlp


def test_mlp_with_sigmoid_and_one_hidden_layer_is_the_2_2_1_network():
    X, y, params = network.worked_example()
    cost, grads = mlp.loss_and_grads(params, X, y, activation="sigmoid")
    assert cost == pytest.approx(network.cost(params, X, y), rel=1e-14)
    for k in network.KEYS:
        np.testing.assert_allclose(grads[k], network.gradients(params, X, y)[k], rtol=1e-13)


@pytest.mark.parametrize("activation", sorted(mlp.ACTIVATIONS))
@pytest.mark.parametrize("sizes", [[2, 1], [2, 5, 1], [3, 4, 3, 1]])
def test_mlp_gradients_match_central_differences(sizes, activation):
    rng = np.random.default_rng(len(sizes))
    X = rng.normal(0, 1, (9, sizes[0]))
    y = (rng.uniform(size=9) < 0.5).astype(float)
    params = mlp.init(sizes, seed=1)
    for k in params:
        if k.startswith("b"):
            params[k] = rng.normal(0, 0.5, params[k].shape)  # nonzero biases, away from relu's kink at 0
    error = gradcheck(
        lambda p: mlp.cost(p, X, y, activation=activation),
        lambda p: mlp.loss_and_grads(p, X, y, activation=activation)[1],
        params,
    )
    assert error < 1e-7


def test_mlp_init_is_seeded_and_shaped():
    a, b = mlp.init([2, 8, 4, 1], seed=3), mlp.init([2, 8, 4, 1], seed=3)
    assert {k: v.shape for k, v in a.items()} == {
        "W1": (8, 2),
        "b1": (8,),
        "W2": (4, 8),
        "b2": (4,),
        "W3": (1, 4),
        "b3": (1,),
    }
    for k in a:
        np.testing.assert_array_equal(a[k], b[k])
    assert not np.array_equal(a["W1"], mlp.init([2, 8, 4, 1], seed=4)["W1"])


def test_train_epoch_is_the_loop_of_the_notebook():
    """Is one epoch exactly: shuffled batches, loss_and_grads, opt.update, state carried over?"""
    rng = np.random.default_rng(0)
    X, y = rng.normal(0, 1, (23, 2)), (rng.uniform(size=23) < 0.5).astype(float)
    params = mlp.init([2, 3, 1], seed=0)
    opt = momentum(0.1)
    got, state, costs = mlp.train_epoch(
        params, X, y, 5, np.random.default_rng(1), opt=opt, state=opt.init(params)
    )
    order = np.random.default_rng(1).permutation(23)
    p, s = params, opt.init(params)
    for start in range(0, 23, 5):
        idx = order[start : start + 5]
        _, grads = mlp.loss_and_grads(p, X[idx], y[idx])
        p, s = opt.update(grads, s, p)
    for k in p:
        np.testing.assert_allclose(got[k], p[k], rtol=1e-12)
    assert len(costs) == 5 and state.count == 5


def test_training_on_two_moons_beats_a_straight_line():
    from course_utils.data import two_moons

    X, y = two_moons(200, noise=0.2, seed=0)
    run = mlp.train(mlp.init([2, 8, 1], seed=0), X, y, opt=adam(0.1), epochs=40, batch_size=32, seed=0)
    line = mlp.train(mlp.init([2, 1], seed=0), X, y, opt=adam(0.1), epochs=40, batch_size=32, seed=0)
    assert len(run.snapshots) == 41 and run.costs.shape == (41,) and run.batch_costs.shape == (40 * 7,)
    assert run.costs[-1] < 0.6 * line.costs[-1]
    assert mlp.accuracy(run.snapshots[-1], X, y) > 0.93
    predicted = mlp.predict(run.snapshots[-1], X)
    assert set(np.unique(predicted)) <= {0.0, 1.0}


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: mlp.init([2, 3, 2], seed=0), "one output unit"),
        (lambda: mlp.init([2, 3, 1]), "exactly one of seed"),
        (lambda: mlp.cost(mlp.init([2, 3, 1], seed=0), np.zeros((4, 3)), np.zeros(4)), r"\[n_samples, 2\]"),
        (
            lambda: mlp.cost(mlp.init([2, 3, 1], seed=0), np.zeros((4, 2)), np.zeros(4), activation="swish"),
            "activation",
        ),
        (lambda: mlp.cost({"W1": np.zeros((1, 2))}, np.zeros((4, 2)), np.zeros(4)), "keys"),
        (
            lambda: mlp.train(
                mlp.init([2, 1], seed=0), np.zeros((4, 2)), np.zeros(4), opt=sgd(0.1), epochs=-1, batch_size=2
            ),
            "epochs",
        ),
    ],
)
def test_mlp_bad_input_gets_a_clear_message(call, words):
    with pytest.raises(ValueError, match=words):
        call()


def test_update_names_the_gradient_dict_that_is_wrong():
    _, _, params = network.worked_example()
    with pytest.raises(ValueError, match=r"grads is missing \['b1', 'W2', 'b2'\]"):
        network.update(params, {"W1": np.zeros((2, 2))}, 0.1)
    with pytest.raises(ValueError, match="lr must be"):
        network.update(params, params, -1.0)
