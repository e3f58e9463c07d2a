"""Driving the course in a real browser: JupyterLab on loopback, Chromium via Playwright.

Shared by the browser tests (``tests/test_browser.py``) and the benchmark
(``benchmarks/run.py``), so both measure the same thing. Everything here starts what it
needs and cleans up after itself, also when something fails.

Chromium is Debian's package (``apt-get install chromium``); Playwright's own browser
download is not used.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    """Path of the system's Chromium, or None."""
    for candidate in (
        os.environ.get("CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lab:
    """A running JupyterLab: its base URL, token and root folder."""

    url: str
    token: str
    root: Path

    def tree_url(self, relpath: str) -> str:
        # ?reset: start from an empty workspace, without the tabs an earlier page left open
        return f"{self.url}/lab/tree/{relpath}?reset&token={self.token}"


@contextlib.contextmanager
def jupyter_lab(root: Path, *, timeout: float = 60.0) -> Iterator[Lab]:
    """Start JupyterLab on 127.0.0.1 serving ``root``; stop it (and its kernels) on exit."""
    port, token = _free_port(), secrets.token_hex(16)
    state = Path(tempfile.mkdtemp(prefix="course-lab-state-"))
    settings = state / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    # No news or update checks: they would reach for the network and pop up over the notebook.
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    env = dict(
        os.environ,
        JUPYTERLAB_SETTINGS_DIR=str(state / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(state / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(state / "runtime"),
        PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
    )
    cmd = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--expose-app-in-browser",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(state / "lab.log", "w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    lab = Lab(f"http://127.0.0.1:{port}", token, root)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early:\n{(state / 'lab.log').read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{lab.url}/api/status?token={token}", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"JupyterLab did not start in {timeout:g} s:\n{(state / 'lab.log').read_text()[-3000:]}"
                )
            time.sleep(0.3)
        yield lab
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        log.close()
        shutil.rmtree(state, ignore_errors=True)


@contextlib.contextmanager
def chromium(executable: str) -> Iterator[object]:
    """A headless Chromium driven by Playwright; closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# ------------------------------------------------------------------ notebook driving

_KERNEL_IDLE = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle';
}"""

_ALL_RUN = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const cells = w.content.widgets.filter(
    c => c.model.type === 'code' && c.model.sharedModel.getSource().trim());
  const k = w.sessionContext.session.kernel;
  return k.status === 'idle' && cells.every(c => c.model.executionCount !== null);
}"""

_ERRORS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const found = [];
  w.content.widgets.forEach((c, i) => {
    if (c.model.type !== 'code') return;
    for (const o of c.model.outputs.toJSON()) {
      if (o.output_type === 'error')
        found.push({cell: i + 1, ename: o.ename, evalue: String(o.evalue).slice(0, 300)});
    }
  });
  return found;
}"""


def open_notebook(page, lab: Lab, relpath: str, *, timeout_ms: int = 90_000) -> None:
    """Open a notebook and wait for its kernel to be ready."""
    page.goto(lab.tree_url(relpath))
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", timeout=timeout_ms)
    page.wait_for_function(_KERNEL_IDLE, timeout=timeout_ms)


def run_all(page, *, timeout_ms: int = 180_000) -> list[dict]:
    """Run every cell; wait for the kernel to finish; return the error outputs (cell, ename, evalue)."""
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(_ALL_RUN, timeout=timeout_ms, polling=250)
    return page.evaluate(_ERRORS)


def _numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?", text)]


@dataclass
class SliderMove:
    """What moving one slider did."""

    before: float
    after: float
    readout_before: str
    readout_after: str
    figure_changed: bool
    seconds: float  # from the key press to the new figure in the page


def first_slider_explorer(page, *, timeout_ms: int = 30_000):
    """The first explorer (on the page) that has a slider, once its widget has rendered."""
    explorers = page.locator(".course-explorer:has(.noUi-handle)")
    try:
        explorers.first.wait_for(state="attached", timeout=timeout_ms)
    except Exception:
        raise AssertionError("no explorer with a slider found on the page") from None
    return explorers.first


def move_slider(page, explorer, *, key: str = "ArrowRight", timeout_ms: int = 10_000) -> SliderMove:
    """Press ``key`` on the explorer's first slider handle, as a person would; wait for the new figure."""
    explorer.scroll_into_view_if_needed()
    handle = explorer.locator(".noUi-handle").first
    value_box = explorer.locator(".widget-readout").first
    image = explorer.locator(".course-figure").first
    readout = explorer.locator(".course-readout").first
    before_src, before_text = image.get_attribute("src"), readout.inner_text()
    before_value = _numbers(value_box.inner_text())
    handle.focus()
    start = time.perf_counter()
    page.keyboard.press(key)
    page.wait_for_function(
        "([el, src]) => el.getAttribute('src') !== src",
        arg=[image.element_handle(), before_src],
        timeout=timeout_ms,
        polling="raf",
    )
    seconds = time.perf_counter() - start
    page.wait_for_function(
        "([el, t]) => el.innerText !== t", arg=[readout.element_handle(), before_text], timeout=timeout_ms
    )
    after_value = _numbers(value_box.inner_text())
    return SliderMove(
        before=before_value[0] if before_value else float("nan"),
        after=after_value[0] if after_value else float("nan"),
        readout_before=before_text,
        readout_after=readout.inner_text(),
        figure_changed=image.get_attribute("src") != before_src,
        seconds=seconds,
    )


def readout_shows(readout: str, value: float) -> bool:
    """Does the readout text show ``value`` (to the precision it prints)?"""
    for n in _numbers(readout):
        if abs(n - value) <= max(0.0051, 1e-3 * abs(value)):
            return True
    return False


_COUNT_FRAMES = """(el) => {
  window.__courseFrames = [];
  const seen = new Set([el.getAttribute('src')]);
  const observer = new MutationObserver(() => {
    const src = el.getAttribute('src');
    if (!seen.has(src)) { seen.add(src); window.__courseFrames.push(performance.now()); }
  });
  observer.observe(el, {attributes: true, attributeFilter: ['src']});
  window.__courseObserver = observer;
}"""


@dataclass
class Drag:
    """What dragging a slider across its whole range did."""

    seconds: float  # from pressing the mouse to the last new figure
    frames: int  # distinct figures shown while dragging
    final_readout: str
    final_value: float

    @property
    def frames_per_second(self) -> float:
        return self.frames / self.seconds if self.seconds > 0 else 0.0


def drag_slider(page, explorer, *, seconds: float = 2.0, steps: int = 60, settle_ms: int = 3000) -> Drag:
    """Drag the explorer's first slider from one end of its track to the other, as a hand would.

    The mouse moves in ``steps`` even steps over about ``seconds``; every distinct figure the
    page shows meanwhile is counted, and the drag ends when the figure for the final position
    has arrived (no new figure for ``settle_ms``).
    """
    explorer.scroll_into_view_if_needed()
    handle = explorer.locator(".noUi-handle").first
    track = explorer.locator(".noUi-target").first
    image = explorer.locator(".course-figure").first
    value_box = explorer.locator(".widget-readout").first
    # JupyterLab lays cells out as they render: let the page settle, then measure right
    # where the mouse will press (a stale position selects the text of another cell).
    handle.hover()
    page.wait_for_timeout(300)
    handle.hover()
    box, hbox = track.bounding_box(), handle.bounding_box()
    y = hbox["y"] + hbox["height"] / 2
    page.evaluate(_COUNT_FRAMES, image.element_handle())
    start_ms = page.evaluate("() => performance.now()")
    page.mouse.move(hbox["x"] + hbox["width"] / 2, y)
    page.mouse.down()
    for k in range(1, steps + 1):  # to the left end, then across to the right end
        x = box["x"] + box["width"] * (k / steps)
        page.mouse.move(x, y)
        page.wait_for_timeout(1000 * seconds / steps)
    page.mouse.up()
    last = -1
    while True:  # wait until the figures stop arriving
        page.wait_for_timeout(settle_ms)
        frames = page.evaluate("() => window.__courseFrames.slice()")
        if len(frames) == last:
            break
        last = len(frames)
    page.evaluate("() => window.__courseObserver.disconnect()")
    value = _numbers(value_box.inner_text())
    return Drag(
        seconds=((frames[-1] if frames else start_ms) - start_ms) / 1000,
        frames=len(frames),
        final_readout=explorer.locator(".course-readout").first.inner_text(),
        final_value=value[0] if value else float("nan"),
    )
