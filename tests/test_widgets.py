"""Tests of the explorer shell (``course_utils.widgets``): frames drawn by blitting are the
frames a full redraw would draw, the latest value wins, and nothing is drawn while grading."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import io
import pkgutil

import ipywidgets as W
import numpy as np
import pytest
from PIL import Image

import course_utils.explore as explore_pkg
from course_utils.widgets import Explorer, encode_png, figure, slider


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def _factories() -> dict[str, object]:
    """Every explorer factory of the course: public ``*_explorer``/``*_playground`` functions."""
    found = {}
    for info in pkgutil.walk_packages(explore_pkg.__path__, explore_pkg.__name__ + "."):
        module = importlib.import_module(info.name)
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and name.endswith(("_explorer", "_playground")):
                found[f"{module.__name__}.{name}"] = fn
    return found


def _batch_size_explorer() -> Explorer:
    from course_utils.explore import optimization as opt

    problems = {kind: opt.regression_problem(kind) for kind in ("linear regression", "logistic regression")}
    runs = {
        "linear regression": opt.batch_size_runs(problems["linear regression"], lr=0.05, epochs=2, seed=0),
        "logistic regression": opt.batch_size_runs(problems["logistic regression"], lr=0.5, epochs=2, seed=0),
    }
    return opt.batch_size_explorer(runs, problems)


#: Factories that need arguments, built the way their notebook builds them.
NEEDS_ARGUMENTS = {"batch_size_explorer": _batch_size_explorer}


def _build(name: str, fn) -> Explorer:
    short = name.rsplit(".", 1)[1]
    required = [
        p
        for p in inspect.signature(fn).parameters.values()
        if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    if not required:
        return fn()
    if short not in NEEDS_ARGUMENTS:
        pytest.fail(f"{name} needs arguments: add a construction for it to NEEDS_ARGUMENTS in this file")
    return NEEDS_ARGUMENTS[short]()


def _values(control: W.ValueWidget) -> list:
    """Three values of a control, away from its default: ends and middle, or its options."""
    if isinstance(control, (W.FloatSlider, W.IntSlider, W.FloatLogSlider)):
        lo, hi = control.min, control.max
        values = [lo + (hi - lo) * f for f in (0.8, 0.25, 0.0)]
        if isinstance(control, W.FloatLogSlider):
            return [control.base**v for v in values]
        if isinstance(control, W.IntSlider):
            return [int(round(v)) for v in values]
        return values
    options = [o[1] if isinstance(o, tuple) else o for o in getattr(control, "options", ())]
    if isinstance(control, W.SelectMultiple):
        return [tuple(options[:2]), tuple(options[:1]), control.value]
    return [o for o in options if o != control.value][:2] + [control.value]


FACTORIES = _factories()


def test_are_there_explorers_to_check():
    assert len(FACTORIES) >= 10, sorted(FACTORIES)


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_is_every_blitted_frame_the_frame_a_full_redraw_draws(name):
    explorer = _build(name, FACTORIES[name])
    moved = 0
    for key, control in explorer.controls.items():
        for value in _values(control):
            fast = _pixels(explorer.set(**{key: value}))
            full = _pixels(explorer.redraw_fully())
            differ = np.abs(fast - full).max(axis=-1) > 2
            assert differ.mean() < 1e-3, (
                f"{name}, {key} = {value}: {differ.sum()} pixels differ from a full redraw"
                f" (blitted: {explorer.renderer.blitted})"
            )
            moved += 1
    assert moved >= 2, f"{name} has no control to move"


def _counting_explorer():
    calls = []

    def setup(fig):
        ax = fig.add_subplot()
        (line,) = ax.plot([0, 1], [0, 0])
        ax.set_ylim(-1, 1)
        return line

    def update(line, a):
        calls.append(a)
        line.set_ydata([0, a])
        return f"a = {a:.2f}"

    return Explorer(setup, update, {"a": slider(0.0, -1.0, 1.0, 0.01, "a")}, fig=figure(3, 2)), calls


def test_is_the_second_frame_of_a_simple_explorer_blitted():
    explorer, _ = _counting_explorer()
    explorer.set(a=0.5)
    explorer.set(a=0.6)
    assert explorer.renderer.blitted
    assert set(explorer.stages_ms[-1]) == {"compute", "draw", "encode"}


def test_is_even_the_first_move_blitted():
    """The explorer finds which artists its controls move before the first frame (_plan)."""
    explorer, _ = _counting_explorer()
    explorer.set(a=0.5)
    assert explorer.renderer.blitted


def _layered_explorer():
    """A moving line under a static legend and text, and a moving label over them all."""

    def setup(fig):
        ax = fig.add_subplot()
        (line,) = ax.plot([0, 1], [0, 0], lw=6, label="moving line")
        ax.plot([0, 1], [0.5, 0.5], label="static line")
        ax.legend(loc="center", fontsize=14)
        ax.text(0.5, 0.0, "static text over the line", ha="center", fontsize=14, zorder=3)
        label = ax.text(0.5, 0.05, "", ha="center", fontsize=14, color="red", zorder=4)
        ax.set_ylim(-1, 1)
        return line, label

    def update(state, a):
        line, label = state
        line.set_ydata([a, -a])
        label.set_text(f"a = {a:.2f}")
        return ""

    return Explorer(setup, update, {"a": slider(0.0, -1.0, 1.0, 0.01, "a")}, fig=figure(4, 3))


def test_are_static_artists_over_a_moving_one_drawn_once_and_laid_over_each_frame(monkeypatch):
    from matplotlib.legend import Legend

    explorer = _layered_explorer()
    drawn = []
    original = Legend.draw
    monkeypatch.setattr(Legend, "draw", lambda self, r: (drawn.append(self), original(self, r))[1])
    for a in (0.9, -0.4, 0.1):
        fast = _pixels(explorer.set(a=a))
        assert explorer.renderer.blitted
        assert drawn == [], "the legend was drawn again in a blitted frame"
        full = _pixels(explorer.redraw_fully())
        differ = np.abs(fast - full).max(axis=-1) > 2
        assert differ.mean() < 1e-3, f"a = {a}: {differ.sum()} pixels differ from a full redraw"
        drawn.clear()


def _rescaling_explorer():
    """Two axes; a slider rescales the right one, whose tick labels grow and shrink with it."""

    def setup(fig):
        fig.get_layout_engine().set(wspace=0.25)  # room for the right axes' labels to grow
        left, right = fig.subplots(1, 2)
        left.plot([0, 1], [0, 1], label="static")
        left.legend(loc="upper left")
        (line,) = right.plot([0, 1], [0, 1], label="moving")
        right.legend(loc="upper left")
        right.set_title("rescaled")
        return right, line

    def update(state, scale):
        right, line = state
        line.set_ydata([0, scale])
        right.set_ylim(-0.1 * scale, 1.1 * scale)
        return ""

    control = W.SelectionSlider(options=[1.0, 1000.0, 0.001, -50.0], value=1.0, description="scale")
    return Explorer(setup, update, {"scale": control}, fig=figure(6, 3))


def test_are_frames_after_new_limits_the_frames_a_full_redraw_draws():
    """New limits redraw one axes (or restore a kept background); old tick labels must not linger."""
    explorer = _rescaling_explorer()
    for scale in (1000.0, 1.0, 1000.0, 0.001, -50.0, 1.0, 0.001):
        fast = _pixels(explorer.set(scale=scale))
        full = _pixels(explorer.redraw_fully())
        differ = np.abs(fast - full).max(axis=-1) > 2
        assert differ.mean() < 1e-3, f"scale {scale}: {differ.sum()} pixels differ from a full redraw"
    assert explorer.renderer._kept, "no background was kept for limits seen before"


def test_does_a_full_redraw_leave_the_next_frame_blitted():
    explorer = _layered_explorer()
    explorer.set(a=0.2)
    explorer.redraw_fully()
    explorer.set(a=0.3)
    assert explorer.renderer.blitted


def test_does_the_latest_value_win_when_values_arrive_faster_than_frames():
    explorer, calls = _counting_explorer()
    calls.clear()

    async def drag():
        for k in range(10):  # ten values in one go, before the loop is free to draw
            explorer.controls["a"].value = k / 10
        await asyncio.sleep(0)
        await asyncio.sleep(0)

    asyncio.run(drag())
    assert calls == [0.9], calls
    assert explorer.readout_text == "a = 0.90"


def test_is_every_change_drawn_at_once_without_an_event_loop():
    explorer, calls = _counting_explorer()
    calls.clear()
    explorer.controls["a"].value = 0.25
    explorer.controls["a"].value = 0.5
    assert calls == [0.25, 0.5]


@pytest.mark.parametrize("env", [("NBGRADER_EXECUTION", "autograde"), ("COURSE_RENDER", "none")])
def test_is_nothing_drawn_while_grading(monkeypatch, env):
    monkeypatch.setenv(*env)
    explorer, calls = _counting_explorer()
    explorer.set(a=0.3)
    assert calls == [] and explorer.fig is None
    assert "not drawn while grading" in explorer._repr_mimebundle_()["text/plain"]
    assert "image/png" not in explorer._repr_mimebundle_()


def test_does_the_fast_png_keep_every_pixel():
    rgba = np.random.default_rng(0).integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    assert np.array_equal(_pixels(encode_png(rgba)), rgba[..., :3])
