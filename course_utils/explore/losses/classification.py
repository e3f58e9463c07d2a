"""Classification losses (``01_losses/03_binary_cross_entropy`` and
``04_softmax_cross_entropy``): by label, and through a softmax.

* :func:`classification_curves_explorer`: binary cross-entropy, squared error and hinge, by label;
* :func:`softmax_explorer`: logits, temperature, probabilities and the cross-entropy.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.transforms import Affine2D

from ..._validate import require_in_range
from ...activations import softmax
from ...losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    hinge,
    mse,
    softmax_cross_entropy,
)
from ...plots import color
from ...widgets import Explorer, figure, log_slider, slider, toggle

__all__ = [
    "classification_curves_setup",
    "classification_curves_update",
    "classification_curves_explorer",
    "SOFTMAX_CLASSES",
    "softmax_setup",
    "softmax_update",
    "softmax_explorer",
]


# ---------------------------------------------- 03: classification loss curves


def classification_curves_setup(fig: Figure) -> dict:
    """Losses of a predicted probability q (left) and of the same prediction as a logit (right)."""
    q = np.linspace(0.001, 0.999, 500)
    z = np.linspace(-7.0, 7.0, 501)
    curves = {}
    for label in (0, 1):
        yp, yz = np.full_like(q, label), np.full_like(z, label)
        curves[label] = {
            "bce": binary_cross_entropy(yp, q, reduction="none"),
            "squared": mse(yp, q, reduction="none"),
            "bce_logits": binary_cross_entropy_with_logits(yz, z, reduction="none"),
            "hinge": hinge(2 * yz - 1, z, reduction="none"),
        }
    ax_p, ax_z = fig.subplots(1, 2)
    lines = {
        "bce": ax_p.plot(q, curves[1]["bce"], color=color(0), label="binary cross-entropy")[0],
        "squared": ax_p.plot(q, curves[1]["squared"], color=color(2), label=r"squared error $(q - y)^2$")[0],
        "bce_logits": ax_z.plot(
            z, curves[1]["bce_logits"], color=color(0), label=r"cross-entropy of $\sigma(z)$"
        )[0],
        "hinge": ax_z.plot(z, curves[1]["hinge"], color=color(3), label=r"hinge $\max(0, 1 - (2y-1) z)$")[0],
    }
    dots = {
        name: (ax_p if name in ("bce", "squared") else ax_z).plot(
            [], [], "o", color=line.get_color(), markersize=8
        )[0]
        for name, line in lines.items()
    }
    ax_p.set(
        xlabel=r"predicted probability $q$ of class 1",
        ylabel="loss",
        title="As a probability",
        ylim=(-0.1, 5.5),
    )
    ax_z.set(
        xlabel=r"logit (score) $z$, with $q = \sigma(z)$", ylabel="loss", title="As a logit", ylim=(-0.1, 8.0)
    )
    ax_p.legend(loc="upper center", fontsize=8)
    ax_z.legend(loc="upper center", fontsize=8)
    return {
        "q": q,
        "z": z,
        "curves": curves,
        "lines": lines,
        "dots": dots,
        "titles": (ax_p.title, ax_z.title),
    }


def classification_curves_update(state: dict, label: int, q: float) -> str:
    """Show the curves for ``label`` and mark the prediction ``q`` (and its logit)."""
    if label not in (0, 1):
        raise ValueError(f"label must be 0 or 1, got {label!r}")
    curves = state["curves"][label]
    for name, line in state["lines"].items():
        line.set_ydata(curves[name])
    z = float(np.log(q) - np.log1p(-q))
    values = {
        "bce": binary_cross_entropy([label], [q]),
        "squared": mse([label], [q]),
        "bce_logits": binary_cross_entropy_with_logits([label], [z]),
        "hinge": hinge([2 * label - 1], [z]),
    }
    for name, dot in state["dots"].items():
        dot.set_data([z if name in ("bce_logits", "hinge") else q], [values[name]])
    state["titles"][0].set_text(f"As a probability (label y = {label})")
    state["titles"][1].set_text(f"As a logit (label y = {label})")
    return (
        f"label = {label}, q = {q:.3f} (logit z = {z:.2f}): BCE = {values['bce']:.3f},"
        f" squared error = {values['squared']:.3f}, hinge = {values['hinge']:.3f}"
    )


def classification_curves_explorer(label: int = 0, q: float = 0.99) -> Explorer:
    """A label toggle and a probability slider; the classification losses side by side."""
    if label not in (0, 1):
        raise ValueError(f"label must be 0 or 1, got {label!r}")
    require_in_range(q, 0.001, 0.999, "q")
    return Explorer(
        classification_curves_setup,
        classification_curves_update,
        {
            "label": toggle([("label y = 0", 0), ("label y = 1", 1)], label, "true label"),
            "q": slider(q, 0.001, 0.999, 0.001, "predicted q", ".3f"),
        },
        fig=figure(9.0, 3.5),
        title="classification losses by label",
    )


# ------------------------------------------------- 04: softmax and temperature

#: The classes of the softmax figure.
SOFTMAX_CLASSES = ("cat", "dog", "bird")
#: The half-heights the logit panel can take: the smallest that leaves 15% above the largest
#: |z / T| (logits up to 5 at temperatures down to 0.1 give |z / T| up to 50).
_LOGIT_SCALES = (5.0, 10.0, 25.0, 62.5)
#: Where the logit panel's ticks are, as fractions of its scale (at 5: -4, -2, 0, 2, 4; at 25:
#: -20, -10, 0, 10, 20).
_LOGIT_TICKS = np.array([-0.8, -0.4, 0.0, 0.4, 0.8])


def softmax_setup(fig: Figure, *, classes: Sequence[str] = SOFTMAX_CLASSES) -> dict:
    """The logits divided by the temperature (left) and their softmax (right)."""
    classes = tuple(classes)
    ax_z, ax_p = fig.subplots(1, 2)
    # The logit panel's scale follows |z / T| in steps (_LOGIT_SCALES) without touching its
    # axis, whose every change would redraw the whole figure: its limits stay at the first
    # scale, the bars (heights z / T) are drawn through `z_scale`, which shrinks them to that
    # scale, and the tick labels are texts rewritten for each scale, laid over the axis's own
    # (kept, invisible, so the layout is the one they give).
    base = _LOGIT_SCALES[0]
    z_scale = Affine2D()
    z_bars = ax_z.bar(classes, np.zeros(len(classes)), color=color(0))
    for bar in z_bars:
        bar.set_transform(z_scale + ax_z.transData)
    ax_z.axhline(0, color="black", linewidth=0.5)
    ax_z.set(
        xlabel="class",
        ylabel=r"logit / temperature  $z_k / T$",
        title="Logits, scaled by the temperature",
        ylim=(-base, base),
        yticks=_LOGIT_TICKS * base,
    )
    ax_z.tick_params(axis="y", labelcolor="none")
    tick = ax_z.yaxis.get_major_ticks()[0]
    place, va, ha = ax_z.get_yaxis_text1_transform(tick.get_pad() + tick.get_tick_padding())
    tick_labels = [
        ax_z.text(0, t * base, "", transform=place, va=va, ha=ha, fontsize=tick.label1.get_fontsize())
        for t in _LOGIT_TICKS
    ]
    p_bars = ax_p.bar(classes, np.zeros(len(classes)), color=color(0))
    texts = [ax_p.text(i, 0, "", ha="center", va="bottom", fontsize=9) for i in range(len(classes))]
    ax_p.set(xlabel="class", ylabel="probability", title="softmax(z / T)", ylim=(0, 1.12))
    ax_p.legend(
        handles=[Patch(color=color(1), label="true class"), Patch(color=color(0), label="other classes")],
        loc="upper right",
        fontsize=8,
    )
    return {
        "classes": classes,
        "ax_z": ax_z,
        "z_scale": z_scale,
        "scale": None,
        "tick_labels": tick_labels,
        "z_bars": z_bars,
        "p_bars": p_bars,
        "texts": texts,
        "title": ax_p.title,
    }


def softmax_update(state: dict, temperature: float, true_class: str, **logits: float) -> str:
    """Logits (named ``z_<class>``), a temperature and the true class; return the readout."""
    classes = state["classes"]
    missing = [c for c in classes if f"z_{c}" not in logits]
    if missing:
        raise ValueError(f"give a logit for every class: missing {', '.join('z_' + c for c in missing)}")
    if true_class not in classes:
        raise ValueError(f"true_class must be one of {classes}, got {true_class!r}")
    if not temperature > 0:
        raise ValueError(f"temperature must be positive, got {temperature!r}")
    z = np.array([logits[f"z_{c}"] for c in classes]) / temperature
    probs = softmax(z)
    k = classes.index(true_class)
    loss = softmax_cross_entropy([k], z[None, :])
    for i, (zb, pb, text) in enumerate(zip(state["z_bars"], state["p_bars"], state["texts"])):
        zb.set_height(z[i])
        pb.set_height(probs[i])
        pb.set_color(color(1) if i == k else color(0))
        text.set_position((i, probs[i] + 0.01))
        text.set_text(f"{probs[i]:.2f}")
    # the logit panel's scale: the first step that leaves 15% above the largest |z / T|
    need = 1.15 * float(np.abs(z).max())
    top = next((t for t in _LOGIT_SCALES if t >= need), need)
    if top != state["scale"]:
        state["scale"] = top
        state["z_scale"].clear().scale(1.0, _LOGIT_SCALES[0] / top)
        for label, t in zip(state["tick_labels"], _LOGIT_TICKS):
            label.set_text(f"{t * top:g}".replace("-", "\N{MINUS SIGN}"))
    state["title"].set_text(f"softmax(z / T): loss = -log q({true_class}) = {loss:.3f}")
    shown = ", ".join(f"{logits['z_' + c]:.1f}" for c in classes)
    return f"logits = ({shown}), T = {temperature:.2f}: q({true_class}) = {probs[k]:.3f}, loss = {loss:.3f}"


def softmax_explorer(
    logits: Sequence[float] = (2.0, 1.0, 0.1), temperature: float = 1.0, true_class: str = "cat"
) -> Explorer:
    """Sliders for three logits and a temperature; the probabilities and the loss."""
    logits = tuple(float(v) for v in logits)
    if len(logits) != len(SOFTMAX_CLASSES):
        raise ValueError(
            f"give {len(SOFTMAX_CLASSES)} logits, one per class {SOFTMAX_CLASSES}, got {len(logits)}"
        )
    for v in logits:
        require_in_range(v, -5.0, 5.0, "each logit")
    require_in_range(temperature, 0.1, 10.0, "temperature")
    if true_class not in SOFTMAX_CLASSES:
        raise ValueError(f"true_class must be one of {SOFTMAX_CLASSES}, got {true_class!r}")
    controls = {
        f"z_{c}": slider(v, -5.0, 5.0, 0.1, f"logit z ({c})", ".1f") for c, v in zip(SOFTMAX_CLASSES, logits)
    }
    controls["temperature"] = log_slider(temperature, 0.1, 10.0, "temperature T", ".2f")
    controls["true_class"] = toggle(list(SOFTMAX_CLASSES), true_class, "true class")
    return Explorer(
        softmax_setup,
        softmax_update,
        controls,
        fig=figure(9.0, 3.4),
        title="softmax, temperature and cross-entropy",
    )
