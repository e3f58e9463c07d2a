r"""The interactive figures of part 2, ``02_optimization``, and the runs they show.

Each explorer is a ``setup(fig) -> state`` / ``update(state, **values) -> readout`` pair
wrapped by :class:`course_utils.widgets.Explorer`. What does not depend on the controls
(contour grids, data sets, mini-batch runs, the lowest cost of a surface) is computed
once, in ``setup`` or before it; ``update`` reruns only the optimizers whose settings
changed and moves existing artists.

The runs behind the figures are plain functions, used by the notebooks as well:

* :func:`parabola_path`: gradient descent on :math:`J(\theta) = \tfrac{a}{2}\theta^2` (``01``);
* :func:`regression_problem`, :func:`train_minibatch`, :func:`batch_size_runs`: linear and
  logistic regression trained with mini-batches of any size (``02``, ``05``);
* :func:`rates_along`: the per-parameter effective learning rate of an optimizer (``04``);
* :func:`schedule_run`: mini-batch SGD driven by a learning-rate schedule (``05``);
* :func:`race`: several optimizers on one surface, in lockstep (``06``).
"""

from __future__ import annotations

import math
from typing import Any, Callable, NamedTuple, Sequence

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .._validate import require_positive
from ..batching import iterate_minibatches
from ..data import linear_regression_data, logistic_data
from ..landscapes import SURFACES, Surface, bowl, elongated_valley, trajectory
from ..losses import LOSSES
from ..optimizers import OPTIMIZERS, Optimizer, sgd
from ..plots import COLORS, color, contour, minima
from ..schedules import SCHEDULES
from ..widgets import Explorer, figure, int_slider, log_slider, slider, toggle

__all__ = [
    "parabola_path",
    "behaviour",
    "learning_rate_explorer",
    "Problem",
    "BatchRun",
    "regression_problem",
    "problem_cost",
    "train_minibatch",
    "batch_size_runs",
    "after_epochs",
    "batch_size_explorer",
    "momentum_explorer",
    "effective_rate",
    "rates_along",
    "adaptive_explorer",
    "make_schedule",
    "schedule_run",
    "schedule_explorer",
    "race",
    "lowest_value",
    "SUGGESTED_LR",
    "race_explorer",
]


def _check_choice(value: Any, choices: Sequence[Any], name: str) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")


def _power_label(x: float, _pos: Any = None) -> str:
    """A tick label on a log axis, in plain text: 0.01, 0.1, 1, 10, then 1e-5, 1e4."""
    if x <= 0:
        return ""
    e = round(math.log10(x))
    return f"{10.0**e:g}" if -3 <= e <= 3 else f"1e{e}"


def _fast(*axes: Any) -> None:
    """Make redraws cheaper: no minor ticks, plain-text labels on log axes (matplotlib's
    default, 10 to a power, is typeset by mathtext, slowly, for each new label), and
    titles at a fixed height (matplotlib otherwise searches for overlaps on every draw)."""
    for ax in axes:
        ax.minorticks_off()
        ax.set_title(ax.get_title(), y=1.0)
        for axis, scale in ((ax.xaxis, ax.get_xscale()), (ax.yaxis, ax.get_yscale())):
            if scale == "log":
                axis.set_major_formatter(FuncFormatter(_power_label))


# ============================================================ 01: the learning rate


def parabola_path(lr: float, *, curvature: float = 2.0, theta0: float = 3.0, steps: int = 20) -> np.ndarray:
    r"""Gradient descent on the parabola :math:`J(\theta) = \tfrac{a}{2}\theta^2` (``a = curvature``).

    The gradient is :math:`a\theta`, so each step multiplies :math:`\theta` by :math:`1 - \eta a`.

    Returns
    -------
    ndarray, shape ``[steps + 1]``: :math:`\theta_0, \ldots, \theta_{steps}`.
    """
    opt = sgd(lr)
    theta, state = np.array(float(theta0)), opt.init(np.array(float(theta0)))
    path = [float(theta)]
    for _ in range(int(steps)):
        theta, state = opt.update(curvature * theta, state, theta)
        path.append(float(theta))
    return np.array(path)


def behaviour(factor: float) -> str:
    """What repeated multiplication by ``factor`` does: the fate of gradient descent on a parabola."""
    if abs(factor) > 1.0:
        return "diverges"
    if abs(factor) == 1.0:
        return "never settles" if factor < 0 else "does not move"
    if factor == 0.0:
        return "lands on the minimum in one step"
    return "converges smoothly" if factor >= 0 else "oscillates, converges"


