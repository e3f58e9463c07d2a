r"""Numerical gradients by central differences, to check analytic ones (``03_backprop``).

.. math:: \frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}

The error of this estimate is :math:`O(h^2)`; with float64 and :math:`h = 10^{-6}`
it is typically below :math:`10^{-9}` relative to the gradient. Compare an analytic
gradient with :func:`relative_error`: below :math:`10^{-6}` the two agree; above
:math:`10^{-3}` the analytic one is almost certainly wrong.

This is the one place in ``course_utils`` that loops over coordinates: each needs its
own two evaluations of ``f``, so it costs :math:`2n` calls. Use it on small problems.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["numerical_gradient", "relative_error", "gradcheck"]

Params = np.ndarray | dict[str, np.ndarray]


def _scalar(value: Any) -> float:
    arr = np.asarray(value, dtype=np.float64)
    if arr.size != 1:
        raise ValueError(
            f"f must return a single number (a scalar cost), got an array of shape {arr.shape};"
            " reduce it with .mean() or .sum()"
        )
    return float(arr.reshape(()))


def _numerical_gradient_array(f: Callable[[np.ndarray], Any], x: np.ndarray, h: float) -> np.ndarray:
    x = np.array(x, dtype=np.float64)  # a private copy we may perturb
    grad = np.empty_like(x)
    flat_x, flat_g = x.reshape(-1), grad.reshape(-1)
    for i in range(flat_x.size):
        old = flat_x[i]
        flat_x[i] = old + h
        f_plus = _scalar(f(x))
        flat_x[i] = old - h
        f_minus = _scalar(f(x))
        flat_x[i] = old
        flat_g[i] = (f_plus - f_minus) / (2.0 * h)
    return grad


def numerical_gradient(f: Callable[[Any], Any], x: ArrayLike | Params, *, h: float = 1e-6):
    r"""Central-difference gradient of a scalar function ``f`` at ``x``.

    Parameters
    ----------
    f : callable
        ``f(x)`` returns one number. ``f`` receives an array shaped like ``x`` (or a dict
        shaped like ``x``); it must not keep a reference to it.
    x : array_like of any shape, or dict of arrays
    h : float
        Step size.

    Returns
    -------
    ndarray shaped like ``x`` (or a dict of them).
    """
    if isinstance(x, dict):
        base = {k: np.array(v, dtype=np.float64) for k, v in x.items()}
        out = {}
        for key in base:

            def f_key(value: np.ndarray, key: str = key) -> Any:
                return f({**base, key: value})

            out[key] = _numerical_gradient_array(f_key, base[key], h)
        return out
    return _numerical_gradient_array(f, np.asarray(x, dtype=np.float64), h)


def relative_error(a: ArrayLike | Params, b: ArrayLike | Params, *, tiny: float = 1e-12) -> float:
    r"""Relative error between two gradients:

    .. math:: \frac{\lVert a - b \rVert}{\max(\lVert a \rVert + \lVert b \rVert,\ \text{tiny})}

    with Euclidean norms over all entries (over all arrays for dicts). It is 0 for equal
    gradients, at most 1, and scale-free; ``tiny`` avoids 0/0 when both are zero.
    """
    if isinstance(a, dict) or isinstance(b, dict):
        if not (isinstance(a, dict) and isinstance(b, dict)) or set(a) != set(b):
            raise ValueError("a and b must both be dicts with the same keys, or both arrays")
        a = np.concatenate([np.ravel(np.asarray(a[k], dtype=np.float64)) for k in sorted(a)])
        b = np.concatenate([np.ravel(np.asarray(b[k], dtype=np.float64)) for k in sorted(b)])
    a_arr = np.asarray(a, dtype=np.float64)
    b_arr = np.asarray(b, dtype=np.float64)
    if a_arr.shape != b_arr.shape:
        raise ValueError(f"a and b must have the same shape, got {a_arr.shape} and {b_arr.shape}")
    num = np.linalg.norm(a_arr - b_arr)
    den = max(float(np.linalg.norm(a_arr) + np.linalg.norm(b_arr)), tiny)
    return float(num / den)


def gradcheck(
    f: Callable[[Any], Any],
    grad_f: Callable[[Any], Any],
    x: ArrayLike | Params,
    *,
    h: float = 1e-6,
) -> float:
    """Relative error between ``grad_f(x)`` and the numerical gradient of ``f`` at ``x``."""
    return relative_error(grad_f(x), numerical_gradient(f, x, h=h))
