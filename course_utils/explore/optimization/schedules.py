"""Learning-rate schedules (``02_optimization/05_schedules``).

* :func:`make_schedule`: a schedule of :mod:`course_utils.schedules` from the explorer's few knobs;
* :func:`schedule_run`: mini-batch SGD on a :class:`~.problems.Problem` driven by a schedule;
* :func:`schedule_explorer`: a schedule and its parameters, the learning rate and a run with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import ipywidgets as W
import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import TICKLEFT
from matplotlib.ticker import MaxNLocator, ScalarFormatter
from matplotlib.transforms import ScaledTranslation

from ..._validate import require_choice, require_positive
from ...batching import iterate_minibatches
from ...descent import descend
from ...optimizers import sgd
from ...plots import COLORS, color, simplify_for_redraw
from ...schedules import SCHEDULES
from ...widgets import Explorer, figure, int_slider, log_slider, slider
from .problems import Problem, problem_cost, problem_grad, regression_problem

__all__ = ["make_schedule", "schedule_run", "schedule_explorer"]


def make_schedule(name: str, lr0: float, period: int, gamma: float = 0.5, t_mult: int = 1) -> Callable:
    """A schedule of :mod:`course_utils.schedules` from the explorer's few knobs.

    ``period`` is what sets each schedule's time scale: ``step_size`` (step decay), the
    steps in which the rate halves (exponential and inverse-time decay), ``t_max``
    (cosine annealing), ``t_0`` (warm restarts). ``gamma`` is step decay's factor.
    """
    require_choice(name, list(SCHEDULES), "name")
    factory = SCHEDULES[name]
    lr0 = float(f"{require_positive(lr0, 'lr0'):.3g}")  # as the slider shows it
    gamma = round(require_positive(gamma, "gamma"), 4)
    if int(period) != period or period < 1:
        raise ValueError(f"period must be a positive integer number of steps, got {period!r}")
    if name == "constant":
        return factory(lr0)
    if name == "step_decay":
        return factory(lr0, int(period), gamma)
    if name == "exponential_decay":
        return factory(lr0, round(0.5 ** (1.0 / period), 6))
    if name == "inverse_time_decay":
        return factory(lr0, round(1.0 / period, 6))
    if name == "cosine_annealing":
        return factory(lr0, int(period))
    return factory(lr0, int(period), int(t_mult))


def _uses(name: str) -> set[str]:
    return {
        "constant": set(),
        "step_decay": {"period", "gamma"},
        "exponential_decay": {"period"},
        "inverse_time_decay": {"period"},
        "cosine_annealing": {"period"},
        "cosine_warm_restarts": {"period", "t_mult"},
    }[name]


class _Batches(NamedTuple):
    A: list[np.ndarray]
    y: list[np.ndarray]


def _fixed_batches(problem: Problem, batch_size: int, steps: int, seed: int) -> _Batches:
    """The first ``steps`` mini-batches of a seeded shuffle, epoch after epoch."""
    rng = np.random.default_rng(seed)
    A, y = [], []
    while len(A) < steps:
        for A_b, y_b in iterate_minibatches(problem.A, problem.y, batch_size, rng=rng):
            A.append(A_b)
            y.append(y_b)
    return _Batches(A[:steps], y[:steps])


def schedule_run(
    problem: Problem,
    schedule: Callable,
    *,
    steps: int = 400,
    batch_size: int = 8,
    seed: int = 0,
    batches: _Batches | None = None,
) -> np.ndarray:
    """Mini-batch SGD on ``problem`` with the learning rate ``schedule`` (a callable step -> lr).

    Every call with the same ``seed`` sees the same batches in the same order, so two
    schedules are compared on exactly the same noise (``batches``, the output of
    ``_fixed_batches``, lets the explorer draw them once for all its runs). Returns the
    full-data cost above the best, :math:`J(\\theta_t) - J^\\ast`, for ``t = 0 .. steps``
    (shape ``[steps + 1]``; ``inf`` after a divergence).
    """
    batches = batches or _fixed_batches(problem, batch_size, steps, seed)
    run = descend(
        sgd(schedule),
        lambda theta, t: problem_grad(problem, theta, batches.A[t], batches.y[t]),
        np.zeros(problem.A.shape[1]),
        steps,
        with_step=True,
    )
    path = run.path
    cost = np.full(steps + 1, np.inf)
    cost[: len(path)] = problem_cost(problem, np.array(path)) - problem.best_cost
    return np.maximum(cost, 1e-12)


#: The rate axis: matplotlib's default ticks (AutoLocator's steps, at most 9 intervals) and labels.
_RATE_BINS = 9
_RATE_LOCATOR = MaxNLocator(nbins=_RATE_BINS, steps=[1, 2, 2.5, 5, 10])


def _rate_ticks(top: float) -> tuple[np.ndarray, list[str]]:
    """The ticks and labels matplotlib would draw on a linear axis from 0 to ``top``."""
    locs = _RATE_LOCATOR.tick_values(0.0, top)
    formatter = ScalarFormatter()
    formatter.create_dummy_axis()
    formatter.axis.set_view_interval(0.0, top)
    labels = formatter.format_ticks(locs)
    shown = (locs >= 0.0) & (locs <= top * (1 + 1e-9))
    return locs[shown], [label for label, keep in zip(labels, shown) if keep]


def _rate_axis(ax: Axes, fig: Figure, lr0_range: tuple[float, float]) -> dict:
    """A rate axis whose labels follow η₀ while the axes' limits stay fixed.

    The schedule is drawn divided by η₀, on fixed limits 0 to 1.1 (so a move of η₀ redraws
    curves, not axes); the ticks and their labels, in units of η, are artists of their own
    that ``update`` moves: the axis reads exactly as matplotlib's would from 0 to 1.1 η₀.
    """
    ax.set_ylim(0, 1.1)
    ax.set_yticks([])
    size = mpl.rcParams["ytick.major.size"]
    offset = ScaledTranslation(-(size + mpl.rcParams["ytick.major.pad"]) / 72, 0, fig.dpi_scale_trans)
    (marks,) = ax.plot(
        [],
        [],
        linestyle="",
        marker=TICKLEFT,
        markersize=size,
        markeredgewidth=mpl.rcParams["ytick.major.width"],
        color=mpl.rcParams["ytick.color"],
        transform=ax.get_yaxis_transform(),
        clip_on=False,
    )
    labels = [
        ax.text(
            0,
            0,
            "",
            transform=ax.get_yaxis_transform() + offset,
            ha="right",
            va="center_baseline",
            fontsize=mpl.rcParams["ytick.labelsize"],
            color=mpl.rcParams["ytick.color"],
        )
        for _ in range(_RATE_BINS + 1)  # at most that many intervals in view: one more tick
    ]
    # the axis label sits left of the widest tick label any η₀ of the slider gives, as
    # matplotlib would put it beside that label
    renderer = fig.canvas.get_renderer()
    widest = 0.0
    for lr0 in np.geomspace(*lr0_range, 41):
        for text in _rate_ticks(1.1 * lr0)[1]:
            labels[0].set_text(text)
            widest = max(widest, labels[0].get_window_extent(renderer).width * 72 / fig.dpi)
    labels[0].set_text("")
    ax.yaxis.labelpad = mpl.rcParams["axes.labelpad"] + size + mpl.rcParams["ytick.major.pad"] + widest
    return {"marks": marks, "labels": labels}


def _show_rate_ticks(axis: dict, lr0: float) -> None:
    """Put the rate axis's ticks where matplotlib would for limits 0 to 1.1 η₀."""
    locs, texts = _rate_ticks(1.1 * lr0)
    axis["marks"].set_data(np.zeros(len(locs)), locs / lr0)
    for k, label in enumerate(axis["labels"]):
        label.set_visible(k < len(locs))
        if k < len(locs):
            label.set_position((0, locs[k] / lr0))
            label.set_text(texts[k])
        label.stale = True  # the labels change as one: each frame draws all that are shown


