r"""The explorer of ``03_backprop/07_sanity_checks``: what a loss curve and the update ratio say.

:func:`sanity_run` trains a small :mod:`course_utils.mlp` network (``[2, 16, 16, 1]``, tanh)
on two moons with plain SGD, mini-batches of 20, for 20 epochs, at a chosen learning rate and
with one of the classic bugs planted:

* ``"none"``: the loop as it should be;
* ``"labels shuffled"``: the labels no longer belong to their inputs (a data-loading bug);
* ``"gradient sign flipped"``: the update climbs, :math:`\theta \leftarrow \theta + \eta g`;
* ``"zero initialization"``: every weight starts at 0, so every hidden unit computes the
  same thing and gets the same gradient (here: none at all) forever.

It records the cost of each mini-batch and the update-to-weight ratio
:math:`\lVert \Delta W^{[1]} \rVert / \lVert W^{[1]} \rVert` of the first layer at each update
(:func:`course_utils.mlp.update_ratios`). :func:`loss_curve_explorer` draws both.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import numpy as np
from matplotlib.figure import Figure

from ... import mlp
from ..._validate import require_choice, require_positive
from ...batching import iterate_minibatches
from ...data import two_moons
from ...plots import color, simplify_for_redraw
from ...widgets import Explorer, dropdown, figure, log_slider

__all__ = ["BUGS", "SanityRun", "sanity_run", "loss_curve_explorer", "mystery_runs", "diagnosis"]

BUGS = ("none", "labels shuffled", "gradient sign flipped", "zero initialization")
_EPOCHS, _BATCH = 20, 20


class SanityRun(NamedTuple):
    """The cost of each mini-batch, before its update, and the first layer's update ratio."""

    batch_costs: np.ndarray  #: ``[n_updates]``
    #: ``[n_updates]``, :math:`\lVert \Delta W^{[1]} \rVert / \lVert W^{[1]} \rVert`; nan while W¹ is all 0
    ratios: np.ndarray
    updates_per_epoch: int
    #: ``[n_updates]``, :math:`\lVert W^{[1]} \rVert` before each update
    w1_norms: np.ndarray
    #: ``[n_updates]``, the fraction of the hidden tanh units of the batch that are saturated,
    #: :math:`|z| > 3` (slope :math:`1 - \tanh^2 z < 0.01`), before each update
    saturated: np.ndarray


@cache
def sanity_run(lr: float, bug: str = "none", *, seed: int = 0) -> SanityRun:
    """Train with plain SGD at rate ``lr`` with the ``bug`` planted (see the module docstring)."""
    require_positive(lr, "lr")
    require_choice(bug, BUGS, "bug")
    X, y = two_moons(200, noise=0.2, seed=0)
    rng = np.random.default_rng(seed)
    if bug == "labels shuffled":
        y = rng.permutation(y)
    params = mlp.init([2, 16, 16, 1], rng=rng)
    if bug == "zero initialization":
        params = {k: np.zeros_like(v) for k, v in params.items()}
    sign = 1.0 if bug == "gradient sign flipped" else -1.0
    costs, ratios, w1_norms, saturated = [], [], [], []
    for _ in range(_EPOCHS):
        for X_b, y_b in iterate_minibatches(X, y, _BATCH, rng=rng):
            # The hidden pre-activations z = a W^T + b of both tanh layers, for the saturation
            # (written out: one more validated forward pass per batch cost a sixth of the run).
            z1 = X_b @ params["W1"].T + params["b1"]
            z2 = np.tanh(z1) @ params["W2"].T + params["b2"]
            saturated.append(float(np.mean(np.abs(np.concatenate([z1.ravel(), z2.ravel()])) > 3.0)))
            w1_norm = float(np.linalg.norm(params["W1"]))
            w1_norms.append(w1_norm)
            cost, grads = mlp.loss_and_grads(params, X_b, y_b)
            new = {k: params[k] + sign * lr * grads[k] for k in params}
            # mlp.update_ratios' formula for W1 alone: nan while W1 is all 0 (0/0)
            with np.errstate(divide="ignore", invalid="ignore"):
                ratios.append(float(np.linalg.norm(new["W1"] - params["W1"]) / np.float64(w1_norm)))
            costs.append(cost)
            params = new
    return SanityRun(
        np.array(costs),
        np.array(ratios),
        int(np.ceil(len(y) / _BATCH)),
        np.array(w1_norms),
        np.array(saturated),
    )


