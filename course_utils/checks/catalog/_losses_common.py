"""Helpers shared by the exercises of part 1 (``01_losses``), which the ``losses_*`` modules
of the catalog declare (the registry skips this module: its name starts with "_").

A known mistake is written as the reference called differently where it can be
(``reduction="sum"`` is "a sum instead of a mean"), and as a few lines of deliberately
wrong NumPy where it cannot. The mistakes that recur across the losses are here: the
per-sample losses returned instead of the cost (:func:`_per_sample`), a sum instead of a
mean, a gradient without its 1/n.

Each ``losses_*`` module draws the random inputs of its cases from its own seeded
generator (:func:`_rng`), so its cases do not depend on which modules were imported first.
"""

from __future__ import annotations

import numpy as np

from ..engine import Mistake


def _rng(module: str) -> np.random.Generator:
    """The seeded generator of one catalog module's random cases."""
    return np.random.default_rng([2024, sum(map(ord, module))])


def _f(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def _mean_of(per_sample):
    """Turn a per-sample function into its mean (the cost)."""
    return lambda yt, yp, *a, **k: float(np.mean(per_sample(_f(yt), _f(yp), *a, **k)))


_PER_SAMPLE = "You returned the per-sample losses, one number per sample; the cost is one number, their mean."
_PER_SAMPLE_HINT = "Average them: np.mean(...)."


def _per_sample(loss):
    """The known mistake of returning the losses instead of the cost."""
    return Mistake(lambda *a, **k: loss(*a, reduction="none", **k), _PER_SAMPLE, _PER_SAMPLE_HINT)


_SUM_MISTAKE = "Your result is n times too large: you summed the per-sample losses; the cost is their mean."
_SUM_HINT = "Use np.mean(...) instead of np.sum(...)."
_NO_MEAN_GRAD = (
    "Your gradient is n times too large: it is the gradient of the *sum* of the losses. The cost is"
    " their mean, so every entry of its gradient carries a factor 1/n."
)


_ROWS_NOT_ENTRIES = (
    "On 2-D inputs you divided by len(y), the number of rows: the inputs may be arrays of any"
    " shape, and n counts every entry, n = y.size (the mean is over every entry, as for the MSE)."
)
_ROWS_NOT_ENTRIES_HINT = "Divide by y.size (or use np.mean), not len(y)."


def _per_row(grad):
    """The known mistake of dividing a gradient by ``len(y)`` (rows) instead of ``y.size`` (entries)."""

    def variant(yt, yp, *a, **k):
        g = np.asarray(grad(yt, yp, *a, **k), dtype=np.float64)
        rows = len(np.asarray(yt)) if np.ndim(yt) else 1
        return g * np.size(yt) / rows

    return variant


_ENTRIES_NOT_ROWS_ERROR = (
    "This case passes 2-D arrays: the inputs may be arrays of any shape, and the mean is over every"
    " entry (n = y.size). A loop over zip(y, s) walks the rows, not the entries: flatten first"
    " (np.ravel), or write the formula with NumPy on whole arrays."
)
