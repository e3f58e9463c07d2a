"""Interactive figures: controls driving a matplotlib figure, in a notebook or without one.

An :class:`Explorer` is a thin shell around two plain functions the notebook (or a
module of ``course_utils.explore``) provides:

* ``setup(fig) -> state`` draws the figure once, in its default state, and returns the
  artists (lines, bars, texts) that will change;
* ``update(state, **values) -> readout`` moves those artists for new control values and
  returns a short text (``"cost = 0.123"``) shown under the figure.

Both are ordinary functions of a ``matplotlib.figure.Figure``, testable without a display.
The figure is rendered to PNG with the Agg canvas (no pyplot, no global state) and shown in
an ``ipywidgets.Image``.

**Only what changed is redrawn** (:class:`FrameRenderer`). matplotlib marks an artist
*stale* when ``update`` changes it (``set_data``, ``set_text``, ``set_height``...). After a
change, the renderer finds the stale artists; the first time an artist changes it becomes
*animated*, and the rest of the figure (axes, ticks, contours, labels) is drawn once and kept
as a bitmap. Each later frame restores that bitmap and draws only the animated artists on it
(matplotlib's blitting), then encodes the image with a fast PNG setting. What a full draw puts
*over* a changing artist and never changes itself (tick labels, spines, legends, texts drawn
after a curve) is drawn once too, into transparent layers that each frame lays down in their
place with the blending Agg uses, so a frame draws only what moved. Which artists change is
found before the first frame, by moving each control to its ends through ``update``. New
limits on an axes redraw that axes alone into the bitmap (when nothing else reaches into its
box), and the bitmaps of the last few limits are kept, so returning to them blits. Anything
the bitmap cannot account for (a new artist, a changed zorder) gets a full redraw, so a frame
is always what a full redraw would show (``tests/test_widgets.py`` compares the two for every
explorer of the course).

**The latest value wins.** While a slider is dragged, values can arrive faster than frames can
be drawn. In a running kernel a change only records the new values and asks the event loop to
draw once it is free: values that arrived in the meantime are drawn once, as the latest, and
the final position is always drawn.

**Nothing is drawn while nbgrader autogrades** (``NBGRADER_EXECUTION=autograde``), or when
``COURSE_RENDER=none`` is set: a grader needs the answers, not the figures. The explorer then
shows one line of text instead.

Displayed in a notebook, an explorer's output carries both the live widget and a PNG of
its default state. JupyterLab shows the widget while a kernel runs; an untrusted notebook
shows the static image. The course's notebooks are stored with the PNG only
(``tools/nbtools.py`` drops the widget, whose model dies with the kernel), so GitHub,
nbviewer and the HTML export show every figure in its default state.
"""

from __future__ import annotations

import asyncio
import base64
import io
import math
import os
import time
from collections.abc import Callable
from typing import Any

import ipywidgets as W
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

__all__ = [
    "Explorer",
    "FrameRenderer",
    "figure",
    "render_png",
    "encode_png",
    "rendering_enabled",
    "slider",
    "log_slider",
    "int_slider",
    "dropdown",
    "toggle",
]


def figure(width: float = 8.0, height: float = 3.6, dpi: int = 80) -> Figure:
    """A new Figure for an explorer (not registered with pyplot, so never shown twice)."""
    fig = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def render_png(fig: Figure) -> bytes:
    """The figure as PNG bytes, fully redrawn (matplotlib's own PNG writer)."""
    buffer = io.BytesIO()
    fig.canvas.print_png(buffer)
    return buffer.getvalue()


def encode_png(rgba: np.ndarray) -> bytes:
    """An RGBA pixel buffer as PNG bytes, encoded for speed.

    The course's figures are opaque, so the alpha channel is dropped, and zlib's fastest
    level is used: on a two-panel figure this takes about a third of matplotlib's default
    encoding time for a file about 5% larger, with exactly the same pixels.
    """
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba[..., :3])).save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def rendering_enabled() -> bool:
    """False while nbgrader autogrades or when ``COURSE_RENDER=none``: explorers draw nothing."""
    return not (
        os.environ.get("NBGRADER_EXECUTION") == "autograde" or os.environ.get("COURSE_RENDER") == "none"
    )


