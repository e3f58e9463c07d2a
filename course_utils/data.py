r"""Small seeded data sets, made with NumPy alone (no downloads).

Every function takes a ``seed`` and returns the same arrays for the same seed, so
notebooks are reproducible and their printed numbers can be checked.
"""

from __future__ import annotations

import numpy as np

__all__ = ["line_data", "logistic_data", "linear_regression_data", "two_moons", "xor"]


def line_data(
    n: int = 30,
    *,
    slope: float = 2.0,
    intercept: float = 1.0,
    noise: float = 0.5,
    n_outliers: int = 0,
    outlier_shift: float = 12.0,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Points near the line :math:`y = \text{slope}\cdot x + \text{intercept}` (``01_losses``).

    ``x`` is uniform on [-2, 2], the noise is Gaussian with standard deviation ``noise``.
    The last ``n_outliers`` points are moved up by ``outlier_shift``.

    Returns
    -------
    x, y : ndarray, shape ``[n]``, sorted by ``x``.
    """
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-2.0, 2.0, n))
    y = slope * x + intercept + noise * rng.standard_normal(n)
    if n_outliers:
        y[-n_outliers:] += outlier_shift
    return x, y


def logistic_data(
    n: int = 40, *, weight: float = 2.0, bias: float = -1.0, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    r"""1-D inputs with labels drawn from :math:`P(y=1|x) = \sigma(\text{weight}\cdot x + \text{bias})`.

    Returns
    -------
    x : ndarray, shape ``[n]``, uniform on [-3, 3], sorted
    y : ndarray, shape ``[n]``, labels 0.0 or 1.0
    """
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-3.0, 3.0, n))
    p = 1.0 / (1.0 + np.exp(-(weight * x + bias)))
    y = (rng.uniform(size=n) < p).astype(np.float64)
    return x, y


def linear_regression_data(
    n: int = 4096, d: int = 2, *, noise: float = 0.5, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""A regression set for the batch-size experiments (``02_optimization``).

    :math:`y = X w^\star + 1 + \varepsilon` with :math:`X \sim \mathcal N(0, I)`, a fixed
    true weight vector :math:`w^\star` and noise :math:`\varepsilon \sim \mathcal N(0, \text{noise}^2)`.

    Returns
    -------
    X : ndarray, shape ``[n, d]``
    y : ndarray, shape ``[n]``
    w_true : ndarray, shape ``[d]``
    """
    rng = np.random.default_rng(seed)
    w_true = np.linspace(2.0, -1.0, d)
    x = rng.standard_normal((n, d))
    y = x @ w_true + 1.0 + noise * rng.standard_normal(n)
    return x, y, w_true


def two_moons(n: int = 200, *, noise: float = 0.15, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Two interleaving half circles, a data set no straight line can separate (``03_backprop``).

    Returns
    -------
    X : ndarray, shape ``[n, 2]``, roughly centred and scaled
    y : ndarray, shape ``[n]``, labels 0.0 (upper moon) or 1.0 (lower moon)
    """
    rng = np.random.default_rng(seed)
    n_upper = n // 2
    n_lower = n - n_upper
    a_upper = np.pi * rng.uniform(size=n_upper)
    a_lower = np.pi * rng.uniform(size=n_lower)
    upper = np.column_stack([np.cos(a_upper), np.sin(a_upper)])
    lower = np.column_stack([1.0 - np.cos(a_lower), 0.5 - np.sin(a_lower)])
    x = np.vstack([upper, lower]) + noise * rng.standard_normal((n, 2))
    x = (x - np.array([0.5, 0.25])) / np.array([1.0, 0.6])
    y = np.concatenate([np.zeros(n_upper), np.ones(n_lower)])
    order = rng.permutation(n)
    return x[order], y[order]


def xor(n: int = 200, *, noise: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Four Gaussian clusters at :math:`(\pm1, \pm1)`, labelled by XOR of the signs.

    Returns
    -------
    X : ndarray, shape ``[n, 2]``
    y : ndarray, shape ``[n]``, 1.0 where exactly one coordinate is positive
    """
    rng = np.random.default_rng(seed)
    corners = rng.integers(0, 4, n)
    centres = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])[corners]
    x = centres + noise * rng.standard_normal((n, 2))
    y = ((centres[:, 0] > 0) != (centres[:, 1] > 0)).astype(np.float64)
    return x, y