def _setup_learning_rate(fig: Figure, steps: int) -> dict:
    ax1, ax2 = fig.subplots(1, 2)
    grid = np.linspace(-4.0, 4.0, 201)
    ax1.plot(grid, grid**2, color=COLORS[6], linewidth=1, label=r"$J(\theta) = \theta^2$")
    (path1,) = ax1.plot([], [], "o-", color=color(1), markersize=4, linewidth=1, label="gradient descent")
    ax1.plot([3.0], [9.0], "s", color=color(1), markersize=7)
    ax1.set(xlim=(-4, 4), ylim=(-0.5, 16), xlabel=r"parameter $\theta$", ylabel=r"cost $J(\theta)$")
    ax1.set_title(r"1-D parabola $J = \theta^2$ (curvature 2)")
    ax1.legend(loc="upper center")

    surface = bowl()
    contour(ax2, surface, levels=15)
    minima(ax2, surface)
    (path2,) = ax2.plot([], [], "o-", color=color(1), markersize=3, linewidth=1, label="gradient descent")
    ax2.plot(*surface.start, "s", color=color(1), markersize=7)
    ax2.set_title(r"2-D bowl $\frac{1}{2}(\theta_1^2 + \theta_2^2)$ (curvature 1)")
    _fast(ax1, ax2)
    return {"path1": path1, "path2": path2, "surface": surface, "steps": steps}


def _update_learning_rate(state: dict, lr: float) -> str:
    steps, surface = state["steps"], state["surface"]
    thetas = parabola_path(lr, steps=steps)
    state["path1"].set_data(thetas, thetas**2)
    path = trajectory(sgd(lr), surface, steps=steps)
    state["path2"].set_data(path[:, 0], path[:, 1])
    f1, f2 = 1.0 - 2.0 * lr, 1.0 - lr
    bowl_text = (
        f"cost after {steps} steps = {float(surface.value(path[-1])):.3g}"
        if len(path) == steps + 1
        else f"left the plot after {len(path) - 1} steps"
    )
    return (
        f"η = {lr:.3g} · parabola: θ × (1 − 2η) = θ × {f1:+.2f} per step, {behaviour(f1)};"
        f" θ after {steps} steps = {thetas[-1]:.3g} · bowl: θ × (1 − η) = θ × {f2:+.2f} per step,"
        f" {behaviour(f2)}; {bowl_text}"
    )


def learning_rate_explorer(lr: float = 0.3, steps: int = 20) -> Explorer:
    """A learning-rate slider; ``steps`` steps of gradient descent on a parabola and on a bowl."""
    return Explorer(
        lambda fig: _setup_learning_rate(fig, steps),
        _update_learning_rate,
        {"lr": log_slider(lr, 0.01, 3.0, "learning rate η")},
        fig=figure(9.0, 3.8),
        title="gradient descent and the learning rate",
    )


# ========================================================= 02: batches and epochs


class Problem(NamedTuple):
    """A model and its data: prediction :math:`z = A\\theta` with :math:`A = [X, 1]` (the bias last)."""

    name: str
    A: np.ndarray  # [n_samples, n_params]
    y: np.ndarray  # [n_samples]
    loss: str  # a key of course_utils.losses.LOSSES
    best_cost: float  # the lowest cost this model can reach on this data
    best_theta: np.ndarray  # [n_params], where it is reached


PROBLEMS = ("linear regression", "logistic regression")


def regression_problem(kind: str = "linear regression", *, n: int = 4096, seed: int = 0) -> Problem:
    """A seeded data set and its model (``02_optimization/02_batch_sizes``).

    * ``"linear regression"``: :func:`course_utils.data.linear_regression_data` (2 features),
      :math:`\\hat y = X w + b`, mean squared error.
    * ``"logistic regression"``: :func:`course_utils.data.logistic_data` (1 feature),
      :math:`\\hat p = \\sigma(w x + b)`, binary cross-entropy (computed from the logit).

    ``best_cost`` is found by least squares (linear) or by full-batch gradient descent run
    until the gradient vanishes (logistic).
    """
    _check_choice(kind, PROBLEMS, "kind")
    if kind == "linear regression":
        X, y, _ = linear_regression_data(n, seed=seed)
        A = np.column_stack([X, np.ones(n)])
        theta = np.linalg.lstsq(A, y, rcond=None)[0]
        problem = Problem(kind, A, y, "mse", 0.0, theta)
        return problem._replace(best_cost=float(LOSSES["mse"][0](y, A @ theta)))
    x, y = logistic_data(n, seed=seed)
    A = np.column_stack([x, np.ones(n)])
    problem = Problem(kind, A, y, "binary_cross_entropy_with_logits", 0.0, np.zeros(2))
    # The curvature of the cost is at most that of A^T A / n times sigma' <= 1/4, so a rate
    # of 1 / that bound is below 2 / curvature everywhere: plain descent cannot diverge.
    opt = sgd(4.0 / np.linalg.eigvalsh(A.T @ A / n).max())
    theta, state = np.zeros(2), opt.init(np.zeros(2))
    for _ in range(5000):
        g = _grad(problem, theta, A, y)
        if np.abs(g).max() < 1e-12:
            break
        theta, state = opt.update(g, state, theta)
    problem = problem._replace(best_theta=theta)
    return problem._replace(best_cost=float(problem_cost(problem, theta[None])[0]))


