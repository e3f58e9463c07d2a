r"""Learning-rate schedules (``02_optimization``).

Each factory returns a callable ``step -> lr``. ``step`` counts updates from 0 and may
be an int (giving a float) or an array of ints (giving an array, handy for plotting).
Pass a schedule as the ``lr`` of any optimizer in :mod:`course_utils.optimizers`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._validate import require_fraction, require_positive

__all__ = [
    "constant",
    "step_decay",
    "exponential_decay",
    "inverse_time_decay",
    "cosine_annealing",
    "cosine_warm_restarts",
    "warmup_cosine",
    "reduce_on_plateau",
    "Plateau",
    "PlateauState",
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


def _cosine(lr0: float, eta_min: float, t_cur: np.ndarray, t_i: np.ndarray | float) -> np.ndarray:
    return eta_min + 0.5 * (lr0 - eta_min) * (1.0 + np.cos(np.pi * t_cur / t_i))


def _check_eta_min(eta_min: float, lr0: float) -> float:
    if not (np.isfinite(eta_min) and 0 <= eta_min <= lr0):
        raise ValueError(f"eta_min must lie in [0, lr0] = [0, {lr0}], got {eta_min!r}")
    return float(eta_min)


def cosine_annealing(lr0: float, t_max: float, eta_min: float = 0.0) -> ScheduleFn:
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

    def position(t: float) -> tuple[float, float]:
        """The position T_cur in the current cycle and that cycle's length T_i, at step t."""
        t_cur, t_i = t, float(t_0)
        if t_mult == 1:
            return t_cur % t_i, t_i
        while t_cur >= t_i:  # this cycle is over: restart, with a cycle t_mult times longer
            t_cur -= t_i
            t_i *= t_mult
        return t_cur, t_i

    def schedule(step: ArrayLike) -> float | np.ndarray:
        t_cur, t_i = np.vectorize(position, otypes=[float, float])(_steps(step))
        return _out(_cosine(lr0, eta_min, t_cur, t_i), step)

    return _named(schedule, f"cosine_warm_restarts(lr0={lr0}, t_0={t_0}, t_mult={t_mult}, eta_min={eta_min})")


def warmup_cosine(lr0: float, *, warmup_steps: int, total_steps: int, eta_min: float = 0.0) -> ScheduleFn:
    r"""Linear warm-up to ``lr0``, then cosine decay to ``eta_min`` (``02_optimization/08``).

    .. math::
        \eta_t = \begin{cases}
            \eta_0\, \dfrac{t + 1}{W} & t < W \\[4pt]
            \eta_{\min} + \tfrac12(\eta_0 - \eta_{\min})
                \Big(1 + \cos\big(\pi \tfrac{t - W}{T - W}\big)\Big) & W \le t \le T \\[4pt]
            \eta_{\min} & t > T
        \end{cases}

    with :math:`W` = ``warmup_steps`` and :math:`T` = ``total_steps``: the first update uses
    :math:`\eta_0 / W`, update :math:`W - 1` the full :math:`\eta_0`, which the cosine then
    brings down to :math:`\eta_{\min}` at :math:`T`, held after (as the warm-up of
    transformers' training recipes, and optax's ``warmup_cosine_decay_schedule`` up to where the
    warm-up starts). ``warmup_steps=0`` is plain :func:`cosine_annealing` over :math:`T` steps.
    """
    lr0 = require_positive(lr0, "lr0")
    if isinstance(warmup_steps, bool) or int(warmup_steps) != warmup_steps or warmup_steps < 0:
        raise ValueError(f"warmup_steps must be a whole number >= 0, got {warmup_steps!r}")
    if isinstance(total_steps, bool) or int(total_steps) != total_steps or total_steps <= warmup_steps:
        raise ValueError(
            f"total_steps must be a whole number > warmup_steps = {warmup_steps}, got {total_steps!r}"
        )
    eta_min = _check_eta_min(eta_min, lr0)
    w, big_t = int(warmup_steps), int(total_steps)

    def schedule(step: ArrayLike) -> float | np.ndarray:
        t = _steps(step)
        warmup = lr0 * (t + 1) / max(w, 1)
        decay = _cosine(lr0, eta_min, np.clip(t - w, 0, big_t - w), big_t - w)
        return _out(np.where(t < w, warmup, decay), step)

    return _named(
        schedule, f"warmup_cosine(lr0={lr0}, warmup_steps={w}, total_steps={big_t}, eta_min={eta_min})"
    )


