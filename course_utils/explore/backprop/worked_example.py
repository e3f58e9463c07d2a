r"""The explorers of ``03_backprop/02_worked_example``: one iteration stage by stage, then many.

* :func:`step_through_explorer`: the four stages of one training iteration of the notes'
  2-2-1 example, written on its computational graph (:mod:`.graph`);
* :func:`learning_rate_explorer`: the worked example trained for many iterations at a
  chosen learning rate: its loss, its prediction and its nine parameters.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ... import network
from ...plots import color, simplify_for_redraw
from ...widgets import Explorer, figure, int_slider, log_slider, toggle
from .graph import STAGES, apply_stage, draw_graph, stage_labels

__all__ = ["step_through_explorer", "learning_rate_explorer"]


def _step_setup(fig: Figure, X: np.ndarray, y: np.ndarray, params: network.Params, lr: float) -> dict:
    ax = fig.add_subplot()
    art = draw_graph(ax, stage_key=True)
    simplify_for_redraw(ax, max_ticks=5)
    return {"art": art, "X": X, "y": y, "params": params, "lr": lr}


def _step_update(state: dict, stage: str) -> str:
    labels = stage_labels(stage, state["X"], state["y"], state["params"], state["lr"])
    apply_stage(state["art"], labels)
    state["art"].title.set_text(f"Stage {STAGES.index(stage) + 1} of 4: {stage}")
    v = labels["values"]
    if stage == "forward pass":
        detail = (
            f"z1 = {v['z1']:.4f}, a1 = {v['a1']:.4f}, z2 = {v['z2']:.4f}, a2 = {v['a2']:.4f},"
            f" z3 = {v['z3']:.4f}, ŷ = {v['y_hat']:.4f}"
        )
    elif stage == "loss":
        detail = f"ℓ = {v['loss']:.4f} for ŷ = {v['y_hat']:.4f} and y = {v['y']:g}"
    elif stage == "backward pass":
        detail = f"dℓ/dz3 = {v['dL_dz3']:+.4f}, δ1 = {v['delta1']:+.4f}, δ2 = {v['delta2']:+.4f}"
    else:
        detail = f"η = {state['lr']:g}: w13 = {v['w13']:.4f}, w23 = {v['w23']:.4f}, b3 = {v['b3']:.4f}"
    return f"stage = {stage}: {detail}"


def step_through_explorer(stage: str = "forward pass", *, lr: float = 0.5) -> Explorer:
    """Buttons for the four stages of one iteration on the notes' example, shown on the graph."""
    X, y, params = network.worked_example()
    return Explorer(
        lambda fig: _step_setup(fig, X, y, params, lr),
        _step_update,
        {"stage": toggle(list(STAGES), stage, "stage")},
        fig=figure(9.0, 3.8),
        title="one iteration of training, stage by stage",
    )


_LR_RANGE = (0.01, 20.0)
_MAX_STEPS = 200


def _worked_run(runs: dict, lr: float, steps: int = _MAX_STEPS) -> network.History:
    """The worked example trained for at least ``steps`` iterations at rate ``lr`` (cached in ``runs``).

    A run is grown only as far as the slider asks: plain gradient descent keeps no state but
    the parameters, so training ``k`` more iterations from the last ones continues the same run
    (the same numbers as one call of :func:`course_utils.network.train` for all of them).
    """
    if lr not in runs:
        X, y, params = network.worked_example()
        runs[lr] = network.train(params, X, y, lr=lr, steps=0)
    run = runs[lr]
    done = len(run.costs) - 1
    if done < steps:
        X, y, _ = network.worked_example()
        last = {key: values[-1] for key, values in run.params.items()}
        more = network.train(last, X, y, lr=lr, steps=steps - done)
        run = network.History(
            np.concatenate([run.costs, more.costs[1:]]),
            np.concatenate([run.y_hat, more.y_hat[1:]]),
            {key: np.concatenate([run.params[key], more.params[key][1:]]) for key in run.params},
        )
        runs[lr] = run
    return run


