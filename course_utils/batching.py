r"""Mini-batches: one epoch of shuffled batches (``02_optimization``)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["iterate_minibatches"]


def iterate_minibatches(
    X: ArrayLike, y: ArrayLike, batch_size: int, *, rng: np.random.Generator
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    r"""Yield ``(X_batch, y_batch)`` pairs covering the data set once, in a new random order.

    The rows are shuffled with one permutation drawn from ``rng`` (the same for ``X`` and
    ``y``, so each sample keeps its label), then cut into batches of ``batch_size``. The
    last batch keeps the :math:`n \bmod b` samples left over, so every sample is used in
    every epoch (PyTorch's ``DataLoader(drop_last=False)``). Calling it again with the
    same ``rng`` gives the next epoch, in a different order.

    Parameters
    ----------
    X : array_like, shape ``[n_samples, ...]``
    y : array_like, shape ``[n_samples, ...]``
    batch_size : int >= 1
    rng : numpy.random.Generator

    Yields
    ------
    X_batch : ndarray, shape ``[b, ...]``
    y_batch : ndarray, shape ``[b, ...]``
    """
    X_arr, y_arr = np.asarray(X), np.asarray(y)
    if X_arr.ndim == 0 or y_arr.ndim == 0 or X_arr.shape[0] != y_arr.shape[0]:
        raise ValueError(
            f"X and y must have the same number of rows, got shapes {X_arr.shape} and {y_arr.shape}"
        )
    if int(batch_size) != batch_size or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    if not isinstance(rng, np.random.Generator):
        raise ValueError("rng must be a numpy.random.Generator, e.g. np.random.default_rng(0)")
    order = rng.permutation(X_arr.shape[0])
    for start in range(0, X_arr.shape[0], int(batch_size)):
        idx = order[start : start + int(batch_size)]
        yield X_arr[idx], y_arr[idx]
