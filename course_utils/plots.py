"""Drawing helpers shared by the notebooks and the explorers.

Each helper takes an ``ax``, draws on it and returns what it drew. None calls
``plt.show()`` or touches ``rcParams``. Colours are the Okabe-Ito palette, which stays
distinguishable for colour-blind readers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from .landscapes import Surface

__all__ = [
    "COLORS",
    "color",
    "contour",
    "path",
    "minima",
    "loss_curve",
    "vertical_gaps",
    "simplify_for_redraw",
]

#: Okabe-Ito colours, in the order the course uses them.
COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")


def color(i: int) -> str:
    """The ``i``-th course colour (cycling)."""
    return COLORS[i % len(COLORS)]


def contour(
    ax: Axes,
    surface: Surface,
    *,
    n: int = 120,
    levels: int | Sequence[float] = 25,
    log: bool = False,
    filled: bool = True,
    grid: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> Any:
    """Contour plot of ``surface`` over its ``xlim`` x ``ylim``, labelled.

    ``log=True`` spaces the levels logarithmically above the minimum on the grid (for
    surfaces like Rosenbrock whose interesting part is a narrow, flat valley). Pass a
    precomputed ``grid`` (from ``surface.grid(n)``) to avoid recomputing it.
    """
    gx, gy, gz = grid if grid is not None else surface.grid(n)
    if log and isinstance(levels, int):
        lo = float(gz.min())
        levels = lo + np.geomspace(1e-3, float(gz.max() - lo) + 1e-3, levels)
    draw = ax.contourf if filled else ax.contour
    cs = draw(gx, gy, gz, levels=levels, cmap="viridis", alpha=0.85 if filled else 1.0)
    if filled:
        ax.contour(gx, gy, gz, levels=cs.levels, colors="white", linewidths=0.3, alpha=0.6)
    ax.set_xlim(*surface.xlim)
    ax.set_ylim(*surface.ylim)
    ax.set_xlabel(surface.labels[0])
    ax.set_ylabel(surface.labels[1])
    ax.set_title(f"{surface.name}: {surface.formula}")
    return cs


def path(ax: Axes, points: np.ndarray, *, label: str = "", i: int = 0, marker: str = "o") -> Any:
    """Draw an optimizer's path (shape ``[steps + 1, 2]``): a line with small markers."""
    pts = np.asarray(points)
    (line,) = ax.plot(
        pts[:, 0], pts[:, 1], marker=marker, markersize=3, linewidth=1.5, color=color(i), label=label
    )
    ax.plot(pts[:1, 0], pts[:1, 1], marker="s", markersize=6, color=color(i))
    return line


def minima(ax: Axes, surface: Surface) -> Any:
    """Mark the surface's known minima with white stars."""
    if not surface.minima:
        return None
    m = np.asarray(surface.minima)
    return ax.scatter(
        m[:, 0], m[:, 1], marker="*", s=160, color="white", edgecolor="black", zorder=5, label="minimum"
    )


def loss_curve(
    ax: Axes,
    values: Sequence[float],
    *,
    label: str = "",
    i: int = 0,
    log: bool = False,
    x: Sequence[float] | None = None,
) -> Any:
    """Cost per step (or per epoch), with labelled axes."""
    xs = np.arange(len(values)) if x is None else np.asarray(x)
    (line,) = ax.plot(xs, values, color=color(i), label=label, linewidth=1.5)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("cost")
    return line


def vertical_gaps(x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vertical segments from ``lo`` to ``hi`` at each ``x``, as one polyline broken by NaNs.

    One ``Line2D`` for all the gaps (residuals, say) redraws far faster than one per sample.
    """
    xs = np.repeat(x, 3).astype(float)
    ys = np.column_stack([lo, hi, np.full_like(lo, np.nan, dtype=float)]).ravel()
    xs[2::3] = np.nan
    return xs, ys


def _power_label(x: float, _pos: Any = None) -> str:
    """A tick label on a log axis, in plain text: 0.01, 0.1, 1, 10, then 1e-5, 1e4."""
    if x <= 0:
        return ""
    e = round(math.log10(x))
    return f"{10.0**e:g}" if -3 <= e <= 3 else f"1e{e}"


def simplify_for_redraw(*axes: Axes, max_ticks: int | None = None) -> None:
    """Make an explorer's redraws cheaper without changing what they show.

    No minor ticks; plain-text labels on log axes (matplotlib's default, 10 to a power, is
    typeset by mathtext, slowly, for each new label); titles at a fixed height (matplotlib
    otherwise searches for overlaps on every draw); at most ``max_ticks`` labelled ticks.
    """
    for ax in axes:
        ax.minorticks_off()
        if max_ticks is not None:
            ax.locator_params(nbins=max_ticks)
        ax.set_title(ax.get_title(), y=1.0)
        for axis, scale in ((ax.xaxis, ax.get_xscale()), (ax.yaxis, ax.get_yscale())):
            if scale == "log":
                axis.set_major_formatter(FuncFormatter(_power_label))
