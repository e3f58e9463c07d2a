r"""Regression losses: MSE, MAE, Huber, each beside its gradient (``01_losses``).

Conventions
-----------
* ``y_true`` and ``y_pred`` have the same shape (``[n_samples]`` or
  ``[n_samples, n_outputs]``); they are never broadcast against each other.
* The losses are elementwise: ``reduction="none"`` returns one loss per entry, the
  same shape as ``y_pred``; ``"mean"`` averages over *all* entries (PyTorch's
  ``MSELoss``, Keras' ``MeanSquaredError``); ``"sum"`` adds them.
* The residual is :math:`r = \hat y - y`. MSE has no factor 1/2 (some textbooks put
  one in front to cancel the 2 of the derivative; PyTorch and Keras do not).
* Each ``*_grad`` returns :math:`\partial(\text{reduced value}) / \partial \hat y`,
  shaped like ``y_pred``; with ``"mean"`` that includes the factor :math:`1/n`.

MSE is written as one expression on the fresh residual, ``_residual(y_true, y_pred) ** 2``,
rather than naming it first: NumPy then squares the residual in its own memory (temporary
elision), and a 1e6-entry loss costs a small factor of the bare formula instead of the page
faults of a second array.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .._validate import as_float_array, require_finite, require_positive, require_same_shape
from ._reduce import divisor, reduce, scale_grad

__all__ = ["mse", "mse_grad", "mae", "mae_grad", "huber", "huber_grad"]


def _residual(y_true: ArrayLike, y_pred: ArrayLike) -> np.ndarray:
    t = as_float_array(y_true, "y_true")
    p = as_float_array(y_pred, "y_pred")
    require_same_shape(t, p, "y_true", "y_pred")
    require_finite(t, "y_true")
    require_finite(p, "y_pred")
    return p - t


def mse(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray | float:
    r"""Mean squared error.

    .. math:: \ell_i = (\hat y_i - y_i)^2, \qquad J = \frac{1}{n}\sum_i \ell_i

    Parameters
    ----------
    y_true, y_pred : array_like, shape ``[n_samples]`` or ``[n_samples, n_outputs]``
    reduction : {"mean", "sum", "none"}

    Returns
    -------
    float (the cost) or ndarray shaped like ``y_pred`` (the losses, ``"none"``).

    Examples
    --------
    >>> round(mse([1.0], [0.8]), 12)
    0.04
    """
    return reduce(_residual(y_true, y_pred) ** 2, reduction)


def mse_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    r"""Gradient of :func:`mse` with respect to ``y_pred``.

    .. math:: \frac{\partial \ell_i}{\partial \hat y_i} = 2(\hat y_i - y_i),
              \qquad \frac{\partial J}{\partial \hat y_i} = \frac{2}{n}(\hat y_i - y_i)

    Returns
    -------
    ndarray, shape of ``y_pred``.
    """
    return 2 * _residual(y_true, y_pred) / divisor(np.size(y_pred), reduction)


def mae(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray | float:
    r"""Mean absolute error.

    .. math:: \ell_i = |\hat y_i - y_i|, \qquad J = \frac{1}{n}\sum_i \ell_i

    Parameters
    ----------
    y_true, y_pred : array_like, same shape
    reduction : {"mean", "sum", "none"}
    """
    r = _residual(y_true, y_pred)
    return reduce(np.abs(r), reduction)


def mae_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    r"""(Sub)gradient of :func:`mae` with respect to ``y_pred``.

    .. math:: \frac{\partial \ell_i}{\partial \hat y_i} = \operatorname{sign}(\hat y_i - y_i)

    :math:`|r|` has no derivative at :math:`r = 0`; any value in [-1, 1] is a valid
    subgradient there. This function returns 0 (``np.sign(0)``), as PyTorch does.
    """
    r = _residual(y_true, y_pred)
    return scale_grad(np.sign(r), r.size, reduction)


def huber(
    y_true: ArrayLike, y_pred: ArrayLike, *, delta: float = 1.0, reduction: str = "mean"
) -> np.ndarray | float:
    r"""Huber loss: quadratic for small residuals, linear for large ones.

    .. math::
        \ell_i = \begin{cases}
            \tfrac12 r_i^2 & |r_i| \le \delta \\
            \delta\,(|r_i| - \tfrac12 \delta) & |r_i| > \delta
        \end{cases}, \qquad r_i = \hat y_i - y_i

    The two pieces meet with the same value and slope at :math:`|r| = \delta`. This is
    PyTorch's ``HuberLoss`` and Keras' ``Huber`` (note the 1/2: for small residuals
    Huber is *half* the squared error).

    Parameters
    ----------
    y_true, y_pred : array_like, same shape
    delta : float > 0
        Where the loss switches from quadratic to linear.
    reduction : {"mean", "sum", "none"}
    """
    delta = require_positive(delta, "delta")
    r = _residual(y_true, y_pred)
    per = np.where(np.abs(r) <= delta, 0.5 * r**2, delta * (np.abs(r) - 0.5 * delta))
    return reduce(per, reduction)


def huber_grad(
    y_true: ArrayLike, y_pred: ArrayLike, *, delta: float = 1.0, reduction: str = "mean"
) -> np.ndarray:
    r"""Gradient of :func:`huber` with respect to ``y_pred``.

    .. math:: \frac{\partial \ell_i}{\partial \hat y_i} =
        \begin{cases} r_i & |r_i| \le \delta \\ \delta\,\operatorname{sign}(r_i) & |r_i| > \delta
        \end{cases}

    i.e. the residual clipped to :math:`[-\delta, \delta]`.
    """
    delta = require_positive(delta, "delta")
    r = _residual(y_true, y_pred)
    return scale_grad(np.clip(r, -delta, delta), r.size, reduction)
