"""Regression losses (``01_losses/02_regression_losses``): MSE, MAE and Huber, and outliers.

* :func:`regression_curves_explorer`: the three losses and their slopes, against the residual;
* :func:`fit_lines`: lines fitted under several losses at once;
* :func:`outlier_explorer`: best-fit lines pulled by an outlier.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from ..._validate import require_in_range
from ...data import line_data
from ...losses import LOSSES, huber, huber_grad, mae, mae_grad, mse, mse_grad
from ...optimizers import adam
from ...plots import color, vertical_gaps
from ...schedules import exponential_decay
from ...widgets import Explorer, figure, slider

__all__ = [
    "regression_curves_setup",
    "regression_curves_update",
    "regression_curves_explorer",
    "OUTLIER_X",
    "OUTLIER_HEIGHTS",
    "fit_lines",
    "outlier_setup",
    "outlier_update",
    "outlier_explorer",
]


# -------------------------------------------------- 02: regression loss curves


def regression_curves_setup(fig: Figure, *, r_max: float = 4.0) -> dict:
    """MSE, MAE and Huber as functions of the residual (left) and their slopes (right)."""
    r = np.linspace(-r_max, r_max, 401)
    zero = np.zeros_like(r)
    ax_loss, ax_grad = fig.subplots(1, 2)
    names = ("MSE", "MAE", "Huber")
    loss_fns = (mse, mae, huber)
    grad_fns = (mse_grad, mae_grad, huber_grad)
    curves, slopes, dots, grad_dots = [], [], [], []
    for i, (name, f, g) in enumerate(zip(names, loss_fns, grad_fns)):
        (c,) = ax_loss.plot(r, f(zero, r, reduction="none"), color=color(i), label=name)
        (s,) = ax_grad.plot(r, g(zero, r, reduction="none"), color=color(i), label=name)
        (d,) = ax_loss.plot([], [], "o", color=color(i), markersize=7)
        (gd,) = ax_grad.plot([], [], "o", color=color(i), markersize=7)
        curves.append(c), slopes.append(s), dots.append(d), grad_dots.append(gd)
    edges = [ax.plot([], [], ":", color="grey", label=r"$|r| = \delta$")[0] for ax in (ax_loss, ax_grad)]
    ax_loss.set(
        xlabel=r"residual $r = \hat y - y$", ylabel="loss", title="Loss of one residual", ylim=(-0.2, 5.0)
    )
    ax_grad.set(
        xlabel=r"residual $r = \hat y - y$",
        ylabel=r"slope $\partial \ell / \partial \hat y$",
        title="Its derivative: how hard it pulls (same colours)",
        ylim=(-4.5, 4.5),
    )
    for ax in (ax_loss, ax_grad):
        ax.axhline(0, color="black", linewidth=0.5)
    ax_loss.legend(loc="upper center", fontsize=8)  # one legend: each redraw re-renders its text
    return {
        "r": r,
        "zero": zero,
        "curves": curves,
        "slopes": slopes,
        "dots": dots,
        "grad_dots": grad_dots,
        "edges": edges,
    }


def regression_curves_update(state: dict, residual: float, delta: float) -> str:
    """Redraw Huber for ``delta`` and mark ``residual`` on every curve; return the readout."""
    r, zero = state["r"], state["zero"]
    state["curves"][2].set_ydata(huber(zero, r, delta=delta, reduction="none"))
    state["slopes"][2].set_ydata(huber_grad(zero, r, delta=delta, reduction="none"))
    kw = ({}, {}, {"delta": delta})
    values = [f([0.0], [residual], **k) for f, k in zip((mse, mae, huber), kw)]
    grads = [float(g([0.0], [residual], **k)[0]) for g, k in zip((mse_grad, mae_grad, huber_grad), kw)]
    for dot, gdot, v, g in zip(state["dots"], state["grad_dots"], values, grads):
        dot.set_data([residual], [v])
        gdot.set_data([residual], [g])
    for edge, (lo, hi) in zip(state["edges"], ((-0.2, 5.0), (-4.5, 4.5))):
        edge.set_data(*vertical_gaps(np.array([-delta, delta]), np.full(2, lo), np.full(2, hi)))
    parts = ", ".join(
        f"{n} {v:.3f} (slope {g:.2f})" for n, v, g in zip(("MSE", "MAE", "Huber"), values, grads)
    )
    return f"r = {residual:.2f}, delta = {delta:.2f}: {parts}"


def regression_curves_explorer(residual: float = 2.0, delta: float = 1.0) -> Explorer:
    """Sliders for a residual and Huber's delta; the three losses and their slopes."""
    require_in_range(residual, -4.0, 4.0, "residual")
    require_in_range(delta, 0.25, 3.0, "delta")
    return Explorer(
        regression_curves_setup,
        regression_curves_update,
        {
            "residual": slider(residual, -4.0, 4.0, 0.05, "residual r"),
            "delta": slider(delta, 0.25, 3.0, 0.05, "Huber's delta"),
        },
        fig=figure(9.0, 3.4),
        title="regression losses and their derivatives",
    )