def _grad(problem: Problem, theta: np.ndarray, A: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Gradient of the mean loss over the rows ``(A, y)``: the chain rule through z = A theta."""
    return A.T @ LOSSES[problem.loss][1](y, A @ theta)


def problem_cost(problem: Problem, thetas: np.ndarray, *, chunk: int = 256) -> np.ndarray:
    r"""The full-data cost at each row of ``thetas`` (shape ``[k, n_params]``); returns ``[k]``.

    For the mean squared error of a linear model it uses the exact identity
    :math:`J(\theta) = J^\ast + (\theta - \theta^\ast)^\top H (\theta - \theta^\ast)`,
    :math:`H = A^\top A / n`, which costs nothing per sample (the explorers redraw with it).
    """
    thetas = np.atleast_2d(np.asarray(thetas, dtype=np.float64))
    if problem.loss == "mse":
        d = thetas - problem.best_theta
        hessian_half = problem.A.T @ problem.A / len(problem.y)
        return problem.best_cost + np.einsum("ki,ij,kj->k", d, hessian_half, d)
    loss = LOSSES[problem.loss][0]
    out = np.empty(len(thetas))
    for start in range(0, len(thetas), chunk):
        z = problem.A @ thetas[start : start + chunk].T  # [n, k]
        per = loss(np.broadcast_to(problem.y[:, None], z.shape), z, reduction="none")
        out[start : start + chunk] = per.mean(axis=0)
    return out


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
    opt = sgd(lr)
    theta = np.zeros(p)
    state = opt.init(theta)
    path = [theta]
    for _ in range(int(epochs)):
        for A_b, y_b in iterate_minibatches(problem.A, problem.y, int(batch_size), rng=rng):
            theta, state = opt.update(_grad(problem, theta, A_b, y_b), state, theta)
            path.append(theta)
    path = np.array(path)
    per_epoch = math.ceil(n / batch_size)
    spaced = np.linspace(0, len(path) - 1, min(checkpoints, len(path))).round().astype(int)
    keep = np.union1d(spaced, np.arange(0, len(path), per_epoch))  # every epoch's end included
    return BatchRun(int(batch_size), per_epoch, keep, keep / per_epoch, problem_cost(problem, path[keep]), theta)


BATCH_SIZES = (1, 16, 32, 64, 128)


def batch_size_runs(
    problem: Problem, *, lr: float, epochs: int = 2, seed: int = 0, batch_sizes: Sequence[int] = BATCH_SIZES
) -> dict[int, BatchRun]:
    """:func:`train_minibatch` for each batch size and for the full batch (all samples), same seed."""
    sizes = [*batch_sizes, len(problem.y)]
    return {b: train_minibatch(problem, b, lr=lr, epochs=epochs, seed=seed) for b in sizes}


def _batch_label(b: int, n: int) -> str:
    return f"full ({n})" if b == n else str(b)


def after_epochs(run: BatchRun, epochs: float) -> float:
    """The full-data cost of ``run`` after ``epochs`` epochs (a whole number of them)."""
    at = np.flatnonzero(run.updates == round(epochs * run.updates_per_epoch))
    if at.size == 0:
        raise ValueError(f"the run has no checkpoint after {epochs} epochs; it lasted {run.epochs[-1]:g}")
    return float(run.cost[at[0]])


def _setup_batch_sizes(fig: Figure, runs: dict[str, dict[int, BatchRun]], problems: dict[str, Problem]) -> dict:
    ax1, ax2 = fig.subplots(1, 2, sharey=True)
    sizes = list(next(iter(runs.values())))
    lines = {}
    for i, b in enumerate(sizes):
        kw = dict(color=COLORS[6] if i == len(sizes) - 1 else color(i), linewidth=1.0, alpha=0.35)
        lines[b] = (ax1.plot([], [], label=f"b = {b}", **kw)[0], ax2.plot([], [], **kw)[0])
    for ax in (ax1, ax2):
        ax.set_yscale("log")
        ax.set_xscale("log")
        ax.grid(alpha=0.3)
    ax1.set(xlabel="updates done (log scale)", ylabel=r"cost above the best, $J - J^\ast$", title="per update")
    ax2.set(xlabel="epochs, passes over the data (log scale)", title="per epoch (the same computation for every b)")
    _fast(ax1, ax2)
    return {"lines": lines, "runs": runs, "problems": problems, "axes": (ax1, ax2), "shown": None}


def _update_batch_sizes(state: dict, batch_size: int, problem: str) -> str:
    runs, p = state["runs"][problem], state["problems"][problem]
    n = len(p.y)
    ax1, ax2 = state["axes"]
    if state["shown"] != problem:  # the problem changed: move every curve to its data
        state["shown"] = problem
        lo, hi = np.inf, 0.0
        for b, (l1, l2) in state["lines"].items():
            r = runs[b]
            excess = np.maximum(r.cost - p.best_cost, 1e-12)
            l1.set_data(np.maximum(r.updates, 0.8), excess)  # the start, 0 updates, drawn at 0.8
            l2.set_data(np.maximum(r.epochs, 0.8 / n), excess)
            lo, hi = min(lo, excess.min()), max(hi, excess.max())
            l1.set_label(f"b = {_batch_label(b, n)}")
        ax1.set_xlim(0.8, max(r.updates[-1] for r in runs.values()) * 1.3)
        ax2.set_xlim(0.8 / n, max(r.epochs[-1] for r in runs.values()) * 1.3)
        ax1.set_ylim(lo / 2, hi * 2)
        ax1.legend(loc="lower left", fontsize=7, ncols=2, title=problem, title_fontsize=7)
    for b, (l1, l2) in state["lines"].items():
        on = b == batch_size
        for line in (l1, l2):
            line.set_alpha(1.0 if on else 0.3)
            line.set_linewidth(2.2 if on else 0.9)
            line.set_zorder(3 if on else 2)
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
    _check_choice(batch_size, sizes, "batch_size")
    _check_choice(problem, list(runs), "problem")
    n = len(problems[problem].y)
    selector = W.SelectionSlider(
        options=[(_batch_label(b, n), b) for b in sizes], value=batch_size, description="batch size b",
        continuous_update=False, layout=W.Layout(width="420px"), style={"description_width": "140px"},
    )
    return Explorer(
        lambda fig: _setup_batch_sizes(fig, runs, problems),
        _update_batch_sizes,
        {"batch_size": selector, "problem": toggle(list(runs), problem, "problem")},
        fig=figure(9.0, 3.8),
        title="cost per update and per epoch for each batch size",
    )


# ============================================================ 03: momentum


def _path_cost(surface: Surface, path: np.ndarray) -> np.ndarray:
    """The cost along ``path``, floored at 1e-16 for a log scale."""
    return np.maximum(surface.value(path), 1e-16)


def _setup_momentum(fig: Figure, surface: Surface, steps: int) -> dict:
    ax1, ax2 = fig.subplots(1, 2, width_ratios=(1.4, 1))
    contour(ax1, surface, levels=20)
    minima(ax1, surface)
    (gd,) = ax1.plot([], [], "o-", color=color(0), markersize=2, linewidth=1, label="gradient descent (β = 0)")
    (mo,) = ax1.plot([], [], "o-", color=color(1), markersize=2, linewidth=1.5, label="momentum")
    ax1.plot(*surface.start, "s", color="black", markersize=6)
    legend = ax1.legend(loc="lower right", fontsize=8)
    (gd_cost,) = ax2.plot([], [], color=color(0))
    (mo_cost,) = ax2.plot([], [], color=color(1), linewidth=2)
    ax2.set(yscale="log", xlim=(0, steps), ylim=(1e-12, 1e3), xlabel="step", ylabel="cost (log scale)")
    ax2.set_title("cost per step")
    ax2.grid(alpha=0.3)
    _fast(ax1, ax2)
    label = legend.get_texts()[-1]  # the entry that names the method
    return {"surface": surface, "steps": steps, "gd": gd, "mo": mo, "gd_cost": gd_cost, "mo_cost": mo_cost, "label": label}


def _update_momentum(state: dict, lr: float, beta: float, method: str) -> str:
    surface, steps = state["surface"], state["steps"]
    gd = trajectory(sgd(lr), surface, steps=steps)
    mo = trajectory(OPTIMIZERS[method](lr, beta), surface, steps=steps)
    for line, cost_line, path in ((state["gd"], state["gd_cost"], gd), (state["mo"], state["mo_cost"], mo)):
        line.set_data(path[:, 0], path[:, 1])
        cost_line.set_data(np.arange(len(path)), _path_cost(surface, path))
    state["label"].set_text(f"{method}, β = {beta:.2f}")

    def final(path: np.ndarray) -> str:
        if len(path) < steps + 1:
            return f"diverged after {len(path) - 1} steps"
        return f"{float(surface.value(path[-1])):.2e}"

    return (
        f"η = {lr:.3f}, β = {beta:.2f} ({method}): cost after {steps} steps = {final(mo)}"
        f" · gradient descent with the same η: {final(gd)}"
    )


def momentum_explorer(
    lr: float = 0.02, beta: float = 0.8, method: str = "momentum", *, condition: float = 25.0, steps: int = 100
) -> Explorer:
    """η and β sliders over an ill-conditioned quadratic: momentum (or Nesterov) against gradient descent."""
    _check_choice(method, ("momentum", "nesterov"), "method")
    surface = elongated_valley(condition)
    return Explorer(
        lambda fig: _setup_momentum(fig, surface, steps),
        _update_momentum,
        {
            "lr": slider(lr, 0.002, 0.16, 0.002, "learning rate η", ".3f"),
            "beta": slider(beta, 0.0, 0.99, 0.01, "momentum β"),
            "method": toggle(["momentum", "nesterov"], method, "method"),
        },
        fig=figure(9.0, 3.8),
        title="momentum on an ill-conditioned valley",
    )


# ====================================================== 04: adaptive learning rates


def effective_rate(optimizer: Optimizer, state: Any) -> np.ndarray:
    r"""Each parameter's effective learning rate after an update: the factor in front of
    the (averaged) gradient in that update.

    ============ ================================================
    sgd          :math:`\eta` (the same for every parameter)
    adagrad      :math:`\eta / (\sqrt{G} + \epsilon)`
    rmsprop      :math:`\eta / (\sqrt{s} + \epsilon)`
    adam         :math:`\eta / (\sqrt{\hat v} + \epsilon)`, :math:`\hat v = v / (1 - \beta_2^t)`
    ============ ================================================

    ``state`` is the optimizer's state after the update (``state.count >= 1``).
    Momentum and Nesterov have the same rate as SGD; they change the direction, not the rate.
    """
    h = optimizer.hyperparams
    lr = h["lr"](state.count - 1) if callable(h["lr"]) else h["lr"]
    name = optimizer.name
    if name in ("sgd", "momentum", "nesterov"):
        shape = np.shape(state.velocity) if name != "sgd" else ()
        return np.full(shape, float(lr))
    if name == "adagrad":
        return lr / (np.sqrt(state.sum_sq) + h["eps"])
    if name == "rmsprop":
        return lr / (np.sqrt(state.avg_sq) + h["eps"])
    if name == "adam":
        return lr / (np.sqrt(state.nu / (1.0 - h["beta2"] ** state.count)) + h["eps"])
    raise ValueError(f"no effective rate defined for optimizer {name!r}")


def rates_along(optimizer: Optimizer, surface: Surface, *, start: Any = None, steps: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """Run ``optimizer`` on ``surface`` and record :func:`effective_rate` after each update.

    Returns ``(path, rates)``: shapes ``[steps + 1, 2]`` and ``[steps, 2]``. Unlike
    :func:`course_utils.landscapes.trajectory`, this does not stop on divergence.
    """
    theta = np.asarray(surface.start if start is None else start, dtype=np.float64)
    state = optimizer.init(theta)
    path, rates = [theta], []
    with np.errstate(all="ignore"):
        for _ in range(int(steps)):
            theta, state = optimizer.update(surface.grad(theta), state, theta)
            path.append(theta)
            rate = effective_rate(optimizer, state)
            rates.append(np.broadcast_to(rate, theta.shape))
    return np.array(path), np.array(rates)


ADAPTIVE = ("sgd", "adagrad", "rmsprop", "adam")


def _setup_adaptive(fig: Figure, surface: Surface, steps: int) -> dict:
    ax1, ax2 = fig.subplots(1, 2, width_ratios=(1.4, 1))
    contour(ax1, surface, levels=20)
    minima(ax1, surface)
    (path,) = ax1.plot([], [], "o-", color=color(1), markersize=2, linewidth=1.5)
    ax1.plot(*surface.start, "s", color="black", markersize=6)
    (r1,) = ax2.plot([], [], color=color(0), linewidth=2, label=r"$\theta_1$ (gentle slope)")
    (r2,) = ax2.plot([], [], color=color(2), linewidth=2, linestyle="--", label=r"$\theta_2$ (steep slope)")
    ax2.set(yscale="log", xlim=(1, steps), ylim=(1e-4, 1e2), xlabel="step", ylabel="effective learning rate")
    ax2.set_title("each parameter's effective rate")
    ax2.grid(alpha=0.3)
    ax2.legend(loc="upper right", fontsize=8)
    _fast(ax1, ax2)
    return {"surface": surface, "steps": steps, "path": path, "r1": r1, "r2": r2, "ax": ax2}


def _update_adaptive(state: dict, method: str, lr: float) -> str:
    surface, steps = state["surface"], state["steps"]
    path, rates = rates_along(OPTIMIZERS[method](lr), surface, steps=steps)
    finite = np.all(np.isfinite(path), axis=1) & (np.abs(path).max(axis=1) < 1e6)
    shown = path[: np.argmin(finite) if not finite.all() else len(path)]
    state["path"].set_data(shown[:, 0], shown[:, 1])
    t = np.arange(1, steps + 1)
    state["r1"].set_data(t, rates[:, 0])
    state["r2"].set_data(t, rates[:, 1])
    lo = np.nanmin(rates[np.isfinite(rates) & (rates > 0)], initial=1e-4)
    state["ax"].set_ylim(min(1e-4, lo / 2), max(1e2, np.nanmax(rates[np.isfinite(rates)], initial=1.0) * 2))
    cost = f"{float(surface.value(path[-1])):.2e}" if finite.all() else f"diverged after {len(shown) - 1} steps"
    r1, r2 = rates[-1]
    return (
        f"{method}, η = {lr:.3g}: after {steps} steps the effective rates are θ₁ {r1:.3g}, θ₂ {r2:.3g}"
        f" (ratio {r1 / r2:.3g}); cost = {cost}"
    )


def adaptive_explorer(method: str = "adam", lr: float = 0.1, *, condition: float = 25.0, steps: int = 100) -> Explorer:
    """An optimizer toggle and a learning-rate slider; each parameter's effective rate beside the path."""
    _check_choice(method, ADAPTIVE, "method")
    surface = elongated_valley(condition)
    return Explorer(
        lambda fig: _setup_adaptive(fig, surface, steps),
        _update_adaptive,
        {"method": toggle(list(ADAPTIVE), method, "optimizer"), "lr": log_slider(lr, 0.001, 3.0, "learning rate η")},
        fig=figure(9.0, 3.8),
        title="per-parameter learning rates",
    )


# ================================================================ 05: schedules


def make_schedule(name: str, lr0: float, period: int, gamma: float = 0.5, t_mult: int = 1) -> Callable:
    """A schedule of :mod:`course_utils.schedules` from the explorer's few knobs.

    ``period`` is what sets each schedule's time scale: ``step_size`` (step decay), the
    steps in which the rate halves (exponential and inverse-time decay), ``t_max``
    (cosine annealing), ``t_0`` (warm restarts). ``gamma`` is step decay's factor.
    """
    _check_choice(name, list(SCHEDULES), "name")
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
    opt = sgd(schedule)
    theta = np.zeros(problem.A.shape[1])
    state = opt.init(theta)
    path = [theta]
    with np.errstate(all="ignore"):
        for A_b, y_b in zip(batches.A[:steps], batches.y[:steps]):
            theta, state = opt.update(_grad(problem, theta, A_b, y_b), state, theta)
            if not np.all(np.abs(theta) < 1e6):
                break
            path.append(theta)
    cost = np.full(steps + 1, np.inf)
    cost[: len(path)] = problem_cost(problem, np.array(path)) - problem.best_cost
    return np.maximum(cost, 1e-12)


def _setup_schedule(fig: Figure, problem: Problem, steps: int, batch_size: int) -> dict:
    ax1, ax2 = fig.subplots(1, 2)
    t = np.arange(steps + 1)
    (lr_line,) = ax1.plot([], [], color=color(1), linewidth=2)
    (lr_const,) = ax1.plot([], [], color=COLORS[6], linewidth=1, linestyle=":")
    ax1.set(xlim=(0, steps), xlabel="step t", ylabel=r"learning rate $\eta_t$", title="the schedule")
    (run,) = ax2.plot([], [], color=color(1), linewidth=1.5, label="with the schedule")
    (const,) = ax2.plot([], [], color=COLORS[6], linewidth=1, alpha=0.6, label="constant η₀")
    ax2.set(yscale="log", xlim=(0, steps), ylim=(1e-5, 1e1), xlabel="step t", ylabel=r"cost above the best, $J - J^\ast$")
    ax2.set_title(f"mini-batch SGD (b = {batch_size}) on {problem.name}")
    ax2.grid(alpha=0.3)
    ax2.legend(loc="upper right", fontsize=8)
    _fast(ax1, ax2)
    batches = _fixed_batches(problem, batch_size, steps, seed=0)
    return {"t": t, "lr_line": lr_line, "lr_const": lr_const, "run": run, "const": const, "ax1": ax1,
            "problem": problem, "batches": batches, "steps": steps, "cache": {}}


def _update_schedule(state: dict, name: str, lr0: float, period: int, gamma: float, t_mult: int) -> str:
    t, steps, cache = state["t"], state["steps"], state["cache"]
    schedule = make_schedule(name, lr0, period, gamma, t_mult)
    rates = schedule(t)
    state["lr_line"].set_data(t, rates)
    state["lr_const"].set_data([0, steps], [lr0, lr0])
    state["ax1"].set_ylim(0, lr0 * 1.1)

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
    _check_choice(name, list(SCHEDULES), "name")
    problem = problem or regression_problem("linear regression")
    return Explorer(
        lambda fig: _setup_schedule(fig, problem, steps, batch_size),
        _update_schedule,
        {
            "name": W.Dropdown(options=list(SCHEDULES), value=name, description="schedule",
                               layout=W.Layout(width="420px"), style={"description_width": "140px"}),
            "lr0": log_slider(lr0, 0.005, 0.5, "initial rate η₀"),
            "period": int_slider(period, 10, steps, "period (steps)", step=10),
            "gamma": slider(gamma, 0.1, 0.9, 0.05, "gamma (step decay)"),
            "t_mult": int_slider(t_mult, 1, 3, "t_mult (restarts)"),
        },
        fig=figure(9.0, 3.8),
        title="learning-rate schedules",
    )


# ======================================================== 06: the optimizer race


def race(surface: Surface, start: Any, optimizers: Sequence[Optimizer], steps: int) -> list[np.ndarray]:
    """Run several optimizers from one start in lockstep: one gradient call per step for all.

    Returns one path per optimizer, exactly as :func:`course_utils.landscapes.trajectory`
    would (shape ``[steps + 1, 2]``, shorter for a run that diverged).
    """
    start = np.asarray(start, dtype=np.float64)
    if start.shape != (2,):
        raise ValueError(f"start must be a point (theta_1, theta_2), got shape {start.shape}")
    k = len(optimizers)
    theta = np.tile(start, (k, 1))
    paths = np.empty((int(steps) + 1, k, 2))
    paths[0] = theta
    states = [opt.init(start) for opt in optimizers]
    ends = np.full(k, int(steps) + 1)
    alive = list(range(k))
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, int(steps) + 1):
            grads = surface.grad(theta)
            for i in list(alive):
                new, states[i] = optimizers[i].update(grads[i], states[i], theta[i])
                if not (np.all(np.isfinite(new)) and np.abs(new).max() < 1e6):
                    ends[i] = t
                    alive.remove(i)
                else:
                    theta[i] = new
            paths[t] = theta
            if not alive:
                break
    return [paths[: ends[i], i].copy() for i in range(k)]


