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


def scale_grad(grad: np.ndarray, n_samples: int, reduction: str) -> np.ndarray:
    """Scale the gradient of each per-sample loss to the gradient of the reduced value.

    The mean divides by the number of per-sample losses; the sum and "none" leave it.
    ``grad`` must be a fresh array of the caller's: it is scaled in place (a new 1e6-entry
    array costs more than the arithmetic).
    """
    require_reduction(reduction)
    if reduction == "mean":
        if n_samples == 0:
            raise ValueError("cannot average the loss over zero samples (the inputs are empty)")
        grad /= n_samples
    return grad
