r"""The explorer of ``03_backprop/03_training_loop``: a small network learning a non-linear boundary.

:func:`probability_grid` and :func:`draw_boundary` draw what a :mod:`course_utils.mlp`
network predicts over the plane; :func:`playground_run` trains it on two moons (cached,
grown epoch by epoch); :func:`training_playground` puts sliders on the hidden width, the
learning rate, the optimizer and the epochs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from ... import mlp
from ...data import two_moons
from ...optimizers import OPTIMIZERS
from ...plots import COLORS, color, simplify_for_redraw
from ...widgets import Explorer, dropdown, figure, int_slider, log_slider

__all__ = [
    "CMAP",
    "probability_grid",
    "draw_boundary",
    "PLAYGROUND_OPTIMIZERS",
    "playground_run",
    "training_playground",
]

#: From the colour of class 0 through white (ŷ = 0.5) to the colour of class 1.
CMAP = LinearSegmentedColormap.from_list("course_classes", [COLORS[0], "#ffffff", COLORS[1]])


def probability_grid(
    params: mlp.Params,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    *,
    n: int = 60,
    activation: str = "tanh",
) -> np.ndarray:
    r"""The network's :math:`\hat y` on an ``n x n`` grid over ``xlim x ylim`` (row 0 at ``ylim[0]``)."""
    gx, gy = np.meshgrid(np.linspace(*xlim, n), np.linspace(*ylim, n))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    return mlp.predict_proba(params, grid, activation=activation).reshape(n, n)


