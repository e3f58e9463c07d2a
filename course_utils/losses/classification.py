r"""Classification losses, each beside its gradient (``01_losses``).

* :func:`binary_cross_entropy` takes probabilities, :func:`binary_cross_entropy_with_logits`
  takes logits (the stable form to use in practice).
* :func:`categorical_cross_entropy` takes one-hot targets and probabilities,
  :func:`softmax_cross_entropy` takes class indices (or target distributions) and logits.
* :func:`hinge` (labels in {-1, +1}) and :func:`multiclass_hinge` (Weston-Watkins, CS231n).

Per-sample losses have shape ``[n_samples]``; ``reduction="mean"`` averages over
samples, so the gradient of the mean carries a factor :math:`1/n`. Each ``*_grad``
is :math:`\partial(\text{reduced value})/\partial\,\text{y\_pred}`, shaped like ``y_pred``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .._validate import (
    as_float_array,
    class_indices,
    require_finite,
    require_fraction,
    require_in_unit_interval,
    require_rows_sum_to_one,
    require_same_shape,
)
from ..activations import log_sigmoid, log_softmax, sigmoid, softmax
from ._reduce import reduce, scale_grad

__all__ = [
    "EPS",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "categorical_cross_entropy",
    "categorical_cross_entropy_grad",
    "softmax_cross_entropy",
    "softmax_cross_entropy_grad",
    "hinge",
    "hinge_grad",
    "multiclass_hinge",
    "multiclass_hinge_grad",
]

#: Probabilities are clipped to ``[EPS, 1 - EPS]`` before taking a log, so a prediction
#: of exactly 0 or 1 gives a large but finite loss (:math:`-\log 10^{-12} \approx 27.6`).
EPS = 1e-12


# --------------------------------------------------------------------------- binary


def _binary_args(y_true: ArrayLike, y_pred: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    t = as_float_array(y_true, "y_true")
    p = as_float_array(y_pred, "y_pred")
    require_same_shape(t, p, "y_true", "y_pred")
    require_in_unit_interval(t, "y_true", "labels (0 or 1, or a soft label between)")
    return t, p


def binary_cross_entropy(
    y_true: ArrayLike, y_pred: ArrayLike, *, eps: float = EPS, reduction: str = "mean"
) -> np.ndarray | float:
    r"""Binary cross-entropy of predicted probabilities.

    .. math:: \ell_i = -\big[y_i \log \hat p_i + (1 - y_i)\log(1 - \hat p_i)\big],
              \qquad \hat p_i = \operatorname{clip}(\hat y_i, \epsilon, 1 - \epsilon)

    It is the negative log-likelihood of the label under a Bernoulli(:math:`\hat y`)
    model. The clipping makes predictions of exactly 0 or 1 finite (Keras clips with
    :math:`10^{-7}`, PyTorch clamps the log at -100; the course uses :math:`10^{-12}`).

    Parameters
    ----------
    y_true : array_like, shape ``[n_samples]``, values in [0, 1]
    y_pred : array_like, shape ``[n_samples]``, probabilities in [0, 1]
    eps : float
    reduction : {"mean", "sum", "none"}
    """
    t, p = _binary_args(y_true, y_pred)
    require_in_unit_interval(p, "y_pred")
    p = np.clip(p, eps, 1.0 - eps)
    per = -(t * np.log(p) + (1 - t) * np.log1p(-p))  # log1p(-p) is log(1 - p), exact for tiny p
    return reduce(per, reduction)


def binary_cross_entropy_grad(
    y_true: ArrayLike, y_pred: ArrayLike, *, eps: float = EPS, reduction: str = "mean"
) -> np.ndarray:
    r"""Gradient of :func:`binary_cross_entropy` with respect to the probabilities.

    .. math:: \frac{\partial \ell_i}{\partial \hat y_i}
              = -\frac{y_i}{\hat p_i} + \frac{1 - y_i}{1 - \hat p_i}
              = \frac{\hat p_i - y_i}{\hat p_i (1 - \hat p_i)}

    evaluated at the clipped :math:`\hat p_i`, so it stays finite at 0 and 1.
    """
    t, p = _binary_args(y_true, y_pred)
    require_in_unit_interval(p, "y_pred")
    p = np.clip(p, eps, 1.0 - eps)
    grad = (p - t) / (p * (1 - p))
    return scale_grad(grad, t.size, reduction)


def binary_cross_entropy_with_logits(
    y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean"
) -> np.ndarray | float:
    r"""Binary cross-entropy of logits :math:`z` (the probability is :math:`\sigma(z)`).

    .. math:: \ell_i = -\big[y_i \log\sigma(z_i) + (1 - y_i) \log\sigma(-z_i)\big]

    since :math:`1 - \sigma(z) = \sigma(-z)`. The logs are taken by
    :func:`course_utils.activations.log_sigmoid`, :math:`\log\sigma(z) = -\log(1 + e^{-z})`
    computed with ``np.logaddexp``, which never overflows and never takes the log of 0: the
    loss is exact and finite for :math:`|z|` up to :math:`10^4` and beyond, where
    ``log(sigmoid(z))`` would give ``-inf``. This is PyTorch's ``BCEWithLogitsLoss``.

    Parameters
    ----------
    y_true : array_like, shape ``[n_samples]``, values in [0, 1]
    y_pred : array_like, shape ``[n_samples]``, logits (any real number)
    """
    t, z = _binary_args(y_true, y_pred)
    require_finite(z, "y_pred")
    per = -(t * log_sigmoid(z) + (1 - t) * log_sigmoid(-z))
    return reduce(per, reduction)


def binary_cross_entropy_with_logits_grad(
    y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean"
) -> np.ndarray:
    r"""Gradient of :func:`binary_cross_entropy_with_logits` with respect to the logits.

    .. math:: \frac{\partial \ell_i}{\partial z_i} = \sigma(z_i) - y_i

    The sigmoid's derivative cancels the cross-entropy's denominator: the reason a
    sigmoid output and a cross-entropy loss go together.
    """
    t, z = _binary_args(y_true, y_pred)
    require_finite(z, "y_pred")
    grad = sigmoid(z) - t
    return scale_grad(grad, t.size, reduction)


# ---------------------------------------------------------------------- categorical

_INDICES_HINT = (
    " y_true looks like class indices, but this loss expects one-hot rows of shape"
    " [n_samples, n_classes]: convert with course_utils.targets.one_hot(y_true, n_classes),"
    " or use softmax_cross_entropy, which takes indices."
)


def _categorical_args(y_true: ArrayLike, y_pred: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    t = as_float_array(y_true, "y_true")
    p = as_float_array(y_pred, "y_pred")
    if p.ndim != 2:
        raise ValueError(f"y_pred must have shape [n_samples, n_classes], got {p.shape}")
    if t.ndim == 1 and t.shape[0] == p.shape[0]:
        raise ValueError(f"y_true has shape {t.shape} but y_pred has shape {p.shape}." + _INDICES_HINT)
    require_same_shape(t, p, "y_true", "y_pred")
    require_in_unit_interval(t, "y_true")
    require_rows_sum_to_one(t, "y_true")
    require_in_unit_interval(p, "y_pred")
    require_rows_sum_to_one(p, "y_pred", " Did you pass logits or unnormalized scores? Apply softmax first.")
    return t, p


def categorical_cross_entropy(
    y_true: ArrayLike, y_pred: ArrayLike, *, eps: float = EPS, reduction: str = "mean"
) -> np.ndarray | float:
    r"""Categorical cross-entropy of predicted class probabilities.

    .. math:: \ell_i = -\sum_{k=1}^{K} y_{ik} \log \operatorname{clip}(\hat y_{ik}, \epsilon, 1)

    With a one-hot :math:`y_i` only the true class's term survives:
    :math:`\ell_i = -\log \hat y_{i, c_i}`.

    Parameters
    ----------
    y_true : array_like, shape ``[n_samples, n_classes]``
        One-hot rows (or any target distribution, e.g. smoothed labels).
    y_pred : array_like, shape ``[n_samples, n_classes]``
        Probabilities, each row summing to 1 (a softmax output).
    eps : float
    reduction : {"mean", "sum", "none"}
    """
    t, p = _categorical_args(y_true, y_pred)
    per = -(t * np.log(np.clip(p, eps, 1.0))).sum(axis=1)
    return reduce(per, reduction)


def categorical_cross_entropy_grad(
    y_true: ArrayLike, y_pred: ArrayLike, *, eps: float = EPS, reduction: str = "mean"
) -> np.ndarray:
    r"""Gradient of :func:`categorical_cross_entropy` with respect to the probabilities.

    .. math:: \frac{\partial \ell_i}{\partial \hat y_{ik}} = -\frac{y_{ik}}{\hat y_{ik}}

    (at the clipped probability). Composed with the softmax's Jacobian this becomes
    :math:`\hat y_i - y_i` with respect to the logits; see :func:`softmax_cross_entropy_grad`.
    """
    t, p = _categorical_args(y_true, y_pred)
    return scale_grad(-t / np.clip(p, eps, 1.0), t.shape[0], reduction)


def _softmax_target(y_true: ArrayLike, z: np.ndarray, label_smoothing: float) -> np.ndarray:
    n, k = z.shape
    t_arr = np.asarray(y_true)
    if t_arr.ndim == 1:
        if t_arr.shape[0] != n:
            raise ValueError(f"y_true holds {t_arr.shape[0]} class indices but y_pred has {n} rows")
        idx = class_indices(t_arr, k, "y_true")
        target = np.zeros((n, k))
        target[np.arange(n), idx] = 1.0
    else:
        target = as_float_array(t_arr, "y_true")
        require_same_shape(target, z, "y_true", "y_pred")
        require_in_unit_interval(target, "y_true")
        require_rows_sum_to_one(target, "y_true")
    if label_smoothing:
        target = (1.0 - label_smoothing) * target + label_smoothing / k
    return target


def _softmax_args(
    y_true: ArrayLike, y_pred: ArrayLike, label_smoothing: float
) -> tuple[np.ndarray, np.ndarray]:
    label_smoothing = require_fraction(label_smoothing, "label_smoothing")
    z = as_float_array(y_pred, "y_pred")
    if z.ndim != 2:
        raise ValueError(f"y_pred must be logits of shape [n_samples, n_classes], got {z.shape}")
    require_finite(z, "y_pred")
    return _softmax_target(y_true, z, label_smoothing), z


def softmax_cross_entropy(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    label_smoothing: float = 0.0,
    reduction: str = "mean",
) -> np.ndarray | float:
    r"""Cross-entropy of the softmax of logits, computed stably (PyTorch's ``CrossEntropyLoss``).

    .. math:: \ell_i = -\sum_k t_{ik} \log \operatorname{softmax}(z_i)_k,
              \qquad t_i = (1 - \varepsilon)\,\mathrm{onehot}(c_i) + \varepsilon / K

    ``log_softmax`` is used, never ``log(softmax(z))``, so logits of :math:`10^4` give
    exact, finite losses.

    Parameters
    ----------
    y_true : array_like, shape ``[n_samples]`` (class indices) or ``[n_samples, n_classes]``
        (one-hot rows or target distributions).
    y_pred : array_like, shape ``[n_samples, n_classes]``
        Logits.
    label_smoothing : float in [0, 1)
        :math:`\varepsilon`, spread uniformly over all *K* classes (the true class included),
        as in PyTorch and Szegedy et al. (2016).
    reduction : {"mean", "sum", "none"}
    """
    t, z = _softmax_args(y_true, y_pred, label_smoothing)
    per = -(t * log_softmax(z)).sum(axis=1)
    return reduce(per, reduction)


def softmax_cross_entropy_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    label_smoothing: float = 0.0,
    reduction: str = "mean",
) -> np.ndarray:
    r"""Gradient of :func:`softmax_cross_entropy` with respect to the logits.

    .. math:: \frac{\partial \ell_i}{\partial z_{ik}} = \operatorname{softmax}(z_i)_k - t_{ik}

    (valid because each target row :math:`t_i` sums to 1).
    """
    t, z = _softmax_args(y_true, y_pred, label_smoothing)
    return scale_grad(softmax(z) - t, z.shape[0], reduction)


# ---------------------------------------------------------------------------- hinge


def _hinge_args(y_true: ArrayLike, y_pred: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    t = as_float_array(y_true, "y_true")
    s = as_float_array(y_pred, "y_pred")
    require_same_shape(t, s, "y_true", "y_pred")
    require_finite(s, "y_pred")
    if t.size and not np.all(np.abs(t) == 1.0):
        bad = t[np.abs(t) != 1.0][0]
        hint = " Convert 0/1 labels with y = 2 * y - 1." if bad == 0 else ""
        raise ValueError(f"y_true must hold labels -1 or +1 for the hinge loss, found {bad}.{hint}")
    return t, s


def hinge(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray | float:
    r"""Hinge loss of the SVM, for labels :math:`y \in \{-1, +1\}` and raw scores :math:`s`.

    .. math:: \ell_i = \max(0,\ 1 - y_i s_i)

    Zero once a sample is on the right side *with a margin* of at least 1.

    Parameters
    ----------
    y_true : array_like, shape ``[n_samples]``, values -1 or +1
    y_pred : array_like, shape ``[n_samples]``, scores (no activation)
    """
    t, s = _hinge_args(y_true, y_pred)
    return reduce(np.maximum(0.0, 1.0 - t * s), reduction)


def hinge_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    r"""(Sub)gradient of :func:`hinge` with respect to the scores.

    .. math:: \frac{\partial \ell_i}{\partial s_i} = \begin{cases} -y_i & y_i s_i < 1 \\
              0 & y_i s_i \ge 1 \end{cases}

    (0 is the subgradient chosen at the kink :math:`y_i s_i = 1`).
    """
    t, s = _hinge_args(y_true, y_pred)
    return scale_grad(np.where(t * s < 1.0, -t, 0.0), t.size, reduction)


def _multiclass_hinge_parts(
    y_true: ArrayLike, y_pred: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    s = as_float_array(y_pred, "y_pred")
    if s.ndim != 2:
        raise ValueError(f"y_pred must be scores of shape [n_samples, n_classes], got {s.shape}")
    require_finite(s, "y_pred")
    n, k = s.shape
    t_arr = np.asarray(y_true)
    if t_arr.shape != (n,):
        raise ValueError(f"y_true must hold one class index per sample, shape ({n},), got {t_arr.shape}")
    idx = class_indices(t_arr, k, "y_true")
    rows = np.arange(n)
    margins = s - s[rows, idx][:, None] + 1.0
    margins[rows, idx] = 0.0
    return np.maximum(margins, 0.0), idx, rows


def multiclass_hinge(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray | float:
    r"""Multiclass hinge loss (Weston-Watkins form, as in CS231n).

    .. math:: \ell_i = \sum_{j \ne c_i} \max(0,\ s_{ij} - s_{i c_i} + 1)

    No division by the number of classes (PyTorch's ``MultiMarginLoss`` divides by *K*).

    Parameters
    ----------
    y_true : array_like of int, shape ``[n_samples]``, class indices
    y_pred : array_like, shape ``[n_samples, n_classes]``, scores
    """
    margins, _, _ = _multiclass_hinge_parts(y_true, y_pred)
    return reduce(margins.sum(axis=1), reduction)


def multiclass_hinge_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: str = "mean") -> np.ndarray:
    r"""(Sub)gradient of :func:`multiclass_hinge` with respect to the scores.

    .. math:: \frac{\partial \ell_i}{\partial s_{ij}} = \mathbb 1[s_{ij} - s_{ic_i} + 1 > 0]
              \ (j \ne c_i), \qquad
              \frac{\partial \ell_i}{\partial s_{ic_i}} = -\sum_{j\ne c_i} \mathbb 1[\cdot]
    """
    margins, idx, rows = _multiclass_hinge_parts(y_true, y_pred)
    g = (margins > 0).astype(np.float64)
    g[rows, idx] = -g.sum(axis=1)
    return scale_grad(g, g.shape[0], reduction)
