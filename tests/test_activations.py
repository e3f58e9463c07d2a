"""Tests of ``course_utils.activations``: values by hand, derivatives by finite
differences, and stability at logits of +-1e4."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_utils.activations import (
    log_sigmoid,
    log_softmax,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softmax,
    tanh,
    tanh_grad,
)
from course_utils.gradcheck import gradcheck

logit = st.one_of(st.floats(-1e4, 1e4), st.sampled_from([-1e4, 1e4, 0.0]))
logit_arrays = hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=5), elements=logit)


# ---------------------------------------------------------------- values by hand


def test_sigmoid_by_hand():
    # sigma(0) = 1/2;  sigma(log 3) = 1 / (1 + 1/3) = 3/4;  sigma(-log 3) = 1/4
    np.testing.assert_allclose(sigmoid([0.0, math.log(3), -math.log(3)]), [0.5, 0.75, 0.25], rtol=1e-15)


def test_sigmoid_matches_the_textbook_formula_on_moderate_inputs():
    z = [-5.0, -0.5, 0.1, 2.0, 30.0]
    np.testing.assert_allclose(sigmoid(z), [1 / (1 + math.exp(-v)) for v in z], rtol=1e-14)


def test_sigmoid_grad_takes_the_pre_activation():
    """Is sigmoid_grad(z) = sigma(z)(1 - sigma(z)), evaluated at z, not at sigma(z)?"""
    # sigma'(0) = 1/2 * 1/2 = 1/4;  sigma'(log 3) = 3/4 * 1/4 = 3/16
    np.testing.assert_allclose(sigmoid_grad([0.0, math.log(3)]), [0.25, 3 / 16], rtol=1e-15)
    # the common mistake, sigma(sigma(0)) style: sigmoid_grad(0.5) is not 1/4
    assert sigmoid_grad(0.5) != pytest.approx(0.25)


def test_softmax_of_equal_logits_is_uniform():
    np.testing.assert_allclose(softmax([3.0, 3.0, 3.0, 3.0]), [0.25] * 4, rtol=1e-15)
    np.testing.assert_allclose(softmax(np.full((2, 5), -7.0)), np.full((2, 5), 0.2), rtol=1e-15)


def test_softmax_by_hand():
    # exp(0), exp(log 2), exp(log 5) = 1, 2, 5; the sum is 8
    np.testing.assert_allclose(softmax([0.0, math.log(2), math.log(5)]), [1 / 8, 2 / 8, 5 / 8], rtol=1e-14)


def test_softmax_matches_explicit_exp_and_sum():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(3, 4))
    expected = [[math.exp(v) / sum(math.exp(u) for u in row) for v in row] for row in z]
    np.testing.assert_allclose(softmax(z), expected, rtol=1e-14)


def test_softmax_axis_selects_the_class_axis():
    z = np.array([[0.0, math.log(3)], [math.log(3), 0.0]])
    # along axis 0, column 0 is (1, 3) / 4 and column 1 is (3, 1) / 4
    np.testing.assert_allclose(softmax(z, axis=0), [[0.25, 0.75], [0.75, 0.25]], rtol=1e-14)


def test_log_softmax_by_hand_and_at_logits_of_1e4():
    # log(1/8, 2/8, 5/8)
    np.testing.assert_allclose(
        log_softmax([0.0, math.log(2), math.log(5)]),
        [math.log(1 / 8), math.log(2 / 8), math.log(5 / 8)],
        rtol=1e-14,
    )
    # max 1e4: shifted (0, -2e4, -1e4), log(1 + e^-2e4 + e^-1e4) = 0
    # (where np.log(softmax(z)) gives -inf for the underflowed entry)
    np.testing.assert_array_equal(log_softmax([1e4, -1e4, 0.0]), [0.0, -2e4, -1e4])


def test_relu_and_its_subgradient_zero_at_zero():
    np.testing.assert_array_equal(relu([-2.0, 0.0, 3.5]), [0.0, 0.0, 3.5])
    np.testing.assert_array_equal(relu_grad([-2.0, 0.0, 3.5]), [0.0, 0.0, 1.0])


def test_tanh_and_its_derivative_by_hand():
    # tanh(0) = 0, tanh'(0) = 1;  at atanh(1/2), tanh' = 1 - 1/4 = 3/4
    np.testing.assert_allclose(tanh([0.0, math.atanh(0.5)]), [0.0, 0.5], atol=1e-15)
    np.testing.assert_allclose(tanh_grad([0.0, math.atanh(0.5)]), [1.0, 0.75], rtol=1e-14)


@pytest.mark.parametrize(
    "fn", [sigmoid, sigmoid_grad, softmax, log_softmax, relu, relu_grad, tanh, tanh_grad]
)
def test_accepts_lists_and_integers_and_returns_float64(fn):
    out = fn([[1, 2], [3, 4]])
    assert out.dtype == np.float64 and out.shape == (2, 2)


@pytest.mark.parametrize("fn", [sigmoid, softmax, log_softmax, relu, tanh_grad])
def test_nan_input_raises(fn):
    with pytest.raises(ValueError, match=r"z must be finite, but z\[1\] = nan"):
        fn([0.0, float("nan")])


# ----------------------------------------------------- derivatives by finite differences


@pytest.mark.parametrize(
    ("fn", "grad"),
    [(sigmoid, sigmoid_grad), (tanh, tanh_grad), (relu, relu_grad)],
    ids=["sigmoid", "tanh", "relu"],
)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_derivative_matches_finite_differences(fn, grad, seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=2.0, size=(3, 4))
    z = np.where(np.abs(z) < 0.05, 0.5, z)  # keep away from relu's kink
    # elementwise, so d(sum f(z))/dz_i = f'(z_i)
    assert gradcheck(lambda x: fn(x).sum(), grad, z) < 1e-6


@pytest.mark.parametrize("seed", [0, 1])
def test_log_softmax_is_the_log_of_softmax_with_jacobian_diag_minus_outer(seed):
    """Do the derivatives of log_softmax found by finite differences equal I - softmax?"""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=4)
    p = np.array([math.exp(v) for v in z]) / sum(math.exp(v) for v in z)
    for k in range(4):
        # d log p_k / dz_j = [j == k] - p_j
        assert gradcheck(lambda x, k=k: log_softmax(x)[k], lambda x, k=k: np.eye(4)[k] - p, z) < 1e-6


# ------------------------------------------------------------ properties (hypothesis)


@given(z=logit_arrays)
def test_no_nan_inf_or_overflow_warning_at_logits_of_1e4(z):
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        for fn in (sigmoid, sigmoid_grad, softmax, log_softmax, tanh, tanh_grad, relu_grad):
            out = fn(z)
            assert out.shape == z.shape
            assert np.all(np.isfinite(out))


@given(z=logit_arrays)
def test_sigmoid_lies_in_unit_interval_and_is_symmetric(z):
    s = sigmoid(z)
    assert np.all((s >= 0.0) & (s <= 1.0))
    # sigma(-z) = 1 - sigma(z)
    np.testing.assert_allclose(sigmoid(-z), 1.0 - s, atol=1e-15)
    assert np.all((sigmoid_grad(z) >= 0.0) & (sigmoid_grad(z) <= 0.25))


@given(z=logit_arrays)
def test_softmax_rows_are_distributions_and_log_softmax_is_their_log(z):
    p = softmax(z)
    assert np.all(p >= 0.0)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)
    lp = log_softmax(z)
    assert np.all(lp <= 0.0)
    np.testing.assert_allclose(np.exp(lp), p, atol=1e-15)


@given(z=hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-100, 100)), shift=st.floats(-1e3, 1e3))
def test_softmax_ignores_a_constant_shift(z, shift):
    np.testing.assert_allclose(softmax(z + shift), softmax(z), atol=1e-12)


@given(z=logit_arrays)
def test_relu_is_z_or_zero(z):
    np.testing.assert_array_equal(relu(z), np.where(z > 0, z, 0.0))
    np.testing.assert_array_equal(relu_grad(z), (z > 0).astype(float))


def test_log_sigmoid_by_hand_and_at_extreme_logits():
    # log sigma(0) = log(1/2);  log sigma(2) = -log(1 + e^-2) = -0.12692801104297263
    np.testing.assert_allclose(log_sigmoid([0.0, 2.0]), [-math.log(2), -0.12692801104297263], rtol=1e-14)
    # at -1e4, sigma underflows to 0 but its log is -1e4 - log(1 + e^-1e4) = -1e4 exactly
    assert log_sigmoid(-1e4) == -1e4
    assert log_sigmoid(1e4) == 0.0  # -log(1 + e^-1e4): e^-1e4 underflows to 0
    assert np.all(np.isfinite(log_sigmoid([-1e4, 1e4])))


@given(z=st.floats(-30, 30))
def test_log_sigmoid_is_the_log_of_the_sigmoid(z):
    assert float(log_sigmoid(z)) == pytest.approx(math.log(1 / (1 + math.exp(-z))), rel=1e-12, abs=1e-15)


def test_log_sigmoid_derivative_is_sigmoid_of_minus_z_by_finite_differences():
    z = np.linspace(-5, 5, 11)
    h = 1e-6
    numerical = (log_sigmoid(z + h) - log_sigmoid(z - h)) / (2 * h)
    np.testing.assert_allclose(numerical, sigmoid(-z), rtol=1e-7)
