r"""Warm-up, cosine decay and cuts on a plateau (``02_optimization/09_warmup_and_plateaus``).

The running example is the quartic bowl :math:`J(\theta) = \tfrac14\theta^4 + \tfrac12\theta^2`,
whose curvature :math:`\lambda(\theta) = 3\theta^2 + 1` is 28 at the start :math:`\theta = 3`
and 1 at the minimum. Gradient descent is locally stable while :math:`\eta < 2/\lambda(\theta)`
(notebooks 01 and 07), so a rate that suits the minimum is far too large at the start: the
case warm-up is made for.

* :func:`quartic_cost`, :func:`quartic_grad`, :func:`quartic_curvature`: the example;
* :func:`quartic_run`: gradient descent (the course's ``sgd``) with a rate or a schedule, with
  optional gradient noise, many seeds side by side;
* :func:`plateau_run`: the same, with the rate cut by
  :func:`course_utils.schedules.reduce_on_plateau` whenever the cost stops improving;
* :func:`warmup_explorer`: the peak rate and the warm-up length, the rate against the local
  stability limit :math:`2/\lambda(\theta)` at each update beside the cost of the run.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from ...optimizers import sgd
from ...plots import color, simplify_for_redraw
from ...schedules import reduce_on_plateau, warmup_cosine
from ...widgets import Explorer, figure, int_slider, log_slider

__all__ = [
    "THETA0",
    "quartic_cost",
    "quartic_grad",
    "quartic_curvature",
    "quartic_run",
    "plateau_run",
    "warmup_explorer",
]

#: Where every run starts: curvature 28, so gradient descent needs eta < 2/28 there.
THETA0 = 3.0


def quartic_cost(theta: np.ndarray) -> np.ndarray:
    r""":math:`J(\theta) = \tfrac14\theta^4 + \tfrac12\theta^2` (elementwise)."""
    theta = np.asarray(theta, dtype=float)
    return 0.25 * theta**4 + 0.5 * theta**2


def quartic_grad(theta: np.ndarray) -> np.ndarray:
    r""":math:`J'(\theta) = \theta^3 + \theta` (elementwise)."""
    theta = np.asarray(theta, dtype=float)
    return theta**3 + theta


def quartic_curvature(theta: np.ndarray) -> np.ndarray:
    r""":math:`\lambda(\theta) = J''(\theta) = 3\theta^2 + 1` (elementwise)."""
    theta = np.asarray(theta, dtype=float)
    return 3 * theta**2 + 1


def _rate(lr: float | Callable[[Any], Any], t: int) -> float:
    return float(lr(t)) if callable(lr) else float(lr)


def quartic_run(
    lr: float | Callable[[Any], Any],
    steps: int,
    *,
    theta0: float = THETA0,
    noise: float = 0.0,
    seeds: int = 1,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Gradient descent on the quartic with the rate ``lr`` (a number or a schedule ``t -> eta_t``).

    The gradient is :math:`J'(\theta) + \sigma\xi` with :math:`\sigma` = ``noise``. Returns
    ``(path, etas)``: the iterates, shape ``[steps + 1, seeds]`` (a run whose :math:`\lvert\theta\rvert`
    passes 1e6 is NaN from there on: it diverged), and the rate of each update, shape ``[steps]``.
    """
    if int(steps) != steps or steps < 1:
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    if not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    rng = np.random.default_rng(seed)
    opt = sgd(lr)
    theta = np.full(int(seeds), float(theta0))
    state = opt.init(theta)
    path = np.empty((int(steps) + 1, int(seeds)))
    path[0] = theta
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, int(steps) + 1):
            g = quartic_grad(np.nan_to_num(theta))
            if noise > 0:
                g = g + noise * rng.standard_normal(theta.shape)
            new, state = opt.update(g, state, np.nan_to_num(theta))
            theta = np.asarray(new)
            theta = np.where(
                np.isfinite(theta) & (np.abs(theta) < 1e6) & np.isfinite(path[t - 1]), theta, np.nan
            )
            path[t] = theta
    etas = np.array([_rate(lr, t) for t in range(int(steps))])
    return path, etas


def plateau_run(
    lr0: float,
    epochs: int,
    steps_per_epoch: int,
    *,
    factor: float = 0.5,
    patience: int = 2,
    threshold: float = 1e-4,
    noise: float = 0.3,
    seed: int = 0,
    theta0: float = THETA0,
) -> tuple[np.ndarray, np.ndarray]:
    r"""One noisy run whose rate is cut by :func:`~course_utils.schedules.reduce_on_plateau`.

    Each epoch takes ``steps_per_epoch`` noisy steps at the current rate; its *validation cost*
    is the noise-free cost :math:`J` averaged over the epoch's iterates (what a held-out set
    would measure). The plateau rule sees that value after each epoch. Returns ``(lrs, costs)``,
    each of shape ``[epochs]``: the rate used in each epoch and its validation cost.
    """
    plateau = reduce_on_plateau(factor=factor, patience=patience, threshold=threshold)
    state = plateau.init(lr0)
    rng = np.random.default_rng(seed)
    theta = np.array([float(theta0)])
    lrs, costs = np.empty(int(epochs)), np.empty(int(epochs))
    for e in range(int(epochs)):
        opt = sgd(state.lr)
        opt_state = opt.init(theta)
        seen = []
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(int(steps_per_epoch)):
                g = quartic_grad(theta) + noise * rng.standard_normal(1)
                new, opt_state = opt.update(g, opt_state, theta)
                theta = np.asarray(new)
                seen.append(float(quartic_cost(theta)[0]))
        lrs[e], costs[e] = state.lr, float(np.mean(seen))
        state = plateau.update(state, costs[e])
    return lrs, costs


