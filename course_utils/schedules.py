r"""Learning-rate schedules (``02_optimization``).

Each factory returns a callable ``step -> lr``. ``step`` counts updates from 0 and may
be an int (giving a float) or an array of ints (giving an array, handy for plotting).
Pass a schedule as the ``lr`` of any optimizer in :mod:`course_utils.optimizers`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from ._validate import require_positive

__all__ = [
    "constant",
    "step_decay",
    "exponential_decay",
    "inverse_time_decay",
    "cosine_annealing",
    "cosine_warm_restarts",
    "SCHEDULES",
]

ScheduleFn = Callable[[ArrayLike], float | np.ndarray]


def _steps(step: ArrayLike) -> np.ndarray:
    t = np.asarray(step, dtype=np.float64)
    if t.size and not (np.all(np.isfinite(t)) and t.min() >= 0):
        raise ValueError(f"step must be a non-negative number of updates, got {step!r}")
    return t


def _out(values: np.ndarray, step: ArrayLike) -> float | np.ndarray:
    return float(values) if np.ndim(step) == 0 else values


def _named(fn: ScheduleFn, text: str) -> ScheduleFn:
    fn.__name__ = text.split("(")[0]
    fn.__qualname__ = text
    fn.__doc__ = f"Learning-rate schedule {text}."
    return fn


def constant(lr: float) -> ScheduleFn:
    r""":math:`\eta_t = \eta`."""
    lr = require_positive(lr, "lr")
    return _named(lambda step: _out(np.full_like(_steps(step), lr), step), f"constant({lr})")


def step_decay(lr0: float, step_size: int, gamma: float = 0.1) -> ScheduleFn:
    r"""Multiply the rate by ``gamma`` every ``step_size`` steps (PyTorch's ``StepLR``).

    .. math:: \eta_t = \eta_0\, \gamma^{\lfloor t / s \rfloor}
    """
    lr0 = require_positive(lr0, "lr0")
    if int(step_size) != step_size or step_size < 1:
        raise ValueError(f"step_size must be a positive integer, got {step_size!r}")
    gamma = require_positive(gamma, "gamma")

    def schedule(step: ArrayLike) -> float | np.ndarray:
        return _out(lr0 * gamma ** np.floor(_steps(step) / step_size), step)

    return _named(schedule, f"step_decay(lr0={lr0}, step_size={step_size}, gamma={gamma})")


def exponential_decay(lr0: float, gamma: float) -> ScheduleFn:
    r"""Multiply the rate by ``gamma`` every step (PyTorch's ``ExponentialLR``).

    .. math:: \eta_t = \eta_0\, \gamma^{t}
    """
    lr0 = require_positive(lr0, "lr0")
    gamma = require_positive(gamma, "gamma")

    def schedule(step: ArrayLike) -> float | np.ndarray:
        return _out(lr0 * gamma ** _steps(step), step)

    return _named(schedule, f"exponential_decay(lr0={lr0}, gamma={gamma})")


def inverse_time_decay(lr0: float, k: float) -> ScheduleFn:
    r"""Inverse-time decay: :math:`\eta_t = \eta_0 / (1 + k t)`.

    The rate falls like :math:`1/t`, which satisfies the Robbins-Monro conditions
    (:math:`\sum \eta_t = \infty`, :math:`\sum \eta_t^2 < \infty`) under which SGD converges.
    """
    lr0 = require_positive(lr0, "lr0")
    if not (np.isfinite(k) and k >= 0):
        raise ValueError(f"k must be a finite number >= 0, got {k!r}")

    def schedule(step: ArrayLike) -> float | np.ndarray:
        return _out(lr0 / (1.0 + k * _steps(step)), step)

    return _named(schedule, f"inverse_time_decay(lr0={lr0}, k={k})")


def _cosine(lr0: float, eta_min: float, t_cur: np.ndarray, t_i: np.ndarray) -> np.ndarray:
    return eta_min + 0.5 * (lr0 - eta_min) * (1.0 + np.cos(np.pi * t_cur / t_i))


def _check_eta_min(eta_min: float, lr0: float) -> float:
    if not (np.isfinite(eta_min) and 0 <= eta_min <= lr0):
        raise ValueError(f"eta_min must lie in [0, lr0] = [0, {lr0}], got {eta_min!r}")
    return float(eta_min)


def cosine_annealing(lr0: float, t_max: int, eta_min: float = 0.0) -> ScheduleFn:
    r"""Cosine annealing from ``lr0`` down to ``eta_min`` over ``t_max`` steps.

    .. math:: \eta_t = \eta_{\min} + \tfrac12(\eta_0 - \eta_{\min})\big(1 + \cos(\pi t / T_{\max})\big),
              \quad t \le T_{\max}

    and :math:`\eta_t = \eta_{\min}` after :math:`T_{\max}` (like optax's
    ``cosine_decay_schedule``; PyTorch's ``CosineAnnealingLR`` would climb back up).
    """
    lr0 = require_positive(lr0, "lr0")
    t_max = require_positive(t_max, "t_max")
    eta_min = _check_eta_min(eta_min, lr0)

    def schedule(step: ArrayLike) -> float | np.ndarray:
        t = np.minimum(_steps(step), t_max)
        return _out(_cosine(lr0, eta_min, t, t_max), step)

    return _named(schedule, f"cosine_annealing(lr0={lr0}, t_max={t_max:g}, eta_min={eta_min})")


def cosine_warm_restarts(lr0: float, t_0: int, t_mult: int = 1, eta_min: float = 0.0) -> ScheduleFn:
    r"""SGDR: cosine annealing with warm restarts (Loshchilov & Hutter, 2017).

    .. math:: \eta_t = \eta_{\min} + \tfrac12(\eta_0 - \eta_{\min})\big(1 + \cos(\pi T_{cur} / T_i)\big)

    The first cycle lasts :math:`T_0` steps, each next one :math:`T_{mult}` times longer;
    :math:`T_{cur}` counts steps since the last restart. The rate jumps back to
    :math:`\eta_0` at :math:`t = T_0,\ T_0 + T_0 T_{mult},\ \ldots` (PyTorch's
    ``CosineAnnealingWarmRestarts``).
    """
    lr0 = require_positive(lr0, "lr0")
    if int(t_0) != t_0 or t_0 < 1:
        raise ValueError(f"t_0 must be a positive integer, got {t_0!r}")
    if int(t_mult) != t_mult or t_mult < 1:
        raise ValueError(f"t_mult must be an integer >= 1, got {t_mult!r}")
    eta_min = _check_eta_min(eta_min, lr0)
    t_0, t_mult = int(t_0), int(t_mult)

    def schedule(step: ArrayLike) -> float | np.ndarray:
        t = _steps(step)
        if t_mult == 1:
            cycle = np.floor(t / t_0)
            start = cycle * t_0
            length = np.full_like(t, float(t_0))
        else:
            # Cycle i starts at t_0 (m^i - 1) / (m - 1). Solve for i, then correct the
            # floating-point rounding at the boundaries so a restart lands exactly on it.
            cycle = np.floor(np.log1p(t * (t_mult - 1) / t_0) / np.log(t_mult))
            starts = lambda i: t_0 * (t_mult**i - 1.0) / (t_mult - 1)  # noqa: E731
            cycle = np.where(t < starts(cycle), cycle - 1, cycle)
            cycle = np.where(t >= starts(cycle + 1), cycle + 1, cycle)
            start = starts(cycle)
            length = t_0 * float(t_mult) ** cycle
        return _out(_cosine(lr0, eta_min, t - start, length), step)

    return _named(schedule, f"cosine_warm_restarts(lr0={lr0}, t_0={t_0}, t_mult={t_mult}, eta_min={eta_min})")


#: The factories by name, in the order the course introduces them.
SCHEDULES = {
    "constant": constant,
    "step_decay": step_decay,
    "exponential_decay": exponential_decay,
    "inverse_time_decay": inverse_time_decay,
    "cosine_annealing": cosine_annealing,
    "cosine_warm_restarts": cosine_warm_restarts,
}