def _setup_schedule(
    fig: Figure, problem: Problem, steps: int, batch_size: int, lr0_range: tuple[float, float] = (0.005, 0.5)
) -> dict:
    ax1, ax2 = fig.subplots(1, 2)
    t = np.arange(steps + 1)
    (lr_line,) = ax1.plot([], [], color=color(1), linewidth=2)
    (lr_const,) = ax1.plot([0, steps], [1.0, 1.0], color=COLORS[6], linewidth=1, linestyle=":")
    ax1.set(xlim=(0, steps), xlabel="step t", ylabel=r"learning rate $\eta_t$", title="the schedule")
    rate_axis = _rate_axis(ax1, fig, lr0_range)
    (run,) = ax2.plot([], [], color=color(1), linewidth=1.5, label="with the schedule")
    (const,) = ax2.plot([], [], color=COLORS[6], linewidth=1, alpha=0.6, label="constant η₀")
    ax2.set(
        yscale="log",
        xlim=(0, steps),
        ylim=(1e-5, 1e1),
        xlabel="step t",
        ylabel=r"cost above the best, $J - J^\ast$",
    )
    ax2.set_title(f"mini-batch SGD (b = {batch_size}) on {problem.name}")
    ax2.grid(alpha=0.3)
    ax2.legend(loc="upper right", fontsize=8)
    simplify_for_redraw(ax1, ax2)
    batches = _fixed_batches(problem, batch_size, steps, seed=0)
    return {
        "t": t,
        "lr_line": lr_line,
        "lr_const": lr_const,
        "rate_axis": rate_axis,
        "run": run,
        "const": const,
        "ax1": ax1,
        "problem": problem,
        "batches": batches,
        "steps": steps,
        "cache": {},
    }


