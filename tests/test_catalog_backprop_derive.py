"""Tests of the part-3 exercises of ``checks/catalog/backprop_derive.py`` and ``backprop_questions.py``.

``tests/test_checks.py`` already runs the reference and every named mistake of every exercise;
these tests ask what is particular to this one: is its expected answer (a gradient check)
the hidden delta of the course's network, do answers written in other honest ways pass, and
does a learner who forgets the transpose get a message that says so.
"""

from __future__ import annotations

import numpy as np
import pytest

from course_utils import network
from course_utils.checks.catalog.backprop_derive import HIDDEN_DELTA
from course_utils.checks.engine import run


def _sig(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def test_is_the_gradient_check_reference_the_networks_hidden_delta_on_every_case():
    """Is the reference (central differences) what network.backward computes by the formula?"""
    for case in HIDDEN_DELTA.cases:
        delta_out, W2, z_hidden = (np.asarray(a, dtype=float) for a in case.args)
        # A network whose hidden pre-activation is z_hidden (x = z_hidden, W1 = I, b1 = 0) and whose
        # output delta y_hat - y is delta_out: a label y and a prediction y_hat set through b2.
        d = float(delta_out[0])
        y, y_hat = (0.0, d) if d > 0 else (1.0, 1.0 + d) if d < 0 else (0.5, 0.5)
        h = z_hidden.size
        b2 = np.log(y_hat / (1 - y_hat)) - W2 @ _sig(z_hidden)
        params = {"W1": np.eye(h), "b1": np.zeros(h), "W2": W2, "b2": b2}
        bw = network.backward(params, network.forward(params, z_hidden[None, :]), np.array([y]))
        np.testing.assert_allclose(bw.delta_out, delta_out, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(
            HIDDEN_DELTA.reference(*case.args), bw.delta_hidden[0], rtol=1e-7, atol=1e-10
        )


def test_does_the_reference_match_the_hand_computed_worked_example():
    """δ_1 = w13 (ŷ - y) σ'(z1) and δ_2 = w23 (ŷ - y) σ'(z2), from the notes' numbers written out here."""
    z1, z2 = 0.3, 0.5  # w11 x1 + b1 and w12 x1 + b2 for x = [1, 0]
    a1, a2 = _sig(z1), _sig(z2)
    y_hat = _sig(0.7 * a1 + 0.5 * a2 + 0.3)
    expected = [0.7 * (y_hat - 1) * a1 * (1 - a1), 0.5 * (y_hat - 1) * a2 * (1 - a2)]
    got = HIDDEN_DELTA.reference(np.array([y_hat - 1.0]), np.array([[0.7, 0.5]]), np.array([z1, z2]))
    np.testing.assert_allclose(got, expected, rtol=1e-8)


def _matrix_form(delta_out, W2, z_hidden):
    s = _sig(z_hidden)
    return (np.asarray(W2, dtype=float).T @ np.asarray(delta_out, dtype=float)) * s * (1 - s)


def _loop_form(delta_out, W2, z_hidden):
    out = []
    for j, z in enumerate(z_hidden):
        a = 1.0 / (1.0 + np.exp(-float(z)))
        out.append(W2[0][j] * delta_out[0] * a * (1.0 - a))
    return np.array(out)


def _row_form_float32(delta_out, W2, z_hidden):
    s = _sig(np.asarray(z_hidden, dtype=np.float32))
    return (np.asarray(delta_out, dtype=np.float32) @ np.asarray(W2, dtype=np.float32)) * s * (1 - s)


@pytest.mark.parametrize("answer", [_matrix_form, _loop_form, _row_form_float32])
def test_do_honest_answers_written_other_ways_pass(answer):
    report = run(HIDDEN_DELTA, answer)
    assert report.passed, report.text()


def test_does_forgetting_the_transpose_get_the_transpose_hint():
    """W2 @ delta_out raises a shape error: the message must point at W2.T, not at our code."""

    def untransposed(delta_out, W2, z_hidden):
        s = _sig(z_hidden)
        return (np.asarray(W2) @ np.asarray(delta_out)) * s * (1 - s)

    report = run(HIDDEN_DELTA, untransposed)
    assert not report.passed
    assert "W2.T @ delta_out" in report.text()


def test_is_an_answer_that_ignores_W2_rejected():
    """Using the worked example's weights (say, a global) instead of the W2 argument fails on other cases."""

    def fixed_weights(delta_out, W2, z_hidden):
        s = _sig(z_hidden)
        return np.array([0.7, 0.5]) * np.asarray(delta_out, dtype=float)[0] * s * (1 - s)

    assert not run(HIDDEN_DELTA, fixed_weights).passed


def test_does_the_boundary_test_tell_a_bending_network_from_a_straight_one():
    """The computed answer of predict_width_one_boundary: 8 hidden units bend, 1 does not."""
    from course_utils.checks.catalog import backprop_questions as Q

    assert Q._boundary_shape(Q._moons_run(1)) == "straight"
    eight = Q._moons_run(8)
    assert all(Q._boundary_shape(eight, unit) == "curved" for unit in range(8))


def test_does_an_answer_that_calls_the_courses_backward_pass_earn_nothing():
    """The course's network.backward computes the hidden delta: an answer built on it must fail."""

    def borrowed(delta_out, W2, z_hidden):
        z = np.asarray(z_hidden, dtype=float)
        h = z.size
        W2 = np.asarray(W2, dtype=float)
        params = {"W1": np.eye(h), "b1": np.zeros(h), "W2": W2, "b2": -W2 @ _sig(z)}
        bw = network.backward(params, network.forward(params, z[None, :]), 0.5 - np.asarray(delta_out))
        return bw.delta_hidden[0]

    report = run(HIDDEN_DELTA, borrowed)
    assert not report.passed
    assert "network.backward" in report.text()


def test_may_an_answer_use_the_courses_sigmoid_grad_that_the_notebook_offers():
    from course_utils import activations

    def offered(delta_out, W2, z_hidden):
        return (
            np.asarray(W2, dtype=float).T @ np.asarray(delta_out, dtype=float)
        ) * activations.sigmoid_grad(z_hidden)

    assert run(HIDDEN_DELTA, offered).passed