#: The iteration axis ends at the first of these at or beyond the iterations shown, and the
#: parameters' axis at a round value above them (1, 2, 4, 8 times a power of 10): most moves
#: then keep both axes as they are, so only the curves are redrawn (new limits redraw the
#: whole figure, five times as long), and the figure still zooms in on a short run.
_X_ENDS = (50, _MAX_STEPS)
_ROUND = (1.0, 2.0, 4.0, 8.0)


def _round_up(value: float) -> float:
    """The smallest of 1, 2, 4, 8 times a power of 10 that is at least ``value`` (> 0)."""
    power = 10.0 ** np.floor(np.log10(value))
    return next(r * power for r in (*_ROUND, 10.0) if r * power >= value * (1 - 1e-12))


def _value_limits(lo: float, hi: float) -> tuple[float, float]:
    """The parameters' axis: 0 (or a round value below ``lo`` < 0) to a round value above ``hi``."""
    top = _round_up(hi) if hi > 0 else 0.0
    bottom = -_round_up(-lo) if lo < 0 else 0.0
    pad = 0.05 * (top - bottom) + 0.05
    return bottom - pad, top + pad


def _lr_setup(fig: Figure) -> dict:
    ax, wax = fig.subplots(1, 2)
    (loss_line,) = ax.plot([], [], color=color(0), label=r"loss $\ell$")
    (pred_line,) = ax.plot([], [], color=color(1), label=r"prediction $\hat y$")
    ax.axhline(1.0, color="grey", linestyle=":", linewidth=1, label="label $y = 1$")
    ax.set_ylim(-0.02, 1.05)
    ax.set_xlabel("iteration")
    ax.set_ylabel("loss / prediction")
    ax.set_title("The worked example, trained on its one sample")
    ax.legend(loc="center right", fontsize=8)
    # Weights solid, biases dashed; each bias in the colour of its neuron's first weight; no yellow.
    looks = {
        "w11": (0, "-"),
        "w21": (1, "-"),
        "b1": (0, "--"),
        "w12": (2, "-"),
        "w22": (3, "-"),
        "b2": (2, "--"),
        "w13": (4, "-"),
        "w23": (5, "-"),
        "b3": (6, "--"),
    }
    weight_lines = {
        n: wax.plot([], [], style, color=color(i), label=n, linewidth=1.3)[0]
        for n, (i, style) in looks.items()
    }
    wax.set_xlabel("iteration")
    wax.set_ylabel("value")
    wax.set_title("the nine parameters")
    wax.legend(loc="upper left", fontsize=7, ncol=3)
    simplify_for_redraw(ax, wax, max_ticks=5)
    return {"ax": ax, "wax": wax, "loss": loss_line, "pred": pred_line, "weights": weight_lines, "runs": {}}


def _lr_update(state: dict, lr: float, steps: int) -> str:
    run = _worked_run(state["runs"], float(lr), int(steps))
    t = np.arange(steps + 1)
    state["loss"].set_data(t, run.costs[: steps + 1])
    state["pred"].set_data(t, run.y_hat[: steps + 1, 0])
    lo, hi = np.inf, -np.inf
    for name, (key, index) in network.NOTES_NAMES.items():
        values = run.params[key][(slice(0, steps + 1),) + index]
        state["weights"][name].set_data(t, values)
        lo, hi = min(lo, values.min()), max(hi, values.max())
    end = next(e for e in _X_ENDS if e >= steps)
    for ax in (state["ax"], state["wax"]):
        ax.set_xlim(0, end)
    state["wax"].set_ylim(*_value_limits(float(lo), float(hi)))
    return (
        f"lr = {lr:.3g}, iterations = {steps}: loss {run.costs[0]:.4f} → {run.costs[steps]:.4f},"
        f" ŷ {run.y_hat[0, 0]:.4f} → {run.y_hat[steps, 0]:.4f}"
    )


def learning_rate_explorer(lr: float = 0.5, steps: int = 50) -> Explorer:
    """Learning-rate and iteration sliders for the worked example: its loss, ŷ and nine parameters."""
    return Explorer(
        _lr_setup,
        _lr_update,
        {
            "lr": log_slider(lr, *_LR_RANGE, "learning rate η"),
            "steps": int_slider(steps, 1, _MAX_STEPS, "iterations"),
        },
        fig=figure(9.0, 3.6),
        title="gradient descent on the worked example",
    )