def _setup(fig: Figure, total_steps: int) -> dict:
    ax_rate, ax_cost = fig.subplots(1, 2)
    t = np.arange(total_steps)
    (eta_line,) = ax_rate.plot([], [], color=color(0), linewidth=2, label=r"rate $\eta_t$ (warm-up + cosine)")
    (limit_line,) = ax_rate.plot(
        [], [], color=color(1), linestyle="--", label=r"local stability limit $2/\lambda(\theta)$"
    )
    # crosses where eta_t > 2 / lambda(theta): counted in the readout, not in the legend (often none)
    (violations,) = ax_rate.plot([], [], "x", color="black", markersize=5)
    ax_rate.set(
        yscale="log", xlim=(0, total_steps), ylim=(1e-3, 10), xlabel="update t", ylabel="learning rate"
    )
    ax_rate.set_title("the rate against the local limit")
    ax_rate.legend(loc="lower right", fontsize=7)
    ax_rate.grid(alpha=0.3)
    (cost_line,) = ax_cost.plot([], [], color=color(0), linewidth=2, label="warm-up + cosine")
    (const_line,) = ax_cost.plot([], [], color=color(3), linewidth=1, label="constant peak rate, no warm-up")
    ax_cost.set(
        yscale="log", xlim=(0, total_steps), ylim=(1e-32, 1e6), xlabel="update t", ylabel="cost J (log scale)"
    )
    ax_cost.set_title(r"$J = \theta^4/4 + \theta^2/2$ from $\theta = 3$")
    ax_cost.legend(loc="upper right", fontsize=7)
    ax_cost.grid(alpha=0.3)
    simplify_for_redraw(ax_rate, ax_cost)
    return {
        "t": t,
        "total": total_steps,
        "eta": eta_line,
        "limit": limit_line,
        "violations": violations,
        "cost": cost_line,
        "const": const_line,
    }


@lru_cache(maxsize=4096)
def _warmup_run(peak: float, warmup_steps: int, total: int) -> tuple[np.ndarray, np.ndarray]:
    """The explorer's run with warm-up and cosine decay, cached per slider value (read-only arrays)."""
    lr = warmup_cosine(peak, warmup_steps=int(warmup_steps), total_steps=total, eta_min=1e-3 * peak)
    path, etas = quartic_run(lr, total)
    path.flags.writeable = etas.flags.writeable = False
    return path, etas


@lru_cache(maxsize=512)
def _constant_run(peak: float, total: int) -> np.ndarray:
    """The explorer's run at the constant peak rate, cached per slider value (a read-only array)."""
    path, _ = quartic_run(peak, total)
    path.flags.writeable = False
    return path


def _diverged_at(path: np.ndarray) -> int | None:
    bad = np.flatnonzero(~np.isfinite(path))
    return int(bad[0]) if bad.size else None


def _update(state: dict, peak: float, warmup_steps: int) -> str:
    total, t = state["total"], state["t"]
    path, etas = _warmup_run(float(peak), int(warmup_steps), int(total))
    theta = path[:-1, 0]
    limit = 2 / quartic_curvature(theta)
    over = np.flatnonzero(etas > limit)
    state["eta"].set_data(t, etas)
    state["limit"].set_data(t, limit)
    state["violations"].set_data(over, etas[over])
    state["cost"].set_data(np.arange(total + 1), np.maximum(quartic_cost(path[:, 0]), 1e-300))
    const_path = _constant_run(float(peak), int(total))
    with np.errstate(over="ignore"):
        state["const"].set_data(np.arange(total + 1), quartic_cost(const_path[:, 0]))
    end = _diverged_at(path[:, 0])
    fate = f"diverged at update {end}" if end is not None else f"final cost {quartic_cost(path[-1, 0]):.1e}"
    const_end = _diverged_at(const_path[:, 0])
    const_fate = f"diverges at update {const_end}" if const_end is not None else "converges"
    plural = "s" if over.size != 1 else ""
    over_text = (
        f"above the limit at {over.size} update{plural}" if over.size else "below the limit at every update"
    )
    return (
        f"peak η = {peak:.3g}, warm-up {int(warmup_steps)} updates: η_t {over_text}; {fate}"
        f" · the constant rate {peak:.3g} {const_fate}"
    )


def warmup_explorer(peak: float = 0.5, warmup_steps: int = 20, *, total_steps: int = 100) -> Explorer:
    """Peak-rate and warm-up sliders: the rate against 2/λ(θ_t), beside the cost of the run."""
    return Explorer(
        lambda fig: _setup(fig, total_steps),
        _update,
        {
            "peak": log_slider(peak, 0.05, 1.8, "peak rate η₀"),
            # warmup_cosine needs at least one update after the warm-up
            "warmup_steps": int_slider(warmup_steps, 0, min(60, total_steps - 1), "warm-up updates"),
        },
        fig=figure(9.5, 3.8),
        title="learning-rate warm-up on a bowl that is steep at the start",
    )
