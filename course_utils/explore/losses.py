r"""The interactive figures of part 1 (``01_losses``).

Each explorer is three things: ``<name>_setup(fig, ...) -> state`` draws the figure once
in its default state, ``<name>_update(state, **values) -> readout`` moves its artists for
new control values, and ``<name>_explorer(...)`` wraps the two with their controls in a
:class:`~course_utils.widgets.Explorer`. The numbers drawn come from
:mod:`course_utils.losses`; this module only arranges them.

=====================================  =====================================  ============
explorer                               what it shows                          notebook
=====================================  =====================================  ============
:func:`cost_explorer`                  one prediction's loss and the cost     ``01``
:func:`regression_curves_explorer`     MSE, MAE, Huber and their slopes       ``02``
:func:`outlier_explorer`               best-fit lines pulled by an outlier    ``02``
:func:`classification_curves_explorer` BCE, squared error and hinge by label  ``03``
:func:`softmax_explorer`               logits, temperature, probabilities     ``03``
:func:`kl_explorer`                    KL(p||q) against KL(q||p)              ``04``
:func:`smoothing_explorer`             smoothed targets, an overconfident net ``04``
:func:`landscape_explorer`             cost surfaces as contours and in 3-D   ``05``
=====================================  =====================================  ============
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from ..activations import sigmoid, softmax
from ..data import line_data
from ..landscapes import Surface, line_fit_surface, logistic_surface
from ..losses import (
    LOSSES,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    categorical_cross_entropy,
    hinge,
    huber,
    huber_grad,
    kl_divergence,
    mae,
    mae_grad,
    mse,
    mse_grad,
    softmax_cross_entropy,
)
from ..optimizers import adam
from ..plots import color
from ..schedules import exponential_decay
from ..targets import one_hot, smooth_labels
from ..widgets import Explorer, dropdown, figure, log_slider, slider, toggle

__all__ = [
    "cost_explorer",
    "regression_curves_explorer",
    "outlier_explorer",
    "fit_lines",
    "classification_curves_explorer",
    "softmax_explorer",
    "kl_explorer",
    "bumps",
    "smoothing_explorer",
    "landscape_explorer",
    "landscape_surface",
    "LANDSCAPE_LOSSES",
]


def _gaps(x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vertical segments from ``lo`` to ``hi`` at each ``x``, as one polyline broken by NaNs."""
    xs = np.repeat(x, 3).astype(float)
    ys = np.column_stack([lo, hi, np.full_like(lo, np.nan, dtype=float)]).ravel()
    xs[2::3] = np.nan
    return xs, ys


def _check_range(value: float, lo: float, hi: float, name: str) -> float:
    if not lo <= value <= hi:
        raise ValueError(f"{name} must lie between {lo:g} and {hi:g}, got {value!r}")
    return float(value)


# ------------------------------------------------------------ 01: loss and cost

#: The six targets and predictions of the loss-versus-cost figure.
COST_TARGETS = np.array([1.0, 2.5, 2.0, 3.5, 3.0, 4.5])
COST_PREDICTIONS = np.array([1.3, 2.2, 2.4, 2.9, 3.1, 4.1])


def cost_setup(fig: Figure, *, y_true: Sequence[float] = COST_TARGETS, y_pred: Sequence[float] = COST_PREDICTIONS, moving: int = 3) -> dict:
    """Targets and predictions (left), each sample's squared error and the cost (right)."""
    y_true, y_pred = np.asarray(y_true, float), np.array(y_pred, float)
    idx = np.arange(1, y_true.size + 1)
    ax_data, ax_loss = fig.subplots(1, 2)
    ax_data.plot(idx, y_true, "o", color=color(0), markersize=8, label="target $y$")
    (preds,) = ax_data.plot(idx, y_pred, "s", color=color(1), label=r"prediction $\hat y$")
    (moved,) = ax_data.plot([], [], "s", color=color(4), markersize=11, label="the prediction you move")
    (errors,) = ax_data.plot(*_gaps(idx, y_true, y_pred), "-", color="grey", linewidth=1, label=r"error $\hat y - y$")
    ax_data.set(xlabel="sample", ylabel="value", title="Targets and predictions", xticks=idx, ylim=(-1.2, 7.0))
    ax_data.legend(loc="upper left", fontsize=8)

    losses = mse(y_true, y_pred, reduction="none")
    bars = ax_loss.bar(idx, losses, color=[color(4) if i == moving else color(1) for i in range(idx.size)], label="loss of each sample")
    cost_line = ax_loss.axhline(float(losses.mean()), color=color(2), linewidth=2, label="cost = mean of the losses")
    ax_loss.set(xlabel="sample", ylabel=r"squared error $(\hat y - y)^2$", title="Losses and their cost", xticks=idx, ylim=(0, 4.2))
    ax_loss.legend(loc="upper left", fontsize=8)
    return {"y_true": y_true, "y_pred": y_pred, "idx": idx, "moving": moving, "preds": preds, "moved": moved,
            "errors": errors, "bars": bars, "cost_line": cost_line}


