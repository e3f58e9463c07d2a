"""The optimizer race (``02_optimization/06_choosing_an_optimizer``).

* :func:`race`: several optimizers on one surface, from one start;
* :func:`lowest_value`: the lowest cost of a surface, the floor of the race's cost plot;
* :data:`SUGGESTED_LR`: a learning rate that works for each optimizer on each surface;
* :func:`race_explorer`: a surface, a start, which optimizers race, and their rates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FormatStrFormatter

from ..._validate import require_choice
from ...descent import DIVERGE_ABOVE
from ...landscapes import SURFACES, Surface, trajectory
from ...optimizers import OPTIMIZERS, Optimizer
from ...plots import color, contour, simplify_for_redraw
from ...widgets import Explorer, figure, int_slider, log_slider, slider

__all__ = ["race", "lowest_value", "SUGGESTED_LR", "race_explorer"]


def race(surface: Surface, start: Any, optimizers: Sequence[Optimizer], steps: int) -> list[np.ndarray]:
    """Run several optimizers on one surface from one start, in lockstep.

    Each step is :func:`course_utils.descent.descend`'s, for every optimizer still running;
    the surface's gradient is evaluated at all their points in one call (a surface acts on
    ``[..., 2]`` point by point), which makes a race of six about twice as fast as six runs.
    Returns one path per optimizer, exactly as :func:`course_utils.landscapes.trajectory`
    would (shape ``[steps + 1, 2]``, shorter for a run that diverged: as ``descend``, a run
    stops before a point with an entry that is not finite or of magnitude ``DIVERGE_ABOVE``).
    """
    start = np.asarray(start, dtype=np.float64)
    if start.shape != (2,):
        raise ValueError(f"start must be a point (theta_1, theta_2), got shape {start.shape}")
    if isinstance(steps, bool) or int(steps) != steps or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")
    thetas = [start] * len(optimizers)
    states = [opt.init(start) for opt in optimizers]
    paths: list[list[np.ndarray]] = [[start] for _ in optimizers]
    running = list(range(len(optimizers)))
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(int(steps)):
            if not running:
                break
            grads = surface.grad(np.array([thetas[i] for i in running]))
            for i, grad in zip(list(running), grads):
                new, state = optimizers[i].update(grad, states[i], thetas[i])
                if not np.all(np.abs(new) < DIVERGE_ABOVE):
                    running.remove(i)  # diverged: the path ends at the last point kept
                    continue
                thetas[i], states[i] = new, state
                paths[i].append(new)
    return [np.array(path) for path in paths]


def lowest_value(surface: Surface) -> float:
    """The lowest cost of ``surface``: its best listed minimum or grid point, polished by descent."""
    gx, gy, gz = surface.grid(160)
    candidates = [np.array(m) for m in surface.minima] + [
        np.array([gx.flat[gz.argmin()], gy.flat[gz.argmin()]])
    ]
    best = min(candidates, key=lambda p: float(surface.value(p)))
    if np.abs(surface.grad(best)).max() < 1e-12:  # an exact minimum, nothing to polish
        return float(min(surface.value(best), gz.min()))
    path = trajectory(OPTIMIZERS["adam"](1e-3), surface, start=best, steps=300)
    return float(min(surface.value(path).min(), gz.min()))


#: A learning rate that works well for each optimizer on each race surface, for 300 steps
#: from the surface's start (β = 0.9 for momentum and Nesterov, the other settings at their
#: defaults). Picked from sweeps over powers of √10 (rounded to 1 or 3 times a power of 10),
#: kept moderate where a wide range works; ``06_choosing_an_optimizer`` shows the sweep on
#: Rosenbrock, and the tests check that each rate is stable and near the best of its sweep.
SUGGESTED_LR: dict[str, dict[str, float]] = {
    "bowl": {"sgd": 0.1, "momentum": 0.03, "nesterov": 0.03, "adagrad": 1.0, "rmsprop": 0.03, "adam": 0.1},
    "elongated valley": {
        "sgd": 0.03,
        "momentum": 0.01,
        "nesterov": 0.01,
        "adagrad": 1.0,
        "rmsprop": 0.03,
        "adam": 0.1,
    },
    "Rosenbrock": {
        "sgd": 0.001,
        "momentum": 0.001,
        "nesterov": 0.001,
        "adagrad": 0.3,
        "rmsprop": 0.01,
        "adam": 0.1,
    },
    "saddle": {"sgd": 0.1, "momentum": 0.03, "nesterov": 0.03, "adagrad": 0.3, "rmsprop": 0.03, "adam": 0.1},
    "several minima": {
        "sgd": 0.1,
        "momentum": 0.03,
        "nesterov": 0.03,
        "adagrad": 1.0,
        "rmsprop": 0.03,
        "adam": 0.1,
    },
}


def _show_levels(colorbar: Any, contours: Any) -> None:
    """Point the colour bar at another surface's filled contours: its levels, colours and ticks."""
    colorbar.boundaries, colorbar.values = contours.levels, contours.cvalues
    colorbar.update_normal(contours)
    colorbar.locator = FixedLocator(contours.levels, nbins=10)
    colorbar.formatter = FormatStrFormatter("%.3g")


