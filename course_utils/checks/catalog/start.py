"""The warm-up exercise of ``00_start_here``: the loss of a single prediction."""

from __future__ import annotations

import numpy as np

from ... import losses as L
from ..engine import Case, Exercise, Mistake


def _squared_error(y_true, y_pred):
    return L.mse(
        np.atleast_1d(np.asarray(y_true, dtype=float)), np.atleast_1d(np.asarray(y_pred, dtype=float))
    )


SQUARED_ERROR = Exercise(
    id="squared_error",
    title="the squared error of one prediction",
    signature="squared_error(y_true, y_pred)",
    reference=_squared_error,
    cases=(
        Case((1.0, 0.8), label="predicting 0.8 for 1.0"),
        Case((2.0, 2.0), label="a perfect prediction"),
        Case((0.5, 3.0), label="predicting too high"),
        Case((3, -1), label="integers"),
    ),
    arg_names=("y_true", "y_pred"),
    output="scalar",
    mistakes=(
        Mistake(
            lambda yt, yp: float(yp - yt),
            "You returned the error y_pred - y_true without squaring it.",
            "Square it: (y_pred - y_true) ** 2.",
        ),
        Mistake(
            lambda yt, yp: float(yt - yp),
            "You returned the error y_true - y_pred without squaring it.",
            "Square it: (y_true - y_pred) ** 2.",
        ),
        Mistake(
            lambda yt, yp: abs(float(yp - yt)),
            "You returned the absolute error |y_pred - y_true|; this exercise asks for its square.",
        ),
        Mistake(
            lambda yt, yp: float(yp**2 - yt**2),
            "You subtracted the squares: square the difference instead, (y_pred - y_true) ** 2.",
        ),
    ),
    success="That number is a loss: the error of one prediction. Averaged over a data set it becomes a cost, the subject of part 1.",
)

EXERCISES = (SQUARED_ERROR,)
