"""Loss and cost (``01_losses/01_loss_and_cost``): one prediction's loss and the cost.

* :func:`cost_explorer`: a slider for one prediction; its loss bar and the cost line move together.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from ..._validate import require_in_range
from ...losses import mse
from ...plots import color, vertical_gaps
from ...widgets import Explorer, figure, slider

__all__ = ["COST_TARGETS", "COST_PREDICTIONS", "cost_setup", "cost_update", "cost_explorer"]

#: The six targets and predictions of the loss-versus-cost figure.
COST_TARGETS = np.array([1.0, 2.5, 2.0, 3.5, 3.0, 4.5])
COST_PREDICTIONS = np.array([1.3, 2.2, 2.4, 2.9, 3.1, 4.1])


def cost_setup(
    fig: Figure,
    *,
    y_true: Sequence[float] = COST_TARGETS,
    y_pred: Sequence[float] = COST_PREDICTIONS,
    moving: int = 3,
) -> dict:
    """Targets and predictions (left), each sample's squared error and the cost (right)."""
    y_true, y_pred = np.asarray(y_true, float), np.array(y_pred, float)
    idx = np.arange(1, y_true.size + 1)
    ax_data, ax_loss = fig.subplots(1, 2)
    ax_data.plot(idx, y_true, "o", color=color(0), markersize=8, label="target $y$")
    (preds,) = ax_data.plot(idx, y_pred, "s", color=color(1), label=r"prediction $\hat y$")
    (moved,) = ax_data.plot([], [], "s", color=color(4), markersize=11, label="the prediction you move")
    (errors,) = ax_data.plot(
        *vertical_gaps(idx, y_true, y_pred), "-", color="grey", linewidth=1, label=r"error $\hat y - y$"
    )
    ax_data.set(
        xlabel="sample", ylabel="value", title="Targets and predictions", xticks=idx, ylim=(-1.2, 7.0)
    )
    ax_data.legend(loc="upper left", fontsize=8)

    losses = mse(y_true, y_pred, reduction="none")
    bars = ax_loss.bar(
        idx,
        losses,
        color=[color(4) if i == moving else color(1) for i in range(idx.size)],
        label="loss of each sample",
    )
    cost_line = ax_loss.axhline(
        float(losses.mean()), color=color(2), linewidth=2, label="cost = mean of the losses"
    )
    ax_loss.set(
        xlabel="sample",
        ylabel=r"squared error $(\hat y - y)^2$",
        title="Losses and their cost",
        xticks=idx,
        ylim=(0, 4.2),
    )
    ax_loss.legend(loc="upper left", fontsize=8)
    return {
        "y_true": y_true,
        "y_pred": y_pred,
        "idx": idx,
        "moving": moving,
        "preds": preds,
        "moved": moved,
        "errors": errors,
        "bars": bars,
        "cost_line": cost_line,
    }


def cost_update(state: dict, y_hat: float) -> str:
    """Set the moving sample's prediction to ``y_hat``; return the readout."""
    i, y_true = state["moving"], state["y_true"]
    y_pred = state["y_pred"].copy()
    y_pred[i] = y_hat
    losses = mse(y_true, y_pred, reduction="none")
    cost = mse(y_true, y_pred)
    state["preds"].set_data(state["idx"], y_pred)
    state["moved"].set_data([i + 1], [y_hat])
    state["errors"].set_data(*vertical_gaps(state["idx"], y_true, y_pred))
    state["bars"][i].set_height(losses[i])
    state["cost_line"].set_ydata([cost, cost])
    return (
        f"prediction {i + 1} = {y_hat:.2f} (target {y_true[i]:g}): its loss = {losses[i]:.3f},"
        f" cost = mean of the {y_true.size} losses = {cost:.3f}"
    )


def cost_explorer(moving: int = 3, y_hat: float = 2.9) -> Explorer:
    """A slider for one prediction; its loss bar and the cost line move together."""
    if int(moving) != moving or not 0 <= moving < COST_TARGETS.size:
        raise ValueError(f"moving must be a sample index from 0 to {COST_TARGETS.size - 1}, got {moving!r}")
    target = float(COST_TARGETS[moving])
    require_in_range(y_hat, target - 2.0, target + 2.0, "y_hat")
    return Explorer(
        lambda fig: cost_setup(fig, moving=moving),
        cost_update,
        {"y_hat": slider(y_hat, target - 2.0, target + 2.0, 0.05, f"prediction {moving + 1}")},
        fig=figure(9.0, 3.4),
        title="loss of one sample and cost of the data set",
    )
