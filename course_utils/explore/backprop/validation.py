r"""The explorer of ``03_backprop/05_validation_and_early_stopping``: when to stop training.

A :mod:`course_utils.mlp` network trained with full batches on a few samples of two moons,
its cost measured after every epoch on the training samples and on 200 held-out ones.
:func:`overfit_run` trains it (cached); :func:`early_stopping_explorer` draws both curves
and marks where early stopping, :func:`course_utils.mlp.early_stopping_epoch`, stops and
which epoch it keeps, for a chosen patience and number of training samples.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from matplotlib.figure import Figure

from ... import mlp
from ..._validate import require_choice
from ...data import two_moons
from ...optimizers import adam
from ...plots import color, simplify_for_redraw
from ...widgets import Explorer, figure, int_slider, toggle

__all__ = ["TRAIN_SIZES", "overfit_run", "early_stopping_explorer"]

#: The numbers of training samples the explorer offers.
TRAIN_SIZES = (20, 40, 80, 160)
_N_VAL, _EPOCHS = 200, 150


@cache
def overfit_run(n_train: int = 40) -> tuple[mlp.TrainingRun, tuple[np.ndarray, ...]]:
    """A ``[2, 32, 32, 1]`` tanh network, Adam (0.01), full batches, 150 epochs, seeds 0.

    The data: ``n_train + 200`` points of two moons (noise 0.3, seed 1), split with
    :func:`course_utils.mlp.train_val_split` (seed 0) into ``n_train`` for training and 200
    for validation. Returns the run and ``(X_train, y_train, X_val, y_val)``.
    """
    require_choice(n_train, TRAIN_SIZES, "n_train")
    X, y = two_moons(n_train + _N_VAL, noise=0.3, seed=1)
    data = mlp.train_val_split(X, y, val_fraction=_N_VAL / (n_train + _N_VAL), seed=0)
    X_tr, y_tr, X_val, y_val = data
    run = mlp.train(
        mlp.init([2, 32, 32, 1], seed=0),
        X_tr,
        y_tr,
        opt=adam(0.01),
        epochs=_EPOCHS,
        batch_size=len(y_tr),
        X_val=X_val,
        y_val=y_val,
    )
    return run, data


def _setup(fig: Figure) -> dict:
    # Train for every number of samples the toggle offers now (about 0.2 s in all), so that
    # moving the toggle only reads a cached run: one run trained during a move took 50 ms.
    for n_train in TRAIN_SIZES:
        overfit_run(n_train)
    ax = fig.subplots()
    epochs = np.arange(_EPOCHS + 1)
    (train,) = ax.plot(epochs, np.ones(_EPOCHS + 1), color=color(0), label="training cost")
    (val,) = ax.plot(epochs, np.ones(_EPOCHS + 1), color=color(1), label="validation cost")
    stopped = ax.axvspan(0, 1, color="0.85", lw=0, label="trained on, then undone")
    (best,) = ax.plot([], [], "*", ms=14, color=color(1), mec="black", label="the epoch kept")
    ax.set_yscale("log")
    ax.set_xlim(0, _EPOCHS)
    ax.set_ylim(1e-3, 3.0)
    ax.set(
        xlabel="epoch",
        ylabel="cost $J$ (nats, log scale)",
        title="Training and validation costs, and early stopping",
    )
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize=8)
    simplify_for_redraw(ax)
    return {"train": train, "val": val, "stopped": stopped, "best": best}


def _update(state: dict, patience: int, n_train: int) -> str:
    run, data = overfit_run(n_train)
    epochs = np.arange(len(run.costs))
    state["train"].set_data(epochs, run.costs)
    state["val"].set_data(epochs, run.val_costs)
    best = mlp.early_stopping_epoch(run.val_costs, patience)
    stop = min(best + patience, _EPOCHS)
    state["stopped"].set_x(best)
    state["stopped"].set_width(stop - best)
    state["best"].set_data([best], [run.val_costs[best]])
    X_val, y_val = data[2], data[3]
    kept = mlp.accuracy(run.snapshots[best], X_val, y_val)
    last = mlp.accuracy(run.snapshots[-1], X_val, y_val)
    return (
        f"{n_train} training samples, patience {patience}: stops at epoch {stop}, keeps epoch {best}"
        f" (validation cost {run.val_costs[best]:.3f}, accuracy {kept:.1%});"
        f" after all {_EPOCHS} epochs: {run.val_costs[-1]:.3f}, {last:.1%}"
    )


def early_stopping_explorer(patience: int = 20, n_train: int = 40) -> Explorer:
    """Choose the patience and the number of training samples; see what early stopping keeps."""
    return Explorer(
        _setup,
        _update,
        {
            "patience": int_slider(patience, 1, 60, "patience (epochs)"),
            "n_train": toggle(list(TRAIN_SIZES), n_train, "training samples"),
        },
        fig=figure(7.5, 3.8),
        title="early stopping",
    )
