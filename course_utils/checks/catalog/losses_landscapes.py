"""Exercises of part 1 (``01_losses``) on cost landscapes: the gradient of a line fit's MSE
cost with respect to its two parameters (notebook ``05_landscapes_and_choosing``).

The expected answer comes from :mod:`course_utils.landscapes`; the helpers shared with the
other ``losses_*`` modules are in :mod:`._losses_common`.
"""

from __future__ import annotations

import numpy as np

from ...landscapes import line_fit_surface
from ..engine import Case, Exercise, Mistake
from ._losses_common import _f, _rng

_RNG = _rng(__name__)


def _line_fit_grad(w, b, x, y):
    g = line_fit_surface(x, y, "mse").grad(np.array([w, b], dtype=np.float64))
    return float(g[0]), float(g[1])


def _line_fit_variant(scale_w, scale_b, use_x=True):
    def variant(w, b, x, y):
        dw, db = _line_fit_grad(w, b, x, y)
        if not use_x:
            dw = db
        return scale_w * dw, scale_b * db

    return variant


def _line_fit_sum(w, b, x, y):
    dw, db = _line_fit_grad(w, b, x, y)
    n = _f(x).size
    return n * dw, n * db


LINE_FIT_GRAD = Exercise(
    id="line_fit_grad",
    title="gradient of the MSE cost of a line fit with respect to w and b",
    signature="line_fit_grad(w, b, x, y)",
    reference=_line_fit_grad,
    cases=(
        Case(
            (0.5, 0.0, np.array([0.0, 1.0, 2.0, 3.0]), np.array([1.0, 3.0, 5.0, 7.0])),
            label="four points, a line too flat",
        ),
        Case(
            (2.0, 1.0, np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0])),
            label="the perfect line: zero gradient",
        ),
        Case((1.0, -1.0, np.array([2.0]), np.array([0.5])), label="one point"),
        Case((1, 2, [1, 2, 3], [0, 0, 0]), label="integers and Python lists"),
        Case((-0.3, 0.7, _RNG.uniform(-2, 2, 15), _RNG.normal(size=15)), label="15 random points"),
    ),
    arg_names=("w", "b", "x", "y"),
    output="tuple",
    output_names=("grad_w", "grad_b"),
    mistakes=(
        Mistake(
            _line_fit_variant(1.0, 1.0, use_x=False),
            "Your grad_w equals grad_b: by the chain rule each residual's derivative 2(y_hat - y) is multiplied by d y_hat / d w = x_i before averaging.",
        ),
        Mistake(
            _line_fit_variant(0.5, 0.5),
            "Both parts are half the expected size: the derivative of the squared residual r^2 is 2r.",
        ),
        Mistake(
            _line_fit_variant(-1.0, -1.0),
            "Both parts have the opposite sign: the residual is y_hat - y (prediction minus target).",
        ),
        Mistake(
            _line_fit_sum,
            "Both parts are n times too large: the cost is the mean of the losses, so its gradient carries a factor 1/n.",
        ),
        Mistake(
            lambda w, b, x, y: _line_fit_grad(w, b, x, y)[::-1],
            "You returned the two parts in the wrong order: (grad_w, grad_b).",
        ),
    ),
    success="The loss's derivative, times how each prediction depends on a parameter, averaged: the chain rule that backpropagation applies layer by layer.",
)

EXERCISES = (LINE_FIT_GRAD,)
