"""Hidden cases: fresh inputs the learner never saw, for graded assignments.

The hidden cases of an exercise are its visible cases followed by *resampled analogues*:
for each visible case, new random inputs of the same shapes and of the same kind (labels in
{-1, +1} stay such labels, one-hot rows stay one-hot, probability rows still sum to 1,
class indices stay in range, non-negative optimizer states stay non-negative). Keyword
arguments (hyper-parameters such as ``delta`` or ``lr``) are kept. An exercise whose inputs
have a structure this cannot infer supplies its own ``hidden`` function.

The random generator is seeded from the exercise id and a ``salt``: the same salt always
gives the same cases (so grading is reproducible), and an instructor can set a secret salt
so that nobody can precompute the answers.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

from .engine import Case, Exercise, expected_for

__all__ = ["hidden_cases", "resample"]

ANALOGUES_PER_CASE = 2


def _rng(ex_id: str, salt: str) -> np.random.Generator:
    digest = hashlib.sha256(f"{salt}|{ex_id}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def _is_rows_of_distributions(a: np.ndarray) -> bool:
    return a.ndim >= 1 and a.shape[-1] > 1 and bool(np.all(np.abs(a.sum(axis=-1) - 1.0) < 1e-9))


def _resample_array(a: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """New values of the same shape and kind as ``a``."""
    if a.size == 0 or a.dtype.kind not in "biuf":
        return a.copy()
    if a.dtype.kind == "b":
        return rng.integers(0, 2, a.shape).astype(bool)
    if a.dtype.kind in "iu":
        return rng.integers(int(a.min()), int(a.max()) + 1, a.shape).astype(a.dtype)
    values = set(np.unique(a).tolist())
    if values <= {-1.0, 1.0}:
        return rng.choice([-1.0, 1.0], a.shape)
    if values <= {0.0, 1.0}:
        if a.ndim >= 2 and _is_rows_of_distributions(a):  # one-hot rows
            k = a.shape[-1]
            return np.eye(k)[rng.integers(0, k, a.shape[:-1])]
        return rng.integers(0, 2, a.shape).astype(float)
    lo, hi = float(a.min()), float(a.max())
    if lo >= 0.0 and hi <= 1.0:
        if _is_rows_of_distributions(a):
            return rng.dirichlet(np.ones(a.shape[-1]), a.shape[:-1])
        return rng.uniform(0.01, 0.99, a.shape)
    scale = max(float(np.abs(a).max()), 1e-3)
    if lo >= 0.0:
        return np.abs(rng.normal(0.0, scale / 2, a.shape))
    return rng.normal(0.0, scale / 2, a.shape)


def resample(value: Any, rng: np.random.Generator) -> Any:
    """A new value like ``value``: same type, shape and kind, fresh numbers."""
    if isinstance(value, np.random.Generator):
        return np.random.default_rng(int(rng.integers(2**32)))
    if isinstance(value, np.ndarray):
        return _resample_array(value, rng)
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, np.integer)):
        return type(value)(rng.integers(0, max(2 * int(value), 10) + 1))
    if isinstance(value, (float, np.floating)):
        return float(_resample_array(np.array([float(value), float(value)]), rng)[0])
    if isinstance(value, list):
        try:
            arr = np.asarray(value)
        except ValueError:
            return value
        if arr.dtype.kind in "iuf":
            return _resample_array(arr, rng).tolist()
        return value
    if isinstance(value, dict):
        return {k: resample(v, rng) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(resample(v, rng) for v in value)
    return value


def _valid(ex: Exercise, case: Case) -> bool:
    """Does the reference accept this case? (A resampled value may leave its domain.)"""
    try:
        with np.errstate(all="ignore"):
            expected_for(ex, case)
    except Exception:
        return False
    return True


def hidden_cases(ex: Exercise, salt: str = "") -> tuple[Case, ...]:
    """The cases a graded assignment runs: the visible ones, then fresh analogues.

    An exercise with its own ``hidden(rng)`` function gets those instead of analogues.
    """
    if not ex.takes_function:
        return tuple(ex.cases)
    rng = _rng(ex.id, salt)
    if ex.hidden is not None:
        return tuple(ex.cases) + tuple(ex.hidden(rng))
    extra = []
    for case in ex.cases:
        made, tries = 0, 0
        while made < ANALOGUES_PER_CASE and tries < 10 * ANALOGUES_PER_CASE:
            tries += 1
            label = f"a hidden case like '{case.label}'" if case.label else "a hidden case"
            candidate = Case(tuple(resample(a, rng) for a in case.args), case.kwargs, label)
            if _valid(ex, candidate):
                extra.append(candidate)
                made += 1
    return tuple(ex.cases) + tuple(extra)