def _race_optimizer(name: str, lr: float, beta: float) -> Optimizer:
    return OPTIMIZERS[name](lr, beta) if name in ("momentum", "nesterov") else OPTIMIZERS[name](lr)


def _race_key(surface: str, start: tuple[float, float], name: str, lr: float, beta: float) -> tuple:
    return (surface, start, name, lr, beta if name in ("momentum", "nesterov") else None)


def _cached_path(cache: dict, key: tuple, steps: int) -> np.ndarray | None:
    """The first ``steps`` steps of a cached run: a run is the prefix of any longer one."""
    if key not in cache:
        return None
    path, done = cache[key]
    return path[: steps + 1] if steps <= done else None


#: The controls' ranges: how far the start can be shifted along each axis, and the longest race.
MAX_SHIFT, MAX_STEPS = 1.5, 400


def _cost_limits(surface: Surface, floor: float, paths: Sequence[np.ndarray]) -> tuple[float, float]:
    """The cost plot's y-limits on ``surface``, fixed whatever the controls say.

    The bottom holds the race of the suggested settings (a tenth of its lowest cost above the
    floor) and reaches at least 1e-7: a tenth of the 1e-6 within which ``06`` counts a run as
    having reached the lowest cost, so a run that gets there is seen to. The top is ten times
    the highest cost above the floor of any start the shift sliders reach, or of that race. A
    run that diverges leaves through the top (the readout says at which step), one that goes
    lower than 1e-7 through the bottom. Fixed limits let a move redraw only the curves.
    """
    excess = [np.maximum(surface.value(path) - floor, 1e-16) for path in paths]
    shifts = np.linspace(-MAX_SHIFT, MAX_SHIFT, 31)
    starts = np.stack(np.meshgrid(surface.start[0] + shifts, surface.start[1] + shifts), axis=-1)
    top = max(float(np.max(surface.value(starts.reshape(-1, 2)))) - floor, *(float(e.max()) for e in excess))
    bottom = min(1e-6, *(float(e.min()) for e in excess))
    return max(bottom / 10, 1e-17), top * 10


def _setup_race(fig: Figure, steps: int, beta: float, shown: str = "Rosenbrock") -> dict:
    """Draw every surface's contours once (hidden), and race every surface's default settings."""
    ax1, ax2 = fig.subplots(1, 2, width_ratios=(1.3, 1))
    views, cache = {}, {}
    for name, make in SURFACES.items():
        surface = make()
        before = set(ax1.get_children())
        cs = contour(ax1, surface, levels=20, log=name == "Rosenbrock")
        artists = [a for a in ax1.get_children() if a not in before]
        for a in artists:
            a.set_visible(False)
        floor = lowest_value(surface)
        views[name] = {"surface": surface, "artists": artists, "floor": floor, "contours": cs}
        rates = SUGGESTED_LR[name]
        opts = [_race_optimizer(opt, rates[opt], beta) for opt in OPTIMIZERS]
        paths = race(surface, surface.start, opts, steps)
        for opt, path in zip(OPTIMIZERS, paths):
            cache[_race_key(name, surface.start, opt, rates[opt], beta)] = (path, steps)
        views[name]["ylim"] = _cost_limits(surface, floor, paths)
    stars = ax1.scatter(
        [], [], marker="*", s=160, color="white", edgecolor="black", zorder=5, label="minimum"
    )
    (start,) = ax1.plot([], [], "s", color="black", markersize=6, zorder=6)
    paths, costs = {}, {}
    for i, name in enumerate(OPTIMIZERS):
        (paths[name],) = ax1.plot([], [], "-", color=color(i), linewidth=1.5, zorder=4)
        (costs[name],) = ax2.plot([], [], color=color(i), linewidth=1.5, label=name)
    # one colour bar, re-pointed at the shown surface's contours by update
    colorbar = fig.colorbar(next(iter(views.values()))["contours"], ax=ax1, label="cost", pad=0.02)
    # linear up to step 1, logarithmic after: the first steps, where the racers part, stay readable
    ax2.set_xscale("symlog", linthresh=1.0, linscale=0.3)
    ax2.set(
        xlim=(0, max(steps, MAX_STEPS)),  # every race length fits: the steps slider only moves curves
        ylim=views[shown]["ylim"],  # the surface shown first
        yscale="log",
        xlabel="step (log scale after 1)",
        ylabel="cost above the lowest (log scale)",
        title="cost per step",
    )
    ax2.grid(alpha=0.3)
    # One legend, drawn with every racer; update hides the rows of those not racing, which
    # lays it out exactly as a legend of the racers alone (a hidden row takes no room). The rows
    # are reached through the legend's private handle box: matplotlib has no public way to them.
    legend = ax2.legend(handles=list(costs.values()), loc="lower left", fontsize=8)
    rows = [row for column in legend._legend_handle_box.get_children() for row in column.get_children()]
    simplify_for_redraw(ax1, ax2)
    return {
        "ax1": ax1,
        "ax2": ax2,
        "views": views,
        "stars": stars,
        "start": start,
        "paths": paths,
        "costs": costs,
        "shown": None,
        "cache": cache,
        "legend_rows": dict(zip(OPTIMIZERS, rows)),
        "colorbar": colorbar,
    }


