r"""The explorer of ``03_backprop/04_activations_and_initialisation``: a gradient on its way back.

A deep :mod:`course_utils.mlp` network, freshly initialized, on two moons. Going back one
layer multiplies the error signal by the next layer's weights and by :math:`f'(z)`:

.. math:: \delta^{[l]} = \big(\delta^{[l+1]} W^{[l+1]}\big) \odot f'(z^{[l]})

With weights of variance :math:`s^2_{l+1}` and :math:`n_{l+1}` units in layer :math:`l+1` (the
notebook's :math:`n_h`, every hidden layer having the same width; :math:`h` is the step of a
finite difference), the root mean square of the signal changes, per layer, by about

.. math:: \alpha_l = \sqrt{n_{l+1}\, s^2_{l+1}\, c_f}, \qquad
          c_f = \mathbb E[f'(z)^2] \approx f'(0)^2 = 1 \ (\tanh),\ \tfrac1{16} \ (\sigma),
          \qquad c_f = \tfrac12 \ (\mathrm{ReLU})

if the pre-activations stay small (for tanh and the sigmoid) and are symmetric around 0 (for
ReLU). :func:`delta_profile` computes the measured root mean square of
:math:`\delta^{[l]}` of each layer and this prediction; :func:`depth_explorer` draws both.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from matplotlib.figure import Figure

from ... import mlp
from ..._validate import require_choice
from ...data import two_moons
from ...plots import color, simplify_for_redraw
from ...widgets import Explorer, dropdown, figure, int_slider, log_slider, toggle

__all__ = ["SLOPE_SQUARED", "DeltaProfile", "delta_profile", "depth_explorer"]

#: :math:`c_f`, the mean of :math:`f'(z)^2` that the prediction assumes for each activation.
SLOPE_SQUARED = {"tanh": 1.0, "sigmoid": 1.0 / 16.0, "relu": 0.5}


class DeltaProfile(NamedTuple):
    """Layer by layer (1..L), the measured and the predicted size of the error signal."""

    measured: np.ndarray  #: ``[L]``, root mean square of :math:`\delta^{[l]}` over samples and units
    predicted: np.ndarray  #: ``[L]``, the prediction :math:`\delta^{[L]} \prod_{k \ge l} \alpha_k`
    grad_norms: np.ndarray  #: ``[L]``, :math:`\lVert \partial J / \partial W^{[l]} \rVert`


def _weight_std(fan_in: int, fan_out: int, scheme: str, scale: float) -> float:
    if scheme == "xavier":
        return float(np.sqrt(2.0 / (fan_in + fan_out)))
    if scheme == "he":
        return float(np.sqrt(2.0 / fan_in))
    return float(scale)


def delta_profile(
    activation: str,
    scheme: str,
    *,
    scale: float = 0.01,
    hidden_layers: int = 6,
    width: int = 32,
    seed: int = 0,
    data: tuple[np.ndarray, np.ndarray] | None = None,
) -> DeltaProfile:
    """Initialize ``[2, width x hidden_layers, 1]`` and measure its error signals on ``data``.

    ``data`` defaults to 200 points of two moons (seed 0).
    """
    require_choice(activation, tuple(SLOPE_SQUARED), "activation")
    X, y = data if data is not None else two_moons(200, noise=0.2, seed=0)
    sizes = [2] + [int(width)] * int(hidden_layers) + [1]
    params = mlp.init(sizes, seed=seed, scheme=scheme, scale=scale)
    deltas = mlp.layer_deltas(params, X, y, activation=activation)
    measured = np.array([np.sqrt(np.mean(d**2)) for d in deltas])
    L = len(sizes) - 1
    predicted = np.empty(L)
    predicted[-1] = measured[-1]
    for k in range(L - 2, -1, -1):  # array index k is layer k + 1
        s = _weight_std(sizes[k + 1], sizes[k + 2], scheme, scale)  # the weights W^{[k+2]} after it
        predicted[k] = predicted[k + 1] * np.sqrt(sizes[k + 2] * s**2 * SLOPE_SQUARED[activation])
    _, grads = mlp.loss_and_grads(params, X, y, activation=activation)
    return DeltaProfile(measured, predicted, mlp.layer_gradient_norms(grads))


_MAX_LAYERS = 10


def _setup(fig: Figure, data: tuple[np.ndarray, np.ndarray]) -> dict:
    ax = fig.subplots()
    layers = np.arange(1, _MAX_LAYERS + 2)
    (measured,) = ax.plot(layers, np.ones_like(layers, float), "o-", color=color(0), label="measured")
    (predicted,) = ax.plot(
        layers, np.ones_like(layers, float), "--", color=color(1), label=r"predicted, $\prod \alpha_l$"
    )
    ax.set_yscale("log")
    ax.set_xlim(0.5, _MAX_LAYERS + 1.5)
    ax.set_ylim(1e-16, 1e4)
    ax.set_xticks(layers)
    ax.set(
        xlabel="layer $l$ (1 = first hidden layer; the last is the output)",
        ylabel=r"size of $\delta^{[l]}$ (root mean square)",
        title="The error signal on its way back, at initialization",
    )
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    simplify_for_redraw(ax)
    return {"ax": ax, "measured": measured, "predicted": predicted, "data": data}


def _decade_limits(lo: float, hi: float) -> tuple[float, float]:
    """The axis in whole decades: from a power of :math:`10^6` at least a decade below ``lo``
    to a decade above ``hi`` (at least 10).

    The bottom moves in steps of six decades: most moves keep the axis, so only the two lines
    are redrawn (new limits redraw the whole figure), and settings compared one after the other
    (tanh, then ReLU, say) are usually drawn on the same scale.
    """
    low = int(np.floor(np.log10(max(lo, 1e-300)))) - 1
    high = int(np.ceil(np.log10(max(hi, 1e-300)))) + 1
    return 10.0 ** (6 * (low // 6)), 10.0 ** max(high, 1)


def _update(state: dict, activation: str, scheme: str, scale: float, hidden_layers: int) -> str:
    prof = delta_profile(activation, scheme, scale=scale, hidden_layers=hidden_layers, data=state["data"])
    x = np.arange(1, len(prof.measured) + 1)
    state["measured"].set_data(x, prof.measured)
    state["predicted"].set_data(x, prof.predicted)
    lo = min(prof.measured.min(), prof.predicted.min())
    hi = max(prof.measured.max(), prof.predicted.max())
    state["ax"].set_ylim(*_decade_limits(float(lo), float(hi)))
    ratio = prof.measured[0] / prof.measured[-1]
    setting = f"s = {scale:.3g}" if scheme == "normal" else "s is set by the scheme"
    return (
        f"{hidden_layers} hidden layers, {activation}, {scheme} ({setting}):"
        f" δ of layer 1 is {ratio:.2e} times δ of the output (predicted"
        f" {prof.predicted[0] / prof.predicted[-1]:.2e})"
    )


def depth_explorer(
    activation: str = "sigmoid", scheme: str = "xavier", scale: float = 0.01, hidden_layers: int = 6
) -> Explorer:
    """Choose the activation, the initialization and the depth; see how δ shrinks or grows back."""
    data = two_moons(200, noise=0.2, seed=0)
    return Explorer(
        lambda fig: _setup(fig, data),
        _update,
        {
            "activation": toggle(list(SLOPE_SQUARED), activation, "activation f"),
            "scheme": dropdown(list(mlp.INITS), scheme, "initialization"),
            "hidden_layers": int_slider(hidden_layers, 1, _MAX_LAYERS, "hidden layers"),
            "scale": log_slider(scale, 1e-3, 3.0, "s (for 'normal')"),
        },
        fig=figure(7.5, 3.8),
        title="vanishing and exploding gradients",
        freeze_layout=True,
    )