def cost_update(state: dict, y_hat: float) -> str:
    """Set the moving sample's prediction to ``y_hat``; return the readout."""
    i, y_true = state["moving"], state["y_true"]
    y_pred = state["y_pred"].copy()
    y_pred[i] = y_hat
    losses = mse(y_true, y_pred, reduction="none")
    cost = mse(y_true, y_pred)
    state["preds"].set_data(state["idx"], y_pred)
    state["moved"].set_data([i + 1], [y_hat])
    state["errors"].set_data(*_gaps(state["idx"], y_true, y_pred))
    state["bars"][i].set_height(losses[i])
    state["cost_line"].set_ydata([cost, cost])
    return (f"prediction {i + 1} = {y_hat:.2f} (target {y_true[i]:g}): its loss = {losses[i]:.3f},"
            f" cost = mean of the {y_true.size} losses = {cost:.3f}")


def cost_explorer(moving: int = 3, y_hat: float = 2.9) -> Explorer:
    """A slider for one prediction; its loss bar and the cost line move together."""
    if int(moving) != moving or not 0 <= moving < COST_TARGETS.size:
        raise ValueError(f"moving must be a sample index from 0 to {COST_TARGETS.size - 1}, got {moving!r}")
    target = float(COST_TARGETS[moving])
    _check_range(y_hat, target - 2.0, target + 2.0, "y_hat")
    return Explorer(
        lambda fig: cost_setup(fig, moving=moving),
        cost_update,
        {"y_hat": slider(y_hat, target - 2.0, target + 2.0, 0.05, f"prediction {moving + 1}")},
        fig=figure(9.0, 3.4),
        title="loss of one sample and cost of the data set",
    )


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
    ax_loss.set(xlabel=r"residual $r = \hat y - y$", ylabel="loss", title="Loss of one residual", ylim=(-0.2, 5.0))
    ax_grad.set(xlabel=r"residual $r = \hat y - y$", ylabel=r"slope $\partial \ell / \partial \hat y$",
                title="Its derivative: how hard it pulls (same colours)", ylim=(-4.5, 4.5))
    for ax in (ax_loss, ax_grad):
        ax.axhline(0, color="black", linewidth=0.5)
    ax_loss.legend(loc="upper center", fontsize=8)  # one legend: each redraw re-renders its text
    return {"r": r, "zero": zero, "curves": curves, "slopes": slopes, "dots": dots, "grad_dots": grad_dots, "edges": edges}


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
        edge.set_data(*_gaps(np.array([-delta, delta]), np.full(2, lo), np.full(2, hi)))
    parts = ", ".join(f"{n} {v:.3f} (slope {g:.2f})" for n, v, g in zip(("MSE", "MAE", "Huber"), values, grads))
    return f"r = {residual:.2f}, delta = {delta:.2f}: {parts}"


def regression_curves_explorer(residual: float = 2.0, delta: float = 1.0) -> Explorer:
    """Sliders for a residual and Huber's delta; the three losses and their slopes."""
    _check_range(residual, -4.0, 4.0, "residual")
    _check_range(delta, 0.25, 3.0, "delta")
    return Explorer(
        regression_curves_setup,
        regression_curves_update,
        {"residual": slider(residual, -4.0, 4.0, 0.05, "residual r"), "delta": slider(delta, 0.25, 3.0, 0.05, "Huber's delta")},
        fig=figure(9.0, 3.4),
        title="regression losses and their derivatives",
    )


# ----------------------------------------------------- 02: outliers and line fits

#: Where the movable outlier sits on the x axis.
OUTLIER_X = 1.9


