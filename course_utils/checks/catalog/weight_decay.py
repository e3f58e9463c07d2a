"""Exercises of ``02_optimization/08_weight_decay``: AdamW's step, and L2 inside Adam.

The learner's ``adamw_update`` is checked against :func:`course_utils.optimizers.adamw_step`
(same arguments, same order); each known mistake is a way of adding the decay that is not
AdamW's. The prediction is computed with the course's ``adam(weight_decay=)``.
"""

from __future__ import annotations

import numpy as np

from ... import optimizers as O
from ...descent import descend
from ..engine import Case, Exercise, Mistake
from .optimization_questions import _question, _wrong


def _f(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def _adamw(theta, grad, m, s, count, lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    return O.adamw_step(theta, grad, m, s, count, lr, beta1, beta2, eps, weight_decay)


def _adam(theta, grad, m, s, count, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    return O.adam_step(_f(theta), _f(grad), _f(m), _f(s), count, lr, beta1, beta2, eps)


def _coupled(theta, grad, m, s, count, lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    return _adam(theta, _f(grad) + weight_decay * _f(theta), m, s, count, lr, beta1, beta2, eps)


def _no_lr(theta, grad, m, s, count, lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    return _adam(_f(theta) - weight_decay * _f(theta), grad, m, s, count, lr, beta1, beta2, eps)


def _after(theta, grad, m, s, count, lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    new, m, s = _adam(theta, grad, m, s, count, lr, beta1, beta2, eps)
    return new - lr * weight_decay * new, m, s


def _no_decay(theta, grad, m, s, count, lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    return _adam(theta, grad, m, s, count, lr, beta1, beta2, eps)


def _no_correction(theta, grad, m, s, count, lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    theta, grad = _f(theta), _f(grad)
    theta = theta - lr * weight_decay * theta
    m = beta1 * _f(m) + (1 - beta1) * grad
    s = beta2 * _f(s) + (1 - beta2) * grad**2
    return theta - lr * m / (np.sqrt(s) + eps), m, s


_TH = np.array([1.0, -2.0, 0.5])
_G = np.array([0.2, -0.4, 1.0])

ADAMW = Exercise(
    id="adamw_update",
    title="one step of AdamW: Adam with decoupled weight decay",
    signature="adamw_update(theta, grad, m, s, count, lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01)",
    reference=_adamw,
    cases=(
        Case(
            (_TH, _G, np.zeros(3), np.zeros(3), 0), {"lr": 0.1}, "the first step (count = 0), default decay"
        ),
        Case(
            (_TH, _G, np.array([0.1, -0.3, 0.2]), np.array([0.02, 0.1, 0.3]), 4),
            {"lr": 0.1, "weight_decay": 0.1},
            "a later step (count = 4), weight_decay = 0.1",
        ),
        Case(
            (
                np.array([[2.0, -1.0], [0.5, 3.0]]),
                np.zeros((2, 2)),
                np.zeros((2, 2)),
                np.full((2, 2), 0.01),
                9,
            ),
            {"lr": 0.01, "weight_decay": 0.5},
            "a zero gradient, 2-D parameters: only the decay moves them",
        ),
        Case(
            ([1.0, 2.0], [0.5, -0.5], [0.0, 0.0], [0.0, 0.0], 0),
            {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6},
            "Python lists, other betas and eps",
        ),
    ),
    arg_names=("theta", "grad", "m", "s", "count"),
    output="tuple",
    output_names=("new theta", "new m", "new s"),
    mistakes=(
        Mistake(
            _coupled,
            "You added weight_decay * theta to the gradient: that is L2 inside Adam (PyTorch's "
            "Adam(weight_decay=)), "
            "whose decay is divided by sqrt(s_hat) like the gradient. AdamW decouples it: "
            "theta = theta - lr * weight_decay * theta, then the Adam step with the plain gradient.",
        ),
        Mistake(
            _no_lr,
            "You shrank theta by weight_decay * theta without the learning rate: AdamW's decay is "
            "lr * weight_decay * theta (as in PyTorch), so a schedule lowers the decay with the rate.",
        ),
        Mistake(
            _after,
            "You decayed the parameters after the Adam step: AdamW shrinks the old theta, "
            "theta - lr * weight_decay * theta, and adds the Adam step computed from the old theta.",
        ),
        Mistake(
            _no_decay,
            "This is Adam's step without any decay: shrink theta by lr * weight_decay * theta as well.",
        ),
        Mistake(
            _no_correction,
            "You left out the bias correction: divide m by (1 - beta1**t) and s by (1 - beta2**t), "
            "with t = count + 1.",
        ),
    ),
    success=(
        "The decay now shrinks every weight by the same factor 1 - lr * weight_decay, whatever its gradients."
    ),
)


# ------------------------------------------------------------ a prediction


def _zero_grad_end(weight_decay: float) -> float:
    """A weight at 1 with no gradient from the data, 100 steps of Adam (lr 0.01) with L2 decay."""
    run = descend(
        O.adam(0.01, weight_decay=weight_decay), lambda theta: np.zeros_like(theta), np.ones(1), 100
    )
    return float(run.path[-1][0])


def _closer_to_zero() -> str:
    small, large = _zero_grad_end(0.01), _zero_grad_end(0.1)
    if abs(small - large) < 1e-3:
        return "same"
    return "0.1" if abs(large) < abs(small) else "0.01"


PREDICT_L2_IN_ADAM = _question(
    "predict_l2_in_adam",
    "L2 decay inside Adam on a weight with no gradient",
    "answer_l2_in_adam",
    _closer_to_zero,
    (
        _wrong(
            "0.1",
            "With SGD a larger omega shrinks faster. Inside Adam the only gradient is omega * theta, and "
            "Adam "
            "divides it by sqrt(s_hat), about |omega * theta|: each step is about lr, whatever omega is.",
        ),
        _wrong(
            "0.01",
            "A smaller decay does not win here either: Adam normalises the gradient omega * theta, so each "
            "step "
            "is about lr for both.",
        ),
    ),
    "Inside Adam the strength omega of L2 decay can be normalised away: AdamW's decay does not pass "
    "through Adam.",
)

EXERCISES = (ADAMW, PREDICT_L2_IN_ADAM)
