"""Adaptive learning rates (``02_optimization/04_adaptive_rates``).

* :func:`effective_rate`: each parameter's effective learning rate after an update;
* :func:`rates_along`: the same, along a run of an optimizer on a surface;
* :func:`adaptive_explorer`: an optimizer toggle and a learning-rate slider, each
  parameter's effective rate beside the path.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from ..._validate import require_choice
from ...landscapes import Surface, elongated_valley
from ...optimizers import OPTIMIZERS, Optimizer
from ...plots import color, contour, minima, simplify_for_redraw
from ...widgets import Explorer, figure, log_slider, toggle
from .momentum import valley_title

__all__ = ["effective_rate", "rates_along", "adaptive_explorer"]


def effective_rate(optimizer: Optimizer, state: Any) -> np.ndarray:
    r"""Each parameter's effective learning rate after an update: the factor in front of
    the (averaged) gradient in that update.

    ============ ================================================
    sgd          :math:`\eta` (the same for every parameter)
    adagrad      :math:`\eta / (\sqrt{s} + \varepsilon)`, :math:`s` the sum of :math:`g^2`
    rmsprop      :math:`\eta / (\sqrt{s} + \varepsilon)`, :math:`s` the average of :math:`g^2`
    adam         :math:`\eta / (\sqrt{\hat s} + \varepsilon)`, :math:`\hat s = s / (1 - \beta_2^t)`
    ============ ================================================

    (The notation of ``docs/NOTATION.md``; the states store :math:`s` as ``sum_sq``,
    ``avg_sq`` and ``nu``.)

    ``state`` is the optimizer's state after the update (``state.count >= 1``).
    Momentum and Nesterov have the same rate as SGD; they change the direction, not the rate.
    """
    h = optimizer.hyperparams
    lr = h["lr"](state.count - 1) if callable(h["lr"]) else h["lr"]
    name = optimizer.name
    if name in ("sgd", "momentum", "nesterov"):
        shape = np.shape(state.velocity) if name != "sgd" else ()
        return np.full(shape, float(lr))
    if name == "adagrad":
        return lr / (np.sqrt(state.sum_sq) + h["eps"])
    if name == "rmsprop":
        return lr / (np.sqrt(state.avg_sq) + h["eps"])
    if name == "adam":
        return lr / (np.sqrt(state.nu / (1.0 - h["beta2"] ** state.count)) + h["eps"])
    raise ValueError(f"no effective rate defined for optimizer {name!r}")


def rates_along(
    optimizer: Optimizer, surface: Surface, *, start: Any = None, steps: int = 100
) -> tuple[np.ndarray, np.ndarray]:
    """Run ``optimizer`` on ``surface`` and record :func:`effective_rate` after each update.

    Returns ``(path, rates)``: shapes ``[steps + 1, 2]`` and ``[steps, 2]``. Unlike
    :func:`course_utils.landscapes.trajectory`, this does not stop on divergence.
    """
    theta = np.asarray(surface.start if start is None else start, dtype=np.float64)
    state = optimizer.init(theta)
    path, rates = [theta], []
    with np.errstate(all="ignore"):
        for _ in range(int(steps)):
            theta, state = optimizer.update(surface.grad(theta), state, theta)
            path.append(theta)
            rate = effective_rate(optimizer, state)
            rates.append(np.broadcast_to(rate, theta.shape))
    return np.array(path), np.array(rates)


ADAPTIVE = ("sgd", "adagrad", "rmsprop", "adam")
#: The learning-rate slider's range.
LR_RANGE = (0.001, 3.0)


def _rate_limits(rates: np.ndarray) -> tuple[float, float]:
    """Limits from 1e-4 to 1e2 for effective rates, widened to hold ``rates`` (non-finite ones left out)."""
    finite = rates[np.isfinite(rates)]
    lo = np.min(finite[finite > 0], initial=1e-4)
    return min(1e-4, lo / 2), max(1e2, np.max(finite, initial=1.0) * 2)


def _setup_adaptive(
    fig: Figure, surface: Surface, kappa: float, steps: int, lr_range: tuple[float, float] = LR_RANGE
) -> dict:
    ax1, ax2 = fig.subplots(1, 2, width_ratios=(1.4, 1))
    cs = contour(ax1, surface, levels=20)
    fig.colorbar(cs, ax=ax1, label=r"cost $J$", shrink=0.9, pad=0.02)
    ax1.set_title(valley_title(kappa), fontsize=10)
    minima(ax1, surface)
    (path,) = ax1.plot([], [], "o-", color=color(1), markersize=2, linewidth=1.5)
    ax1.plot(*surface.start, "s", color="black", markersize=6)
    (r1,) = ax2.plot([], [], color=color(0), linewidth=2, label=r"$\theta_1$ (gentle slope)")
    (r2,) = ax2.plot([], [], color=color(2), linewidth=2, linestyle="--", label=r"$\theta_2$ (steep slope)")
    # Limits fixed for every optimizer and rate of the sliders: a move redraws the curves only.
    # An effective rate is smallest at the smallest eta and largest at the largest (the tests
    # scan the whole slider).
    ends = [rates_along(OPTIMIZERS[m](lr), surface, steps=steps)[1] for m in ADAPTIVE for lr in lr_range]
    limits = [_rate_limits(r) for r in ends]
    ylim = (min(lo for lo, _ in limits), max(hi for _, hi in limits))
    ax2.set(yscale="log", xlim=(1, steps), ylim=ylim, xlabel="step", ylabel="effective learning rate")
    ax2.set_title("each parameter's effective rate")
    ax2.grid(alpha=0.3)
    ax2.legend(loc="upper right", fontsize=8)
    simplify_for_redraw(ax1, ax2)
    return {"surface": surface, "steps": steps, "path": path, "r1": r1, "r2": r2, "ax": ax2}


def _update_adaptive(state: dict, method: str, lr: float) -> str:
    surface, steps = state["surface"], state["steps"]
    path, rates = rates_along(OPTIMIZERS[method](lr), surface, steps=steps)
    finite = np.all(np.isfinite(path), axis=1) & (np.abs(path).max(axis=1) < 1e6)
    shown = path[: np.argmin(finite) if not finite.all() else len(path)]
    state["path"].set_data(shown[:, 0], shown[:, 1])
    t = np.arange(1, steps + 1)
    state["r1"].set_data(t, rates[:, 0])
    state["r2"].set_data(t, rates[:, 1])
    cost = (
        f"{float(surface.value(path[-1])):.2e}" if finite.all() else f"diverged after {len(shown) - 1} steps"
    )
    r1, r2 = rates[-1]
    return (
        f"{method}, η = {lr:.3g}: after {steps} steps the effective rates are θ₁ {r1:.3g}, θ₂ {r2:.3g}"
        f" (ratio {r1 / r2:.3g}); cost = {cost}"
    )


def adaptive_explorer(
    method: str = "adam", lr: float = 0.1, *, condition: float = 25.0, steps: int = 100
) -> Explorer:
    """An optimizer toggle and a learning-rate slider; each parameter's effective rate beside the path."""
    require_choice(method, ADAPTIVE, "method")
    surface = elongated_valley(condition)
    return Explorer(
        lambda fig: _setup_adaptive(fig, surface, float(condition), steps, LR_RANGE),
        _update_adaptive,
        {
            "method": toggle(list(ADAPTIVE), method, "optimizer"),
            "lr": log_slider(lr, *LR_RANGE, "learning rate η"),
        },
        fig=figure(9.5, 3.8),
        title="per-parameter learning rates",
    )
