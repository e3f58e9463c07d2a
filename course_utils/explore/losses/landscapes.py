"""Cost landscapes (``01_losses/07_landscapes_and_choosing``): the cost of a two-parameter model
over its parameters.

* :func:`landscape_data`, :func:`landscape_surface`: a data set with a movable outlier, and
  its cost surface under each of :data:`LANDSCAPE_LOSSES`;
* :func:`landscape_explorer`: the cost surface as contours and in 3-D.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..._validate import require_in_range
from ...data import line_data
from ...landscapes import Surface, line_fit_surface, logistic_surface
from ...widgets import Explorer, dropdown, figure, slider
from .regression import OUTLIER_X

__all__ = [
    "LANDSCAPE_LOSSES",
    "landscape_data",
    "landscape_surface",
    "landscape_setup",
    "landscape_update",
    "landscape_explorer",
]

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
    grids = {
        (loss, float(o)): _landscape_grid(loss, float(o), n) for loss in LANDSCAPE_LOSSES for o in outliers
    }
    ax2 = fig.add_subplot(1, 2, 1)
    ax3 = fig.add_subplot(1, 2, 2, projection="3d")
    (best,) = ax2.plot(
        [], [], "*", color="white", markeredgecolor="black", markersize=15, label="lowest cost on the grid"
    )
    ax2.legend(loc="upper right", fontsize=7)
    # the colour bar of the contours: its scale follows each surface drawn (update_normal)
    scale = ScalarMappable(norm=Normalize(0.0, 1.0), cmap="viridis")
    colorbar = fig.colorbar(scale, ax=ax2, label="cost $J(w, b)$", fraction=0.06, pad=0.02)
    ax3.view_init(elev=32, azim=-55)
    for axis in (ax3.xaxis, ax3.yaxis, ax3.zaxis):
        axis.set_major_locator(MaxNLocator(3))
    ax3.tick_params(labelsize=7)
    return {"ax2": ax2, "ax3": ax3, "n": n, "best": best, "grids": grids, "drawn": (), "colorbar": colorbar}


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
    state["colorbar"].update_normal(filled)
    i = np.unravel_index(np.argmin(gz), gz.shape)
    w, b, low = float(gx[i]), float(gy[i]), float(gz[i])
    state["best"].set_data([w], [b])
    ax2.set(
        xlim=surface.xlim,
        ylim=surface.ylim,
        xlabel=surface.labels[0],
        ylabel=surface.labels[1],
        title=f"{loss.split(' (')[0]}: contours of the cost",
    )
    ax3.set(
        xlim=surface.xlim,
        ylim=surface.ylim,
        zlim=(float(gz.min()), float(gz.max())),
        xlabel="$w$",
        ylabel="$b$",
        title=f"{loss.split(' (')[0]}: the surface",
    )
    ax3.set_zlabel("cost")
    on_edge = i[0] in (0, gz.shape[0] - 1) or i[1] in (0, gz.shape[1] - 1)
    text = f"loss = {loss}, outlier = {outlier:.0f}: lowest cost on the grid {low:.3f}"
    text += f" at w = {w:.2f}, b = {b:.2f}"
    if on_edge:
        text += " (on the edge of the grid: the cost keeps falling beyond it)"
    return text


def landscape_explorer(loss: str = "MSE", outlier: float = 0.0, *, n: int = 40) -> Explorer:
    """A loss selector and an outlier slider; the cost surface as contours and in 3-D."""
    if loss not in LANDSCAPE_LOSSES:
        raise ValueError(f"loss must be one of {LANDSCAPE_LOSSES}, got {loss!r}")
    require_in_range(outlier, 0.0, 12.0, "outlier")
    return Explorer(
        lambda fig: landscape_setup(fig, n=n),
        landscape_update,
        {
            "loss": dropdown(list(LANDSCAPE_LOSSES), loss, "loss"),
            "outlier": slider(outlier, 0.0, 12.0, 1.0, "outlier", ".0f"),
        },
        fig=figure(9.5, 3.9),
        title="cost landscapes of a two-parameter model",
    )
