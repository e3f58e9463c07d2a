"""Batches and epochs (``02_optimization/02_batch_sizes``): mini-batch runs of a :class:`~.problems.Problem`.

* :func:`train_minibatch`, :func:`batch_size_runs`: linear and logistic regression trained
  with mini-batches of any size (also used by ``05``);
* :func:`after_epochs`: a run's cost after a whole number of epochs;
* :func:`batch_size_explorer`: the cost per update and per epoch for each batch size.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure

from ..._validate import require_choice
from ...batching import iterate_minibatches
from ...descent import descend
from ...optimizers import sgd
from ...plots import COLORS, color, simplify_for_redraw
from ...widgets import Explorer, figure, toggle
from .problems import Problem, problem_cost, problem_grad

__all__ = ["BatchRun", "train_minibatch", "batch_size_runs", "after_epochs", "batch_size_explorer"]


class BatchRun(NamedTuple):
    """A training run, its cost measured on the whole data set at checkpoints."""

    batch_size: int
    updates_per_epoch: int
    updates: np.ndarray  # [k] updates done at each checkpoint (0 = the start)
    epochs: np.ndarray  # [k] the same, in epochs
    cost: np.ndarray  # [k] full-data cost at each checkpoint
    theta: np.ndarray  # final parameters


def train_minibatch(
    problem: Problem,
    batch_size: int,
    *,
    lr: float,
    epochs: int = 2,
    seed: int = 0,
    checkpoints: int = 300,
) -> BatchRun:
    """Mini-batch gradient descent (:func:`course_utils.optimizers.sgd`) from :math:`\\theta = 0`.

    Each epoch draws a new order with :func:`course_utils.batching.iterate_minibatches`
    (the last, partial batch kept). The full-data cost is measured at up to
    ``checkpoints`` evenly spaced updates (all of them when there are fewer).
    """
    n, p = problem.A.shape
    if int(batch_size) != batch_size or not 1 <= batch_size:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    rng = np.random.default_rng(seed)
    batches = [
        batch
        for _ in range(int(epochs))
        for batch in iterate_minibatches(problem.A, problem.y, int(batch_size), rng=rng)
    ]
    run = descend(
        sgd(lr),
        lambda theta, t: problem_grad(problem, theta, *batches[t]),
        np.zeros(p),
        len(batches),
        with_step=True,
    )
    if run.diverged:
        raise ValueError(
            f"mini-batch SGD with lr = {lr} and batch size {batch_size} diverged after"
            f" {len(run.path) - 1} updates: lower lr"
        )
    path, theta = run.path, run.params
    per_epoch = math.ceil(n / batch_size)
    spaced = np.linspace(0, len(path) - 1, min(checkpoints, len(path))).round().astype(int)
    keep = np.union1d(spaced, np.arange(0, len(path), per_epoch))  # every epoch's end included
    return BatchRun(
        int(batch_size), per_epoch, keep, keep / per_epoch, problem_cost(problem, path[keep]), theta
    )


BATCH_SIZES = (1, 16, 32, 64, 128)


def batch_size_runs(
    problem: Problem, *, lr: float, epochs: int = 2, seed: int = 0, batch_sizes: Sequence[int] = BATCH_SIZES
) -> dict[int, BatchRun]:
    """:func:`train_minibatch` for each batch size and for the full batch (all samples), same seed."""
    sizes = [*batch_sizes, len(problem.y)]
    return {b: train_minibatch(problem, b, lr=lr, epochs=epochs, seed=seed) for b in sizes}


#: The alpha of the batch sizes that are not highlighted.
_FADED = 0.45


def _batch_label(b: int, n: int) -> str:
    return f"full ({n})" if b == n else str(b)


def after_epochs(run: BatchRun, epochs: float) -> float:
    """The full-data cost of ``run`` after ``epochs`` epochs (a whole number of them)."""
    at = np.flatnonzero(run.updates == round(epochs * run.updates_per_epoch))
    if at.size == 0:
        raise ValueError(f"the run has no checkpoint after {epochs} epochs; it lasted {run.epochs[-1]:g}")
    return float(run.cost[at[0]])


def _excess(run: BatchRun, problem: Problem) -> np.ndarray:
    """The cost above the best along ``run``, floored at 1e-12 for the log scale."""
    return np.maximum(run.cost - problem.best_cost, 1e-12)


def _setup_batch_sizes(
    fig: Figure,
    runs: dict[str, dict[int, BatchRun]],
    problems: dict[str, Problem],
    problem: str = "linear regression",
) -> dict:
    ax1, ax2 = fig.subplots(1, 2, sharey=True)
    sizes = list(next(iter(runs.values())))
    lines = {}
    for i, b in enumerate(sizes):
        kw = dict(color=COLORS[6] if i == len(sizes) - 1 else color(i), linewidth=1.0, alpha=_FADED)
        lines[b] = (ax1.plot([], [], label=f"b = {b}", **kw)[0], ax2.plot([], [], **kw)[0])
    # the chosen batch size: drawn over the others, in its colour (its faded pair is hidden)
    chosen = (ax1.plot([], [], linewidth=2.6, zorder=3)[0], ax2.plot([], [], linewidth=2.6, zorder=3)[0])
    for ax in (ax1, ax2):
        ax.set_yscale("log")
        ax.set_xscale("log")
        ax.grid(alpha=0.3)
    # Limits that hold every problem's curves, fixed: switching problems only moves the curves.
    every = [(r, problems[name]) for name in runs for r in runs[name].values()]
    excess = [_excess(r, p) for r, p in every]
    ax1.set_xlim(0.8, max(r.updates[-1] for r, _ in every) * 1.3)
    ax2.set_xlim(min(0.8 / len(p.y) for _, p in every), max(r.epochs[-1] for r, _ in every) * 1.3)
    ax1.set_ylim(min(e.min() for e in excess) / 2, max(e.max() for e in excess) * 2)
    # one legend; update names the problem in its title and marks the chosen batch size
    legend = ax1.legend(loc="lower left", fontsize=7, ncols=2, title=problem, title_fontsize=7)
    ax1.set(
        xlabel="updates done (log scale)", ylabel=r"cost above the best, $J - J^\ast$", title="per update"
    )
    ax2.set(
        xlabel="epochs, passes over the data (log scale)",
        title="per epoch (the same computation for every b)",
    )
    simplify_for_redraw(ax1, ax2)
    return {
        "lines": lines,
        "chosen": chosen,
        "runs": runs,
        "problems": problems,
        "axes": (ax1, ax2),
        "shown": None,
        "legend": legend,
    }


def _update_batch_sizes(state: dict, batch_size: int, problem: str) -> str:
    runs, p = state["runs"][problem], state["problems"][problem]
    n = len(p.y)
    if state["shown"] != problem:  # the problem changed: move every curve to its data
        state["shown"] = problem
        for b, (l1, l2) in state["lines"].items():
            r = runs[b]
            excess = _excess(r, p)
            l1.set_data(np.maximum(r.updates, 0.8), excess)  # the start, 0 updates, drawn at 0.8
            l2.set_data(np.maximum(r.epochs, 0.8 / n), excess)
            l1.set_label(f"b = {_batch_label(b, n)}")
        state["legend"].get_title().set_text(problem)
    legend = state["legend"]
    for (b, (l1, l2)), handle, text in zip(state["lines"].items(), legend.get_lines(), legend.get_texts()):
        on = b == batch_size
        # the others stay opaque enough that their colours can still be told apart
        handle.set_alpha(1.0 if on else _FADED)
        handle.set_linewidth(2.6 if on else 1.0)
        for line, top in zip((l1, l2), state["chosen"]):
            line.set_visible(not on)
            if on:  # the same curve, drawn over the others (their order never changes)
                top.set_data(line.get_data())
                top.set_color(line.get_color())
        # the legend names the highlighted batch: bold, with a marker
        text.set_fontweight("bold" if on else "normal")
        text.set_text(f"b = {_batch_label(b, n)}" + ("  ◀ shown" if on else ""))
    r = runs[batch_size]
    epochs = r.epochs[-1]
    return (
        f"batch size = {_batch_label(batch_size, n)} ({problem}): {r.updates_per_epoch} updates per epoch;"
        f" J − J* after 1 epoch = {after_epochs(r, 1) - p.best_cost:.2e},"
        f" after {epochs:g} epochs ({r.updates[-1]} updates) = {r.cost[-1] - p.best_cost:.2e}"
    )


def batch_size_explorer(
    runs: dict[str, dict[int, BatchRun]],
    problems: dict[str, Problem],
    *,
    batch_size: int = 32,
    problem: str = "linear regression",
) -> Explorer:
    """A batch-size selector (and a problem toggle) over precomputed :func:`batch_size_runs`.

    ``runs`` and ``problems`` map each problem's name to its runs and to its
    :class:`Problem`; all problems must have the same batch sizes.
    """
    sizes = list(next(iter(runs.values())))
    if any(list(r) != sizes for r in runs.values()) or set(runs) != set(problems):
        raise ValueError("runs must hold the same batch sizes for every problem, and problems the same names")
    require_choice(batch_size, sizes, "batch_size")
    require_choice(problem, list(runs), "problem")
    n = len(problems[problem].y)
    selector = W.SelectionSlider(
        options=[(_batch_label(b, n), b) for b in sizes],
        value=batch_size,
        description="batch size b",
        continuous_update=False,
        layout=W.Layout(width="420px"),
        style={"description_width": "140px"},
    )
    return Explorer(
        lambda fig: _setup_batch_sizes(fig, runs, problems, problem),
        _update_batch_sizes,
        {"batch_size": selector, "problem": toggle(list(runs), problem, "problem")},
        fig=figure(9.0, 3.8),
        title="cost per update and per epoch for each batch size",
    )