def fit_lines(x: Sequence[float], y: Sequence[float], losses: dict[str, tuple[str, dict]], *, steps: int = 300) -> dict[str, np.ndarray]:
    r"""Fit :math:`\hat y = w x + b` under several losses at once with the course's Adam.

    The parameters of all the lines form one array ``[n_losses, 2]``, updated by a single
    :func:`course_utils.optimizers.adam` whose rate starts at 0.3 and is multiplied by 0.98 at
    each step (the decay lets MAE, whose gradient does not shrink near its minimum, settle).
    Each step applies the chain rule to the loss's derivative from :mod:`course_utils.losses`,
    as :func:`course_utils.landscapes.line_fit_surface` does for one loss:

    .. math:: \frac{\partial J}{\partial w} = \frac1n \sum_i \ell'(r_i)\, x_i, \qquad
              \frac{\partial J}{\partial b} = \frac1n \sum_i \ell'(r_i)

    Parameters
    ----------
    x, y : array_like, shape ``[n_samples]``
    losses : dict name -> (loss, keyword arguments), e.g. ``{"Huber": ("huber", {"delta": 1.0})}``,
        with the loss one of "mse", "mae", "huber"
    steps : int

    Returns
    -------
    dict name -> ndarray ``[w, b]``, fitted from ``(0, 0)``.
    """
    x_arr, y_arr = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x_arr.ndim != 1 or x_arr.shape != y_arr.shape or x_arr.size == 0:
        raise ValueError(f"x and y must be 1-D arrays of the same, non-zero length, got shapes {x_arr.shape} and {y_arr.shape}")
    unknown = [loss for loss, _ in losses.values() if loss not in ("mse", "mae", "huber")]
    if unknown:
        raise ValueError(f"a line fit takes the losses 'mse', 'mae' or 'huber', got {unknown[0]!r}")
    derivatives = [(LOSSES[loss][1], kwargs) for loss, kwargs in losses.values()]
    design = np.stack([x_arr, np.ones_like(x_arr)])  # [2, n]: d y_hat / d(w, b)
    opt = adam(exponential_decay(0.3, 0.98))
    theta = np.zeros((len(derivatives), 2))
    state = opt.init(theta)
    for _ in range(int(steps)):
        predictions = theta @ design  # [n_losses, n]
        dloss = np.stack([grad(y_arr, pred, reduction="none", **kw) for (grad, kw), pred in zip(derivatives, predictions)])
        theta, state = opt.update(dloss @ design.T / x_arr.size, state, theta)
    return dict(zip(losses, theta))


_FIT_NAMES = ("MSE", "MAE", "Huber")


def _fit_specs(delta: float) -> dict[str, tuple[str, dict]]:
    return {"MSE": ("mse", {}), "MAE": ("mae", {}), "Huber": ("huber", {"delta": delta})}


def outlier_setup(fig: Figure, *, seed: int = 1) -> dict:
    """Twenty points near y = 2x + 1 and one outlier (left); the fitted slopes (right)."""
    x, y = line_data(20, slope=2.0, intercept=1.0, noise=0.5, seed=seed)
    clean_w, clean_b = np.polyfit(x, y, 1)
    grid = np.array([-2.2, 2.2])
    ax_fit, ax_slope = fig.subplots(1, 2, width_ratios=[1.7, 1])
    ax_fit.plot(x, y, "o", color="grey", markersize=5, label="data")
    (outlier,) = ax_fit.plot([], [], "*", color="black", markersize=14, label="the outlier you move")
    ax_fit.plot(grid, clean_w * grid + clean_b, "--", color="grey", linewidth=1, label="MSE fit without the outlier")
    lines = {n: ax_fit.plot([], [], color=color(i), linewidth=2, label=f"{n} fit")[0] for i, n in enumerate(_FIT_NAMES)}
    ax_fit.set(xlabel="x", ylabel="y", title="Best-fit lines (fitted with Adam)", xlim=tuple(grid), ylim=(-10, 22))
    ax_fit.legend(loc="upper left", fontsize=7)
    bars = ax_slope.bar(_FIT_NAMES, [0, 0, 0], color=[color(i) for i in range(3)])
    ax_slope.axhline(clean_w, color="grey", linestyle="--", linewidth=1)
    ax_slope.set(ylabel="slope $w$", title="Fitted slopes (dashed: no outlier)", ylim=(0, 6))
    return {"x": x, "y": y, "grid": grid, "clean_w": float(clean_w), "outlier": outlier, "lines": lines,
            "bars": bars, "cache": {}}


def _fits(state: dict, y_outlier: float, delta: float) -> dict[str, np.ndarray]:
    """The three fits, computing only those not seen before (moving delta refits Huber only)."""
    keys = {"MSE": ("MSE", y_outlier), "MAE": ("MAE", y_outlier), "Huber": ("Huber", y_outlier, delta)}
    cache = state["cache"]
    missing = [n for n in _FIT_NAMES if keys[n] not in cache]
    if missing:
        specs = _fit_specs(delta)
        x = np.append(state["x"], OUTLIER_X)
        y = np.append(state["y"], y_outlier)
        for name, theta in fit_lines(x, y, {n: specs[n] for n in missing}).items():
            cache[keys[name]] = theta
    return {n: cache[keys[n]] for n in _FIT_NAMES}


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
    return f"outlier y = {y_outlier:.1f}, delta = {delta:.2f}: slopes {slopes} (without the outlier {state['clean_w']:.2f})"


