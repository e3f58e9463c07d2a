r"""Activation functions and their derivatives (introduced in ``03_backprop``).

Each derivative takes the *pre-activation* ``z``, not the activation ``a = f(z)``:
``sigmoid_grad(z)`` is :math:`\sigma'(z) = \sigma(z)(1 - \sigma(z))`. Mixing the two
(``sigmoid_grad(a)``) is one of the most common backpropagation mistakes, and the
checks name it.

All functions are vectorized, work on any shape, return float64, and are stable for
inputs as large as :math:`\pm 10^4` (no overflow warning, no NaN).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validate import as_float_array, require_finite

__all__ = [
    "sigmoid",
    "sigmoid_grad",
    "log_sigmoid",
    "softmax",
    "log_softmax",
    "relu",
    "relu_grad",
    "tanh",
    "tanh_grad",
]


def _z(z: ArrayLike) -> np.ndarray:
    arr = as_float_array(z, "z")
    require_finite(arr, "z")
    return arr


def sigmoid(z: ArrayLike) -> np.ndarray:
    r"""Logistic sigmoid :math:`\sigma(z) = 1 / (1 + e^{-z})`, elementwise.

    Computed from :math:`e^{-|z|}`, which never overflows:
    :math:`\sigma(z) = 1/(1+e^{-|z|})` for :math:`z \ge 0` and
    :math:`e^{-|z|}/(1+e^{-|z|})` for :math:`z < 0`.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations (logits).

    Returns
    -------
    ndarray, same shape as ``z``, values in [0, 1].
    """
    z = _z(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def sigmoid_grad(z: ArrayLike) -> np.ndarray:
    r"""Derivative of the sigmoid at ``z``: :math:`\sigma'(z) = \sigma(z)\,(1 - \sigma(z))`.

    Takes the pre-activation ``z``, not :math:`\sigma(z)`.

    Parameters
    ----------
    z : array_like, any shape

    Returns
    -------
    ndarray, same shape as ``z``, values in [0, 1/4].
    """
    s = sigmoid(z)
    return s * (1.0 - s)


def log_sigmoid(z: ArrayLike) -> np.ndarray:
    r"""Log of the sigmoid, computed stably: :math:`\log\sigma(z) = -\log(1 + e^{-z})`.

    Written with ``np.logaddexp(0, -z)`` :math:`= \log(e^0 + e^{-z})`, which never overflows:
    :math:`\log\sigma(-10^4) = -10^4` exactly, where ``np.log(sigmoid(z))`` gives ``-inf``.
    :math:`\log(1 - \sigma(z))` is ``log_sigmoid(-z)``. Used by
    :func:`course_utils.losses.binary_cross_entropy_with_logits`.

    Parameters
    ----------
    z : array_like, any shape

    Returns
    -------
    ndarray, same shape as ``z``, entries :math:`\le 0`.
    """
    return -np.logaddexp(0.0, -_z(z))


def softmax(z: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""Softmax along ``axis``: :math:`p_k = e^{z_k - m} / \sum_j e^{z_j - m}`.

    Subtracting the maximum :math:`m = \max_j z_j` changes nothing mathematically and
    keeps every exponent :math:`\le 0`, so logits of :math:`10^4` do not overflow.

    Parameters
    ----------
    z : array_like, shape ``[..., n_classes]``
        Logits.
    axis : int
        The class axis.

    Returns
    -------
    ndarray, same shape as ``z``; entries in [0, 1] that sum to 1 along ``axis``.
    """
    z = _z(z)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(z: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""Log of the softmax, computed stably: :math:`z_k - m - \log \sum_j e^{z_j - m}`.

    Use it instead of ``np.log(softmax(z))``, which gives ``-inf`` when a probability
    underflows to 0.

    Parameters
    ----------
    z : array_like, shape ``[..., n_classes]``
    axis : int

    Returns
    -------
    ndarray, same shape as ``z``, entries :math:`\le 0`.
    """
    z = _z(z)
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def relu(z: ArrayLike) -> np.ndarray:
    r"""Rectified linear unit :math:`\max(0, z)`, elementwise."""
    return np.maximum(_z(z), 0.0)


def relu_grad(z: ArrayLike) -> np.ndarray:
    r"""Derivative of ReLU: 1 where :math:`z > 0`, else 0 (the subgradient 0 at :math:`z = 0`,
    as in PyTorch)."""
    return (_z(z) > 0).astype(np.float64)


def tanh(z: ArrayLike) -> np.ndarray:
    r"""Hyperbolic tangent, elementwise (NumPy's ``tanh``, stable at any magnitude)."""
    return np.tanh(_z(z))


def tanh_grad(z: ArrayLike) -> np.ndarray:
    r"""Derivative of tanh at ``z``: :math:`1 - \tanh^2(z)`."""
    t = np.tanh(_z(z))
    return 1.0 - t * t
