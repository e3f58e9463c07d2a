r"""Target encodings for classification: one-hot rows and label smoothing (``01_losses``)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validate import (
    as_float_array,
    class_indices,
    require_fraction,
    require_in_unit_interval,
    require_rows_sum_to_one,
)

__all__ = ["one_hot", "smooth_labels"]


def one_hot(y: ArrayLike, n_classes: int) -> np.ndarray:
    r"""One-hot rows from class indices: :math:`Y_{ik} = \mathbb 1[k = y_i]`.

    Parameters
    ----------
    y : array_like of int, shape ``[n_samples]``
    n_classes : int

    Returns
    -------
    ndarray, shape ``[n_samples, n_classes]``, float64.
    """
    if int(n_classes) != n_classes or n_classes < 1:
        raise ValueError(f"n_classes must be a positive integer, got {n_classes!r}")
    idx = class_indices(y, int(n_classes), "y")
    if idx.ndim != 1:
        raise ValueError(f"y must be a 1-D array of class indices, got shape {idx.shape}")
    out = np.zeros((idx.shape[0], int(n_classes)))
    out[np.arange(idx.shape[0]), idx] = 1.0
    return out


def smooth_labels(y_onehot: ArrayLike, eps: float) -> np.ndarray:
    r"""Label smoothing: move a mass :math:`\varepsilon` from the true class to all classes.

    .. math:: t = (1 - \varepsilon)\, y + \varepsilon / K

    The true class keeps :math:`1 - \varepsilon + \varepsilon/K`, each other class gets
    :math:`\varepsilon / K`; rows still sum to 1. Spreading over all *K* classes (not
    the *K - 1* others) is the convention of Szegedy et al. (2016), PyTorch and Keras.

    Parameters
    ----------
    y_onehot : array_like, shape ``[n_samples, n_classes]``
    eps : float in [0, 1)
    """
    eps = require_fraction(eps, "eps")
    y = as_float_array(y_onehot, "y_onehot")
    if y.ndim != 2:
        raise ValueError(
            f"y_onehot must have shape [n_samples, n_classes], got {y.shape};"
            " convert class indices with one_hot(y, n_classes) first"
        )
    require_in_unit_interval(y, "y_onehot")
    require_rows_sum_to_one(y, "y_onehot")
    return (1.0 - eps) * y + eps / y.shape[1]
