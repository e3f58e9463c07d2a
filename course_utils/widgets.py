"""Interactive figures: controls driving a matplotlib figure, in a notebook or without one.

An :class:`Explorer` is a thin shell around two plain functions the notebook (or a
module of ``course_utils.explore``) provides:

* ``setup(fig) -> state`` draws the figure once, in its default state, and returns the
  artists (lines, bars, texts) that will change;
* ``update(state, **values) -> readout`` moves those artists for new control values and
  returns a short text (``"cost = 0.123"``) shown under the figure.

Both are ordinary functions of a ``matplotlib.figure.Figure``, testable without a display.
The figure is rendered to PNG with the Agg canvas (no pyplot, no global state) and shown in
an ``ipywidgets.Image``; a change of any control re-runs ``update`` and re-renders, which
takes a few tens of milliseconds for the course's figures.

Displayed in a notebook, an explorer's output carries both the live widget and a PNG of
its default state. JupyterLab shows the widget while a kernel runs; an untrusted notebook
shows the static image. The course's notebooks are stored with the PNG only
(``tools/nbtools.py`` drops the widget, whose model dies with the kernel), so GitHub,
nbviewer and the HTML export show every figure in its default state.
"""

from __future__ import annotations

import base64
import io
import time
from collections.abc import Callable
from typing import Any

import ipywidgets as W
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["Explorer", "figure", "render_png", "slider", "log_slider", "int_slider", "dropdown", "toggle"]


def figure(width: float = 8.0, height: float = 3.6, dpi: int = 80) -> Figure:
    """A new Figure for an explorer (not registered with pyplot, so never shown twice)."""
    fig = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def render_png(fig: Figure) -> bytes:
    """The figure as PNG bytes."""
    buffer = io.BytesIO()
    fig.canvas.print_png(buffer)
    return buffer.getvalue()


_LAYOUT = {"width": "420px"}
_STYLE = {"description_width": "140px"}


def slider(
    value: float, lo: float, hi: float, step: float, description: str, fmt: str = ".2f"
) -> W.FloatSlider:
    """A float slider with the course's layout (continuous_update off: one redraw per move)."""
    return W.FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=False,
        layout=W.Layout(**_LAYOUT),
        style=_STYLE,
    )


def log_slider(value: float, lo: float, hi: float, description: str, fmt: str = ".3g") -> W.FloatLogSlider:
    """A slider on a log scale from ``lo`` to ``hi`` (for learning rates)."""
    import math

    return W.FloatLogSlider(
        value=value,
        base=10,
        min=math.log10(lo),
        max=math.log10(hi),
        step=0.05,
        description=description,
        readout_format=fmt,
        continuous_update=False,
        layout=W.Layout(**_LAYOUT),
        style=_STYLE,
    )


def int_slider(value: int, lo: int, hi: int, description: str, step: int = 1) -> W.IntSlider:
    """An integer slider with the course's layout."""
    return W.IntSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        continuous_update=False,
        layout=W.Layout(**_LAYOUT),
        style=_STYLE,
    )


def dropdown(options: Any, value: Any, description: str) -> W.Dropdown:
    """A drop-down list with the course's layout."""
    return W.Dropdown(
        options=options, value=value, description=description, layout=W.Layout(**_LAYOUT), style=_STYLE
    )


def toggle(options: Any, value: Any, description: str) -> W.ToggleButtons:
    """A row of toggle buttons (for a handful of choices)."""
    return W.ToggleButtons(options=options, value=value, description=description, style=_STYLE)


class Explorer:
    """Controls driving a matplotlib figure. See the module docstring.

    Parameters
    ----------
    setup : callable ``setup(fig) -> state``
        Draws the default figure; returns whatever ``update`` needs (artists, data).
    update : callable ``update(state, **values) -> str``
        Changes the figure for the controls' values; returns the readout text.
    controls : dict of name -> ipywidgets control
        Their values are passed to ``update`` by name.
    fig : Figure, optional
        Defaults to :func:`figure` ().
    title : str
        A short name, used in the plain-text form.
    freeze_layout : bool
        Compute the (constrained) layout once, for the default state, and keep it: this
        roughly halves the time of each redraw. Turn it off if ``update`` changes the
        size of tick labels or titles a lot.
    """

    def __init__(
        self,
        setup: Callable[[Figure], Any],
        update: Callable[..., str],
        controls: dict[str, W.ValueWidget],
        *,
        fig: Figure | None = None,
        title: str = "interactive figure",
        freeze_layout: bool = True,
    ):
        self.fig = fig if fig is not None else figure()
        self.title = title
        self.controls = controls
        self._update = update
        self.state = setup(self.fig)
        self.readout = W.HTML(layout=W.Layout(min_height="1.6em"))
        self.readout.add_class("course-readout")
        self.image = W.Image(format="png")
        self.image.add_class("course-figure")
        self.timings_ms: list[float] = []
        self._apply()  # the default state
        self.default_png = self.image.value
        if freeze_layout:
            self.fig.set_layout_engine("none")
        for control in controls.values():
            control.observe(self._on_change, names="value")
        box = W.VBox([*controls.values(), self.readout, self.image])
        box.add_class("course-explorer")
        self.widget = box

    # -- pure parts, usable without a display
    @property
    def values(self) -> dict[str, Any]:
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def _apply(self) -> None:
        start = time.perf_counter()
        text = self._update(self.state, **self.values)
        self.readout.value = f"<span>{text}</span>" if text else ""
        self.image.value = render_png(self.fig)
        self.timings_ms.append(1000 * (time.perf_counter() - start))

    def set(self, **values: Any) -> bytes:
        """Set controls by name (as a learner would), redraw once, and return the new PNG."""
        for name, value in values.items():
            if name not in self.controls:
                raise ValueError(f"no control named {name!r}; the controls are {sorted(self.controls)}")
        for name, value in values.items():
            self.controls[name].unobserve(self._on_change, names="value")
            try:
                self.controls[name].value = value
            finally:
                self.controls[name].observe(self._on_change, names="value")
        self._apply()
        return self.image.value

    @property
    def readout_text(self) -> str:
        """The readout without its HTML wrapper."""
        value = self.readout.value
        return value.removeprefix("<span>").removesuffix("</span>")

    def _on_change(self, change: dict) -> None:
        self._apply()

    # -- display
    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_()
        bundle["text/plain"] = f"[{self.title}: interactive with a running kernel; static image otherwise]"
        bundle["image/png"] = base64.b64encode(self.default_png).decode("ascii")
        return bundle
