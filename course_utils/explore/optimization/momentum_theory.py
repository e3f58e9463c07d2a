r"""Why momentum works (``02_optimization/07_why_momentum_works``).

* :func:`rate_map`: momentum's rate on a 2-D quadratic over a grid of :math:`(\eta, \beta)`,
  the worse of its two eigen-directions (:func:`course_utils.quadratics.momentum_rate`);
* :func:`momentum_theory_explorer`: that map, its regions and the optimum, with the
  learner's :math:`(\eta, \beta)` moving on it, beside the error of a real run and the
  predicted decay :math:`r^t`.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

from ..._validate import require_positive
from ...plots import color, simplify_for_redraw
from ...quadratics import (
    best_eta,
    best_momentum,
    critical_eta,
    measured_rate,
    momentum_rate,
    momentum_regime,
    quadratic_run,
    rotated_quadratic,
)
from ...widgets import Explorer, figure, log_slider, slider

__all__ = ["rate_map", "momentum_theory_explorer"]


def rate_map(lam_min: float, lam_max: float, etas: np.ndarray, betas: np.ndarray) -> np.ndarray:
    r"""The worst rate over the two eigen-directions, shape ``[len(betas), len(etas)]``:

    .. math:: r(\eta, \beta) = \max\bigl(\rho(\eta, \beta, \lambda_{\min}),
              \rho(\eta, \beta, \lambda_{\max})\bigr)

    with :math:`\rho` = :func:`~course_utils.quadratics.momentum_rate`. (For a bowl of more
    dimensions, the intermediate eigenvalues never do worse than these two.)
    """
    grid_eta, grid_beta = np.meshgrid(np.asarray(etas, float), np.asarray(betas, float))
    return np.maximum(
        momentum_rate(grid_eta, grid_beta, lam_min), momentum_rate(grid_eta, grid_beta, lam_max)
    )


def _errors(path: np.ndarray) -> np.ndarray:
    """The distance to the minimum (the origin) along a run of shape ``[steps + 1, 1, d]``."""
    return np.linalg.norm(path[:, 0], axis=-1)


def _setup(fig: Figure, kappa: float, steps: int, angle: float) -> dict:
    lam_min, lam_max = 1.0, kappa
    quadratic = rotated_quadratic((lam_min, lam_max), angle)
    eta_star, beta_star = best_momentum(lam_min, lam_max)
    etas = np.geomspace(eta_star / 30, 2.2 * 2 / lam_max, 160)
    betas = np.linspace(0.0, 0.99, 120)
    rates = rate_map(lam_min, lam_max, etas, betas)

    ax_map, ax_err = fig.subplots(1, 2, width_ratios=(1.15, 1))
    cmap = mpl.colormaps["viridis"].with_extremes(over="0.82")
    # An image on a log10(eta) axis redraws several times faster than a pcolormesh on a log axis.
    log_etas = np.log10(etas)
    image = ax_map.imshow(
        rates,
        origin="lower",
        aspect="auto",
        extent=(log_etas[0], log_etas[-1], betas[0], betas[-1]),
        cmap=cmap,
        vmin=0.6,
        vmax=1.0,
        interpolation="nearest",
    )
    fig.colorbar(image, ax=ax_map, extend="max", label="rate per step (worst direction)")
    low, _, _ = critical_eta(betas, lam_min)
    _, high, div = critical_eta(betas, lam_max)
    ax_map.plot(
        np.log10(low), betas, color="white", linewidth=1.5, label=r"critical damping, $\lambda_{\min}$"
    )
    ax_map.plot(
        np.log10(high),
        betas,
        color=color(4),
        linewidth=1.5,
        linestyle="--",
        label=r"critical, $\lambda_{\max}$",
    )
    ax_map.plot(np.log10(div), betas, color=color(1), linewidth=2, label="divergence (grey beyond)")
    ax_map.plot(
        np.log10(eta_star),
        beta_star,
        "*",
        color="white",
        markeredgecolor="black",
        markersize=13,
        label="optimum",
    )
    (point,) = ax_map.plot(
        [], [], "o", color=color(3), markeredgecolor="white", markersize=9, label="your (η, β)"
    )
    ticks = np.array([0.005, 0.01, 0.02, 0.05, 0.1, 0.2])
    ticks = ticks[(ticks >= etas[0]) & (ticks <= etas[-1])]
    ax_map.set_xticks(np.log10(ticks), [f"{x:g}" for x in ticks])
    ax_map.set(xlim=(log_etas[0], log_etas[-1]), ylim=(0, 0.99), xlabel="learning rate η (log scale)")
    ax_map.set_ylabel("momentum β")
    ax_map.set_title(f"rate of momentum, κ = {kappa:g}")
    ax_map.legend(loc="lower left", fontsize=7, framealpha=0.85)
    ax_map.text(np.log10(etas[0] * 1.3), 0.6, "monotone", fontsize=9)
    ax_map.text(np.log10(etas[0] * 6), 0.93, "oscillating", fontsize=9)

    gd_eta = best_eta(lam_min, lam_max)
    gd_err = _errors(quadratic_run(quadratic, gd_eta, 0.0, steps=steps))
    t = np.arange(steps + 1)
    ax_err.plot(
        t, np.maximum(gd_err, 1e-300), color=color(0), linewidth=1, label="gradient descent at its best η"
    )
    (measured,) = ax_err.plot([], [], color=color(3), linewidth=2, label="momentum: measured")
    (predicted,) = ax_err.plot(
        [], [], color="black", linestyle="--", linewidth=1, label="prediction $e_0 r^t$"
    )
    ax_err.set(yscale="log", xlim=(0, steps), ylim=(1e-16, 1e4), xlabel="step t")
    ax_err.set_ylabel(r"distance to the minimum $\Vert\theta_t\Vert$")
    ax_err.set_title("a real run beside the theory")
    ax_err.legend(loc="upper right", fontsize=7)
    ax_err.grid(alpha=0.3)
    simplify_for_redraw(ax_map, ax_err)
    return {
        "quadratic": quadratic,
        "steps": steps,
        "t": t,
        "lams": (lam_min, lam_max),
        "point": point,
        "measured": measured,
        "predicted": predicted,
    }


def _update(state: dict, lr: float, beta: float) -> str:
    lam_min, lam_max = state["lams"]
    t = state["t"]
    errors = _errors(quadratic_run(state["quadratic"], lr, beta, steps=state["steps"]))
    predicted = float(max(momentum_rate(lr, beta, lam_min), momentum_rate(lr, beta, lam_max)))
    state["point"].set_data([np.log10(lr)], [beta])
    state["measured"].set_data(t, np.maximum(errors, 1e-300))
    with np.errstate(over="ignore"):
        state["predicted"].set_data(t, np.minimum(errors[0] * predicted ** t.astype(float), 1e300))
    slow, steep = momentum_regime(lr, beta, lam_min), momentum_regime(lr, beta, lam_max)
    seen = measured_rate(errors, window=10)
    return (
        f"η = {lr:.3g}, β = {beta:.2f}: predicted rate {predicted:.3f}, measured {seen:.3f}"
        f" · flat direction (λ = {lam_min:g}): {slow} · steep direction (λ = {lam_max:g}): {steep}"
    )


def momentum_theory_explorer(
    lr: float = 0.04, beta: float = 0.6, *, kappa: float = 25.0, steps: int = 150, angle: float = np.pi / 6
) -> Explorer:
    """η and β sliders on the (η, β) rate map of a rotated quadratic with condition number ``kappa``,
    beside a real run of momentum and the predicted decay."""
    kappa = require_positive(kappa, "kappa")
    if kappa < 1:
        raise ValueError(f"kappa must be >= 1, got {kappa!r}")
    eta_star, _ = best_momentum(1.0, kappa)
    return Explorer(
        lambda fig: _setup(fig, kappa, steps, angle),
        _update,
        {
            "lr": log_slider(lr, eta_star / 30, 2.2 * 2 / kappa, "learning rate η"),
            "beta": slider(beta, 0.0, 0.99, 0.01, "momentum β"),
        },
        fig=figure(10.0, 4.0),
        title="momentum's rate map and a real run",
    )