# ----------------------------------------------------- 02: outliers and line fits

#: Where the movable outlier sits on the x axis.
OUTLIER_X = 1.9


def fit_lines(
    x: Sequence[float], y: Sequence[float], losses: dict[str, tuple[str, dict]], *, steps: int = 300
) -> dict[str, np.ndarray]:
    r"""Fit :math:`\hat y = w x + b` under several losses at once with the course's Adam.

    The parameters of all the lines form one array ``[n_losses, 2]``, updated by a single
    :func:`course_utils.optimizers.adam` whose rate starts at 0.3 and is multiplied by 0.98 at
    each step (the decay lets MAE, whose gradient does not shrink near its minimum, settle).
    Each step applies the chain rule to the loss's derivative from :mod:`course_utils.losses`,
    as :func:`course_utils.landscapes.line_fit_surface` does for one loss:

    .. math:: \frac{\partial J}{\partial w} = \frac1n \sum_i \ell'(r_i)\, x_i, \qquad
              \frac{\partial J}{\partial b} = \frac1n \sum_i \ell'(r_i)

    Several data sets that share ``x`` can be fitted at once: each row of a 2-D ``y`` is one
    data set, and each gets the lines it would get alone (Adam works entry by entry).

    Parameters
    ----------
    x : array_like, shape ``[n_samples]``
    y : array_like, shape ``[n_samples]``, or ``[n_sets, n_samples]`` for several data sets
    losses : dict name -> (loss, keyword arguments), e.g. ``{"Huber": ("huber", {"delta": 1.0})}``,
        with the loss one of "mse", "mae", "huber"
    steps : int

    Returns
    -------
    dict name -> ndarray ``[w, b]`` (shape ``[2]``, or ``[n_sets, 2]``), fitted from ``(0, 0)``.
    """
    x_arr, y_arr = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x_arr.ndim != 1 or y_arr.ndim not in (1, 2) or x_arr.shape[-1:] != y_arr.shape[-1:] or x_arr.size == 0:
        raise ValueError(
            "x must be a 1-D array, and y one of the same, non-zero length (or rows of that length),"
            f" got shapes {x_arr.shape} and {y_arr.shape}"
        )
    unknown = [loss for loss, _ in losses.values() if loss not in ("mse", "mae", "huber")]
    if unknown:
        raise ValueError(f"a line fit takes the losses 'mse', 'mae' or 'huber', got {unknown[0]!r}")
    derivatives = [(LOSSES[loss][1], kwargs) for loss, kwargs in losses.values()]
    design = np.stack([x_arr, np.ones_like(x_arr)])  # [2, n]: d y_hat / d(w, b)
    opt = adam(exponential_decay(0.3, 0.98))
    theta = np.zeros((len(derivatives), *y_arr.shape[:-1], 2))  # [n_losses, (n_sets,) 2]
    state = opt.init(theta)
    for _ in range(int(steps)):
        predictions = theta @ design  # [n_losses, (n_sets,) n]
        dloss = np.stack(
            [grad(y_arr, pred, reduction="none", **kw) for (grad, kw), pred in zip(derivatives, predictions)]
        )
        theta, state = opt.update(dloss @ design.T / x_arr.size, state, theta)
    return dict(zip(losses, theta))


_FIT_NAMES = ("MSE", "MAE", "Huber")


def _fit_specs(delta: float) -> dict[str, tuple[str, dict]]:
    return {"MSE": ("mse", {}), "MAE": ("mae", {}), "Huber": ("huber", {"delta": delta})}


#: The outlier heights the explorer's slider offers (-8 to 20 in steps of 0.5).
OUTLIER_HEIGHTS = tuple(float(v) for v in np.arange(-8.0, 20.25, 0.5))


