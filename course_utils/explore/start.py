"""The first interactive figure of the course (``00_start_here``): one prediction's loss."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ..losses import mse
from ..plots import color
from ..widgets import Explorer, figure, slider

__all__ = ["squared_error_explorer"]


def setup(fig: Figure, y_true: float = 1.0) -> dict:
    """Draw the squared-error curve of a prediction for the target ``y_true``."""
    ax = fig.add_subplot()
    grid = np.linspace(y_true - 2.0, y_true + 2.0, 201)
    ax.plot(
        grid,
        mse(np.full_like(grid, y_true)[:, None], grid[:, None], reduction="none")[:, 0],
        color=color(0),
        label=r"loss $(\hat y - y)^2$",
    )
    ax.axvline(y_true, color="grey", linestyle=":", label=f"target y = {y_true:g}")
    (point,) = ax.plot([], [], "o", markersize=10, color=color(1), label="your prediction")
    (drop,) = ax.plot([], [], "--", color=color(1), linewidth=1)
    ax.set_xlabel(r"prediction $\hat y$")
    ax.set_ylabel("squared error")
    ax.set_title("The loss of one prediction")
    ax.set_ylim(-0.1, 4.1)
    ax.legend(loc="upper center")
    return {"point": point, "drop": drop, "y_true": y_true}


def update(state: dict, y_pred: float) -> str:
    """Move the marker to ``y_pred``; return the readout."""
    y_true = state["y_true"]
    loss = mse([y_true], [y_pred])
    state["point"].set_data([y_pred], [loss])
    state["drop"].set_data([y_pred, y_pred], [0.0, loss])
    return f"prediction = {y_pred:.2f}, loss = ({y_pred:.2f} - {y_true:g})² = {loss:.4f}"


def squared_error_explorer(y_true: float = 1.0, y_pred: float = 0.8) -> Explorer:
    """A slider for the prediction; the figure shows its squared error against ``y_true``."""
    return Explorer(
        lambda fig: setup(fig, y_true),
        update,
        {"y_pred": slider(y_pred, y_true - 2.0, y_true + 2.0, 0.05, "prediction ŷ")},
        fig=figure(6.0, 3.4),
        title="squared error of one prediction",
    )