def outlier_explorer(y_outlier: float = 18.0, delta: float = 1.0) -> Explorer:
    """Sliders for the outlier's height and Huber's delta; the three best-fit lines."""
    _check_range(y_outlier, -8.0, 20.0, "y_outlier")
    _check_range(delta, 0.1, 5.0, "delta")
    return Explorer(
        outlier_setup,
        outlier_update,
        {"y_outlier": slider(y_outlier, -8.0, 20.0, 0.5, "outlier's y", ".1f"),
         "delta": slider(delta, 0.1, 5.0, 0.1, "Huber's delta")},
        fig=figure(9.0, 3.6),
        title="an outlier pulling MSE, MAE and Huber fits",
    )


# ---------------------------------------------- 03: classification loss curves


def classification_curves_setup(fig: Figure) -> dict:
    """Losses of a predicted probability (left) and of the same prediction as a logit (right)."""
    p = np.linspace(0.001, 0.999, 500)
    z = np.linspace(-7.0, 7.0, 501)
    curves = {}
    for label in (0, 1):
        yp, yz = np.full_like(p, label), np.full_like(z, label)
        curves[label] = {
            "bce": binary_cross_entropy(yp, p, reduction="none"),
            "squared": mse(yp, p, reduction="none"),
            "bce_logits": binary_cross_entropy_with_logits(yz, z, reduction="none"),
            "hinge": hinge(2 * yz - 1, z, reduction="none"),
        }
    ax_p, ax_z = fig.subplots(1, 2)
    lines = {
        "bce": ax_p.plot(p, curves[1]["bce"], color=color(0), label="binary cross-entropy")[0],
        "squared": ax_p.plot(p, curves[1]["squared"], color=color(2), label=r"squared error $(p - y)^2$")[0],
        "bce_logits": ax_z.plot(z, curves[1]["bce_logits"], color=color(0), label=r"cross-entropy of $\sigma(z)$")[0],
        "hinge": ax_z.plot(z, curves[1]["hinge"], color=color(3), label=r"hinge $\max(0, 1 - (2y-1) z)$")[0],
    }
    dots = {name: (ax_p if name in ("bce", "squared") else ax_z).plot([], [], "o", color=line.get_color(), markersize=8)[0]
            for name, line in lines.items()}
    ax_p.set(xlabel=r"predicted probability $p$ of class 1", ylabel="loss", title="As a probability", ylim=(-0.1, 5.5))
    ax_z.set(xlabel=r"logit (score) $z$, with $p = \sigma(z)$", ylabel="loss", title="As a logit", ylim=(-0.1, 8.0))
    ax_p.legend(loc="upper center", fontsize=8)
    ax_z.legend(loc="upper center", fontsize=8)
    return {"p": p, "z": z, "curves": curves, "lines": lines, "dots": dots, "titles": (ax_p.title, ax_z.title)}


def classification_curves_update(state: dict, label: int, p: float) -> str:
    """Show the curves for ``label`` and mark the prediction ``p`` (and its logit)."""
    if label not in (0, 1):
        raise ValueError(f"label must be 0 or 1, got {label!r}")
    curves = state["curves"][label]
    for name, line in state["lines"].items():
        line.set_ydata(curves[name])
    z = float(np.log(p) - np.log1p(-p))
    values = {
        "bce": binary_cross_entropy([label], [p]),
        "squared": mse([label], [p]),
        "bce_logits": binary_cross_entropy_with_logits([label], [z]),
        "hinge": hinge([2 * label - 1], [z]),
    }
    for name, dot in state["dots"].items():
        dot.set_data([z if name in ("bce_logits", "hinge") else p], [values[name]])
    state["titles"][0].set_text(f"As a probability (label y = {label})")
    state["titles"][1].set_text(f"As a logit (label y = {label})")
    return (f"label = {label}, p = {p:.3f} (logit z = {z:.2f}): BCE = {values['bce']:.3f},"
            f" squared error = {values['squared']:.3f}, hinge = {values['hinge']:.3f}")


def classification_curves_explorer(label: int = 0, p: float = 0.99) -> Explorer:
    """A label toggle and a probability slider; the classification losses side by side."""
    if label not in (0, 1):
        raise ValueError(f"label must be 0 or 1, got {label!r}")
    _check_range(p, 0.001, 0.999, "p")
    return Explorer(
        classification_curves_setup,
        classification_curves_update,
        {"label": toggle([("label y = 0", 0), ("label y = 1", 1)], label, "true label"),
         "p": slider(p, 0.001, 0.999, 0.001, "predicted p", ".3f")},
        fig=figure(9.0, 3.5),
        title="classification losses by label",
    )


