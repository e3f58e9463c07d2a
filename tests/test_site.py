"""The course as a book to read: the static site that ``make html`` builds (Sphinx, myst-nb).

Built once from the stored notebooks, served on loopback, and read in Chromium: every page
loads without a console error and without a request leaving the machine, every image is
there with its alt text, formulas are typeset, previous/next lead from the first page to
the last, and the search finds the notebook that teaches Nesterov's momentum.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from tools.site import EXPLORER_CAPTION, build, page_title

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*/*.ipynb"))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("site")
    return build(out, source=tmp_path_factory.mktemp("site-src"))


@contextlib.contextmanager
def _serve(root: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# ------------------------------------------------------------------ without a browser


@pytest.mark.parametrize(
    ("path", "heading", "title"),
    [
        ("02_optimization/03_momentum_nesterov.ipynb", "Momentum and Nesterov's look-ahead", None),
        ("01_losses/02_regression_losses.ipynb", "Part 1 · 2. Regression losses", None),
        ("03_backprop/01_why_backprop.ipynb", "Part 3: 1. Why backpropagation", None),
    ],
)
def test_does_every_page_title_take_one_form(path, heading, title):
    got = page_title(Path("notebooks") / path, heading)
    assert re.fullmatch(r"Part [123] · \d+\. \S.*", got), got
    assert got.endswith(heading.split(". ")[-1].split(": ")[-1])


def test_does_the_site_have_a_page_per_notebook_and_the_reference_pages(site):
    names = [p.relative_to(site[0].parent).as_posix() for p in site]
    assert names[0] == "index.html"
    assert len(names) == 1 + len(NOTEBOOKS) + 2
    assert names[-2:] == ["notation.html", "instructors.html"]
    assert all(p.exists() for p in site), [p for p in site if not p.exists()]


def test_has_every_image_alt_text(site):
    for page in site:
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<img\b[^>]*>", html):
            alt = re.search(r'alt="([^"]*)"', tag)
            assert alt and alt.group(1).strip(), f"{page.name}: an image without alt text: {tag[:120]}"


def test_does_every_explorer_cell_say_what_moving_its_controls_shows():
    """Each explorer's cell carries a caption (``cell.metadata["caption"]``) that the site prints."""
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            text = "".join("".join(o.get("data", {}).get("text/plain", "")) for o in cell.get("outputs", []))
            if "interactive with a running kernel" in text:
                caption = cell.metadata.get("caption", "")
                assert caption.startswith(("Move", "Choose", "Step")), f"{path.name}: {caption!r}"


def test_does_every_explorer_image_have_a_caption(site):
    pages = [p for p in site if "/notebooks/" in p.as_posix()]
    explorers = sum(p.read_text(encoding="utf-8").count(EXPLORER_CAPTION) for p in pages)
    assert explorers >= len(NOTEBOOKS)  # at least one explorer per notebook


def test_does_nothing_on_the_site_point_at_a_cdn(site):
    root = site[0].parent
    for page in site:
        html = page.read_text(encoding="utf-8")
        for src in re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="(https?:)?//[^"]*"', html):
            pytest.fail(f"{page.relative_to(root)} loads {src} from the network")


# ------------------------------------------------------------------ in Chromium


@pytest.fixture(scope="module")
def served(site):
    with _serve(site[0].parent) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from tests.test_browser import _require_chromium
    from tools.browser import chromium

    with chromium(_require_chromium()) as b:
        yield b


def _open(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on(
        "request",
        lambda r: (
            problems.append(f"request off the machine: {r.url}")
            if not r.url.startswith(url) and not r.url.startswith(("data:", "blob:", "about:"))
            else None
        ),
    )
    return context, page, problems


@pytest.mark.browser
def test_does_every_page_load_cleanly_with_its_images_and_formulas(browser, served, site):
    context, page, problems = _open(browser, served)
    root = site[0].parent
    try:
        for path in site:
            rel = path.relative_to(root).as_posix()
            page.goto(f"{served}/{rel}", wait_until="load")
            if page.locator("script[src*='tex-svg']").count():  # Sphinx adds MathJax where there is math
                page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
                page.evaluate("() => MathJax.startup.promise.then(() => true)")
                assert page.locator("mjx-container").count() > 0, f"{rel}: formulas were not typeset"
            broken = page.evaluate(
                "() => Array.from(document.images)"
                ".filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
            )
            assert not broken, f"{rel}: images that did not load: {broken}"
        assert not problems, "\n".join(problems)
    finally:
        context.close()


@pytest.mark.browser
def test_does_next_lead_from_the_first_page_to_the_last(browser, served, site):
    context, page, problems = _open(browser, served)
    root = site[0].parent
    expected = [p.relative_to(root).as_posix() for p in site]
    try:
        page.goto(f"{served}/index.html")
        visited = ["index.html"]
        for _ in range(len(expected) + 2):
            nxt = page.locator("a.right-next")
            if nxt.count() == 0:
                break
            nxt.first.click()
            page.wait_for_load_state("load")
            visited.append(page.url.removeprefix(served + "/").split("#")[0])
        assert visited == expected
        sidebar = page.locator(".bd-sidebar-primary a.reference.internal")
        assert sidebar.count() >= len(NOTEBOOKS), "the sidebar does not list every notebook"
        assert not problems, "\n".join(problems)
    finally:
        context.close()


@pytest.mark.browser
def test_does_a_search_for_nesterov_find_the_momentum_notebook(browser, served):
    context, page, problems = _open(browser, served)
    try:
        page.goto(f"{served}/search.html?q=Nesterov")
        results = page.locator("#search-results ul.search li a")
        results.first.wait_for(timeout=30_000)
        hrefs = results.evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert any("03_momentum_nesterov" in h for h in hrefs), hrefs
        assert not problems, "\n".join(problems)
    finally:
        context.close()