class FrameRenderer:
    """Redraws a figure after a change, drawing only the artists that changed (blitting).

    ``render()`` returns the PNG of the figure as it is now and records how long each stage
    took in ``stages_ms`` (``draw``: full redraw or blit; ``encode``: PNG) and whether the frame
    was ``blitted``. With ``blit=False`` every frame is a full redraw.
    """

    def __init__(self, fig: Figure, *, blit: bool = True):
        self.fig = fig
        self.blit = blit
        self._animated: list[Artist] = []  # the artists drawn over the cached background
        self._dynamic: set[int] = set()  # the units that have changed
        self._steps: list[Artist | int] = []  # each frame: a changing unit to draw, or a static layer
        self._runs: list[list[Artist]] = []  # the static units of each layer
        self._zorders: list[float] = []  # the animated units' zorders when the frame was planned
        self._kept: dict[tuple, tuple[Any, list, dict]] = {}  # limits -> background, layers, boxes
        self.keep = 16  # how many limits' backgrounds are kept (each is one RGBA image)
        self._run_axes: list[int] = []  # the axes (id) of each layer's units
        self._tight: dict[int, Any] = {}  # each axes' tight box when last drawn
        self._layers: list[tuple[np.ndarray, np.ndarray, np.ndarray] | None] = []  # where, colour, alpha
        self._background: Any = None
        self._owner: dict[int, Artist] = {}  # any artist -> the top-level unit that holds it
        self._limits: dict[int, tuple[float, ...]] = {}
        self.stages_ms: dict[str, float] = {}
        self.blitted = False

    # -- what changed
    def _units(self) -> list[tuple[Axes | None, Artist]]:
        """The figure's units: each axes' direct children, and the figure's own artists."""
        units: list[tuple[Axes | None, Artist]] = []
        for child in self.fig.get_children():
            if isinstance(child, Axes):
                units.extend((child, a) for a in child.get_children())
            elif child is not self.fig.patch:
                units.append((None, child))
        return units

    @staticmethod
    def _blittable(ax: Axes | None, artist: Artist) -> bool:
        if isinstance(artist, Axis) or (ax is not None and artist in ax.spines.values()):
            return False
        if ax is not None and (
            artist is ax.patch or hasattr(ax, "get_proj")
        ):  # 3-D axes project at draw time
            return False
        return True

    @staticmethod
    def _drawn_by_axes(ax: Axes | None, artist: Artist) -> bool:
        """Whether a full draw draws ``artist`` among the axes' children (as Axes.draw does)."""
        if ax is None:
            return True
        if artist is ax.patch:
            return False  # drawn first, under everything: part of the background
        if not ax.axison and (isinstance(artist, Axis) or artist in ax.spines.values()):
            return False  # ax.axis("off")
        return True

    def _snapshot(self) -> None:
        """Remember who owns each artist and every axes' limits, and mark everything fresh."""
        self._owner = {}
        for _ax, unit in self._units():
            for artist in unit.findobj():
                self._owner[id(artist)] = unit
        self._limits = {id(ax): tuple(ax.viewLim.bounds) for ax in self.fig.axes}
        for artist in self.fig.findobj():
            artist.stale = False

    def _stale_units(self) -> list[Artist] | None:
        """The units that changed, whatever the limits; None for a new or unblittable artist."""
        units = {id(u): (ax, u) for ax, u in self._units()}
        changed: dict[int, Artist] = {}
        for artist in self.fig.findobj():
            # Figures and axes turn stale whenever anything in them does; an axis turns stale
            # when its limits are set, even to the same values. Their limits are compared
            # above, and the texts and ticks they hold are checked one by one here.
            if not artist.stale or isinstance(artist, (Figure, Axes, Axis)):
                continue
            unit = self._owner.get(id(artist))
            if unit is None or id(unit) not in units or not self._blittable(*units[id(unit)]):
                return None  # a new artist, or one the cached background cannot leave out
            changed[id(unit)] = unit
        return list(changed.values())

    # -- drawing
    def _animate(self, changed: list[Artist]) -> None:
        """Plan each frame: what is drawn over the background, in the order a full draw keeps.

        An axes draws its children sorted by zorder, ties in the order they were added; from its
        first changing unit on, every unit must be drawn in every frame, in that order (a spine
        drawn after a curve stays over it). The changing units are drawn; each run of static
        units between or after them (tick labels, spines, legends) is drawn once into a
        transparent layer, which every frame lays down in its place.
        """
        self._dynamic |= {id(a) for a in changed}
        by_axes: dict[int, list[tuple[Axes | None, Artist]]] = {}
        for ax, unit in self._units():
            by_axes.setdefault(id(ax), []).append((ax, unit))
        self._set_animated(False)
        runs: list[list[Artist]] = []
        self._run_axes = []
        self._animated, self._steps = [], []
        for units in by_axes.values():
            ordered = sorted(units, key=lambda pair: pair[1].get_zorder())  # stable, like Axes.draw
            drawn = [u for ax, u in ordered if self._drawn_by_axes(ax, u)]
            first = next((i for i, u in enumerate(drawn) if id(u) in self._dynamic), None)
            if first is None:
                continue
            for unit in drawn[first:]:
                self._animated.append(unit)
                if id(unit) in self._dynamic:
                    self._steps.append(unit)
                else:
                    if not self._steps or not isinstance(self._steps[-1], int):
                        runs.append([])
                        self._run_axes.append(id(units[0][0]))
                        self._steps.append(len(runs) - 1)
                    runs[-1].append(unit)
        self._runs = runs
        self._zorders = [unit.get_zorder() for unit in self._animated]
        self._set_animated(True)

    def _draw_layers(
        self, axes: set[int] | None = None
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray] | None]:
        """Draw each run of static units on a transparent canvas; keep the pixels it covers.

        With ``axes`` (ids), only the runs of those axes are drawn again; the others are kept.
        """
        layers: list[tuple[np.ndarray, np.ndarray, np.ndarray] | None] = []
        renderer = self.fig.canvas.get_renderer()
        for k, run in enumerate(self._runs):
            if axes is not None and self._run_axes[k] not in axes:
                layers.append(self._layers[k])
                continue
            units = [u for u in run if u.get_visible()]
            if not units:
                layers.append(None)
                continue
            renderer.clear()  # fully transparent
            for unit in units:
                self.fig.draw_artist(unit)
            rgba = np.asarray(self.fig.canvas.buffer_rgba()).reshape(-1, 4)
            where = np.flatnonzero(rgba[:, 3])
            layers.append((where, rgba[where, :3].astype(np.uint32), rgba[where, 3:].astype(np.uint32)))
        return layers

    @staticmethod
    def _box(ax: Axes, renderer: Any) -> Any:
        """Where the axes draws into the background: its box, ticks, labels, title and any other
        artist of its own that is not animated (pixels)."""
        extra = [a for a in ax.get_default_bbox_extra_artists() if not a.get_animated()]
        return ax.get_tightbbox(renderer, bbox_extra_artists=extra)

    def _boxes(self) -> dict[int, Any]:
        renderer = self.fig.canvas.get_renderer()
        return {id(ax): self._box(ax, renderer) for ax in self.fig.axes}

    def _redraw_axes(self, moved: list[Axes]) -> bool:
        """Redraw only the axes whose limits moved into the background, if nothing else is there.

        Their old and new boxes (ticks and labels included) are cleared to the figure's colour
        and the axes drawn again; False, and nothing done, when another axes or a figure-level
        artist reaches into those boxes, or the figure's colour is not plain.
        """
        from matplotlib.transforms import Bbox

        fig = self.fig
        face = np.asarray(fig.patch.get_facecolor())
        if face[3] != 1.0 or any(hasattr(ax, "get_proj") for ax in moved):  # 3-D axes project at draw
            return False
        renderer = fig.canvas.get_renderer()
        ids = {id(ax) for ax in moved}
        regions, boxes = [], {}
        for ax in moved:
            new = boxes[id(ax)] = self._box(ax, renderer)
            old = self._tight.get(id(ax))
            if new is None or old is None:
                return False
            regions.append(Bbox.union([new, old]))
        others = [box for key, box in self._tight.items() if key not in ids and box is not None]
        others += [u.get_window_extent(renderer) for ax, u in self._units() if ax is None and u.get_visible()]
        frame = np.asarray(fig.canvas.buffer_rgba())
        height, width = frame.shape[:2]

        def pixels(box: Any) -> tuple[int, int, int, int]:  # the whole pixels a box touches
            return (
                max(int(np.floor(box.x0)), 0),
                min(int(np.ceil(box.x1)), width),
                max(int(np.floor(height - box.y1)), 0),
                min(int(np.ceil(height - box.y0)), height),
            )

        def overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
            return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]

        cleared = [pixels(region) for region in regions]
        if any(overlap(a, pixels(b)) for a in cleared for b in others):
            return False
        fig.canvas.restore_region(self._background)
        colour = np.round(face * 255).astype(np.uint8)
        for x0, x1, y0, y1 in cleared:
            frame[y0:y1, x0:x1] = colour
        for ax in moved:
            fig.draw_artist(ax)  # its artists that are not animated, as canvas.draw() would
        self._background = fig.canvas.copy_from_bbox(fig.bbox)
        self._layers = self._draw_layers(ids)
        self._tight.update(boxes)
        return True

    def _draw_frame(self) -> None:
        """Over the restored background: the changing units, and the static layers in between."""
        frame = np.asarray(self.fig.canvas.buffer_rgba()).reshape(-1, 4)
        for step in self._steps:
            if isinstance(step, int):
                layer = self._layers[step]
                if layer is not None:  # out = (a·colour + (255 − a)·frame) / 255, as Agg blends
                    where, colour, alpha = layer
                    under = frame[where, :3].astype(np.uint32)
                    frame[where, :3] = ((alpha * colour + (255 - alpha) * under + 127) // 255).astype(
                        np.uint8
                    )
            elif step.get_visible():
                self.fig.draw_artist(step)

    def plan(self, moving: list[Artist]) -> None:
        """Declare the units that will change (see Explorer._plan); the next frame plans for them."""
        if self.blit and moving:
            self._dynamic |= {id(a) for a in moving}
            self._background = None  # the next frame draws the background without them

    def _set_animated(self, flag: bool) -> None:
        for unit in self._animated:
            unit.set_animated(flag)

    def render(self, *, full: bool = False) -> bytes:
        """Draw what changed (or everything, with ``full=True``) and return the PNG.

        A full redraw keeps the cached background, the overlay and the animated artists when
        they still match the figure, so the frames that follow are blitted as before.
        """
        start = time.perf_counter()
        canvas = self.fig.canvas
        stale = self._stale_units() if (self.blit and self._background is not None) else None
        # Only the planned artists changed, in the planned order: the kept bitmaps still hold,
        # for these limits; for other limits, a background kept from an earlier frame may.
        planned = (
            stale is not None
            and all(id(a) in self._dynamic for a in stale)
            and [unit.get_zorder() for unit in self._animated] == self._zorders
        )
        bounds = {id(ax): tuple(ax.viewLim.bounds) for ax in self.fig.axes}
        limits = tuple(bounds.values())
        moved = [ax for ax in self.fig.axes if bounds[id(ax)] != self._limits.get(id(ax))]
        kept = self._kept.get(limits) if planned and moved else None
        if full or not self.blit:
            self._set_animated(False)
            canvas.draw()
            self._set_animated(True)
            if planned and not moved:  # the cached background still holds
                self._snapshot()
            else:  # it no longer matches: rebuild it next frame
                self._background = None
            self.blitted = False
        elif planned and (not moved or kept is not None):
            if kept is not None:  # limits seen before: their background and layers were kept
                self._background, self._layers, self._tight = kept[0], kept[1], dict(kept[2])
                self._limits = bounds
            canvas.restore_region(self._background)
            self._draw_frame()
            self.blitted = True
        else:
            if not planned:  # re-plan: new or changed artists take their place in the order
                self._animate(stale or [])
                self._kept.clear()  # backgrounds kept for other limits show the old artists
            if not (planned and moved and self._redraw_axes(moved)):
                canvas.draw()  # everything but the animated artists
                self._background = canvas.copy_from_bbox(self.fig.bbox)
                self._layers = self._draw_layers()
                self._tight = self._boxes()
            canvas.restore_region(self._background)
            self._draw_frame()
            self._snapshot()
            self._kept[limits] = (self._background, self._layers, dict(self._tight))
            while len(self._kept) > self.keep:
                self._kept.pop(next(iter(self._kept)))  # the oldest
            self.blitted = False
        drawn = time.perf_counter()
        png = encode_png(np.asarray(canvas.buffer_rgba()))
        for artist in self._animated:
            for a in artist.findobj():
                a.stale = False
        self.stages_ms = {"draw": 1000 * (drawn - start), "encode": 1000 * (time.perf_counter() - drawn)}
        return png


