r"""The computational graph of the 2-2-1 network (``03_backprop/01``, ``02``) and what training writes on it.

:func:`draw_graph` draws the graph (inputs, two sigmoid neurons, the output, the loss);
:func:`stage_labels` computes, with :mod:`course_utils.network`, the numbers one stage of a
training iteration (forward pass, loss, backward pass, update) writes on it, and
:func:`apply_stage` writes them on the artists :func:`draw_graph` returned. The drawing is
shared by the notebooks (``01`` draws the bare graph, ``02`` steps through it) and by
explorers that show the graph, so everything here is public.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ... import network
from ...plots import COLORS

__all__ = [
    "NODES",
    "EDGES",
    "STAGE_COLOURS",
    "GraphArtists",
    "draw_graph",
    "STAGES",
    "stage_labels",
    "apply_stage",
]

_FORWARD, _BACKWARD, _UPDATE, _LOSS, _IDLE = COLORS[0], COLORS[1], COLORS[2], COLORS[3], "#999999"

#: The colour of each stage of training on the graph (and of an idle edge).
STAGE_COLOURS: dict[str, str] = {
    "forward pass": _FORWARD,
    "loss": _LOSS,
    "backward pass": _BACKWARD,
    "update": _UPDATE,
    "idle": _IDLE,
}

#: Where each node of the 2-2-1 graph sits, and its label.
NODES: dict[str, tuple[float, float, str]] = {
    "x1": (0.0, 0.78, "$x_1$"),
    "x2": (0.0, 0.22, "$x_2$"),
    "h1": (1.4, 0.78, r"$\sigma$"),
    "h2": (1.4, 0.22, r"$\sigma$"),
    "out": (2.7, 0.5, r"$\sigma$"),
    "loss": (3.8, 0.5, r"$\ell$"),
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
    #: The legend's one entry (a line and its text), naming the stage that is highlighted; ``None``
    #: when the graph was drawn without it.
    stage_key: tuple[Line2D, Any] | None = None


def draw_graph(
    ax: Axes, *, title: str = "The 2-2-1 network as a computational graph", stage_key: bool = False
) -> GraphArtists:
    """Draw the 2-2-1 network's graph on ``ax``: inputs, two sigmoid neurons, the output, the loss.

    Edges carry the notes' weight names; each neuron shows its pre-activation and its
    bias. Returns the artists, so that a stage of training can be written on them
    (:func:`stage_labels`, :func:`apply_stage`). With ``stage_key=True`` a legend of one
    entry names the stage whose colour is drawn (the legend lists only what is drawn, so
    the bare graph, all grey, has none).
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
    key = None
    if stage_key:
        legend = ax.legend(
            [Line2D([], [], color=_IDLE, linewidth=2.5)], ["no stage"], loc="lower right", fontsize=8
        )
        key = (legend.get_lines()[0], legend.get_texts()[0])
    return GraphArtists(circles, edges, edge_texts, node_texts, title_artist, key)


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
        ``"stage"``: the stage; ``"edges"`` and ``"nodes"``: texts by edge and node name; ``"colour"`` and
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
            "stage": "forward pass",
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
            "loss": f"y = {values['y']:g}\nℓ = {cost:.4f}",
        }
        return {
            "edges": {"to_loss": f"ŷ = {y_hat:.4f}"},
            "nodes": nodes,
            "stage": "loss",
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
        edges = {k: f"∂ℓ/∂{k} = {g[k]:+.4f}" for k in weights} | {"to_loss": f"dℓ/dz3 = {d3:+.4f}"}
        nodes = {
            "h1": f"σ'(z1) = {sp[0]:.4f}\nδ1 = {d[0]:+.4f}",
            "h2": f"σ'(z2) = {sp[1]:.4f}\nδ2 = {d[1]:+.4f}",
            "out": f"δ3 = ŷ - y = {d3:+.4f}",
            "loss": "",
        }
        return {
            "edges": edges,
            "nodes": nodes,
            "stage": "backward pass",
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
        "stage": "update",
        "colour": _UPDATE,
        "active": (weights, ["h1", "h2", "out"]),
        "values": values,
    }


def apply_stage(art: GraphArtists, labels: dict) -> None:
    """Write one stage's :func:`stage_labels` on the artists of :func:`draw_graph`, in place."""
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
    if art.stage_key is not None:
        line, text = art.stage_key
        line.set_color(labels["colour"])
        text.set_text(f"{labels['stage']}: highlighted")