def outlier_setup(fig: Figure, *, seed: int = 1, heights: Sequence[float] = OUTLIER_HEIGHTS) -> dict:
    """Twenty points near y = 2x + 1 and one outlier (left); the fitted slopes (right).

    ``heights`` are the outlier's positions on the slider: a fit for one of them is made for
    all of them at once (one run of Adam on every data set, about the time of one fit) and
    kept, so dragging the outlier at a delta seen before only looks its lines up.
    """
    x, y = line_data(20, slope=2.0, intercept=1.0, noise=0.5, seed=seed)
    clean_w, clean_b = np.polyfit(x, y, 1)
    grid = np.array([-2.2, 2.2])
    ax_fit, ax_slope = fig.subplots(1, 2, width_ratios=[1.7, 1])
    ax_fit.plot(x, y, "o", color="grey", markersize=5, label="data")
    (outlier,) = ax_fit.plot([], [], "*", color="black", markersize=14, label="the outlier you move")
    ax_fit.plot(
        grid, clean_w * grid + clean_b, "--", color="grey", linewidth=1, label="MSE fit without the outlier"
    )
    lines = {
        n: ax_fit.plot([], [], color=color(i), linewidth=2, label=f"{n} fit")[0]
        for i, n in enumerate(_FIT_NAMES)
    }
    ax_fit.set(
        xlabel="x", ylabel="y", title="Best-fit lines (fitted with Adam)", xlim=tuple(grid), ylim=(-10, 22)
    )
    ax_fit.legend(loc="upper left", fontsize=7)
    bars = ax_slope.bar(_FIT_NAMES, [0, 0, 0], color=[color(i) for i in range(3)])
    ax_slope.axhline(clean_w, color="grey", linestyle="--", linewidth=1)
    ax_slope.set(ylabel="slope $w$", title="Fitted slopes (dashed: no outlier)", ylim=(0, 6))
    return {
        "x": x,
        "y": y,
        "grid": grid,
        "clean_w": float(clean_w),
        "outlier": outlier,
        "lines": lines,
        "bars": bars,
        "heights": tuple(float(h) for h in heights),
        "cache": {},
    }


def _fits(state: dict, y_outlier: float, delta: float) -> dict[str, np.ndarray]:
    """The three fits, computing only those not seen before (moving delta refits Huber only);
    at a height the slider offers, for every height the slider offers at once."""

    def key(name: str, y: float) -> tuple:
        return (name, y, delta) if name == "Huber" else (name, y)

    cache = state["cache"]
    missing = [n for n in _FIT_NAMES if key(n, y_outlier) not in cache]
    if missing:
        heights = state["heights"] if y_outlier in state["heights"] else (y_outlier,)
        specs = _fit_specs(delta)
        x = np.append(state["x"], OUTLIER_X)
        ys = np.stack([np.append(state["y"], h) for h in heights])  # [n_heights, n]: one data set each
        for name, thetas in fit_lines(x, ys, {n: specs[n] for n in missing}).items():
            for h, theta in zip(heights, thetas):
                cache[key(name, h)] = theta
    return {n: cache[key(n, y_outlier)] for n in _FIT_NAMES}


def outlier_update(state: dict, y_outlier: float, delta: float) -> str:
    """Move the outlier to height ``y_outlier``, refit, and redraw the lines and slopes."""
    fits = _fits(state, y_outlier, delta)
    grid = state["grid"]
    state["outlier"].set_data([OUTLIER_X], [y_outlier])
    for bar, name in zip(state["bars"], _FIT_NAMES):
        w, b = fits[name]
        state["lines"][name].set_data(grid, w * grid + b)
        bar.set_height(w)
    slopes = ", ".join(f"{n} {fits[n][0]:.2f}" for n in _FIT_NAMES)
    return (
        f"outlier y = {y_outlier:.1f}, delta = {delta:.2f}: slopes {slopes}"
        f" (without the outlier {state['clean_w']:.2f})"
    )


def outlier_explorer(y_outlier: float = 18.0, delta: float = 1.0) -> Explorer:
    """Sliders for the outlier's height and Huber's delta; the three best-fit lines."""
    require_in_range(y_outlier, -8.0, 20.0, "y_outlier")
    require_in_range(delta, 0.1, 5.0, "delta")
    return Explorer(
        outlier_setup,
        outlier_update,
        {
            "y_outlier": slider(
                y_outlier, OUTLIER_HEIGHTS[0], OUTLIER_HEIGHTS[-1], 0.5, "outlier's y", ".1f"
            ),
            "delta": slider(delta, 0.1, 5.0, 0.1, "Huber's delta"),
        },
        fig=figure(9.0, 3.6),
        title="an outlier pulling MSE, MAE and Huber fits",
    )
