r"""Margins (``01_losses/05_hinge_and_margins``): the multiclass hinge beside cross-entropy.

* :func:`margin_explorer`: one slider moves the true class's score; the multiclass hinge
  (Weston-Watkins, CS231n) and the softmax cross-entropy of the same scores are drawn as
  functions of it, with their derivatives. Once the margin is met the hinge is flat at 0;
  cross-entropy keeps pushing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from ..._validate import require_in_range
from ...losses import (
    multiclass_hinge,
    multiclass_hinge_grad,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
)
from ...plots import color
from ...widgets import Explorer, figure, slider

__all__ = [
    "MARGIN_CLASSES",
    "MARGIN_OTHER_SCORES",
    "MARGIN_RANGE",
    "margin_curves",
    "margin_setup",
    "margin_update",
    "margin_explorer",
]

#: The classes of the figure; the first is the true class, whose score the slider moves.
MARGIN_CLASSES = ("cat", "dog", "frog")
#: The fixed scores of the wrong classes (dog, frog).
MARGIN_OTHER_SCORES = (1.0, -0.5)
#: The range of the true class's score on the slider and the curves.
MARGIN_RANGE = (-3.0, 6.0)


def _scores(s_true: np.ndarray, others: Sequence[float]) -> np.ndarray:
    """Rows of scores ``[s_true, *others]``, one row per value of ``s_true``."""
    s_true = np.atleast_1d(np.asarray(s_true, dtype=float))
    rest = np.broadcast_to(np.asarray(others, dtype=float), (s_true.size, len(others)))
    return np.column_stack([s_true, rest])


def margin_curves(s_true: np.ndarray, others: Sequence[float] = MARGIN_OTHER_SCORES) -> dict[str, np.ndarray]:
    r"""Both losses of one sample (true class 0), and their derivatives with respect to its score.

    Parameters
    ----------
    s_true : array of shape ``[m]``, values of the true class's score :math:`s_0`
    others : the fixed scores of the wrong classes

    Returns
    -------
    dict with ``"hinge"``, ``"ce"`` (the losses, shape ``[m]``) and ``"hinge_grad"``,
    ``"ce_grad"`` (:math:`\partial \ell / \partial s_0`, shape ``[m]``), each computed by
    :mod:`course_utils.losses` (``reduction="sum"`` on one sample: the loss itself).
    """
    s = _scores(s_true, others)
    y = np.zeros(s.shape[0], dtype=int)
    return {
        "hinge": multiclass_hinge(y, s, reduction="none"),
        "ce": softmax_cross_entropy(y, s, reduction="none"),
        "hinge_grad": multiclass_hinge_grad(y, s, reduction="sum")[:, 0] + 0.0,  # no -0
        "ce_grad": softmax_cross_entropy_grad(y, s, reduction="sum")[:, 0],
    }


def margin_setup(fig: Figure, *, others: Sequence[float] = MARGIN_OTHER_SCORES) -> dict:
    """The two losses (left) and their derivatives (right) against the true class's score."""
    others = tuple(float(v) for v in others)
    grid = np.linspace(*MARGIN_RANGE, 451)
    curves = margin_curves(grid, others)
    met = max(others) + 1.0  # the margin is met from here on: s_0 >= max_j s_j + 1
    ax_l, ax_g = fig.subplots(1, 2)
    hinge_c, ce_c = color(0), color(1)
    ax_l.plot(grid, curves["hinge"], color=hinge_c, label="multiclass hinge (SVM)")
    ax_l.plot(grid, curves["ce"], color=ce_c, label="softmax cross-entropy")
    ax_g.plot(grid, curves["hinge_grad"], color=hinge_c, label="multiclass hinge (SVM)")
    ax_g.plot(grid, curves["ce_grad"], color=ce_c, label="softmax cross-entropy")
    for ax in (ax_l, ax_g):
        ax.axvline(met, color="grey", linestyle=":", label=f"margin met: $s_0 = {met:g}$")
        ax.axhline(0.0, color="black", linewidth=0.5)
    dots = {
        "hinge": ax_l.plot([], [], "o", color=hinge_c, markersize=8)[0],
        "ce": ax_l.plot([], [], "s", color=ce_c, markersize=7)[0],
        "hinge_grad": ax_g.plot([], [], "o", color=hinge_c, markersize=8)[0],
        "ce_grad": ax_g.plot([], [], "s", color=ce_c, markersize=7)[0],
    }
    shown = ", ".join(f"{c} {v:g}" for c, v in zip(MARGIN_CLASSES[1:], others))
    ax_l.set(
        xlabel=f"score of the true class {MARGIN_CLASSES[0]}, $s_0$ (others: {shown})",
        ylabel="loss of the sample",
        title="The two losses of the same scores",
        ylim=(-0.2, float(curves["hinge"].max()) + 0.5),
    )
    ax_g.set(
        xlabel="score of the true class, $s_0$",
        ylabel=r"derivative $\partial \ell / \partial s_0$",
        title="How hard each pushes $s_0$ up",
        ylim=(float(curves["hinge_grad"].min()) - 0.3, 0.3),
    )
    ax_l.legend(loc="upper right", fontsize=8)
    ax_g.legend(loc="lower right", fontsize=8)
    return {"others": others, "dots": dots, "title": ax_l.title, "met": met}


def margin_update(state: dict, s_true: float) -> str:
    """Mark the true class's score ``s_true`` on both panels; return the readout."""
    values = {name: float(v[0]) for name, v in margin_curves(np.array([s_true]), state["others"]).items()}
    for name, dot in state["dots"].items():
        dot.set_data([s_true], [values[name]])
    status = "margin met" if s_true >= state["met"] else "margin not met"
    state["title"].set_text(f"The two losses of the same scores ({status})")
    return (
        f"s_0 = {s_true:.2f} ({status}): hinge = {values['hinge']:.3f} (slope {values['hinge_grad']:+.0f}),"
        f" cross-entropy = {values['ce']:.3f} (slope {values['ce_grad']:+.3f})"
    )


def margin_explorer(s_true: float = 2.5) -> Explorer:
    """A slider for the true class's score; the hinge goes flat once the margin is met."""
    require_in_range(s_true, *MARGIN_RANGE, "s_true")
    return Explorer(
        margin_setup,
        margin_update,
        {"s_true": slider(s_true, *MARGIN_RANGE, 0.1, "true class's score", ".1f")},
        fig=figure(9.0, 3.5),
        title="multiclass hinge and cross-entropy of one sample",
    )