_LAYOUT = {"width": "420px"}
_STYLE = {"description_width": "140px"}


def slider(
    value: float, lo: float, hi: float, step: float, description: str, fmt: str = ".2f"
) -> W.FloatSlider:
    """A float slider with the course's layout; dragging it streams values (the latest wins)."""
    return W.FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=True,
        layout=W.Layout(**_LAYOUT),
        style=_STYLE,
    )


def log_slider(value: float, lo: float, hi: float, description: str, fmt: str = ".3g") -> W.FloatLogSlider:
    """A slider on a log scale from ``lo`` to ``hi`` (for learning rates)."""

    return W.FloatLogSlider(
        value=value,
        base=10,
        min=math.log10(lo),
        max=math.log10(hi),
        step=0.05,
        description=description,
        readout_format=fmt,
        continuous_update=True,
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
        continuous_update=True,
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


def _probe_values(control: W.ValueWidget) -> list[Any]:
    """Values of a control away from its current one: the ends of a slider, or other options."""
    if isinstance(control, (W.FloatSlider, W.IntSlider, W.FloatLogSlider)):
        ends = [control.min, control.max]
        if isinstance(control, W.FloatLogSlider):
            ends = [control.base**v for v in ends]
        return [v for v in ends if v != control.value]
    if isinstance(control, W.Checkbox):
        return [not control.value]
    if isinstance(control, W.SelectMultiple):
        return []
    options = [o[1] if isinstance(o, tuple) else o for o in getattr(control, "options", ())]
    return [o for o in options if o != control.value][:3]


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
    caption : str
        What moving the controls shows, in a sentence: the static image's caption and alt
        text on the course's site, and the explorer's plain-text form.
    freeze_layout : bool
        Compute the (constrained) layout once, for the default state, and keep it: this
        roughly halves the time of each redraw, and lets frames be blitted. Turn it off if
        ``update`` changes the size of tick labels or titles a lot (every frame is then a full
        redraw).
    blit : bool
        Draw only what changed (see :class:`FrameRenderer`); on by default.
    """

    def __init__(
        self,
        setup: Callable[[Figure], Any],
        update: Callable[..., str],
        controls: dict[str, W.ValueWidget],
        *,
        fig: Figure | None = None,
        title: str = "interactive figure",
        caption: str = "",
        freeze_layout: bool = True,
        blit: bool = True,
    ):
        self.title = title
        self.caption = caption
        self.controls = controls
        self._update = update
        self.readout = W.HTML(layout=W.Layout(min_height="1.6em"))
        self.readout.add_class("course-readout")
        self.image = W.Image(format="png")
        self.image.add_class("course-figure")
        self.timings_ms: list[float] = []
        self.stages_ms: list[dict[str, float]] = []
        self.rendering = rendering_enabled()
        self._pending = False
        self._scheduled = False
        if not self.rendering:  # autograding: no figure, no drawing, one line of text
            self.fig, self.state, self.default_png = None, None, b""
            self.readout.value = f"<span>[{title}: not drawn while grading]</span>"
            self.widget = W.VBox([self.readout])
            return
        self.fig = fig if fig is not None else figure()
        self.state = setup(self.fig)
        self.renderer = FrameRenderer(self.fig, blit=blit and freeze_layout)
        if self.renderer.blit:
            self._plan()
        self._apply()  # the default state, fully drawn
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

    def _plan(self) -> None:
        """Before the first frame, find the artists the controls move, so every frame is blitted.

        Each control is moved to the ends of its range (or to other options), one at a time,
        through ``update`` alone (nothing is drawn); the artists that changed are drawn in
        every frame from then on, and the rest is drawn once. Without this, the first move of
        each control would be a full redraw. The controls keep their values; the first frame
        draws the defaults.
        """
        defaults = self.values
        renderer = self.renderer
        self._update(self.state, **defaults)  # the default state first: limits may need its data
        renderer._snapshot()
        moved: dict[int, Artist] = {}
        for name, control in self.controls.items():
            for value in _probe_values(control):
                self._update(self.state, **{**defaults, name: value})
                changed = renderer._stale_units()
                if changed is not None:  # None: a new artist, a full redraw in any case
                    moved.update((id(unit), unit) for unit in changed)
                renderer._snapshot()
        renderer.plan(list(moved.values()))  # the first frame (_apply) updates to the defaults

    def _apply(self, *, full: bool = False) -> None:
        start = time.perf_counter()
        text = self._update(self.state, **self.values)
        computed = time.perf_counter()
        self.readout.value = f"<span>{text}</span>" if text else ""
        self.image.value = self.renderer.render(full=full)
        self.timings_ms.append(1000 * (time.perf_counter() - start))
        self.stages_ms.append({"compute": 1000 * (computed - start), **self.renderer.stages_ms})

    def set(self, **values: Any) -> bytes:
        """Set controls by name (as a learner would), redraw once, and return the new PNG."""
        for name in values:
            if name not in self.controls:
                raise ValueError(f"no control named {name!r}; the controls are {sorted(self.controls)}")
        for name, value in values.items():
            self.controls[name].unobserve(self._on_change, names="value")
            try:
                self.controls[name].value = value
            finally:
                self.controls[name].observe(self._on_change, names="value")
        if self.rendering:
            self._apply()
        return self.image.value

    def redraw_fully(self) -> bytes:
        """Redraw the whole figure for the current values (no blitting) and return the PNG."""
        self._apply(full=True)
        return self.image.value

    @property
    def readout_text(self) -> str:
        """The readout without its HTML wrapper."""
        value = self.readout.value
        return value.removeprefix("<span>").removesuffix("</span>")

    def _on_change(self, change: dict) -> None:
        """A control moved: draw now, or, in a running kernel, once the event loop is free.

        Values that arrive while a frame is being drawn only mark the explorer as pending;
        the frame drawn next uses the controls' latest values, so the figure never trails
        behind a stream of old ones, and the final position is always drawn.
        """
        self._pending = True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            self._flush()
        elif not self._scheduled:
            self._scheduled = True
            loop.call_soon(self._flush)

    def _flush(self) -> None:
        self._scheduled = False
        if self._pending:
            self._pending = False
            self._apply()

    # -- display
    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_()
        caption = f" {self.caption}" if self.caption else ""
        if not self.rendering:
            bundle["text/plain"] = f"[{self.title}: not drawn while grading]"
            return bundle
        bundle["text/plain"] = (
            f"[{self.title}: interactive with a running kernel; static image otherwise.]{caption}"
        )
        bundle["image/png"] = base64.b64encode(self.default_png).decode("ascii")
        return bundle