# ------------------------------------------------- 03: softmax and temperature

#: The classes of the softmax figure.
SOFTMAX_CLASSES = ("cat", "dog", "bird")


def softmax_setup(fig: Figure, *, classes: Sequence[str] = SOFTMAX_CLASSES) -> dict:
    """The logits divided by the temperature (left) and their softmax (right)."""
    classes = tuple(classes)
    ax_z, ax_p = fig.subplots(1, 2)
    z_bars = ax_z.bar(classes, np.zeros(len(classes)), color=color(0))
    ax_z.axhline(0, color="black", linewidth=0.5)
    ax_z.set(xlabel="class", ylabel=r"logit / temperature  $z_k / T$", title="Logits, scaled by the temperature")
    p_bars = ax_p.bar(classes, np.zeros(len(classes)), color=color(0))
    texts = [ax_p.text(i, 0, "", ha="center", va="bottom", fontsize=9) for i in range(len(classes))]
    ax_p.set(xlabel="class", ylabel="probability", title="softmax(z / T)", ylim=(0, 1.12))
    ax_p.legend(handles=[Patch(color=color(1), label="true class"), Patch(color=color(0), label="other classes")],
                loc="upper right", fontsize=8)
    return {"classes": classes, "ax_z": ax_z, "z_bars": z_bars, "p_bars": p_bars, "texts": texts, "title": ax_p.title}


def softmax_update(state: dict, temperature: float, true_class: str, **logits: float) -> str:
    """Logits (named ``z_<class>``), a temperature and the true class; return the readout."""
    classes = state["classes"]
    missing = [c for c in classes if f"z_{c}" not in logits]
    if missing:
        raise ValueError(f"give a logit for every class: missing {', '.join('z_' + c for c in missing)}")
    if true_class not in classes:
        raise ValueError(f"true_class must be one of {classes}, got {true_class!r}")
    if not temperature > 0:
        raise ValueError(f"temperature must be positive, got {temperature!r}")
    z = np.array([logits[f"z_{c}"] for c in classes]) / temperature
    probs = softmax(z)
    k = classes.index(true_class)
    loss = softmax_cross_entropy([k], z[None, :])
    for i, (zb, pb, text) in enumerate(zip(state["z_bars"], state["p_bars"], state["texts"])):
        zb.set_height(z[i])
        pb.set_height(probs[i])
        pb.set_color(color(1) if i == k else color(0))
        text.set_position((i, probs[i] + 0.01))
        text.set_text(f"{probs[i]:.2f}")
    top = max(5.0, 1.15 * float(np.abs(z).max()))
    state["ax_z"].set_ylim(-top, top)
    state["title"].set_text(f"softmax(z / T): loss = -log p({true_class}) = {loss:.3f}")
    shown = ", ".join(f"{logits['z_' + c]:.1f}" for c in classes)
    return f"logits = ({shown}), T = {temperature:.2f}: p({true_class}) = {probs[k]:.3f}, loss = {loss:.3f}"


def softmax_explorer(logits: Sequence[float] = (2.0, 1.0, 0.1), temperature: float = 1.0, true_class: str = "cat") -> Explorer:
    """Sliders for three logits and a temperature; the probabilities and the loss."""
    logits = tuple(float(v) for v in logits)
    if len(logits) != len(SOFTMAX_CLASSES):
        raise ValueError(f"give {len(SOFTMAX_CLASSES)} logits, one per class {SOFTMAX_CLASSES}, got {len(logits)}")
    for v in logits:
        _check_range(v, -5.0, 5.0, "each logit")
    _check_range(temperature, 0.1, 10.0, "temperature")
    if true_class not in SOFTMAX_CLASSES:
        raise ValueError(f"true_class must be one of {SOFTMAX_CLASSES}, got {true_class!r}")
    controls = {f"z_{c}": slider(v, -5.0, 5.0, 0.1, f"logit z ({c})", ".1f") for c, v in zip(SOFTMAX_CLASSES, logits)}
    controls["temperature"] = log_slider(temperature, 0.1, 10.0, "temperature T", ".2f")
    controls["true_class"] = toggle(list(SOFTMAX_CLASSES), true_class, "true class")
    return Explorer(softmax_setup, softmax_update, controls, fig=figure(9.0, 3.4), title="softmax, temperature and cross-entropy")


# ------------------------------------------------------------- 04: KL divergence