def _update_schedule(state: dict, name: str, lr0: float, period: int, gamma: float, t_mult: int) -> str:
    t, steps, cache = state["t"], state["steps"], state["cache"]
    schedule = make_schedule(name, lr0, period, gamma, t_mult)
    rates = schedule(t)
    state["lr_line"].set_data(t, rates / lr0)  # in units of η₀, read on the rate axis's labels
    _show_rate_ticks(state["rate_axis"], lr0)

    def run(sched: Callable, key: str) -> np.ndarray:
        if key not in cache:
            cache[key] = schedule_run(state["problem"], sched, steps=steps, batches=state["batches"])
        return cache[key]

    excess = run(schedule, schedule.__qualname__)
    constant = make_schedule("constant", lr0, period)
    const = run(constant, constant.__qualname__)
    state["run"].set_data(t, excess)
    state["const"].set_data(t, const)
    values = {"period": f"period = {period}", "gamma": f"gamma = {gamma:.2f}", "t_mult": f"t_mult = {t_mult}"}
    unused = [text for key, text in values.items() if key not in _uses(name)]

    def last(x: np.ndarray) -> str:
        return f"{np.mean(x[-50:]):.2e}" if np.all(np.isfinite(x)) else "diverged"

    text = (
        f"{schedule.__qualname__} · cost above the best, mean of the last 50 steps: {last(excess)}"
        f" (constant η₀ = {lr0:.3g}: {last(const)})"
    )
    return text + (f" · not used by this schedule: {', '.join(unused)}" if unused else "")


#: The initial rate slider's range.
LR0_RANGE = (0.005, 0.5)


def schedule_explorer(
    name: str = "step_decay",
    lr0: float = 0.1,
    period: int = 100,
    gamma: float = 0.3,
    t_mult: int = 1,
    *,
    problem: Problem | None = None,
    steps: int = 300,
    batch_size: int = 8,
) -> Explorer:
    """Pick a schedule and its parameters; see the learning rate and a mini-batch run with it."""
    require_choice(name, list(SCHEDULES), "name")
    problem = problem or regression_problem("linear regression")
    return Explorer(
        lambda fig: _setup_schedule(fig, problem, steps, batch_size, LR0_RANGE),
        _update_schedule,
        {
            "name": W.Dropdown(
                options=list(SCHEDULES),
                value=name,
                description="schedule",
                layout=W.Layout(width="420px"),
                style={"description_width": "140px"},
            ),
            "lr0": log_slider(lr0, *LR0_RANGE, "initial rate η₀"),
            "period": int_slider(period, 10, steps, "period (steps)", step=10),
            "gamma": slider(gamma, 0.1, 0.9, 0.05, "gamma (step decay)"),
            "t_mult": int_slider(t_mult, 1, 3, "t_mult (restarts)"),
        },
        fig=figure(9.0, 3.8),
        title="learning-rate schedules",
    )