class PlateauState(NamedTuple):
    """The state of :func:`reduce_on_plateau`."""

    lr: float  #: the current learning rate
    best: float  #: the lowest monitored value so far (``inf`` before the first)
    bad_epochs: int  #: the number of values in a row that did not improve on ``best``


class Plateau(NamedTuple):
    """``init(lr) -> PlateauState`` and ``update(state, value) -> PlateauState``: pure functions."""

    init: Callable[[float], PlateauState]
    update: Callable[[PlateauState, float], PlateauState]


def reduce_on_plateau(
    *, factor: float = 0.5, patience: int = 5, threshold: float = 1e-4, min_lr: float = 0.0
) -> Plateau:
    r"""Multiply the rate by ``factor`` when a monitored value stops improving (``02_optimization/08``).

    PyTorch's ``ReduceLROnPlateau`` in mode ``"min"`` with a relative threshold (and no
    cooldown). After each epoch, ``update(state, value)`` with the value watched (a validation
    cost, say):

    * the value **improves** if :math:`	ext{value} < 	ext{best}\,(1 - 	ext{threshold})`:
      then ``best = value`` and ``bad_epochs = 0``; otherwise ``bad_epochs += 1``;
    * when ``bad_epochs > patience``: :math:`\eta \leftarrow \max(\gamma\,\eta,\ \eta_{\min})`
      and ``bad_epochs = 0``.

    A NaN value never improves (as in PyTorch). Unlike the other schedules of this module it
    depends on the values seen, so it is not a function of the step: read ``state.lr`` and
    build the next epoch's optimizer with it::

        plateau = reduce_on_plateau(factor=0.5, patience=3)
        state = plateau.init(0.1)
        for epoch in range(epochs):
            ...  # train one epoch with sgd(state.lr)
            state = plateau.update(state, val_cost)
    """
    factor = require_fraction(factor, "factor", allow_zero=False)
    if isinstance(patience, bool) or int(patience) != patience or patience < 0:
        raise ValueError(f"patience must be a whole number >= 0, got {patience!r}")
    if not (np.isfinite(threshold) and 0 <= threshold < 1):
        raise ValueError(f"threshold must lie in [0, 1), got {threshold!r}")
    if not (np.isfinite(min_lr) and min_lr >= 0):
        raise ValueError(f"min_lr must be a finite number >= 0, got {min_lr!r}")
    patience = int(patience)

    def init(lr: float) -> PlateauState:
        return PlateauState(require_positive(lr, "lr"), float("inf"), 0)

    def update(state: PlateauState, value: float) -> PlateauState:
        lr, best, bad_epochs = state
        value = float(value)
        if value < best * (1 - threshold):
            best, bad_epochs = value, 0
        else:
            bad_epochs += 1
        if bad_epochs > patience:
            lr, bad_epochs = max(factor * lr, min_lr), 0
        return PlateauState(lr, best, bad_epochs)

    return Plateau(init, update)


#: The factories by name, in the order the course introduces them.
SCHEDULES = {
    "constant": constant,
    "step_decay": step_decay,
    "exponential_decay": exponential_decay,
    "inverse_time_decay": inverse_time_decay,
    "cosine_annealing": cosine_annealing,
    "cosine_warm_restarts": cosine_warm_restarts,
}
