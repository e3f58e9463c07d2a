"""The course as a learner meets it: JupyterLab 4 in a real Chromium, driven by Playwright.

* every notebook opens, runs top to bottom without an error, and its first slider, moved
  with the keyboard, redraws the figure and updates the readout (a screenshot of each is
  kept in artifacts/browser/);
* in the learner's (blank) version, typing a wrong answer makes the check name the mistake,
  and typing a right one makes it pass;

Needs Debian's Chromium (``apt-get install chromium``). Without it these tests are skipped
with a message, except in CI (``CI=true``), where they are required.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tools.browser import (
    chromium,
    chromium_path,
    first_slider_explorer,
    jupyter_lab,
    move_slider,
    open_notebook,
    readout_shows,
    run_all,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "browser"
NOTEBOOKS = sorted(
    p.relative_to(ROOT / "notebooks").as_posix() for p in (ROOT / "notebooks").glob("*/*.ipynb")
)
VIEWPORT = {"width": 1280, "height": 1000}


def _require_chromium() -> str:
    path = chromium_path()
    if path:
        return path
    message = (
        "Chromium not found, so the browser tests cannot run. Install Debian's package"
        " (sudo apt-get install chromium) or point CHROMIUM at a Chromium binary."
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message + " In CI they are required: .ci/run installs Chromium.")
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    with chromium(_require_chromium()) as b:
        yield b


@pytest.fixture(scope="module")
def lab(tmp_path_factory, browser):
    """JupyterLab serving a copy of the course and the learner's release of 00_start_here."""
    from tools.workspace import build_release

    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", root / "course", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    build_release(root / "learner", only=["00_start_here"])
    with jupyter_lab(root) as server:
        yield server


def _shutdown_kernel(page) -> None:
    try:
        page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
    except Exception:
        pass


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


@pytest.mark.parametrize("relpath", NOTEBOOKS)
def test_notebook_runs_and_its_slider_redraws_the_figure(lab, browser, relpath):
    """Does the notebook run without an error in JupyterLab, and does moving its slider change
    the figure and the readout?"""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    shot = _artifact(relpath.replace("/", "__").replace(".ipynb", ".png"))
    try:
        open_notebook(page, lab, f"course/{relpath}")
        errors = run_all(page)
        assert errors == [], f"cells with errors: {errors}"
        assert (
            page.locator(
                ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'] .ansi-red-fg"
            ).count()
            == 0
        )
        explorer = first_slider_explorer(page)
        move = move_slider(page, explorer)
        page.screenshot(path=str(shot))
        assert move.figure_changed
        assert move.after != move.before, "the slider did not move"
        assert move.readout_after != move.readout_before
        assert readout_shows(move.readout_after, move.after), (move.after, move.readout_after)
    except Exception:
        page.screenshot(path=str(shot.with_name("FAILED-" + shot.name)))
        raise
    finally:
        _shutdown_kernel(page)
        context.close()


def _answer_cell_index(page) -> int:
    return page.evaluate(
        """() => window.jupyterapp.shell.currentWidget.content.widgets.findIndex(c =>
            c.model.type === 'code'
            && c.model.sharedModel.getSource().includes('raise NotImplementedError'))"""
    )


def _type_answer_and_check(page, index: int, code: str) -> None:
    page.evaluate(
        """async (i) => { const nb = window.jupyterapp.shell.currentWidget.content;
                         nb.activeCellIndex = i; await nb.scrollToItem(i, 'center'); }""",
        index,
    )
    cell = page.locator(".jp-Notebook .jp-Cell").nth(index)
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.type(code)
    page.keyboard.press("Shift+Enter")  # runs the answer, moves to the check
    page.keyboard.press("Shift+Enter")  # runs the check


def test_a_learner_types_an_answer_and_the_check_responds(lab, browser):
    """In the blank version, does a wrong answer get its mistake named, and a right one pass?"""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        open_notebook(page, lab, "learner/00_start_here/00_start_here.ipynb")
        index = _answer_cell_index(page)
        assert index > 0, "no exercise to fill in"
        page.evaluate(f"() => {{ window.jupyterapp.shell.currentWidget.content.activeCellIndex = {index}; }}")
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-above')")
        page.wait_for_function(
            "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'",
            timeout=60_000,
        )
        check_output = page.locator(".jp-Notebook .jp-Cell").nth(index + 1).locator(".course-check")

        _type_answer_and_check(page, index, "def squared_error(y_true, y_pred):\nreturn y_pred - y_true")
        check_output.wait_for(timeout=30_000)
        assert check_output.get_attribute("data-passed") == "false"
        assert "without squaring" in check_output.inner_text()
        page.screenshot(path=str(_artifact("learner__failing_check.png")))

        _type_answer_and_check(
            page, index, "def squared_error(y_true, y_pred):\nreturn (y_pred - y_true) ** 2"
        )
        page.locator(".jp-Notebook .jp-Cell").nth(index + 1).locator(
            ".course-check[data-passed='true']"
        ).wait_for(timeout=30_000)
        assert "Passed" in page.locator(".jp-Notebook .jp-Cell").nth(index + 1).inner_text()
        page.screenshot(path=str(_artifact("learner__passing_check.png")))
    finally:
        _shutdown_kernel(page)
        context.close()


#: One notebook per part whose first slider is dragged across its whole range.
DRAGGED = [
    "00_start_here/00_start_here.ipynb",
    "01_losses/01_loss_and_cost.ipynb",
    "02_optimization/03_momentum_nesterov.ipynb",
    "03_backprop/01_why_backprop.ipynb",
]


@pytest.mark.parametrize("relpath", DRAGGED)
def test_does_a_dragged_slider_stream_frames_and_end_on_its_final_position(lab, browser, relpath):
    """Dragged across its range, does the slider show a stream of figures, and is the last
    figure the one for where the slider stopped (the latest value wins)?"""
    from tools.browser import drag_slider

    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        open_notebook(page, lab, f"course/{relpath}")
        assert run_all(page) == []
        explorer = first_slider_explorer(page)
        drag = drag_slider(page, explorer)
        page.screenshot(path=str(_artifact("drag__" + relpath.replace("/", "__").replace(".ipynb", ".png"))))
        assert drag.frames >= 5, f"only {drag.frames} figures while dragging"
        assert readout_shows(drag.final_readout, drag.final_value), (drag.final_value, drag.final_readout)
    finally:
        _shutdown_kernel(page)
        context.close()
