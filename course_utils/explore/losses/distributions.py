"""Distributions and targets (``01_losses/06_distributions_and_targets``): KL divergence and
label smoothing.

* :func:`bumps`: a distribution made of Gaussian bumps;
* :func:`kl_explorer`: KL(p||q) against KL(q||p), side by side;
* :func:`smoothing_explorer`: smoothed targets, and what they do to an overconfident model's loss.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from ..._validate import require_in_range
from ...activations import softmax
from ...losses import categorical_cross_entropy, kl_divergence, softmax_cross_entropy
from ...plots import color
from ...targets import one_hot, smooth_labels
from ...widgets import Explorer, figure, slider

__all__ = [
    "bumps",
    "kl_setup",
    "kl_update",
    "kl_explorer",
    "smoothing_setup",
    "smoothing_update",
    "smoothing_explorer",
]


# ------------------------------------------------------------- 06: KL divergence


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
    return (
        f"gap = {gap:.1f}, q mean = {q_mean:.1f}, q width = {q_width:.1f}:"
        f" KL(p‖q) = {values[0]:.3f}, KL(q‖p) = {values[1]:.3f}"
    )


def kl_explorer(gap: float = 8.0, q_mean: float = 5.5, q_width: float = 1.0) -> Explorer:
    """Sliders for p's two modes and q's position and width; both KL directions."""
    require_in_range(gap, 0.0, 14.0, "gap")
    require_in_range(q_mean, 0.0, 19.0, "q_mean")
    require_in_range(q_width, 0.5, 8.0, "q_width")
    return Explorer(
        kl_setup,
        kl_update,
        {
            "gap": slider(gap, 0.0, 14.0, 0.5, "p: gap between modes", ".1f"),
            "q_mean": slider(q_mean, 0.0, 19.0, 0.5, "q: centre", ".1f"),
            "q_width": slider(q_width, 0.5, 8.0, 0.1, "q: width", ".1f"),
        },
        fig=figure(9.0, 3.4),
        title="KL divergence in both directions",
    )


# ----------------------------------------------------------- 06: label smoothing


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
    ax_t.plot(j, model, "D", color=color(1), label=f"overconfident model (q = {model[true_class]:.4f})")
    ax_t.set(xlabel="class", ylabel="probability", title="Targets", xticks=j, ylim=(0, 1.15))
    ax_t.legend(loc="upper right", fontsize=7)
    one_hot_curve = categorical_cross_entropy(np.repeat(y, c.size, axis=0), preds, reduction="none")
    ax_c.plot(c, one_hot_curve, color="grey", linestyle="--", linewidth=1, label="one-hot target")
    (curve,) = ax_c.plot(c, one_hot_curve, color=color(0), label="smoothed target")
    (model_dot,) = ax_c.plot([], [], "D", color=color(1), markersize=8, label="overconfident model")
    (best_dot,) = ax_c.plot([], [], "*", color=color(2), markersize=13, label="lowest loss")
    ax_c.set(
        xlabel="predicted probability of the true class, $q_y$",
        ylabel="cross-entropy",
        title="Loss against confidence",
        ylim=(0, 2.5),
    )
    ax_c.legend(loc="upper center", fontsize=7)
    return {
        "y": y,
        "k": k,
        "true_class": true_class,
        "logits": logits,
        "model": model,
        "c": c,
        "preds": preds,
        "t_bars": t_bars,
        "curve": curve,
        "model_dot": model_dot,
        "best_dot": best_dot,
    }


def smoothing_update(state: dict, eps: float) -> str:
    """Smooth the targets by ``eps``; redraw the loss curve and the model's loss."""
    k, tc = state["k"], state["true_class"]
    target = smooth_labels(state["y"], eps)
    for bar, v in zip(state["t_bars"], target[0]):
        bar.set_height(v)
    curve = categorical_cross_entropy(
        np.repeat(target, state["c"].size, axis=0), state["preds"], reduction="none"
    )
    state["curve"].set_ydata(curve)
    model_loss = softmax_cross_entropy([tc], state["logits"], label_smoothing=eps)
    state["model_dot"].set_data([state["model"][tc]], [model_loss])
    best_p = float(target[0, tc])
    best_pred = np.full((1, k), (1 - best_p) / (k - 1))
    best_pred[0, tc] = best_p
    best = categorical_cross_entropy(target, best_pred)
    state["best_dot"].set_data([best_p], [best])
    return (
        f"eps = {eps:.2f}: target for the true class = {best_p:.3f},"
        f" for each other class = {target[0, (tc + 1) % k]:.3f};"
        f" overconfident model's loss = {model_loss:.3f}, lowest possible = {best:.3f}"
    )


def smoothing_explorer(eps: float = 0.1) -> Explorer:
    """An eps slider; the smoothed target and what it does to an overconfident model's loss."""
    require_in_range(eps, 0.0, 0.5, "eps")
    return Explorer(
        smoothing_setup,
        smoothing_update,
        {"eps": slider(eps, 0.0, 0.5, 0.01, "smoothing eps")},
        fig=figure(9.0, 3.4),
        title="label smoothing",
    )
