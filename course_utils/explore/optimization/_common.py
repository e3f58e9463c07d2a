"""Helpers shared by the explorers of part 2 (``02_optimization``): a check of a choice
among a few names, and cheaper redraws (:func:`_fast`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from matplotlib.ticker import FuncFormatter


def _check_choice(value: Any, choices: Sequence[Any], name: str) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")


def _power_label(x: float, _pos: Any = None) -> str:
    """A tick label on a log axis, in plain text: 0.01, 0.1, 1, 10, then 1e-5, 1e4."""
    if x <= 0:
        return ""
    e = round(math.log10(x))
    return f"{10.0**e:g}" if -3 <= e <= 3 else f"1e{e}"


def _fast(*axes: Any) -> None:
    """Make redraws cheaper: no minor ticks, plain-text labels on log axes (matplotlib's
    default, 10 to a power, is typeset by mathtext, slowly, for each new label), and
    titles at a fixed height (matplotlib otherwise searches for overlaps on every draw)."""
    for ax in axes:
        ax.minorticks_off()
        ax.set_title(ax.get_title(), y=1.0)
        for axis, scale in ((ax.xaxis, ax.get_xscale()), (ax.yaxis, ax.get_yscale())):
            if scale == "log":
                axis.set_major_formatter(FuncFormatter(_power_label))
