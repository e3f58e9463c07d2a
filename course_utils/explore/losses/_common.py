"""Helpers shared by the explorers of part 1 (``01_losses``): gaps drawn as one polyline,
and a range check for the factories' arguments."""

from __future__ import annotations

import numpy as np


def _gaps(x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vertical segments from ``lo`` to ``hi`` at each ``x``, as one polyline broken by NaNs."""
    xs = np.repeat(x, 3).astype(float)
    ys = np.column_stack([lo, hi, np.full_like(lo, np.nan, dtype=float)]).ravel()
    xs[2::3] = np.nan
    return xs, ys


def _check_range(value: float, lo: float, hi: float, name: str) -> float:
    if not lo <= value <= hi:
        raise ValueError(f"{name} must lie between {lo:g} and {hi:g}, got {value!r}")
    return float(value)