def _update_race(
    state: dict,
    surface: str,
    racing: Sequence[str],
    shift1: float,
    shift2: float,
    steps: int,
    beta: float,
    **lr_scale: float,
) -> str:
    views, ax1, ax2, cache = state["views"], state["ax1"], state["ax2"], state["cache"]
    view = views[surface]
    s = view["surface"]
    if state["shown"] != surface:
        for name, other in views.items():
            for a in other["artists"]:
                a.set_visible(name == surface)
        ax1.set_xlim(*s.xlim)
        ax1.set_ylim(*s.ylim)
        ax2.set_ylim(*view["ylim"])
        # the name only: a formula would cost a mathtext parse on each surface's first draw,
        # and several_minima's uses \lVert, which mathtext cannot read
        ax1.set_title(s.name, y=1.0)
        state["stars"].set_offsets(np.array(s.minima))
        _show_levels(state["colorbar"], view["contours"])
        state["shown"] = surface
    start = (s.start[0] + shift1, s.start[1] + shift2)
    state["start"].set_data([start[0]], [start[1]])
    rates = {name: SUGGESTED_LR[surface][name] * lr_scale[f"{name}_scale"] for name in racing}
    keys = {name: _race_key(surface, start, name, lr, beta) for name, lr in rates.items()}
    paths = {name: _cached_path(cache, keys[name], steps) for name in racing}
    todo = [name for name, path in paths.items() if path is None]  # only what changed is rerun
    if todo:
        for name, path in zip(
            todo, race(s, start, [_race_optimizer(n, rates[n], beta) for n in todo], steps)
        ):
            cache[keys[name]] = (path, steps)
            paths[name] = path
        while len(cache) > 500:  # forget the oldest runs
            cache.pop(next(iter(cache)))
    parts = []
    for name in OPTIMIZERS:
        on = name in racing
        state["paths"][name].set_visible(on)
        state["costs"][name].set_visible(on)
        if not on:
            continue
        path = paths[name]
        excess = np.maximum(s.value(path) - view["floor"], 1e-16)
        state["paths"][name].set_data(path[:, 0], path[:, 1])
        state["costs"][name].set_data(np.arange(len(path)), excess)
        lr = rates[name]
        result = f"{excess[-1]:.2g}" if len(path) == steps + 1 else f"diverged at step {len(path)}"
        parts.append(f"{name} (η = {lr:.3g} = {lr_scale[name + '_scale']:.2f} × suggested): {result}")
    for name, row in state["legend_rows"].items():  # the legend lists the racers only
        row.set_visible(name in racing)
    head = (
        f"{s.name}, start ({start[0]:.2f}, {start[1]:.2f}) = suggested + ({shift1:+.2f}, {shift2:+.2f}),"
        f" {steps} steps, β = {beta:.2f}"
    )
    return (
        head
        + " · cost above the lowest after the race: "
        + ("; ".join(parts) if parts else "(no optimizer racing)")
    )


def race_explorer(surface: str = "Rosenbrock", *, steps: int = 300, beta: float = 0.9) -> Explorer:
    """The optimizer race: a surface, a start, which optimizers race, and their rates.

    Each learning-rate slider multiplies that optimizer's :data:`SUGGESTED_LR` for the
    chosen surface; the start is the surface's suggested start plus a shift.
    """
    require_choice(surface, list(SURFACES), "surface")
    style, layout = {"description_width": "140px"}, W.Layout(width="420px")
    controls: dict[str, W.ValueWidget] = {
        "surface": W.Dropdown(
            options=list(SURFACES), value=surface, description="surface", layout=layout, style=style
        ),
        "racing": W.SelectMultiple(
            options=list(OPTIMIZERS),
            value=tuple(OPTIMIZERS),
            rows=6,
            description="racing (ctrl-click)",
            layout=layout,
            style=style,
        ),
        "shift1": slider(0.0, -MAX_SHIFT, MAX_SHIFT, 0.01, "start: shift θ₁"),
        "shift2": slider(0.0, -MAX_SHIFT, MAX_SHIFT, 0.01, "start: shift θ₂"),
        "steps": int_slider(steps, 20, MAX_STEPS, "steps", step=20),
        "beta": slider(beta, 0.0, 0.99, 0.01, "β (momentum, Nesterov)"),
    }
    for name in OPTIMIZERS:
        controls[f"{name}_scale"] = log_slider(1.0, 0.1, 10.0, f"{name}: η × suggested", ".2f")
    return Explorer(
        lambda fig: _setup_race(fig, steps, beta, surface),
        _update_race,
        controls,
        fig=figure(9.0, 3.8),
        title="the optimizer race",
    )