def bumps(centres: Sequence[float], width: float, k: int = 20, *, floor: float = 1e-3) -> np.ndarray:
    r"""A distribution over ``k`` outcomes ``0 .. k-1``: equal Gaussian bumps at ``centres``.

    .. math:: p_j \propto (1 - f) \sum_c e^{-(j - c)^2 / (2 w^2)} \big/ Z + f / k

    The small uniform ``floor`` :math:`f` keeps every probability above zero, so both
    KL directions stay finite.
    """
    if not width > 0:
        raise ValueError(f"width must be positive, got {width!r}")
    j = np.arange(k)[:, None]
    g = np.exp(-((j - np.asarray(centres, float)[None, :]) ** 2) / (2 * width**2)).sum(axis=1)
    return (1 - floor) * g / g.sum() + floor / k


def kl_setup(fig: Figure, *, k: int = 20) -> dict:
    """Two distributions as bars (left); KL(p||q) and KL(q||p) side by side (right)."""
    j = np.arange(k)
    ax_d, ax_kl = fig.subplots(1, 2, width_ratios=[2, 1])
    p_bars = ax_d.bar(j - 0.2, np.zeros(k), width=0.4, color=color(0), label="p (the target)")
    q_bars = ax_d.bar(j + 0.2, np.zeros(k), width=0.4, color=color(1), label="q (the model)")
    ax_d.set(xlabel="outcome", ylabel="probability", title="Two distributions", ylim=(0, 0.45))
    ax_d.legend(loc="upper right", fontsize=8)
    kl_bars = ax_kl.bar(["KL(p‖q)", "KL(q‖p)"], [0, 0], color=[color(0), color(1)])
    texts = [ax_kl.text(i, 0, "", ha="center", va="bottom", fontsize=9) for i in range(2)]
    ax_kl.set(ylabel="divergence (nats)", title="Not symmetric", ylim=(0, 7.5))
    return {"k": k, "p_bars": p_bars, "q_bars": q_bars, "kl_bars": kl_bars, "texts": texts}


def kl_update(state: dict, gap: float, q_mean: float, q_width: float) -> str:
    """p: two bumps ``gap`` apart around the middle; q: one bump at ``q_mean``."""
    k = state["k"]
    centre = (k - 1) / 2
    p = bumps([centre - gap / 2, centre + gap / 2], 1.0, k)
    q = bumps([q_mean], q_width, k)
    for bar, v in zip(state["p_bars"], p):
        bar.set_height(v)
    for bar, v in zip(state["q_bars"], q):
        bar.set_height(v)
    values = (kl_divergence(p, q), kl_divergence(q, p))
    for i, (bar, text, v) in enumerate(zip(state["kl_bars"], state["texts"], values)):
        bar.set_height(v)
        text.set_position((i, v + 0.1))
        text.set_text(f"{v:.2f}")
    return (f"gap = {gap:.1f}, q mean = {q_mean:.1f}, q width = {q_width:.1f}:"
            f" KL(p‖q) = {values[0]:.3f}, KL(q‖p) = {values[1]:.3f}")


def kl_explorer(gap: float = 8.0, q_mean: float = 5.5, q_width: float = 1.0) -> Explorer:
    """Sliders for p's two modes and q's position and width; both KL directions."""
    _check_range(gap, 0.0, 14.0, "gap")
    _check_range(q_mean, 0.0, 19.0, "q_mean")
    _check_range(q_width, 0.5, 8.0, "q_width")
    return Explorer(
        kl_setup,
        kl_update,
        {"gap": slider(gap, 0.0, 14.0, 0.5, "p: gap between modes", ".1f"),
         "q_mean": slider(q_mean, 0.0, 19.0, 0.5, "q: centre", ".1f"),
         "q_width": slider(q_width, 0.5, 8.0, 0.1, "q: width", ".1f")},
        fig=figure(9.0, 3.4),
        title="KL divergence in both directions",
    )


# ----------------------------------------------------------- 04: label smoothing


