"""Exercises as typed data (issue 12, §5): the three kinds and the mistake builders.

Each kind is built the way docs/AUTHORING.md shows, and run as a learner's answer would be.
"""

from __future__ import annotations

import numpy as np
import pytest

from course_utils import losses as L
from course_utils import optimizers as O
from course_utils.checks.engine import Case, run
from course_utils.checks.kinds import (
    choice_prediction,
    function_exercise,
    log_base,
    negated,
    numeric_prediction,
    scaled,
    stale_state,
    sum_instead_of_mean,
    wrong_axis,
)

CASES = (
    Case(([1.0], [0.8]), label="a single sample"),
    Case((np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.5, 2.0], [2.0, 4.5]])), label="2-D"),
    Case(([2.0, -1.0], [1.0, 1.0]), label="Python lists"),
)
MSE = function_exercise(
    "demo_mse",
    "mse(y_true, y_pred)",
    L.mse,
    title="mean squared error",
    output="scalar",
    cases=CASES,
    mistakes=(sum_instead_of_mean(L.mse), scaled(L.mse, 0.5, "You multiplied by 1/2.")),
)


def _mse(yt, yp, factor=1.0, reduce=np.mean):
    return float(factor * reduce((np.asarray(yp, float) - np.asarray(yt, float)) ** 2))


def test_a_function_exercise_is_a_short_declaration_that_runs():
    """Does the AUTHORING.md example build an exercise whose arg names come from the signature?"""
    assert MSE.arg_names == ("y_true", "y_pred")
    assert run(MSE, lambda yt, yp: _mse(yt, yp)).passed
    assert "summed" in run(MSE, lambda yt, yp: _mse(yt, yp, reduce=np.sum)).text()
    assert "1/2" in run(MSE, lambda yt, yp: _mse(yt, yp, 0.5)).text()


def test_a_function_exercise_refuses_an_unknown_output_kind():
    """Is a typo in the output kind caught when the catalog is written, not when a learner runs it?"""
    with pytest.raises(ValueError, match="output"):
        function_exercise("x", "f(a)", abs, title="t", output="scaler", cases=CASES)


PREDICT = numeric_prediction(
    "demo_uniform",
    float(np.log(10)),
    title="the cross-entropy of 10 equal logits",
    near_misses={float(np.log2(10)): "You used log base 2; cross-entropy uses ln."},
)


@pytest.mark.parametrize(
    "answer, passed, words",
    [
        (2.3026, True, ""),
        (np.float32(2.3026), True, ""),
        (np.array(2.3026), True, ""),
        (3.3219, False, "base 2"),
        ("2.3026", False, "without quotes"),
        (True, False, "True/False"),
        (2.3 + 0j, False, "complex"),
        ([2.3026], False, "not a plain number"),
        (1.0, False, "not the right answer"),
    ],
)
def test_a_numeric_prediction_normalises_numbers_and_names_near_misses(answer, passed, words):
    """Does a numeric prediction take any plain number, and explain strings, bools and near misses?"""
    report = run(PREDICT, answer)
    assert report.passed == passed, report.text()
    assert words in report.text()


CHOICE = choice_prediction(
    "demo_choice", "diverges", choices=("converges", "oscillates", "diverges"), title="what happens"
)


@pytest.mark.parametrize(
    "answer, passed, words",
    [
        ("diverges", True, ""),
        ("  Diverges ", True, ""),
        ("converges", False, "not the right"),
        ("explodes", False, "'converges'"),
        (3, False, "in quotes"),
    ],
)
def test_a_choice_prediction_ignores_case_and_lists_the_choices(answer, passed, words):
    """Is a choice compared without case or spaces, and an unknown one told the choices?"""
    report = run(CHOICE, answer)
    assert report.passed == passed and words in report.text()


def test_a_choice_answer_must_be_one_of_the_choices():
    """Is a catalog typo (an answer outside the choices) caught at declaration?"""
    with pytest.raises(ValueError):
        choice_prediction("x", "blows up", choices=("converges", "diverges"), title="t")


MOMENTUM = function_exercise(
    "demo_momentum",
    "momentum_step(theta, grad, velocity, lr, beta=0.9)",
    O.momentum_step,
    title="momentum",
    output="tuple",
    output_names=("new theta", "new velocity"),
    cases=(
        Case((np.array([1.0, 2.0]), np.array([0.5, -0.5]), np.array([0.1, 0.2])), {"lr": 0.1}),
        Case((np.array([[1.0]]), np.array([[2.0]]), np.array([[3.0]])), {"lr": 0.5, "beta": 0.5}),
    ),
    mistakes=(
        stale_state(O.momentum_step, "You returned the old velocity.", state_args=(2,), state_outputs=(1,)),
        negated(O.momentum_step, "Everything has the opposite sign."),
    ),
)


def test_stale_state_and_negated_name_their_mistakes():
    """Do the stale-state and negated builders produce variants that name a learner's mistake?"""

    def stale(theta, grad, velocity, lr, beta=0.9):
        v = beta * np.asarray(velocity) + grad
        return theta - lr * v, np.asarray(velocity, float)

    assert "old velocity" in run(MOMENTUM, stale).text()

    def flipped(theta, grad, velocity, lr, beta=0.9):
        v = beta * np.asarray(velocity) + grad
        return -(theta - lr * v), -v

    assert "opposite sign" in run(MOMENTUM, flipped).text()


def test_log_base_and_wrong_axis_name_their_mistakes():
    """Do the log-base and wrong-axis builders match a learner's log2 loss and column-wise softmax?"""
    bce = function_exercise(
        "demo_bce",
        "bce(y_true, y_pred)",
        L.binary_cross_entropy,
        title="bce",
        output="scalar",
        cases=(Case((np.array([1.0, 0.0]), np.array([0.8, 0.3]))), Case(([1, 1, 0], [0.6, 0.9, 0.2]))),
        mistakes=(log_base(L.binary_cross_entropy, 2),),
    )

    def bce_log2(yt, yp):
        y, p = np.asarray(yt, float), np.asarray(yp, float)
        return float(-np.mean(y * np.log2(p) + (1 - y) * np.log2(1 - p)))

    assert "np.log2" in run(bce, bce_log2).text()

    from course_utils.activations import softmax

    sm = function_exercise(
        "demo_softmax",
        "softmax(z)",
        softmax,
        title="softmax",
        output="array",
        cases=(
            Case((np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 1.0]]),)),
            Case((np.array([[2.0, 1.0], [0.5, 0.5]]),)),
        ),
        mistakes=(wrong_axis(softmax, "You normalised the columns."),),
    )

    def by_columns(z):
        e = np.exp(np.asarray(z, float))
        return e / e.sum(axis=0, keepdims=True)

    assert "columns" in run(sm, by_columns).text()