def lowest_value(surface: Surface) -> float:
    """The lowest cost of ``surface``: its best listed minimum or grid point, polished by descent."""
    gx, gy, gz = surface.grid(160)
    candidates = [np.array(m) for m in surface.minima] + [np.array([gx.flat[gz.argmin()], gy.flat[gz.argmin()]])]
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
    "elongated valley": {"sgd": 0.03, "momentum": 0.01, "nesterov": 0.01, "adagrad": 1.0, "rmsprop": 0.03, "adam": 0.1},
    "Rosenbrock": {"sgd": 0.001, "momentum": 0.001, "nesterov": 0.001, "adagrad": 0.3, "rmsprop": 0.01, "adam": 0.1},
    "saddle": {"sgd": 0.1, "momentum": 0.03, "nesterov": 0.03, "adagrad": 0.3, "rmsprop": 0.03, "adam": 0.1},
    "several minima": {"sgd": 0.1, "momentum": 0.03, "nesterov": 0.03, "adagrad": 1.0, "rmsprop": 0.03, "adam": 0.1},
}


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


def _setup_race(fig: Figure, steps: int, beta: float) -> dict:
    """Draw every surface's contours once (hidden), and race every surface's default settings."""
    ax1, ax2 = fig.subplots(1, 2, width_ratios=(1.3, 1))
    views, cache = {}, {}
    for name, make in SURFACES.items():
        surface = make()
        before = set(ax1.get_children())
        contour(ax1, surface, levels=20, log=name == "Rosenbrock")
        artists = [a for a in ax1.get_children() if a not in before]
        for a in artists:
            a.set_visible(False)
        views[name] = {"surface": surface, "artists": artists, "floor": lowest_value(surface)}
        rates = SUGGESTED_LR[name]
        opts = [_race_optimizer(opt, rates[opt], beta) for opt in OPTIMIZERS]
        for opt, path in zip(OPTIMIZERS, race(surface, surface.start, opts, steps)):
            cache[_race_key(name, surface.start, opt, rates[opt], beta)] = (path, steps)
    stars = ax1.scatter([], [], marker="*", s=160, color="white", edgecolor="black", zorder=5, label="minimum")
    (start,) = ax1.plot([], [], "s", color="black", markersize=6, zorder=6)
    paths, costs = {}, {}
    for i, name in enumerate(OPTIMIZERS):
        (paths[name],) = ax1.plot([], [], "-", color=color(i), linewidth=1.5, zorder=4)
        (costs[name],) = ax2.plot([], [], color=color(i), linewidth=1.5, label=name)
    ax2.set(yscale="log", xlabel="step", ylabel="cost above the lowest (log scale)", title="cost per step")
    ax2.grid(alpha=0.3)
    _fast(ax1, ax2)
    return {"ax1": ax1, "ax2": ax2, "views": views, "stars": stars, "start": start, "paths": paths,
            "costs": costs, "shown": None, "cache": cache, "legend_for": None}