def smoothing_setup(fig: Figure, *, k: int = 5, true_class: int = 1, confident_logit: float = 8.0) -> dict:
    """Targets and an overconfident model's probabilities (left); loss against confidence (right)."""
    y = one_hot([true_class], k)
    logits = np.zeros((1, k))
    logits[0, true_class] = confident_logit
    model = softmax(logits)[0]
    c = np.linspace(0.3, 0.9999, 400)
    preds = np.repeat(((1 - c) / (k - 1))[:, None], k, axis=1)
    preds[:, true_class] = c
    j = np.arange(k)
    ax_t, ax_c = fig.subplots(1, 2)
    ax_t.bar(j, y[0], width=0.7, fill=False, edgecolor="black", linestyle="--", label="one-hot target")
    t_bars = ax_t.bar(j, y[0], width=0.5, color=color(0), alpha=0.8, label="smoothed target")
    ax_t.plot(j, model, "D", color=color(1), label=f"overconfident model (p = {model[true_class]:.4f})")
    ax_t.set(xlabel="class", ylabel="probability", title="Targets", xticks=j, ylim=(0, 1.15))
    ax_t.legend(loc="upper right", fontsize=7)
    one_hot_curve = categorical_cross_entropy(np.repeat(y, c.size, axis=0), preds, reduction="none")
    ax_c.plot(c, one_hot_curve, color="grey", linestyle="--", linewidth=1, label="one-hot target")
    (curve,) = ax_c.plot(c, one_hot_curve, color=color(0), label="smoothed target")
    (model_dot,) = ax_c.plot([], [], "D", color=color(1), markersize=8, label="overconfident model")
    (best_dot,) = ax_c.plot([], [], "*", color=color(2), markersize=13, label="lowest loss")
    ax_c.set(xlabel="predicted probability of the true class", ylabel="cross-entropy", title="Loss against confidence",
             ylim=(0, 2.5))
    ax_c.legend(loc="upper center", fontsize=7)
    return {"y": y, "k": k, "true_class": true_class, "logits": logits, "model": model, "c": c, "preds": preds,
            "t_bars": t_bars, "curve": curve, "model_dot": model_dot, "best_dot": best_dot}


def smoothing_update(state: dict, eps: float) -> str:
    """Smooth the targets by ``eps``; redraw the loss curve and the model's loss."""
    k, tc = state["k"], state["true_class"]
    target = smooth_labels(state["y"], eps)
    for bar, v in zip(state["t_bars"], target[0]):
        bar.set_height(v)
    curve = categorical_cross_entropy(np.repeat(target, state["c"].size, axis=0), state["preds"], reduction="none")
    state["curve"].set_ydata(curve)
    model_loss = softmax_cross_entropy([tc], state["logits"], label_smoothing=eps)
    state["model_dot"].set_data([state["model"][tc]], [model_loss])
    best_p = float(target[0, tc])
    best_pred = np.full((1, k), (1 - best_p) / (k - 1))
    best_pred[0, tc] = best_p
    best = categorical_cross_entropy(target, best_pred)
    state["best_dot"].set_data([best_p], [best])
    return (f"eps = {eps:.2f}: target for the true class = {best_p:.3f}, for each other class = {target[0, (tc + 1) % k]:.3f};"
            f" overconfident model's loss = {model_loss:.3f}, lowest possible = {best:.3f}")


def smoothing_explorer(eps: float = 0.1) -> Explorer:
    """An eps slider; the smoothed target and what it does to an overconfident model's loss."""
    _check_range(eps, 0.0, 0.5, "eps")
    return Explorer(smoothing_setup, smoothing_update, {"eps": slider(eps, 0.0, 0.5, 0.01, "smoothing eps")},
                    fig=figure(9.0, 3.4), title="label smoothing")


# ------------------------------------------------------------ 05: cost landscapes

#: The losses the landscape explorer offers.
LANDSCAPE_LOSSES = ("MSE", "MAE", "Huber", "BCE (logistic regression)")
_LINE_LIMITS = {"xlim": (-1.0, 5.0), "ylim": (-2.0, 4.0)}
_LOGISTIC_LIMITS = {"xlim": (-2.0, 10.0), "ylim": (-6.0, 6.0)}


def landscape_data(loss: str, outlier: float) -> tuple[np.ndarray, np.ndarray]:
    """The data set behind a landscape, with its outlier at strength ``outlier`` (0 to 12).

    Line fits: twenty points near y = 2x + 1 and one point at x = 1.9 moved up by ``outlier``.
    Logistic regression: ten points of class 0 on [-3, -0.5], ten of class 1 on [0.5, 3], and
    one more point of class 0 at x = -2 + outlier / 3: the data are separable while it stays
    left of 0.5 (``outlier < 7.5``).
    """
    if loss not in LANDSCAPE_LOSSES:
        raise ValueError(f"loss must be one of {LANDSCAPE_LOSSES}, got {loss!r}")
    if loss.startswith("BCE"):
        x = np.concatenate([np.linspace(-3.0, -0.5, 10), np.linspace(0.5, 3.0, 10), [-2.0 + outlier / 3]])
        y = np.concatenate([np.zeros(10), np.ones(10), [0.0]])
        return x, y
    x, y = line_data(20, slope=2.0, intercept=1.0, noise=0.5, seed=3)
    return np.append(x, OUTLIER_X), np.append(y, 2.0 * OUTLIER_X + 1.0 + outlier)


