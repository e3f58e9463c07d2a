"""From per-sample losses to a cost, and the matching scale of the gradient."""

from __future__ import annotations

import numpy as np

from .._validate import require_reduction


def reduce(per_sample: np.ndarray, reduction: str) -> np.ndarray | float:
    """Apply ``reduction`` to per-sample losses: "none" keeps them, "mean"/"sum" give the cost."""
    require_reduction(reduction)
    if reduction == "none":
        return per_sample
    if reduction == "sum":
        return float(per_sample.sum())
    if per_sample.size == 0:
        raise ValueError("cannot average the loss over zero samples (the inputs are empty)")
    return float(per_sample.mean())


def divisor(n_samples: int, reduction: str) -> int:
    r"""The :math:`n` a reduction divides by: the number of losses for the mean, 1 otherwise.

    :math:`J = \frac1n \sum_i \ell_i` gives
    :math:`\partial J / \partial \hat y_i = \frac1n\, \partial \ell_i / \partial \hat y_i`;
    the sum and "none" leave each loss's gradient as it is.
    """
    require_reduction(reduction)
    if reduction != "mean":
        return 1
    if n_samples == 0:
        raise ValueError("cannot average the loss over zero samples (the inputs are empty)")
    return n_samples


def scale_grad(grad: np.ndarray, n_samples: int, reduction: str) -> np.ndarray:
    """Scale the gradient of each per-sample loss to the gradient of the reduced value."""
    return grad / divisor(n_samples, reduction)
