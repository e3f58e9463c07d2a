r"""The explorer of ``03_backprop/01_why_backprop``: the chain rule for one neuron.

:func:`neuron_chain` computes one sigmoid neuron's loss and the chain rule's three local
derivatives at a weight :math:`w`; :func:`chain_rule_explorer` puts a slider on :math:`w`
and shows the loss curve, its tangent and the three factors whose product is the slope.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from matplotlib.figure import Figure

from ...activations import sigmoid, sigmoid_grad
from ...losses import binary_cross_entropy_grad, binary_cross_entropy_with_logits
from ...plots import color, simplify_for_redraw
from ...widgets import Explorer, figure, slider

__all__ = ["NeuronChain", "neuron_chain", "chain_rule_explorer"]


class NeuronChain(NamedTuple):
    r"""One neuron with cross-entropy, :math:`\ell(w) = \mathrm{BCE}(y, \sigma(w x + b))`, at one ``w``."""

    z: float
    y_hat: float
    loss: float
    dL_dyhat: float  #: :math:`\partial L / \partial \hat y`
    dyhat_dz: float  #: :math:`\sigma'(z)`
    dz_dw: float  #: :math:`x`
    dL_dw: float  #: the product of the three


def neuron_chain(w: float, *, x: float, y: float, b: float) -> NeuronChain:
    r"""The chain rule for one neuron at weight ``w``.

    .. math::
        \frac{d\ell}{dw} = \frac{\partial \ell}{\partial \hat y}\,\frac{d\hat y}{dz}\,
        \frac{\partial z}{\partial w}, \qquad z = w x + b,\quad \hat y = \sigma(z),\quad
        \ell = \mathrm{BCE}(y, \hat y).
    """
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
    ax.plot(ws, curve, color=color(0), label=r"loss $\ell(w)$")
    (tangent,) = ax.plot([], [], "--", color=color(1), label=r"slope $d\ell/dw$ (chain rule)")
    (point,) = ax.plot([], [], "o", color=color(1), markersize=8, label="current $w$")
    ax.set_xlim(*w_range)
    ax.set_ylim(-0.1, float(curve.max()) * 1.05)
    ax.set_xlabel("weight $w$")
    ax.set_ylabel(r"loss $\ell$")
    ax.set_title(rf"One neuron: $\hat y = \sigma(w \cdot {x:g} + ({b:g}))$, label $y = {y:g}$")
    ax.legend(loc="upper right", fontsize=8)
    names = [r"$\partial \ell/\partial \hat y$", r"$d\hat y/dz$", r"$\partial z/\partial w$", r"$d\ell/dw$"]
    bars = bars_ax.bar(range(4), [0.0] * 4, color=[color(0), color(0), color(0), color(1)])
    bars_ax.axhline(0.0, color="black", linewidth=0.8)
    bars_ax.set_xticks(range(4), names)
    value_texts = [bars_ax.text(i, 0.0, "", ha="center", va="bottom", fontsize=8) for i in range(4)]
    bars_ax.set_ylim(-3.2, 2.2)
    bars_ax.set_ylabel("value")
    bars_ax.set_title("three local slopes and their product")
    bars_ax.legend(
        [bars[0], bars[3]], ["local derivatives", "product = dℓ/dw"], loc="lower right", fontsize=8
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
        f" dℓ/dw = {c.dL_dyhat:.3f} × {c.dyhat_dz:.3f} × {c.dz_dw:g} = {c.dL_dw:.3f}"
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