def landscape_surface(loss: str, outlier: float = 0.0, *, delta: float = 1.0) -> Surface:
    """The cost surface over (w, b) of :func:`landscape_data` under ``loss``."""
    x, y = landscape_data(loss, outlier)
    if loss.startswith("BCE"):
        return logistic_surface(x, y, **_LOGISTIC_LIMITS)
    kwargs = {"delta": delta} if loss == "Huber" else {}
    return line_fit_surface(x, y, loss.lower(), **_LINE_LIMITS, **kwargs)


def _landscape_grid(loss: str, outlier: float, n: int) -> tuple:
    surface = landscape_surface(loss, outlier)
    return (surface, *surface.grid(n))


def landscape_setup(fig: Figure, *, n: int = 40, outliers: Sequence[float] = tuple(range(13))) -> dict:
    """Empty contour and 3-D panels, and every surface of the slider's positions (``outliers``)
    computed on an ``n x n`` grid; ``landscape_update`` draws them."""
    grids = {(loss, float(o)): _landscape_grid(loss, float(o), n) for loss in LANDSCAPE_LOSSES for o in outliers}
    ax2 = fig.add_subplot(1, 2, 1)
    ax3 = fig.add_subplot(1, 2, 2, projection="3d")
    (best,) = ax2.plot([], [], "*", color="white", markeredgecolor="black", markersize=15, label="lowest cost on the grid")
    ax2.legend(loc="upper right", fontsize=7)
    ax3.view_init(elev=32, azim=-55)
    for axis in (ax3.xaxis, ax3.yaxis, ax3.zaxis):
        axis.set_major_locator(MaxNLocator(3))
    ax3.tick_params(labelsize=7)
    return {"ax2": ax2, "ax3": ax3, "n": n, "best": best, "grids": grids, "drawn": ()}


def landscape_update(state: dict, loss: str, outlier: float) -> str:
    """Draw the cost surface of ``loss`` with the outlier at ``outlier``; return the readout."""
    key = (loss, float(outlier))
    if key not in state["grids"]:  # a position the slider does not offer
        state["grids"][key] = _landscape_grid(loss, float(outlier), state["n"])
    surface, gx, gy, gz = state["grids"][key]
    for artist in state["drawn"]:
        artist.remove()
    ax2, ax3 = state["ax2"], state["ax3"]
    filled = ax2.contourf(gx, gy, gz, levels=20, cmap="viridis")
    lines = ax2.contour(gx, gy, gz, levels=filled.levels, colors="white", linewidths=0.3, alpha=0.6)
    # 20 x 20 facets: the shape reads the same as 40 x 40, and it draws in a quarter of the time
    surf = ax3.plot_surface(gx, gy, gz, cmap="viridis", linewidth=0, antialiased=False, rcount=20, ccount=20)
    state["drawn"] = (filled, lines, surf)
    i = np.unravel_index(np.argmin(gz), gz.shape)
    w, b, low = float(gx[i]), float(gy[i]), float(gz[i])
    state["best"].set_data([w], [b])
    ax2.set(xlim=surface.xlim, ylim=surface.ylim, xlabel=surface.labels[0], ylabel=surface.labels[1],
            title=f"{loss.split(' (')[0]}: contours of the cost")
    ax3.set(xlim=surface.xlim, ylim=surface.ylim, zlim=(float(gz.min()), float(gz.max())),
            xlabel="$w$", ylabel="$b$", title=f"{loss.split(' (')[0]}: the surface")
    ax3.set_zlabel("cost")
    on_edge = i[0] in (0, gz.shape[0] - 1) or i[1] in (0, gz.shape[1] - 1)
    text = f"loss = {loss}, outlier = {outlier:.0f}: lowest cost on the grid {low:.3f} at w = {w:.2f}, b = {b:.2f}"
    if on_edge:
        text += " (on the edge of the grid: the cost keeps falling beyond it)"
    return text


def landscape_explorer(loss: str = "MSE", outlier: float = 0.0, *, n: int = 40) -> Explorer:
    """A loss selector and an outlier slider; the cost surface as contours and in 3-D."""
    if loss not in LANDSCAPE_LOSSES:
        raise ValueError(f"loss must be one of {LANDSCAPE_LOSSES}, got {loss!r}")
    _check_range(outlier, 0.0, 12.0, "outlier")
    return Explorer(
        lambda fig: landscape_setup(fig, n=n),
        landscape_update,
        {"loss": dropdown(list(LANDSCAPE_LOSSES), loss, "loss"),
         "outlier": slider(outlier, 0.0, 12.0, 1.0, "outlier", ".0f")},
        fig=figure(9.5, 3.9),
        title="cost landscapes of a two-parameter model",
    )