def _limits(X: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    lo, hi = X.min(axis=0) - 0.4, X.max(axis=0) + 0.4
    return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


def draw_boundary(
    ax: Axes,
    params: mlp.Params,
    X: np.ndarray,
    y: np.ndarray,
    *,
    activation: str = "tanh",
    n: int = 60,
    title: str = "",
    colorbar: bool = True,
) -> Any:
    """The data and the network's predicted probability (an ``imshow``); returns the image.

    Blue regions are predicted class 0, orange ones class 1, white is the boundary
    :math:`\\hat y = 0.5`; the colour bar (``colorbar=True``, beside ``ax``) reads the
    colours as :math:`\\hat y`. Figures with several maps on the same scale can give it to one
    of them only. Update the returned image with ``image.set_data(probability_grid(...))``.
    """
    xlim, ylim = _limits(X)
    image = ax.imshow(
        probability_grid(params, xlim, ylim, n=n, activation=activation),
        origin="lower",
        extent=(*xlim, *ylim),
        cmap=CMAP,
        vmin=0.0,
        vmax=1.0,
        alpha=0.75,
        aspect="auto",
        interpolation="bilinear",
    )
    for label, marker in ((0.0, "o"), (1.0, "s")):
        mask = y == label
        ax.scatter(
            X[mask, 0],
            X[mask, 1],
            s=12,
            marker=marker,
            color=color(int(label)),
            edgecolor="black",
            linewidth=0.3,
            label=f"class {label:g}",
        )
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper right", fontsize=7)
    if colorbar:
        bar = ax.figure.colorbar(image, ax=ax, fraction=0.06, pad=0.02, ticks=[0.0, 0.5, 1.0])
        bar.set_label(r"$\hat y$ (class 1)")
    return image


#: The optimizers of the playground, by name.
PLAYGROUND_OPTIMIZERS = ("sgd", "momentum", "adam")
_MOONS = {"n": 200, "noise": 0.2, "seed": 0}
_BATCH_SIZE = 50
_MAX_EPOCHS = 60


class _Run:
    """A training run that grows on demand: epochs are trained the first time they are asked for."""

    def __init__(self, X: np.ndarray, y: np.ndarray, width: int, lr: float, optimizer: str, seed: int = 0):
        self.X, self.y = X, y
        self.opt = OPTIMIZERS[optimizer](lr)
        params = mlp.init([2, int(width), 1], seed=seed)
        self.state = self.opt.init(params)
        self.rng = np.random.default_rng(seed)
        self.snapshots = [params]
        self.costs = [mlp.cost(params, X, y)]

    def upto(self, epochs: int) -> None:
        while len(self.snapshots) <= epochs:
            params, self.state, _ = mlp.train_epoch(
                self.snapshots[-1], self.X, self.y, _BATCH_SIZE, self.rng, opt=self.opt, state=self.state
            )
            self.snapshots.append(params)
            self.costs.append(mlp.cost(params, self.X, self.y))


def playground_run(width: int, lr: float, optimizer: str, epochs: int, *, cache: dict | None = None) -> _Run:
    """The playground's training run (two moons, batches of 50, tanh), trained to ``epochs`` at least."""
    if optimizer not in PLAYGROUND_OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {PLAYGROUND_OPTIMIZERS}, got {optimizer!r}")
    cache = {} if cache is None else cache
    key = (int(width), round(float(lr), 12), optimizer)
    if key not in cache:
        X, y = two_moons(_MOONS["n"], noise=_MOONS["noise"], seed=_MOONS["seed"])
        cache[key] = _Run(X, y, width, lr, optimizer)
    cache[key].upto(int(epochs))
    return cache[key]


def _playground_setup(fig: Figure, defaults: tuple[int, float, str]) -> dict:
    ax, cax = fig.subplots(1, 2, width_ratios=[1.15, 1.0])
    cache: dict = {}
    run = playground_run(*defaults, 0, cache=cache)
    xlim, ylim = _limits(run.X)
    image = draw_boundary(ax, run.snapshots[0], run.X, run.y, title="Two moons: what the network predicts")
    (curve,) = cax.plot([], [], color=color(0), label="cost on all 200 points")
    (marker,) = cax.plot([], [], "o", color=color(1), label="current epoch")
    cax.set_xlim(0, _MAX_EPOCHS)
    cax.set_ylim(0.0, 1.0)
    cax.set_xlabel("epoch")
    cax.set_ylabel("cost (mean binary cross-entropy)")
    cax.set_title("the loss curve")
    cax.legend(loc="upper right", fontsize=8)
    simplify_for_redraw(ax, cax, max_ticks=5)
    return {
        "cache": cache,
        "image": image,
        "curve": curve,
        "marker": marker,
        "xlim": xlim,
        "ylim": ylim,
        "cax": cax,
    }


def _cost_axis_top(costs: np.ndarray) -> float:
    """The top of the loss axis: 1, or the first of 1.5, 2, 3, 4, 6, 8, 10, 15... above 1.05 x the costs.

    It depends only on the costs drawn and changes in round steps: most moves keep the
    axis, so only the curves are redrawn (new limits redraw the whole figure).
    """
    finite = costs[np.isfinite(costs)]
    peak = 1.05 * float(finite.max()) if finite.size else 0.0
    if peak <= 1.0:
        return 1.0
    power = 10.0 ** np.floor(np.log10(peak))
    return float(next(r * power for r in (1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 10.0) if r * power >= peak))


def _playground_update(state: dict, width: int, lr: float, optimizer: str, epochs: int) -> str:
    run = playground_run(width, lr, optimizer, epochs, cache=state["cache"])
    params = run.snapshots[epochs]
    state["image"].set_data(probability_grid(params, state["xlim"], state["ylim"]))
    costs = np.asarray(run.costs[: epochs + 1])
    state["curve"].set_data(np.arange(epochs + 1), costs)
    state["marker"].set_data([epochs], [costs[-1]])
    state["cax"].set_ylim(0.0, _cost_axis_top(costs))
    acc = mlp.accuracy(params, run.X, run.y)
    return (
        f"hidden width = {width}, lr = {lr:.3g}, optimizer = {optimizer}, epochs = {epochs}:"
        f" cost = {costs[-1]:.3f}, accuracy = {100 * acc:.1f}%"
    )


def training_playground(
    width: int = 8, lr: float = 0.1, optimizer: str = "adam", epochs: int = 40
) -> Explorer:
    """Hidden width, learning rate, optimizer and epochs for a small network on two moons."""
    return Explorer(
        lambda fig: _playground_setup(fig, (width, lr, optimizer)),
        _playground_update,
        {
            "width": int_slider(width, 1, 16, "hidden width"),
            "lr": log_slider(lr, 0.001, 3.0, "learning rate"),
            "optimizer": dropdown(list(PLAYGROUND_OPTIMIZERS), optimizer, "optimizer"),
            "epochs": int_slider(epochs, 0, _MAX_EPOCHS, "epochs"),
        },
        fig=figure(9.0, 3.8),
        title="training playground",
    )