def _setup(fig: Figure) -> dict:
    ax_cost, ax_ratio = fig.subplots(1, 2)
    n = _EPOCHS * int(np.ceil(200 / _BATCH))
    updates = np.arange(1, n + 1)
    (cost,) = ax_cost.plot(updates, np.ones(n), color=color(0), lw=1.0, label="mini-batch cost")
    ax_cost.axhline(np.log(2.0), color="0.4", ls=":", label=r"$\log 2$, a coin toss")
    ax_cost.set_yscale("log")
    ax_cost.set_ylim(1e-2, 1e3)
    ax_cost.set_xlim(0, n)
    ax_cost.set(xlabel="update", ylabel="cost $J$ of the batch (nats)", title="The loss curve")
    ax_cost.legend(loc="upper right", fontsize=7)
    (ratio,) = ax_ratio.plot(updates, np.ones(n), color=color(2), lw=1.0, label="layer 1")
    ax_ratio.axhspan(1e-4, 1e-2, color=color(2), alpha=0.12, lw=0, label="around $10^{-3}$")
    ax_ratio.set_yscale("log")
    ax_ratio.set_ylim(1e-7, 10.0)
    ax_ratio.set_xlim(0, n)
    ax_ratio.set(
        xlabel="update",
        ylabel=r"$\Vert \Delta W^{[1]} \Vert \,/\, \Vert W^{[1]} \Vert$",
        title="The update-to-weight ratio",
    )
    ax_ratio.legend(loc="upper right", fontsize=7)
    for ax in (ax_cost, ax_ratio):
        ax.grid(alpha=0.3)
    simplify_for_redraw(ax_cost, ax_ratio)
    return {"cost": cost, "ratio": ratio}


def _update(state: dict, lr: float, bug: str) -> str:
    run = sanity_run(float(lr), bug)
    updates = np.arange(1, len(run.batch_costs) + 1)
    state["cost"].set_data(updates, np.clip(run.batch_costs, 1e-2, 1e3))
    state["ratio"].set_data(updates, np.clip(run.ratios, 1e-7, 10.0))
    first, last = (
        run.batch_costs[: run.updates_per_epoch].mean(),
        run.batch_costs[-run.updates_per_epoch :].mean(),
    )
    defined = run.ratios[np.isfinite(run.ratios)]
    ratio_text = (
        f"median update ratio {float(np.median(defined)):.1e}"
        if defined.size
        else "no update ratio: W¹ is all 0 and never moves (0/0)"
        if np.all(np.isnan(run.ratios))
        else "no finite update ratio: W¹ starts at 0"
    )
    return (
        f"η = {lr:.3g}, bug: {bug}. Mean batch cost, first epoch {first:.3g}, last epoch {last:.3g};"
        f" {ratio_text}"
    )


def loss_curve_explorer(lr: float = 0.3, bug: str = "none") -> Explorer:
    """Choose the learning rate and a bug; read the loss curve and the update ratio."""
    return Explorer(
        _setup,
        _update,
        {
            "lr": log_slider(lr, 1e-3, 100.0, "learning rate η"),
            "bug": dropdown(list(BUGS), bug, "planted bug"),
        },
        fig=figure(9.0, 3.6),
        title="reading a loss curve",
    )


#: The four runs of the notebook's "read the curves" question: the label, and how it was made.
_MYSTERY = {
    "A": (30.0, "none"),
    "B": (0.3, "zero initialization"),
    "C": (0.003, "none"),
    "D": (0.3, "gradient sign flipped"),
}


def mystery_runs() -> dict[str, SanityRun]:
    """Four runs, labelled ``"A"`` to ``"D"``, for the learner to diagnose from their curves alone."""
    return {label: sanity_run(lr, bug) for label, (lr, bug) in _MYSTERY.items()}


def diagnosis(label: str) -> str:
    """What is wrong with mystery run ``label``: ``"too high"``, ``"too low"``, ``"plateau"`` or ``"bug"``.

    (The answer key of the notebook's question, used by its check.)
    """
    lr, bug = _MYSTERY[require_choice(label, tuple(_MYSTERY), "label")]
    if bug == "zero initialization":
        return "plateau"
    if bug != "none":
        return "bug"
    return "too high" if lr > 1.0 else "too low"
