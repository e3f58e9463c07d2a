r"""The interactive figures of part 3, ``03_backprop``, and the drawings they share.

Each explorer is a ``setup(fig) -> state`` / ``update(state, **values) -> readout`` pair
wrapped by :class:`course_utils.widgets.Explorer`; what does not depend on the controls
is computed once, and ``update`` only moves existing artists (``set_data``,
``set_text``, ``set_height``, ``set_color``).

* :func:`chain_rule_explorer` (``01``): one neuron's loss against its weight, and the chain
  rule's three local derivatives whose product is the slope;
* :func:`draw_graph` (``01``, ``02``): the computational graph of the 2-2-1 network;
  :func:`stage_labels` computes what each stage of training writes on it, and
  :func:`step_through_explorer` (``02``) steps through forward pass, loss, backward pass
  and update;
* :func:`learning_rate_explorer` (``02``): many iterations of the worked example;
* :func:`draw_boundary` and :func:`training_playground` (``03``): a small network learning
  a non-linear boundary.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .. import mlp, network
from ..activations import sigmoid, sigmoid_grad
from ..data import two_moons
from ..losses import binary_cross_entropy_grad, binary_cross_entropy_with_logits
from ..optimizers import OPTIMIZERS
from ..plots import COLORS, color, simplify_for_redraw
from ..widgets import Explorer, dropdown, figure, int_slider, log_slider, slider, toggle

__all__ = [
    "neuron_chain",
    "chain_rule_explorer",
    "NODES",
    "EDGES",
    "GraphArtists",
    "draw_graph",
    "STAGES",
    "stage_labels",
    "step_through_explorer",
    "learning_rate_explorer",
    "CMAP",
    "probability_grid",
    "draw_boundary",
    "PLAYGROUND_OPTIMIZERS",
    "playground_run",
    "training_playground",
]

_FORWARD, _BACKWARD, _UPDATE, _LOSS, _IDLE = COLORS[0], COLORS[1], COLORS[2], COLORS[3], "#999999"


# ------------------------------------------------------------ 01: the chain rule


class NeuronChain(NamedTuple):
    """One sigmoid neuron with cross-entropy, :math:`L(w) = \\mathrm{BCE}(y, \\sigma(w x + b))`, at one ``w``."""

    z: float
    y_hat: float
    loss: float
    dL_dyhat: float  #: :math:`\partial L / \partial \hat y`
    dyhat_dz: float  #: :math:`\sigma'(z)`
    dz_dw: float  #: :math:`x`
    dL_dw: float  #: the product of the three


def neuron_chain(w: float, *, x: float, y: float, b: float) -> NeuronChain:
    r"""The chain rule for one neuron: :math:`\frac{dL}{dw} = \frac{\partial L}{\partial \hat y}\,\frac{d\hat y}{dz}\,\frac{\partial z}{\partial w}`."""
    z = w * x + b
    y_hat = float(sigmoid(z))
    loss = float(binary_cross_entropy_with_logits([y], [z]))
    dL_dyhat = float(binary_cross_entropy_grad([y], [y_hat])[0])
    dyhat_dz = float(sigmoid_grad(z))
    return NeuronChain(z, y_hat, loss, dL_dyhat, dyhat_dz, x, dL_dyhat * dyhat_dz * x)


def _chain_setup(fig: Figure, *, x: float, y: float, b: float, w_range: tuple[float, float]) -> dict:
    ax, bars_ax = fig.subplots(1, 2, width_ratios=[1.4, 1.0])
    ws = np.linspace(*w_range, 241)
    curve = binary_cross_entropy_with_logits(np.full_like(ws, y), ws * x + b, reduction="none")
    ax.plot(ws, curve, color=color(0), label=r"loss $L(w)$")
    (tangent,) = ax.plot([], [], "--", color=color(1), label=r"slope $dL/dw$ (chain rule)")
    (point,) = ax.plot([], [], "o", color=color(1), markersize=8, label="current $w$")
    ax.set_xlim(*w_range)
    ax.set_ylim(-0.1, float(curve.max()) * 1.05)
    ax.set_xlabel("weight $w$")
    ax.set_ylabel("loss $L$")
    ax.set_title(rf"One neuron: $\hat y = \sigma(w \cdot {x:g} + ({b:g}))$, label $y = {y:g}$")
    ax.legend(loc="upper right", fontsize=8)
    names = [r"$\partial L/\partial \hat y$", r"$d\hat y/dz$", r"$\partial z/\partial w$", r"$dL/dw$"]
    bars = bars_ax.bar(range(4), [0.0] * 4, color=[color(0), color(2), color(4), color(1)])
    bars_ax.axhline(0.0, color="black", linewidth=0.8)
    bars_ax.set_xticks(range(4), names)
    value_texts = [bars_ax.text(i, 0.0, "", ha="center", va="bottom", fontsize=8) for i in range(4)]
    bars_ax.set_ylim(-3.2, 2.2)
    bars_ax.set_ylabel("value")
    bars_ax.set_title("three local slopes and their product")
    bars_ax.legend(
        [bars[0], bars[3]], ["local derivatives", "product = dL/dw"], loc="lower right", fontsize=8
    )
    simplify_for_redraw(ax, bars_ax, max_ticks=5)
    return {
        "x": x,
        "y": y,
        "b": b,
        "tangent": tangent,
        "point": point,
        "bars": bars,
        "texts": value_texts,
        "w_range": w_range,
    }


def _chain_update(state: dict, w: float) -> str:
    c = neuron_chain(w, x=state["x"], y=state["y"], b=state["b"])
    half = 0.8
    state["point"].set_data([w], [c.loss])
    state["tangent"].set_data([w - half, w + half], [c.loss - half * c.dL_dw, c.loss + half * c.dL_dw])
    for bar, text, value in zip(state["bars"], state["texts"], (c.dL_dyhat, c.dyhat_dz, c.dz_dw, c.dL_dw)):
        shown = float(np.clip(value, -3.0, 2.0))
        bar.set_height(shown)
        text.set_position((bar.get_x() + bar.get_width() / 2, shown if shown >= 0 else shown - 0.35))
        text.set_text(f"{value:.3f}")
    return (
        f"w = {w:.2f}: ŷ = {c.y_hat:.3f}, loss = {c.loss:.3f};"
        f" dL/dw = {c.dL_dyhat:.3f} × {c.dyhat_dz:.3f} × {c.dz_dw:g} = {c.dL_dw:.3f}"
        f" (= (ŷ - y)·x = {(c.y_hat - state['y']) * state['x']:.3f})"
    )


def chain_rule_explorer(w: float = 0.5, *, x: float = 2.0, y: float = 1.0, b: float = -0.5) -> Explorer:
    """A slider for one neuron's weight: its loss curve, the tangent, and the chain rule's factors."""
    w_range = (-3.0, 3.0)
    return Explorer(
        lambda fig: _chain_setup(fig, x=x, y=y, b=b, w_range=w_range),
        _chain_update,
        {"w": slider(w, *w_range, 0.05, "weight w")},
        fig=figure(9.0, 3.6),
        title="the chain rule for one neuron",
    )


# ------------------------------------------------------ the computational graph

#: Where each node of the 2-2-1 graph sits, and its label.
NODES: dict[str, tuple[float, float, str]] = {
    "x1": (0.0, 0.78, "$x_1$"),
    "x2": (0.0, 0.22, "$x_2$"),
    "h1": (1.4, 0.78, r"$\sigma$"),
    "h2": (1.4, 0.22, r"$\sigma$"),
    "out": (2.7, 0.5, r"$\sigma$"),
    "loss": (3.8, 0.5, "$L$"),
}

#: Each edge of the graph, by the notes' name of its weight (``"to_loss"`` carries :math:`\hat y`).
EDGES: dict[str, tuple[str, str, float]] = {
    "w11": ("x1", "h1", 0.55),
    "w21": ("x2", "h1", 0.3),
    "w12": ("x1", "h2", 0.3),
    "w22": ("x2", "h2", 0.55),
    "w13": ("h1", "out", 0.5),
    "w23": ("h2", "out", 0.5),
    "to_loss": ("out", "loss", 0.5),
}

#: Where each neuron's text sits (above the upper neurons, below the lower ones).
_NODE_TEXT = {
    "h1": (1.4, 0.9, "bottom"),
    "h2": (1.4, 0.1, "top"),
    "out": (2.7, 0.62, "bottom"),
    "loss": (3.8, 0.38, "top"),
}
_BIAS = {"h1": "b1", "h2": "b2", "out": "b3"}


class GraphArtists(NamedTuple):
    """The artists of :func:`draw_graph` that a stage changes."""

    circles: dict[str, Line2D]
    edges: dict[str, Line2D]
    edge_texts: dict[str, Any]
    node_texts: dict[str, Any]
    title: Any


def draw_graph(ax: Axes, *, title: str = "The 2-2-1 network as a computational graph") -> GraphArtists:
    """Draw the 2-2-1 network's graph on ``ax``: inputs, two sigmoid neurons, the output, the loss.

    Edges carry the notes' weight names; each neuron shows its pre-activation and its
    bias. Returns the artists, so that a stage of training can be written on them
    (:func:`stage_labels`).
    """
    circles, edges, edge_texts, node_texts = {}, {}, {}, {}
    for name, (src, dst, t) in EDGES.items():
        (x0, y0, _), (x1, y1, _) = NODES[src], NODES[dst]
        (line,) = ax.plot([x0, x1], [y0, y1], color=_IDLE, linewidth=1.5, zorder=1)
        edges[name] = line
        tx, ty = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
        label = r"$\hat y$" if name == "to_loss" else f"$w_{{{name[1:]}}}$"
        edge_texts[name] = ax.text(
            tx,
            ty,
            label,
            ha="center",
            va="center",
            fontsize=8.5,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            zorder=3,
        )
    for name, (x, y, label) in NODES.items():
        (circles[name],) = ax.plot(
            [x],
            [y],
            "o",
            markersize=24,
            markerfacecolor="white",
            markeredgecolor=_IDLE,
            markeredgewidth=2,
            zorder=2,
        )
        ax.text(x, y, label, ha="center", va="center", fontsize=11, zorder=3)
    for name, (x, y, va) in _NODE_TEXT.items():
        node_texts[name] = ax.text(x, y, _default_node_text(name), ha="center", va=va, fontsize=9, zorder=3)
    ax.set_xlim(-0.2, 4.05)
    ax.set_ylim(-0.32, 1.22)
    ax.axis("off")
    title_artist = ax.set_title(title)
    ax.legend(
        [Line2D([], [], color=c, linewidth=2) for c in (_FORWARD, _LOSS, _BACKWARD, _UPDATE)],
        ["forward pass", "loss", "backward pass", "update"],
        loc="lower right",
        fontsize=8,
        ncol=2,
        frameon=False,
    )
    return GraphArtists(circles, edges, edge_texts, node_texts, title_artist)


def _default_node_text(name: str) -> str:
    if name == "loss":
        return "binary cross-entropy"
    index = {"h1": "1", "h2": "2", "out": "3"}[name]
    return f"$z_{index}$, bias $b_{index}$"


#: The stages of one iteration of training, in order.
STAGES = ("forward pass", "loss", "backward pass", "update")


def stage_labels(stage: str, X: Any, y: Any, params: network.Params, lr: float) -> dict:
    """What a stage of one training iteration writes on the graph, computed by :mod:`course_utils.network`.

    Returns
    -------
    dict
        ``"edges"`` and ``"nodes"``: texts by edge and node name; ``"colour"`` and
        ``"active"``: the colour of the stage and the edges and nodes it highlights;
        ``"values"``: the numbers shown, by name (for the readout and for tests).
    """
    if stage not in STAGES:
        raise ValueError(f"stage must be one of {STAGES}, got {stage!r}")
    fwd = network.forward(params, X)
    bw = network.backward(params, fwd, y)
    w = network.notes_values(params)
    g = network.notes_values(bw.grads)
    new = network.notes_values(network.update(params, bw.grads, lr))
    cost = network.loss(fwd, y)
    z, a, sp, d = fwd.z_hidden[0], fwd.a_hidden[0], bw.sigma_prime_hidden[0], bw.delta_hidden[0]
    weights = [k for k in EDGES if k != "to_loss"]
    y_hat, z3, d3 = float(fwd.y_hat[0]), float(fwd.z_out[0]), float(bw.delta_out[0])
    if stage == "forward pass":
        values = {"z1": z[0], "a1": a[0], "z2": z[1], "a2": a[1], "z3": z3, "y_hat": y_hat}
        edges = {k: f"{k} = {w[k]:.3g}" for k in weights} | {"to_loss": f"ŷ = {y_hat:.4f}"}
        nodes = {
            "h1": f"z1 = {z[0]:.4f}\na1 = {a[0]:.4f}",
            "h2": f"z2 = {z[1]:.4f}\na2 = {a[1]:.4f}",
            "out": f"z3 = {z3:.4f}\nŷ = {y_hat:.4f}",
            "loss": "",
        }
        return {
            "edges": edges,
            "nodes": nodes,
            "colour": _FORWARD,
            "active": (weights + ["to_loss"], ["h1", "h2", "out"]),
            "values": values,
        }
    if stage == "loss":
        values = {"y_hat": y_hat, "y": float(np.asarray(y, dtype=float)[0]), "loss": cost}
        nodes = {
            "h1": "",
            "h2": "",
            "out": f"ŷ = {y_hat:.4f}",
            "loss": f"y = {values['y']:g}\nL = {cost:.4f}",
        }
        return {
            "edges": {"to_loss": f"ŷ = {y_hat:.4f}"},
            "nodes": nodes,
            "colour": _LOSS,
            "active": (["to_loss"], ["loss"]),
            "values": values,
        }
    if stage == "backward pass":
        values = {
            "dL_dz3": d3,
            "sigma_prime_z1": sp[0],
            "sigma_prime_z2": sp[1],
            "delta1": d[0],
            "delta2": d[1],
        }
        values |= {f"dL_d{k}": g[k] for k in g}
        edges = {k: f"∂L/∂{k} = {g[k]:+.4f}" for k in weights} | {"to_loss": f"dL/dz3 = {d3:+.4f}"}
        nodes = {
            "h1": f"σ'(z1) = {sp[0]:.4f}\nδ1 = {d[0]:+.4f}",
            "h2": f"σ'(z2) = {sp[1]:.4f}\nδ2 = {d[1]:+.4f}",
            "out": f"δ3 = ŷ - y = {d3:+.4f}",
            "loss": "",
        }
        return {
            "edges": edges,
            "nodes": nodes,
            "colour": _BACKWARD,
            "active": (weights + ["to_loss"], ["h1", "h2", "out", "loss"]),
            "values": values,
        }
    values = {k: new[k] for k in new}
    edges = {k: f"{k}: {w[k]:.3g} → {new[k]:.4f}" for k in weights}
    nodes = {n: f"{b}: {w[b]:.3g} → {new[b]:.4f}" for n, b in _BIAS.items()} | {"loss": f"η = {lr:g}"}
    return {
        "edges": edges,
        "nodes": nodes,
        "colour": _UPDATE,
        "active": (weights, ["h1", "h2", "out"]),
        "values": values,
    }


def _apply_stage(art: GraphArtists, labels: dict) -> None:
    active_edges, active_nodes = labels["active"]
    for name, line in art.edges.items():
        on = name in active_edges
        line.set_color(labels["colour"] if on else _IDLE)
        line.set_linewidth(2.5 if on else 1.2)
    for name, circle in art.circles.items():
        circle.set_markeredgecolor(labels["colour"] if name in active_nodes else _IDLE)
    for name, text in art.edge_texts.items():
        default = r"$\hat y$" if name == "to_loss" else f"$w_{{{name[1:]}}}$"
        text.set_text(labels["edges"].get(name, default))
    for name, text in art.node_texts.items():
        text.set_text(labels["nodes"].get(name, ""))


def _step_setup(fig: Figure, X: np.ndarray, y: np.ndarray, params: network.Params, lr: float) -> dict:
    ax = fig.add_subplot()
    art = draw_graph(ax)
    simplify_for_redraw(ax, max_ticks=5)
    return {"art": art, "X": X, "y": y, "params": params, "lr": lr}


def _step_update(state: dict, stage: str) -> str:
    labels = stage_labels(stage, state["X"], state["y"], state["params"], state["lr"])
    _apply_stage(state["art"], labels)
    state["art"].title.set_text(f"Stage {STAGES.index(stage) + 1} of 4: {stage}")
    v = labels["values"]
    if stage == "forward pass":
        detail = f"z1 = {v['z1']:.4f}, a1 = {v['a1']:.4f}, z2 = {v['z2']:.4f}, a2 = {v['a2']:.4f}, z3 = {v['z3']:.4f}, ŷ = {v['y_hat']:.4f}"
    elif stage == "loss":
        detail = f"L = {v['loss']:.4f} for ŷ = {v['y_hat']:.4f} and y = {v['y']:g}"
    elif stage == "backward pass":
        detail = f"dL/dz3 = {v['dL_dz3']:+.4f}, δ1 = {v['delta1']:+.4f}, δ2 = {v['delta2']:+.4f}"
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


# ------------------------------------------------ 02: many iterations, one example

_LR_RANGE = (0.01, 20.0)
_MAX_STEPS = 200


def _worked_run(runs: dict, lr: float) -> network.History:
    """The worked example trained for the most iterations the slider offers (cached in ``runs``)."""
    if lr not in runs:
        X, y, params = network.worked_example()
        runs[lr] = network.train(params, X, y, lr=lr, steps=_MAX_STEPS)
    return runs[lr]


def _lr_setup(fig: Figure) -> dict:
    ax, wax = fig.subplots(1, 2)
    (loss_line,) = ax.plot([], [], color=color(0), label="loss $L$")
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
    run = _worked_run(state["runs"], float(lr))
    t = np.arange(steps + 1)
    state["loss"].set_data(t, run.costs[: steps + 1])
    state["pred"].set_data(t, run.y_hat[: steps + 1, 0])
    lo, hi = np.inf, -np.inf
    for name, (key, index) in network.NOTES_NAMES.items():
        values = run.params[key][(slice(0, steps + 1),) + index]
        state["weights"][name].set_data(t, values)
        lo, hi = min(lo, values.min()), max(hi, values.max())
    for ax in (state["ax"], state["wax"]):
        ax.set_xlim(0, max(steps, 1))
    pad = 0.05 * (hi - lo) + 0.05
    state["wax"].set_ylim(lo - pad, hi + pad)
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


# ---------------------------------------------------- 03: decision boundaries

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
) -> Any:
    """The data and the network's predicted probability (an ``imshow``); returns the image.

    Blue regions are predicted class 0, orange ones class 1, white is the boundary
    :math:`\\hat y = 0.5`. Update the returned image with ``image.set_data(probability_grid(...))``.
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


def _playground_update(state: dict, width: int, lr: float, optimizer: str, epochs: int) -> str:
    run = playground_run(width, lr, optimizer, epochs, cache=state["cache"])
    params = run.snapshots[epochs]
    state["image"].set_data(probability_grid(params, state["xlim"], state["ylim"]))
    costs = np.asarray(run.costs[: epochs + 1])
    state["curve"].set_data(np.arange(epochs + 1), costs)
    state["marker"].set_data([epochs], [costs[-1]])
    state["cax"].set_ylim(0.0, max(1.0, float(np.max(run.costs)) * 1.05))
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
