"""Exercises of part 1 (``01_losses``) on the regression losses, MSE, MAE and Huber, and their
gradients (notebooks ``01_loss_and_cost`` and ``02_regression_losses``).

The expected answers come from :mod:`course_utils.losses`. The other exercises of the part
are in the other ``losses_*`` modules, the helpers they share in :mod:`._losses_common`, and
the "predict before you run" questions in :mod:`.losses_questions`.
"""

from __future__ import annotations

import numpy as np

from ... import losses as L
from ..engine import Case, Exercise, Mistake
from ._losses_common import (
    _NO_MEAN_GRAD,
    _ROWS_NOT_ENTRIES,
    _ROWS_NOT_ENTRIES_HINT,
    _SUM_HINT,
    _SUM_MISTAKE,
    _f,
    _mean_of,
    _per_row,
    _per_sample,
    _rng,
)

_RNG = _rng(__name__)

# ------------------------------------------------------------------ regression cases

_REG_ARGS = ("y_true", "y_pred")
_REG_CASES = (
    Case(([1.0], [0.8]), label="a single sample: predicting 0.8 for 1.0"),
    Case((np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.5, 1.0, 3.5, 6.0])), label="four samples"),
    Case(
        (np.array([0.5, -1.0, 2.0]), np.array([0.5, -1.0, 2.0])),
        label="a perfect prediction (zero residuals)",
    ),
    Case((np.array([3, 0, -2, 7]), np.array([1, 0, 1, 7])), label="integer arrays, some residuals exactly 0"),
    Case(([2.0, -1.0, 0.0], [1.0, 1.0, 1.0]), label="Python lists instead of arrays"),
    Case((np.array([1e6, -2e6, 5e5]), np.array([1e6 + 3.0, -2e6 - 4.0, 5e5 - 0.5])), label="large values"),
    Case((_RNG.normal(size=25), _RNG.normal(size=25) * 3.0), label="25 random samples"),
    Case(
        (np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.5, 2.0], [2.0, 4.5]])),
        label="2-D arrays of the same shape (the mean is over every entry)",
    ),
)


def _residual(yt, yp):
    return _f(yp) - _f(yt)


_FLIPPED = (
    "Your gradient has the opposite sign: the residual is r = y_pred - y_true (prediction minus"
    " target), and the gradient points towards larger loss."
)

MSE = Exercise(
    id="mse",
    title="mean squared error",
    signature="mse(y_true, y_pred)",
    reference=L.mse,
    cases=_REG_CASES,
    arg_names=_REG_ARGS,
    output="scalar",
    mistakes=(
        _per_sample(L.mse),
        Mistake(lambda yt, yp: L.mse(yt, yp, reduction="sum"), _SUM_MISTAKE, _SUM_HINT),
        Mistake(
            lambda yt, yp: L.mae(yt, yp),
            "You computed the mean *absolute* error (MAE): MSE squares each residual.",
        ),
        Mistake(
            _mean_of(lambda yt, yp: yp - yt),
            "You averaged the residuals without squaring them, so positive and negative errors cancel out.",
            "Square each residual before averaging.",
        ),
        Mistake(
            _mean_of(lambda yt, yp: yt - yp),
            "You averaged the residuals without squaring them, so positive and negative errors cancel out.",
            "Square each residual before averaging.",
        ),
        Mistake(
            lambda yt, yp: np.sqrt(L.mse(yt, yp)),
            "You took the square root of the mean: that is the RMSE, not the MSE.",
        ),
        Mistake(
            lambda yt, yp: 0.5 * L.mse(yt, yp),
            "You multiplied by 1/2. Some textbooks do, to cancel the 2 of the derivative; the course's MSE, like PyTorch's and Keras', has no 1/2.",
        ),
        Mistake(
            lambda yt, yp: float(np.mean(_residual(yt, yp))) ** 2,
            "You squared the mean residual instead of averaging the squared residuals: square first, then average.",
        ),
    ),
    success="The MSE is the cost behind least squares; its gradient, 2(y_pred - y_true)/n, is what you will write next.",
)

MSE_GRAD = Exercise(
    id="mse_grad",
    title="gradient of the MSE with respect to y_pred",
    signature="mse_grad(y_true, y_pred)",
    reference=L.mse_grad,
    cases=_REG_CASES,
    arg_names=_REG_ARGS,
    output="array",
    mistakes=(
        Mistake(lambda yt, yp: L.mse_grad(yt, yp, reduction="sum"), _NO_MEAN_GRAD),
        Mistake(lambda yt, yp: -L.mse_grad(yt, yp), _FLIPPED),
        Mistake(lambda yt, yp: 0.5 * L.mse_grad(yt, yp), "You dropped the 2: the derivative of r^2 is 2r."),
        Mistake(
            lambda yt, yp: -0.5 * L.mse_grad(yt, yp),
            "You dropped the 2 (the derivative of r^2 is 2r) and flipped the sign of the residual (r = y_pred - y_true).",
        ),
    ),
    success="Each entry says how the cost would change if that one prediction moved: the signal backpropagation sends back.",
)

