"""Cost landscapes (``01_losses/07_landscapes_and_choosing``): the cost of a two-parameter model
over its parameters.

* :func:`landscape_data`, :func:`landscape_surface`: a data set with a movable outlier, and
  its cost surface under each of :data:`LANDSCAPE_LOSSES`;
* :func:`landscape_explorer`: the cost surface as contours and in 3-D.

The explorer answers a move by redrawing only the contour panel's contents: the colour bar
and the 3-D panel (whose ticks and projection change with every surface, which would
redraw the whole figure) are drawn off-screen once per surface, on a figure with the same
layout, and shown as a picture; see :func:`landscape_setup`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.collections import PathCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..._validate import require_in_range
from ...data import line_data
from ...landscapes import Surface, line_fit_surface, logistic_surface
from ...widgets import Explorer, dropdown, figure, int_slider
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


def landscape_setup(
    fig: Figure,
    *,
    n: int = 40,
    outliers: Sequence[float] = tuple(range(13)),
    loss: str = "MSE",
    outlier: float = 0.0,
) -> dict:
    """The contour panel with its colour bar (left) and the 3-D surface (right), laid out for
    the default ``loss`` and ``outlier``, and every surface of the slider's positions
    (``outliers``) computed on an ``n x n`` grid; ``landscape_update`` draws them.

    Only the contour panel stays a live axes. The colour bar and the 3-D panel, whose ticks
    and projection change with every surface, are drawn off-screen, on a figure of the same
    size with the same layout, and shown as one picture (``state["panel"]``). The pictures of
    every loss at every position in ``outliers`` are drawn here, once (about 30 ms each: 1.5 s
    for the slider's 52, and 25 MB), and kept in ``state["pictures"]``: a move then redraws
    the contours, the star and a kept picture, not the whole figure. Switching between the
    line fits and logistic regression changes the contour panel's limits, and redraws it all.
    """
    grids = {
        (name, float(o)): _landscape_grid(name, float(o), n) for name in LANDSCAPE_LOSSES for o in outliers
    }
    ax2 = fig.add_subplot(1, 2, 1)
    ax3 = fig.add_subplot(1, 2, 2, projection="3d")
    (best,) = ax2.plot(
        [], [], "*", color="white", markeredgecolor="black", markersize=15, label="lowest cost on the grid"
    )
    # the filled contours and their white lines, as contourf/contour draw them (zorder 1 and 2)
    fills = ax2.add_collection(PathCollection([], edgecolors="none", antialiased=False, zorder=1))
    lines = ax2.add_collection(
        PathCollection([], facecolors="none", edgecolors="white", linewidths=0.3, alpha=0.6, zorder=2)
    )
    ax2.legend(loc="upper right", fontsize=7)
    # the colour bar of the contours: its scale follows each surface drawn (update_normal)
    scale = ScalarMappable(norm=Normalize(0.0, 1.0), cmap="viridis")
    colorbar = fig.colorbar(scale, ax=ax2, label="cost $J(w, b)$", fraction=0.06, pad=0.02)
    _style_3d(ax3)
    state = {
        "ax2": ax2,
        "ax3": ax3,
        "n": n,
        "best": best,
        "fills": fills,
        "lines": lines,
        "grids": grids,
        "drawn": (),
        "colorbar": colorbar,
    }
    # lay the figure out once, as it looks for the default surface, and keep that layout
    _draw_surface(state, loss, float(outlier))
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    # the same colour bar and 3-D axes, at the same places, on a figure drawn off-screen
    cax_pos, ax3_pos = colorbar.ax.get_position(original=False), ax3.get_position(original=False)
    renderer = fig.canvas.get_renderer()
    # the picture covers the figure from the colour bar's left edge (and its outline's half
    # pixel) to the right: the live figure draws nothing there
    left = colorbar.ax.get_window_extent(renderer).x0 - 1.0
    for artist in state["drawn"]:
        artist.remove()
    colorbar.mappable = scale  # the mappable it was made with, which it disconnects from on removal
    colorbar.ax.remove()
    ax3.remove()
    hidden = Figure(figsize=fig.get_size_inches(), dpi=fig.dpi)
    FigureCanvasAgg(hidden)
    ax2_h = hidden.add_axes(ax2.get_position(original=False))
    ax2_h.set_visible(False)  # holds the contour sets the colour bar describes
    ax3_h = hidden.add_axes(ax3_pos, projection="3d")
    _style_3d(ax3_h)
    cax_h = hidden.add_axes(cax_pos)
    colorbar_h = hidden.colorbar(
        ScalarMappable(norm=Normalize(0.0, 1.0), cmap="viridis"), cax=cax_h, label="cost $J(w, b)$"
    )
    width, height = (int(round(v)) for v in fig.bbox.size)
    x0 = int(np.floor(left))
    state.update(
        ax2_hidden=ax2_h,
        ax3=ax3_h,
        colorbar=colorbar_h,
        drawn=(),
        hidden=hidden,
        region=(x0, width),
        pictures={},
        panel=fig.figimage(np.full((height, width - x0, 4), 255, np.uint8), xo=x0, yo=0, origin="upper"),
    )
    for key in list(grids):  # every position of the controls, drawn now to answer at once
        state["pictures"][key] = _picture(state, *key)
    return state


def _style_3d(ax3: Axes) -> None:
    ax3.view_init(elev=32, azim=-55)
    for axis in (ax3.xaxis, ax3.yaxis, ax3.zaxis):
        axis.set_major_locator(MaxNLocator(3))
    ax3.tick_params(labelsize=7)


def _grid(state: dict, loss: str, outlier: float) -> tuple:
    """The surface and its grid for ``(loss, outlier)``, computed once."""
    key = (loss, float(outlier))
    if key not in state["grids"]:  # a position the slider does not offer
        state["grids"][key] = _landscape_grid(loss, float(outlier), state["n"])
    return state["grids"][key]


def _draw_surface(state: dict, loss: str, outlier: float) -> None:
    """Contours, colour bar and 3-D surface of one surface on the axes in ``state``."""
    surface, gx, gy, gz = _grid(state, loss, outlier)
    for artist in state["drawn"]:
        artist.remove()
    ax2 = state.get("ax2_hidden", state["ax2"])
    ax3 = state["ax3"]
    filled = ax2.contourf(gx, gy, gz, levels=20, cmap="viridis")
    lines = ax2.contour(gx, gy, gz, levels=filled.levels, colors="white", linewidths=0.3, alpha=0.6)
    # 20 x 20 facets: the shape reads the same as 40 x 40, and it draws in a quarter of the time
    surf = ax3.plot_surface(gx, gy, gz, cmap="viridis", linewidth=0, antialiased=False, rcount=20, ccount=20)
    state["drawn"] = (filled, lines, surf)
    state["colorbar"].update_normal(filled)
    _set_contour_axes(state["ax2"], surface, loss)
    ax3.set(
        xlim=surface.xlim,
        ylim=surface.ylim,
        zlim=(float(gz.min()), float(gz.max())),
        xlabel="$w$",
        ylabel="$b$",
        title=f"{loss.split(' (')[0]}: the surface",
    )
    ax3.set_zlabel("cost")


def _set_contour_axes(ax2: Axes, surface: Surface, loss: str) -> None:
    """Limits and labels of the contour panel; set only when they change (a new scale redraws
    the whole figure, the same one only what moved)."""
    wanted = {
        "xlim": surface.xlim,
        "ylim": surface.ylim,
        "xlabel": surface.labels[0],
        "ylabel": surface.labels[1],
        "title": f"{loss.split(' (')[0]}: contours of the cost",
    }
    ax2.set(**{name: value for name, value in wanted.items() if getattr(ax2, f"get_{name}")() != value})


def _picture(state: dict, loss: str, outlier: float) -> dict:
    """What a move shows for one surface: the contours' paths and colours, and the colour bar
    and 3-D panel drawn off-screen, cropped to the part of the figure they cover."""
    _draw_surface(state, loss, outlier)
    filled, lines, _ = state["drawn"]
    hidden = state["hidden"]
    hidden.canvas.draw()
    x0, x1 = state["region"]
    return {
        "fills": filled.get_paths(),
        "colors": filled.to_rgba(filled.get_array()),
        "lines": lines.get_paths(),
        "panel": np.array(np.asarray(hidden.canvas.buffer_rgba())[:, x0:x1]),
    }


def landscape_update(state: dict, loss: str, outlier: float) -> str:
    """Draw the cost surface of ``loss`` with the outlier at ``outlier``; return the readout."""
    if loss not in LANDSCAPE_LOSSES:
        raise ValueError(f"loss must be one of {LANDSCAPE_LOSSES}, got {loss!r}")
    key = (loss, float(outlier))
    if key not in state["pictures"]:  # drawn once per surface, then shown from memory
        state["pictures"][key] = _picture(state, *key)
    picture = state["pictures"][key]
    surface, gx, gy, gz = _grid(state, *key)
    state["fills"].set_paths(picture["fills"])
    state["fills"].set_facecolor(picture["colors"])
    state["lines"].set_paths(picture["lines"])
    state["panel"].set_data(picture["panel"])
    _set_contour_axes(state["ax2"], surface, loss)
    i = np.unravel_index(np.argmin(gz), gz.shape)
    w, b, low = float(gx[i]), float(gy[i]), float(gz[i])
    state["best"].set_data([w], [b])
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
    if outlier != int(outlier):
        raise ValueError(f"outlier must be a whole number from 0 to 12 (the slider's steps), got {outlier!r}")
    return Explorer(
        lambda fig: landscape_setup(fig, n=n, loss=loss, outlier=outlier),
        landscape_update,
        {
            "loss": dropdown(list(LANDSCAPE_LOSSES), loss, "loss"),
            "outlier": int_slider(int(outlier), 0, 12, "outlier"),
        },
        fig=figure(9.5, 3.9),
        title="cost landscapes of a two-parameter model",
    )
