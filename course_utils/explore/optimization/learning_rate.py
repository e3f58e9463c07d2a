r"""Gradient descent and the learning rate (``02_optimization/01_gradient_descent``).

* :func:`parabola_path`: gradient descent on :math:`J(\theta) = \tfrac{\lambda}{2}\theta^2`;
* :func:`behaviour`: what one step's factor :math:`1 - \eta\lambda` does, in words;
* :func:`learning_rate_explorer`: a learning-rate slider over a parabola and a bowl.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ...descent import descend
from ...landscapes import bowl, trajectory
from ...optimizers import sgd
from ...plots import COLORS, color, contour, minima, simplify_for_redraw
from ...widgets import Explorer, figure, log_slider

__all__ = ["parabola_path", "behaviour", "learning_rate_explorer"]


def parabola_path(lr: float, *, curvature: float = 2.0, theta0: float = 3.0, steps: int = 20) -> np.ndarray:
    r"""Gradient descent on the parabola :math:`J(\theta) = \tfrac{\lambda}{2}\theta^2` (``λ = curvature``).

    The gradient is :math:`\lambda\theta`, so each step multiplies :math:`\theta` by :math:`1 - \eta\lambda`.
    A rate above :math:`2/\lambda` gives a path that grows geometrically; the run
    (:func:`course_utils.descent.descend`) stops only if θ stops being finite.

    Returns
    -------
    ndarray, shape ``[steps + 1]``: :math:`\theta_0, \ldots, \theta_{steps}`.
    """
    run = descend(sgd(lr), lambda theta: curvature * theta, float(theta0), int(steps), diverge_above=np.inf)
    return run.path


def behaviour(factor: float) -> str:
    """What repeated multiplication by ``factor`` does: the fate of gradient descent on a parabola."""
    if abs(factor) > 1.0:
        return "diverges"
    if abs(factor) == 1.0:
        return "never settles" if factor < 0 else "does not move"
    if factor == 0.0:
        return "lands on the minimum in one step"
    return "converges smoothly" if factor >= 0 else "oscillates, converges"


def _setup_learning_rate(fig: Figure, steps: int) -> dict:
    ax1, ax2 = fig.subplots(1, 2)
    grid = np.linspace(-4.0, 4.0, 201)
    ax1.plot(grid, grid**2, color=COLORS[6], linewidth=1, label=r"$J(\theta) = \theta^2$")
    (path1,) = ax1.plot([], [], "o-", color=color(1), markersize=4, linewidth=1, label="gradient descent")
    ax1.plot([3.0], [9.0], "s", color=color(1), markersize=7)
    ax1.set(xlim=(-4, 4), ylim=(-0.5, 16), xlabel=r"parameter $\theta$", ylabel=r"cost $J(\theta)$")
    ax1.set_title(r"1-D parabola $J = \theta^2$ (curvature 2)")
    ax1.legend(loc="upper center")

    surface = bowl()
    cs = contour(ax2, surface, levels=15)
    fig.colorbar(cs, ax=ax2, label=r"cost $J$", pad=0.02)
    minima(ax2, surface)
    (path2,) = ax2.plot([], [], "o-", color=color(1), markersize=3, linewidth=1, label="gradient descent")
    ax2.plot(*surface.start, "s", color=color(1), markersize=7)
    ax2.set_title(r"2-D bowl $\frac{1}{2}(\theta_1^2 + \theta_2^2)$ (curvature 1)")
    simplify_for_redraw(ax1, ax2)
    return {"path1": path1, "path2": path2, "surface": surface, "steps": steps}


def _update_learning_rate(state: dict, lr: float) -> str:
    steps, surface = state["steps"], state["surface"]
    thetas = parabola_path(lr, steps=steps)
    state["path1"].set_data(thetas, thetas**2)
    path = trajectory(sgd(lr), surface, steps=steps)
    state["path2"].set_data(path[:, 0], path[:, 1])
    f1, f2 = 1.0 - 2.0 * lr, 1.0 - lr
    bowl_text = (
        f"cost after {steps} steps = {float(surface.value(path[-1])):.3g}"
        if len(path) == steps + 1
        else f"left the plot after {len(path) - 1} steps"
    )
    return (
        f"η = {lr:.3g} · parabola: θ × (1 − 2η) = θ × {f1:+.2f} per step, {behaviour(f1)};"
        f" θ after {steps} steps = {thetas[-1]:.3g} · bowl: θ × (1 − η) = θ × {f2:+.2f} per step,"
        f" {behaviour(f2)}; {bowl_text}"
    )


def learning_rate_explorer(lr: float = 0.3, steps: int = 20) -> Explorer:
    """A learning-rate slider; ``steps`` steps of gradient descent on a parabola and on a bowl."""
    return Explorer(
        lambda fig: _setup_learning_rate(fig, steps),
        _update_learning_rate,
        {"lr": log_slider(lr, 0.01, 3.0, "learning rate η")},
        fig=figure(9.0, 3.8),
        title="gradient descent and the learning rate",
    )
