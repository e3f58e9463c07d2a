"""Tests of part 1's new exercises: ``multiclass_hinge`` (``losses_multiclass_hinge.py``) and the
derived gradient ``softmax_ce_grad`` (``losses_derive.py``).

``tests/test_checks.py`` already runs the reference and every named mistake of every exercise;
these tests ask what is particular to these two: are the expected answers right by hand, do
honest answers written differently pass, do realistic wrong answers fail with words that name
the mistake, and does the derived gradient's check really run a gradient check.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_utils.checks.catalog.losses_derive import SOFTMAX_CE_GRAD
from course_utils.checks.catalog.losses_multiclass_hinge import MULTICLASS_HINGE
from course_utils.checks.engine import Case, run
from course_utils.checks.hidden import hidden_cases

# ------------------------------------------------------------ multiclass hinge


def test_multiclass_hinge_reference_by_hand_on_cs231ns_example():
    """CS231n's cat, car, frog: 2.9, 0 and 12.9, mean 5.27 (worked out here term by term)?"""
    cat = max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1)
    car = max(0, 1.3 - 4.9 + 1) + max(0, 2.0 - 4.9 + 1)
    frog = max(0, 2.2 - (-3.1) + 1) + max(0, 2.5 - (-3.1) + 1)
    case = MULTICLASS_HINGE.cases[1]
    assert MULTICLASS_HINGE.reference(*case.args) == pytest.approx((cat + car + frog) / 3)
    assert (cat, car, frog) == pytest.approx((2.9, 0.0, 12.9))


def _hinge_loops(y, s):
    total = 0.0
    for row, label in zip(s, y):
        total += sum(max(0.0, float(v) - float(row[label]) + 1.0) for j, v in enumerate(row) if j != label)
    return total / len(y)


def _hinge_take_along(y, s):
    s = np.asarray(s, dtype=np.float32)
    y = np.asarray(y)
    true = np.take_along_axis(s, y[:, None], axis=1)
    return float((np.maximum(0, s - true + 1).sum(axis=1) - 1).mean())  # the true class's term is exactly 1


@pytest.mark.parametrize("answer", [_hinge_loops, _hinge_take_along], ids=["loops", "float32 minus 1"])
def test_multiclass_hinge_accepts_honest_variants(answer):
    """Do loops, float32 and 'sum all then subtract the true class's 1' pass?"""
    report = run(MULTICLASS_HINGE, answer)
    assert report.passed, report.text()


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda y, s: _hinge_take_along(y, s) + 1.0, "the true one included"),
        (
            lambda y, s: _hinge_take_along(y, s) / np.asarray(s).shape[1],
            "averaged the margins over the classes",
        ),
        (lambda y, s: _hinge_loops(y, s) * len(y), "n times too large"),
    ],
    ids=["true class in the sum", "mean over classes", "sum over samples"],
)
def test_multiclass_hinge_names_realistic_mistakes(answer, words):
    """Does a realistic wrong answer fail with a message that names its mistake?"""
    report = run(MULTICLASS_HINGE, answer)
    assert not report.passed
    assert words in report.text(), report.text()


def test_multiclass_hinge_hidden_cases_are_fresh_and_the_reference_passes_them():
    """Do graded runs use cases the learner never saw, on which the reference is still right?"""
    cases = hidden_cases(MULTICLASS_HINGE, salt="test")
    assert len(cases) > len(MULTICLASS_HINGE.cases)
    assert run(MULTICLASS_HINGE, MULTICLASS_HINGE.reference, cases=cases, own_work=False).passed


# ----------------------------------------------------------- softmax_ce_grad


def test_softmax_ce_grad_reference_by_hand_for_one_sample():
    """Logits (1, 0), class 0: dJ/dz = (q0 - 1, q1) with q0 = e / (e + 1)?"""
    q0 = math.e / (math.e + 1)
    got = SOFTMAX_CE_GRAD.reference(np.array([[1.0, 0.0]]), np.array([0]))
    np.testing.assert_allclose(got, [[q0 - 1, 1 - q0]], rtol=1e-12)


def _full_jacobian(z, y):
    """The chain rule written out: dl/dq times the softmax's full Jacobian, per sample."""
    z = np.asarray(z, dtype=float)
    n, k = z.shape
    grad = np.zeros_like(z)
    for i in range(n):
        e = np.exp(z[i] - z[i].max())
        q = e / e.sum()
        p = np.eye(k)[y[i]]
        jacobian = np.diag(q) - np.outer(q, q)  # dq_j / dz_k
        grad[i] = (-p / q) @ jacobian / n
    return grad


def _model_minus_target(z, y):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    q = e / e.sum(axis=1, keepdims=True)
    q[np.arange(len(y)), np.asarray(y)] -= 1
    return q / z.shape[0]


def _float32(z, y):
    z = np.asarray(z, dtype=np.float32)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    q = e / e.sum(axis=1, keepdims=True)
    q[np.arange(len(y)), np.asarray(y)] -= 1
    return q / z.shape[0]


@pytest.mark.parametrize("answer", [_full_jacobian, _float32], ids=["full Jacobian", "float32 in place"])
def test_softmax_ce_grad_accepts_honest_variants(answer):
    """Do the chain rule with the full Jacobian, and a float32 'q, then subtract 1', pass?"""
    report = run(SOFTMAX_CE_GRAD, answer)
    assert report.passed, report.text()


def test_softmax_ce_grad_is_judged_by_a_gradient_check():
    """Does a wrong gradient fail with the gradient check's relative error in the message?"""
    report = run(SOFTMAX_CE_GRAD, lambda z, y: 0.5 * _float32(z, y))
    assert not report.passed
    assert "gradient check disagrees" in report.text() and "relative error" in report.text()


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda z, y: -_model_minus_target(z, y), "opposite sign"),
        (lambda z, y: _model_minus_target(z, y) * np.asarray(z).shape[0], "n times too large"),
    ],
    ids=["one-hot minus q", "no 1/n"],
)
def test_softmax_ce_grad_names_realistic_mistakes(answer, words):
    """Does a realistic wrong answer fail with a message that names its mistake?"""
    report = run(SOFTMAX_CE_GRAD, answer)
    assert not report.passed
    assert words in report.text(), report.text()


def test_softmax_ce_grad_wrong_shape_is_said():
    """A gradient of the wrong shape (one row per sample summed) gets a message about the shape?"""
    report = run(SOFTMAX_CE_GRAD, lambda z, y: _float32(z, y).sum(axis=1))
    assert not report.passed
    assert "shape of the logits" in report.text()


def test_softmax_ce_grad_hidden_cases_pass_the_reference():
    """Are the hidden cases new logits and labels in range, on which the reference passes?"""
    cases = SOFTMAX_CE_GRAD.hidden(np.random.default_rng(3))
    for case in cases:
        z, y = case.args
        assert z.ndim == 2 and y.shape == (z.shape[0],) and 0 <= y.min() and y.max() < z.shape[1]
    assert run(
        SOFTMAX_CE_GRAD,
        SOFTMAX_CE_GRAD.reference,
        cases=cases + (Case((np.ones((1, 3)), np.array([2]))),),
        own_work=False,
    ).passed