MAE = Exercise(
    id="mae",
    title="mean absolute error",
    signature="mae(y_true, y_pred)",
    reference=L.mae,
    cases=_REG_CASES,
    arg_names=_REG_ARGS,
    output="scalar",
    mistakes=(
        _per_sample(L.mae),
        Mistake(lambda yt, yp: L.mae(yt, yp, reduction="sum"), _SUM_MISTAKE, _SUM_HINT),
        Mistake(
            lambda yt, yp: L.mse(yt, yp),
            "You squared the residuals: that is the MSE. MAE takes their absolute value.",
        ),
        Mistake(
            _mean_of(lambda yt, yp: yp - yt),
            "You forgot the absolute value, so positive and negative errors cancel out.",
            "Use np.abs(...).",
        ),
        Mistake(
            _mean_of(lambda yt, yp: yt - yp),
            "You forgot the absolute value, so positive and negative errors cancel out.",
            "Use np.abs(...).",
        ),
        Mistake(
            lambda yt, yp: abs(float(np.mean(_residual(yt, yp)))),
            "You took the absolute value of the mean residual; take the absolute value of each residual first, then average.",
        ),
    ),
    success="Each residual counts in proportion to its size, not its square: the reason MAE shrugs off outliers.",
)

_MAE_AT_ZERO = (
    "At a zero residual |r| has no derivative; you returned +-1/n there instead of 0. Any value"
    " between -1/n and 1/n is a valid subgradient, so this is fine (the course, like PyTorch, uses 0)."
)

MAE_GRAD = Exercise(
    id="mae_grad",
    title="(sub)gradient of the MAE with respect to y_pred",
    signature="mae_grad(y_true, y_pred)",
    reference=L.mae_grad,
    cases=_REG_CASES,
    arg_names=_REG_ARGS,
    output="array",
    mistakes=(
        Mistake(
            lambda yt, yp: np.where(_residual(yt, yp) >= 0, 1.0, -1.0) / _f(yp).size,
            _MAE_AT_ZERO,
            accept=True,
        ),
        Mistake(
            lambda yt, yp: np.where(_residual(yt, yp) > 0, 1.0, -1.0) / _f(yp).size, _MAE_AT_ZERO, accept=True
        ),
        # len(y) before the kink: an answer with both is told about len(y), the real bug
        Mistake(_per_row(L.mae_grad), _ROWS_NOT_ENTRIES, _ROWS_NOT_ENTRIES_HINT),
        Mistake(
            _per_row(lambda yt, yp: np.where(_residual(yt, yp) >= 0, 1.0, -1.0) / _f(yp).size),
            _ROWS_NOT_ENTRIES
            + " (Your choice of +1/n at a zero residual is a valid subgradient: that part is fine.)",
            _ROWS_NOT_ENTRIES_HINT,
        ),
        Mistake(
            _per_row(lambda yt, yp: np.where(_residual(yt, yp) > 0, 1.0, -1.0) / _f(yp).size),
            _ROWS_NOT_ENTRIES
            + " (Your choice of -1/n at a zero residual is a valid subgradient: that part is fine.)",
            _ROWS_NOT_ENTRIES_HINT,
        ),
        Mistake(lambda yt, yp: L.mae_grad(yt, yp, reduction="sum"), _NO_MEAN_GRAD),
        Mistake(lambda yt, yp: -L.mae_grad(yt, yp), _FLIPPED),
        Mistake(
            lambda yt, yp: L.mse_grad(yt, yp),
            "You returned the gradient of the MSE, 2r/n; the MAE's is sign(r)/n.",
        ),
        Mistake(
            lambda yt, yp: _residual(yt, yp) / _f(yp).size,
            "You returned r/n; the derivative of |r| is sign(r): the same size whatever the residual.",
        ),
    ),
    success="Every non-zero residual pulls with the same force 1/n, however large: an outlier cannot dominate the gradient.",
)

# ---------------------------------------------------------------------------- Huber

_HUBER_CASES = (
    Case(
        (np.array([0.0, 0.0, 0.0]), np.array([0.5, -3.0, 1.0])),
        label="residuals inside, outside and at delta = 1",
    ),
    Case((np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.5, 1.0, 3.5, 9.0])), {"delta": 2.0}, label="delta = 2"),
    Case((np.array([1.0, -1.0]), np.array([1.0, -1.0])), label="a perfect prediction"),
    Case(
        (np.zeros(3), np.array([1.5, -2.0, 4.0])),
        {"delta": 3.0},
        label="delta = 3, residuals between 1 and delta",
    ),
    Case(([0.0, 1.0, 2.0], [3.0, 1.2, -4.0]), {"delta": 0.5}, label="Python lists, delta = 0.5"),
    Case(
        (np.array([0, 0, 0, 0]), np.array([1, -2, 3, 0])), {"delta": 1.5}, label="integer arrays, delta = 1.5"
    ),
    Case(
        (_RNG.normal(size=20) * 2, _RNG.normal(size=20) * 2),
        {"delta": 1.3},
        label="20 random samples, delta = 1.3",
    ),
)


