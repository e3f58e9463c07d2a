r"""Momentum and Nesterov (``02_optimization/03_momentum_nesterov``).

* :func:`momentum_explorer`: learning-rate and momentum sliders over an ill-conditioned
  valley, momentum (or Nesterov) against plain gradient descent.

The valley is :math:`J = \tfrac12(\theta_1^2 + \kappa\,\theta_2^2)`: curvature
:math:`\lambda = 1` along its floor and :math:`\lambda_{\max} = \kappa` across it. Plain gradient
descent multiplies :math:`\theta_2` by :math:`1 - \eta\kappa` per step, so it zigzags across the
valley when that factor is negative (:math:`\eta > 1/\kappa`) and diverges when it is below -1
(:math:`\eta > 2/\kappa`); momentum survives up to :math:`\eta = 2(1 + \beta)/\kappa`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from matplotlib.figure import Figure

from ..._validate import require_choice
from ...landscapes import Surface, elongated_valley, trajectory
from ...optimizers import OPTIMIZERS, sgd
from ...plots import color, contour, minima, simplify_for_redraw
from ...widgets import Explorer, figure, slider, toggle

__all__ = ["momentum_explorer", "valley_title"]


def valley_title(kappa: float) -> str:
    r"""The valley's formula in the course's notation, :math:`\tfrac12(\theta_1^2 + \kappa\theta_2^2)`."""
    return rf"elongated valley: $\frac{{1}}{{2}}(\theta_1^2 + {kappa:g}\,\theta_2^2)$"


def _path_cost(surface: Surface, path: np.ndarray) -> np.ndarray:
    """The cost along ``path``, floored at 1e-16 for a log scale."""
    return np.maximum(surface.value(path), 1e-16)


@lru_cache(maxsize=2048)
def _valley_path(method: str, lr: float, beta: float, condition: float, steps: int) -> np.ndarray:
    """A run on the valley from its start, cached per slider value (a read-only array).

    ``method`` "sgd" is plain gradient descent (``beta`` unused: pass 0), so it is shared by
    every β and method.
    """
    opt = sgd(lr) if method == "sgd" else OPTIMIZERS[method](lr, beta)
    path = trajectory(opt, elongated_valley(condition), steps=steps)
    path.flags.writeable = False
    return path


def _setup_momentum(fig: Figure, surface: Surface, kappa: float, steps: int) -> dict:
    ax1, ax2 = fig.subplots(1, 2, width_ratios=(1.4, 1))
    cs = contour(ax1, surface, levels=20)
    fig.colorbar(cs, ax=ax1, label=r"cost $J$", shrink=0.9, pad=0.02)
    ax1.set_title(valley_title(kappa), fontsize=10)
    minima(ax1, surface)
    (gd,) = ax1.plot(
        [], [], "o-", color=color(0), markersize=2, linewidth=1, label="gradient descent (β = 0)"
    )
    (mo,) = ax1.plot([], [], "o-", color=color(1), markersize=2, linewidth=1.5, label="momentum")
    ax1.plot(*surface.start, "s", color="black", markersize=6)
    legend = ax1.legend(loc="lower right", fontsize=8)
    (gd_cost,) = ax2.plot([], [], color=color(0))
    (mo_cost,) = ax2.plot([], [], color=color(1), linewidth=2)
    ax2.set(yscale="log", xlim=(0, steps), ylim=(1e-12, 1e3), xlabel="step", ylabel="cost (log scale)")
    ax2.set_title("cost per step")
    ax2.grid(alpha=0.3)
    simplify_for_redraw(ax1, ax2)
    label = legend.get_texts()[-1]  # the entry that names the method
    return {
        "surface": surface,
        "kappa": kappa,
        "steps": steps,
        "gd": gd,
        "mo": mo,
        "gd_cost": gd_cost,
        "mo_cost": mo_cost,
        "label": label,
    }


def _update_momentum(state: dict, lr: float, beta: float, method: str) -> str:
    surface, steps, kappa = state["surface"], state["steps"], state["kappa"]
    gd = _valley_path("sgd", float(lr), 0.0, kappa, steps)
    mo = _valley_path(method, float(lr), float(beta), kappa, steps)
    for line, cost_line, path in ((state["gd"], state["gd_cost"], gd), (state["mo"], state["mo_cost"], mo)):
        line.set_data(path[:, 0], path[:, 1])
        cost_line.set_data(np.arange(len(path)), _path_cost(surface, path))
    state["label"].set_text(f"{method}, β = {beta:.2f}")

    def final(path: np.ndarray) -> str:
        if len(path) < steps + 1:
            return f"diverged after {len(path) - 1} steps"
        return f"{float(surface.value(path[-1])):.2e}"

    across = 1.0 - lr * kappa
    return (
        f"η = {lr:.3f}, β = {beta:.2f} ({method}): cost after {steps} steps = {final(mo)}"
        f" · gradient descent with the same η: {final(gd)};"
        f" its factor across the valley 1 − {kappa:g}η = {across:+.2f}"
        f" ({'zigzags' if across < 0 else 'no zigzag'}{', diverges' if across < -1 else ''})"
    )


def momentum_explorer(
    lr: float = 0.06,
    beta: float = 0.8,
    method: str = "momentum",
    *,
    condition: float = 25.0,
    steps: int = 100,
) -> Explorer:
    """η and β sliders over an ill-conditioned quadratic: momentum (or Nesterov) against gradient descent.

    The default η = 0.06 makes plain descent zigzag across the valley (its factor
    1 − 25η = −0.5) while it crawls along the floor (1 − η = 0.94).
    """
    require_choice(method, ("momentum", "nesterov"), "method")
    surface = elongated_valley(condition)
    return Explorer(
        lambda fig: _setup_momentum(fig, surface, float(condition), steps),
        _update_momentum,
        {
            "lr": slider(lr, 0.002, 0.16, 0.002, "learning rate η", ".3f"),
            "beta": slider(beta, 0.0, 0.99, 0.01, "momentum β"),
            "method": toggle(["momentum", "nesterov"], method, "method"),
        },
        fig=figure(9.5, 3.8),
        title="momentum on an ill-conditioned valley",
    )
