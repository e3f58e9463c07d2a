"""Argument checks shared by the numerical modules.

Every public function of ``course_utils`` turns its array arguments into float64
arrays with these helpers, so that a learner who passes a list, an integer array,
a NaN or a wrongly shaped array gets a ``ValueError`` that names the argument and
says what was expected, instead of a silently broadcast, wrong answer.

The checks are written to cost as few passes over the data as possible: a single
``sum`` detects NaN and inf in the common case, and ``min``/``max`` detect both a
value out of range and a NaN (comparisons with NaN are false).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

REDUCTIONS = ("none", "mean", "sum")


def as_float_array(x: Any, name: str) -> np.ndarray:
    """Return ``x`` as a float64 array; raise ``ValueError`` if it is not numeric."""
    if isinstance(x, np.ndarray) and x.dtype == np.float64:
        arr = x
    else:
        try:
            arr = np.asarray(x, dtype=np.float64)
        except (TypeError, ValueError) as err:
            raise ValueError(f"{name} must be an array of numbers, got {type(x).__name__}: {err}") from None
    return arr


def require_finite(arr: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` if ``arr`` holds a NaN or an infinity."""
    if arr.size == 0:
        return
    with np.errstate(over="ignore", invalid="ignore"):
        total = arr.sum()
    if np.isfinite(total):
        return
    bad = ~np.isfinite(arr)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(f"{name} must be finite, but {name}[{', '.join(map(str, idx))}] = {arr[idx]}")


def require_in_unit_interval(arr: np.ndarray, name: str, what: str = "probabilities") -> None:
    """Raise ``ValueError`` unless every entry lies in [0, 1] (NaN fails too)."""
    if arr.size == 0:
        return
    lo, hi = arr.min(), arr.max()
    if not (lo >= 0.0 and hi <= 1.0):
        bad = ~((arr >= 0.0) & (arr <= 1.0))
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name} must hold {what} in [0, 1], but {name}[{', '.join(map(str, idx))}] = {arr[idx]}"
        )


#: How far from 1 a distribution's sum may be: loose enough for rounding and for the
#: small perturbations of a finite-difference gradient check, tight enough to catch
#: logits or unnormalized scores passed where probabilities belong.
SUM_TOLERANCE = 1e-4


def require_rows_sum_to_one(arr: np.ndarray, name: str, hint: str = "") -> None:
    """Raise ``ValueError`` unless every distribution along the last axis sums to 1."""
    if arr.size == 0:
        return
    sums = arr.sum(axis=-1)
    off = np.abs(sums - 1.0) > SUM_TOLERANCE
    if off.any():
        idx = tuple(int(i) for i in np.argwhere(off)[0]) if sums.ndim else ()
        where = f" (row {idx[0]} sums to {sums[idx]:.8g})" if idx else f" (it sums to {sums:.8g})"
        raise ValueError(f"each row of {name} must be a probability distribution summing to 1{where}.{hint}")


def require_same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Raise ``ValueError`` if two arrays differ in shape (no silent broadcasting)."""
    if a.shape != b.shape:
        hint = ""
        if a.size == b.size:
            hint = (
                f" They hold the same number of values: reshape one of them, for example"
                f" {name_b}.reshape({a.shape})."
            )
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}."
            f" Broadcasting them would silently compare every sample with every other.{hint}"
        )


def require_reduction(reduction: str) -> None:
    """Raise ``ValueError`` unless ``reduction`` is one of "none", "mean", "sum"."""
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}, got {reduction!r}")


def require_positive(value: float, name: str) -> float:
    """Return ``value`` as a float; raise ``ValueError`` unless it is finite and > 0."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not (np.isfinite(v) and v > 0.0):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return v


def require_fraction(value: float, name: str, *, allow_zero: bool = True) -> float:
    """Return ``value`` as a float; raise ``ValueError`` unless it lies in [0, 1)."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    lo_ok = v >= 0.0 if allow_zero else v > 0.0
    if not (lo_ok and v < 1.0):
        interval = "[0, 1)" if allow_zero else "(0, 1)"
        raise ValueError(f"{name} must lie in {interval}, got {value!r}")
    return v


def require_choice(value: Any, choices: Sequence[Any], name: str) -> Any:
    """Return ``value``; raise ``ValueError`` unless it is one of ``choices``."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value


def require_in_range(value: float, lo: float, hi: float, name: str) -> float:
    """Return ``value`` as a float; raise ``ValueError`` unless ``lo <= value <= hi``."""
    if not lo <= value <= hi:
        raise ValueError(f"{name} must lie between {lo:g} and {hi:g}, got {value!r}")
    return float(value)


def class_indices(y: Any, n_classes: int, name: str) -> np.ndarray:
    """Return ``y`` as an int64 array of class indices in ``[0, n_classes)``."""
    arr = np.asarray(y)
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
            raise ValueError(f"{name} must hold whole-number class indices, got {arr.ravel()[:5]}")
        arr = arr.astype(np.int64)
    elif arr.dtype.kind not in "iu":
        raise ValueError(f"{name} must hold integer class indices, got dtype {arr.dtype}")
    if arr.size and (arr.min() < 0 or arr.max() >= n_classes):
        bad = arr[(arr < 0) | (arr >= n_classes)][0]
        raise ValueError(
            f"{name} holds class index {bad}, but there are {n_classes} classes"
            f" (valid indices 0 to {n_classes - 1})"
        )
    return arr.astype(np.int64, copy=False)