def _update_race(
    state: dict, surface: str, racing: Sequence[str], shift1: float, shift2: float, steps: int, beta: float, **lr_scale: float
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
        # the name only: a formula would cost a mathtext parse on each surface's first draw,
        # and several_minima's uses \lVert, which mathtext cannot read
        ax1.set_title(s.name, y=1.0)
        state["stars"].set_offsets(np.array(s.minima))
        state["shown"] = surface
    start = (s.start[0] + shift1, s.start[1] + shift2)
    state["start"].set_data([start[0]], [start[1]])
    rates = {name: SUGGESTED_LR[surface][name] * lr_scale[f"{name}_scale"] for name in racing}
    keys = {name: _race_key(surface, start, name, lr, beta) for name, lr in rates.items()}
    paths = {name: _cached_path(cache, keys[name], steps) for name in racing}
    todo = [name for name, path in paths.items() if path is None]  # only what changed is rerun
    if todo:
        for name, path in zip(todo, race(s, start, [_race_optimizer(n, rates[n], beta) for n in todo], steps)):
            cache[keys[name]] = (path, steps)
            paths[name] = path
        while len(cache) > 500:  # forget the oldest runs
            cache.pop(next(iter(cache)))
    parts, top, bottom = [], 1e-3, 1.0
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
        top, bottom = max(top, float(excess.max())), min(bottom, float(excess.min()))
        lr = rates[name]
        result = f"{excess[-1]:.2g}" if len(path) == steps + 1 else f"diverged at step {len(path)}"
        parts.append(f"{name} (η = {lr:.3g} = {lr_scale[name + '_scale']:.2f} × suggested): {result}")
    ax2.set(xlim=(0, steps), ylim=(max(bottom / 10, 1e-17), top * 10))
    if state["legend_for"] != tuple(racing):  # a new legend only when the racers change
        state["legend_for"] = tuple(racing)
        ax2.legend(handles=[state["costs"][name] for name in OPTIMIZERS if name in racing], loc="lower left", fontsize=8)
    head = (
        f"{s.name}, start ({start[0]:.2f}, {start[1]:.2f}) = suggested + ({shift1:+.2f}, {shift2:+.2f}),"
        f" {steps} steps, β = {beta:.2f}"
    )
    return head + " · cost above the lowest after the race: " + ("; ".join(parts) if parts else "(no optimizer racing)")


def race_explorer(surface: str = "Rosenbrock", *, steps: int = 300, beta: float = 0.9) -> Explorer:
    """The optimizer race: a surface, a start, which optimizers race, and their rates.

    Each learning-rate slider multiplies that optimizer's :data:`SUGGESTED_LR` for the
    chosen surface; the start is the surface's suggested start plus a shift.
    """
    _check_choice(surface, list(SURFACES), "surface")
    style, layout = {"description_width": "140px"}, W.Layout(width="420px")
    controls: dict[str, W.ValueWidget] = {
        "surface": W.Dropdown(options=list(SURFACES), value=surface, description="surface", layout=layout, style=style),
        "racing": W.SelectMultiple(options=list(OPTIMIZERS), value=tuple(OPTIMIZERS), rows=6,
                                   description="racing (ctrl-click)", layout=layout, style=style),
        "shift1": slider(0.0, -1.5, 1.5, 0.01, "start: shift θ₁"),
        "shift2": slider(0.0, -1.5, 1.5, 0.01, "start: shift θ₂"),
        "steps": int_slider(steps, 20, 400, "steps", step=20),
        "beta": slider(beta, 0.0, 0.99, 0.01, "β (momentum, Nesterov)"),
    }
    for name in OPTIMIZERS:
        controls[f"{name}_scale"] = log_slider(1.0, 0.1, 10.0, f"{name}: η × suggested", ".2f")
    return Explorer(
        lambda fig: _setup_race(fig, steps, beta), _update_race, controls, fig=figure(9.0, 3.8), title="the optimizer race"
    )