def _huber_variant(quad, lin, switch):
    def variant(yt, yp, delta=1.0):
        r = _residual(yt, yp)
        a = np.abs(r)
        return float(np.mean(np.where(switch(a, delta), quad(r, delta), lin(a, delta))))

    return variant


HUBER = Exercise(
    id="huber",
    title="Huber loss (mean over samples)",
    signature="huber(y_true, y_pred, delta=1.0)",
    reference=L.huber,
    cases=_HUBER_CASES,
    arg_names=_REG_ARGS,
    output="scalar",
    mistakes=(
        _per_sample(L.huber),
        Mistake(
            lambda yt, yp, delta=1.0: L.huber(yt, yp, delta=delta, reduction="sum"), _SUM_MISTAKE, _SUM_HINT
        ),
        Mistake(
            _huber_variant(lambda r, d: r * r, lambda a, d: d * (a - 0.5 * d), lambda a, d: a <= d),
            "The quadratic piece is missing its 1/2: inside delta the Huber loss is r^2 / 2, so that it meets the linear piece with the same slope.",
        ),
        Mistake(
            _huber_variant(lambda r, d: r * r, lambda a, d: 2 * d * a - d * d, lambda a, d: a <= d),
            "Both pieces are twice too large: you dropped the 1/2 (quadratic piece r^2 / 2, linear piece delta (|r| - delta/2)).",
        ),
        Mistake(
            _huber_variant(lambda r, d: 0.5 * r * r, lambda a, d: d * a, lambda a, d: a <= d),
            "The linear piece is missing its shift: it is delta (|r| - delta/2), so that the two pieces meet at |r| = delta.",
        ),
        Mistake(
            _huber_variant(lambda r, d: 0.5 * r * r, lambda a, d: d * (a - 0.5 * d), lambda a, d: a * a <= d),
            "You switched from quadratic to linear at r^2 = delta; the switch is at |r| = delta.",
            "Compare np.abs(r) <= delta.",
        ),
        Mistake(
            lambda yt, yp, delta=1.0: L.huber(yt, yp, delta=1.0),
            "Your delta is fixed at 1 whatever delta is given: use the argument delta, in the switch"
            " |r| <= delta and in the linear piece delta (|r| - delta/2).",
        ),
        Mistake(
            _huber_variant(lambda r, d: 0.5 * r * r, lambda a, d: d * (a - 0.5 * d), lambda a, d: a <= 1.0),
            "You switched at |r| = 1 whatever delta is: use the delta argument.",
        ),
        Mistake(
            _huber_variant(
                lambda r, d: d * (np.abs(r) - 0.5 * d), lambda a, d: 0.5 * a * a, lambda a, d: a <= d
            ),
            "The two pieces are swapped: the quadratic piece belongs to small residuals (|r| <= delta), the linear one to large ones.",
        ),
    ),
    success="Quadratic near zero (smooth, like MSE), linear far away (robust, like MAE): delta says where 'far' begins.",
)

HUBER_GRAD = Exercise(
    id="huber_grad",
    title="gradient of the Huber loss with respect to y_pred",
    signature="huber_grad(y_true, y_pred, delta=1.0)",
    reference=L.huber_grad,
    cases=_HUBER_CASES,
    arg_names=_REG_ARGS,
    output="array",
    mistakes=(
        Mistake(lambda yt, yp, delta=1.0: L.huber_grad(yt, yp, delta=delta, reduction="sum"), _NO_MEAN_GRAD),
        Mistake(lambda yt, yp, delta=1.0: -L.huber_grad(yt, yp, delta=delta), _FLIPPED),
        Mistake(
            lambda yt, yp, delta=1.0: np.clip(_residual(yt, yp), -1, 1) / _f(yp).size,
            "You clipped the residual at +-1 whatever delta is: clip it at +-delta.",
        ),
        Mistake(
            lambda yt, yp, delta=1.0: 2 * L.huber_grad(yt, yp, delta=delta),
            "Your gradient is twice too large: the derivative of r^2 / 2 is r, not 2r.",
        ),
    ),
    success="The Huber gradient is the residual clipped to [-delta, delta]: an outlier pulls no harder than delta.",
)

EXERCISES = (
    MSE,
    MSE_GRAD,
    MAE,
    MAE_GRAD,
    HUBER,
    HUBER_GRAD,
)
