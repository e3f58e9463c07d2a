r"""Kullback-Leibler divergence between distributions (``01_losses``)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .._validate import (
    as_float_array,
    require_in_unit_interval,
    require_rows_sum_to_one,
    require_same_shape,
)
from ._reduce import reduce, scale_grad
from .classification import EPS

__all__ = ["kl_divergence", "kl_divergence_grad"]


def _kl_args(p: ArrayLike, q: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    p_arr = as_float_array(p, "p")
    q_arr = as_float_array(q, "q")
    require_same_shape(p_arr, q_arr, "p", "q")
    if p_arr.ndim == 0:
        raise ValueError("p and q must be distributions along their last axis, got scalars")
    for arr, name in ((p_arr, "p"), (q_arr, "q")):
        require_in_unit_interval(arr, name)
        require_rows_sum_to_one(arr, name)
    return p_arr, q_arr


def _floor_q(p: np.ndarray, q: np.ndarray, eps: float) -> np.ndarray:
    """q floored at min(eps, p): finite where q = 0, and never above a tiny p."""
    floor = np.minimum(eps, p)
    return np.where(q > floor, q, np.where(floor > 0, floor, eps))


def kl_divergence(p: ArrayLike, q: ArrayLike, *, eps: float = EPS, reduction: str = "mean"):
    r"""KL divergence :math:`D_{KL}(p \,\|\, q)`, along the last axis.

    .. math:: D_{KL}(p \,\|\, q) = \sum_k p_k \log \frac{p_k}{q_k}, \qquad 0 \log 0 = 0

    It is :math:`\ge 0`, zero only when :math:`p = q`, and *not symmetric*:
    :math:`D_{KL}(p\|q)` is large where :math:`p` has mass and :math:`q` has little.
    :math:`q` is floored at :math:`\min(\epsilon, p)` inside the log, so that a zero in
    :math:`q` gives a large, finite value instead of infinity while every term stays
    :math:`\ge 0` (a floor above a tiny :math:`p` would make its term negative).

    Follows the course's ``(y_true, y_pred)`` order: ``p`` is the target distribution,
    ``q`` the model's. (PyTorch's ``KLDivLoss(input, target)`` takes *log* q first.)

    Parameters
    ----------
    p, q : array_like, shape ``[n_classes]`` or ``[n_samples, n_classes]``
        Distributions: entries in [0, 1], each summing to 1 along the last axis.
    reduction : {"mean", "sum", "none"}
        Over the leading (sample) axes; ``"none"`` returns shape ``p.shape[:-1]``.
    """
    p_arr, q_arr = _kl_args(p, q)
    safe_p = np.where(p_arr > 0, p_arr, 1.0)
    terms = np.where(p_arr > 0, p_arr * (np.log(safe_p) - np.log(_floor_q(p_arr, q_arr, eps))), 0.0)
    # KL of two distributions is >= 0; the floor on q can leave a rounding-sized negative
    # sum (of order eps) where the exact value is +inf or 0, so clamp it.
    return reduce(np.maximum(terms.sum(axis=-1), 0.0), reduction)


def kl_divergence_grad(p: ArrayLike, q: ArrayLike, *, eps: float = EPS, reduction: str = "mean"):
    r"""Gradient of :func:`kl_divergence` with respect to ``q``.

    .. math:: \frac{\partial D_{KL}(p\|q)}{\partial q_k} = -\frac{p_k}{q_k}

    (at the floored :math:`q_k`; the sum-to-one constraint is not projected out).
    """
    p_arr, q_arr = _kl_args(p, q)
    n = int(np.prod(p_arr.shape[:-1]))
    return scale_grad(-p_arr / _floor_q(p_arr, q_arr, eps), n, reduction)
