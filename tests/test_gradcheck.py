"""Tests of ``course_utils.gradcheck``: the tool every other gradient test relies on,
so it is checked against derivatives known in closed form."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_utils.activations import sigmoid, sigmoid_grad
from course_utils.gradcheck import gradcheck, numerical_gradient, relative_error

vectors = hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-1e3, 1e3))


# ----------------------------------------------------------- numerical_gradient


def test_numerical_gradient_of_sum_of_cubes_is_three_x_squared():
    x = np.array([[-2.0, 0.5], [1.0, 3.0]])
    # d/dx sum(x^3) = 3 x^2 = [[12, 0.75], [3, 27]]
    np.testing.assert_allclose(
        numerical_gradient(lambda v: np.sum(v**3), x), [[12.0, 0.75], [3.0, 27.0]], rtol=1e-8
    )


def test_numerical_gradient_of_a_quadratic_form():
    a = np.array([[2.0, 1.0], [1.0, 3.0]])
    x = np.array([1.0, -1.0])
    # d/dx (x^T A x / 2) = A x = [2 - 1, 1 - 3] = [1, -2] for symmetric A
    np.testing.assert_allclose(numerical_gradient(lambda v: v @ a @ v / 2, x), [1.0, -2.0], rtol=1e-8)


def test_numerical_gradient_accepts_lists_and_leaves_its_input_alone():
    x = np.array([1.0, 2.0])
    grad = numerical_gradient(lambda v: float(v[0] * v[1]), x)
    np.testing.assert_allclose(grad, [2.0, 1.0], rtol=1e-8)
    np.testing.assert_array_equal(x, [1.0, 2.0])
    np.testing.assert_allclose(numerical_gradient(lambda v: v.sum(), [1, 2, 3]), [1.0] * 3)


def test_numerical_gradient_of_dict_params():
    params = {"w": np.array([1.0, 2.0]), "b": np.array(3.0)}

    def f(p):
        # f = b * sum(w^2): df/dw = 2 b w = [6, 12], df/db = sum(w^2) = 5
        return p["b"] * np.sum(p["w"] ** 2)

    grad = numerical_gradient(f, params)
    assert set(grad) == {"w", "b"}
    np.testing.assert_allclose(grad["w"], [6.0, 12.0], rtol=1e-8)
    np.testing.assert_allclose(grad["b"], 5.0, rtol=1e-8)
    np.testing.assert_array_equal(params["w"], [1.0, 2.0])


def test_f_returning_an_array_raises_and_suggests_reducing():
    with pytest.raises(ValueError, match=r"single number.*shape \(2,\).*\.mean\(\) or \.sum\(\)"):
        numerical_gradient(lambda v: v**2, np.array([1.0, 2.0]))


# --------------------------------------------------------------- relative_error


def test_relative_error_by_hand():
    # |[1, 0] - [0, 1]| / (|[1, 0]| + |[0, 1]|) = sqrt(2) / 2
    assert relative_error([1.0, 0.0], [0.0, 1.0]) == pytest.approx(np.sqrt(2) / 2)
    # opposite gradients: |2a| / 2|a| = 1, the largest possible value
    assert relative_error([1.0, -2.0], [-1.0, 2.0]) == pytest.approx(1.0)
    # both zero: 0, not 0/0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0


@given(a=vectors)
def test_relative_error_of_equal_gradients_is_zero(a):
    assert relative_error(a, a.copy()) == 0.0


@given(a=vectors, data=st.data())
def test_relative_error_is_symmetric_bounded_and_scale_free(a, data):
    b = data.draw(hnp.arrays(np.float64, a.shape, elements=st.floats(-1e3, 1e3)))
    scale = data.draw(st.floats(1e-3, 1e3))
    err = relative_error(a, b)
    assert err == relative_error(b, a)
    assert 0.0 <= err <= 1.0 + 1e-15
    if np.linalg.norm(a) + np.linalg.norm(b) > 1e-6:  # away from the 'tiny' floor
        assert relative_error(scale * a, scale * b) == pytest.approx(err, rel=1e-9, abs=1e-15)


def test_relative_error_of_dicts_is_that_of_all_their_entries():
    a = {"W": np.array([[1.0, 2.0]]), "b": np.array([3.0])}
    b = {"W": np.array([[1.0, 2.5]]), "b": np.array([2.0])}
    # over all entries: |[0, -0.5, 1]| / (|[1, 2, 3]| + |[1, 2.5, 2]|)
    #                 = sqrt(1.25) / (sqrt(14) + sqrt(11.25))
    expected = np.sqrt(1.25) / (np.sqrt(14.0) + np.sqrt(11.25))
    assert relative_error(a, b) == pytest.approx(expected)


def test_relative_error_of_mismatched_inputs_raises():
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        relative_error(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match="same keys"):
        relative_error({"W": np.zeros(2)}, {"b": np.zeros(2)})
    with pytest.raises(ValueError, match="both be dicts"):
        relative_error({"W": np.zeros(2)}, np.zeros(2))


# --------------------------------------------------------------------- gradcheck


def test_gradcheck_accepts_a_right_gradient():
    x = np.random.default_rng(0).normal(size=(3, 2))
    assert gradcheck(lambda v: np.sum(v**3), lambda v: 3 * v**2, x) < 1e-8


def test_gradcheck_flags_a_deliberately_wrong_gradient():
    x = np.random.default_rng(0).normal(size=(3, 2))
    # 2x^2 instead of 3x^2: |x^2| / (5|x^2|) = 0.2
    assert gradcheck(lambda v: np.sum(v**3), lambda v: 2 * v**2, x) == pytest.approx(0.2, rel=1e-6)
    # a sign error gives the maximum, 1
    sign_error = gradcheck(lambda v: np.sum(v**3), lambda v: -3 * v**2, x)
    assert sign_error == pytest.approx(1.0, rel=1e-6)


def test_gradcheck_catches_the_sigmoid_grad_of_the_activation_mistake():
    """Does passing sigma(z) instead of z to sigmoid_grad give a clearly wrong gradient?"""
    z = np.random.default_rng(1).normal(scale=2.0, size=5)
    right = gradcheck(lambda v: sigmoid(v).sum(), sigmoid_grad, z)
    wrong = gradcheck(lambda v: sigmoid(v).sum(), lambda v: sigmoid_grad(sigmoid(v)), z)
    assert right < 1e-8
    assert wrong > 1e-2


def test_gradcheck_of_dict_params():
    params = {"w": np.array([0.5, -1.0]), "b": np.array(0.2)}

    def f(p):
        return np.sum((p["w"] * 2.0 + p["b"]) ** 2)

    def grad_f(p):
        r = p["w"] * 2.0 + p["b"]
        return {"w": 4.0 * r, "b": np.array(2.0 * r.sum())}

    def wrong_grad_f(p):
        return {"w": 4.0 * (p["w"] * 2.0 + p["b"]), "b": np.array(0.0)}

    assert gradcheck(f, grad_f, params) < 1e-8
    assert gradcheck(f, wrong_grad_f, params) > 1e-2
