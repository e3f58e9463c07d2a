"""Render the executed course to a static site, for readers without a kernel (``make html``).

    python -m tools.site [OUT_DIR]        # default: site/

Each notebook of ``notebooks/`` (stored with its outputs) becomes one HTML page, and
``index.html`` lists them in order. Every interactive figure shows its static default
image: the live-widget part of an explorer's output is dropped, so the PNG stored beside
it is what the page shows. Everything is local: images are embedded in the pages, and
MathJax is copied next to them from the ``jupyter-server-mathjax`` package, so the site
renders its formulas without a network.
"""

from __future__ import annotations

import html
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from tools.nbtools import WIDGET_MIME

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
_REQUIRE_JS = re.compile(r'<script src="[^"]*require(\.min)?\.js"></script>\s*')
# The MathJax copy on disk carries the STIX-Web fonts only (not the default TeX ones).
_MATH_FONTS = (
    '<script type="text/x-mathjax-config">\n'
    'MathJax.Hub.Config({"HTML-CSS": {availableFonts: [], preferredFont: null,'
    ' webFont: "STIX-Web", imageFont: null}});\n'
    "</script>\n"
)


def _static_outputs(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop the live-widget part of outputs that also carry an image."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_MIME in data:
                data.pop(WIDGET_MIME)
    nb.metadata.pop("widgets", None)
    return nb


def _title(nb: nbformat.NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def _mathjax(out_dir: Path) -> str:
    """Copy MathJax next to the pages; return the script URL relative to a part's folder."""
    import jupyter_server_mathjax

    source = Path(jupyter_server_mathjax.__file__).parent / "static"
    target = out_dir / "mathjax"
    if not target.exists():
        shutil.copytree(source, target)
    return "../mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"


def build(out_dir: Path = ROOT / "site") -> list[Path]:
    """Write the site; return the pages written (index first)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    exporter.mathjax_url = _mathjax(out_dir)
    pages, entries = [], []
    for path in sorted(NOTEBOOKS.glob("*/*.ipynb")):
        nb = _static_outputs(nbformat.read(path, as_version=4))
        title = _title(nb, path.stem)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
        body = _REQUIRE_JS.sub("", body)  # only needed by live widgets, which a static page has none of
        body = body.replace(
            f'<script src="{exporter.mathjax_url}"', _MATH_FONTS + f'<script src="{exporter.mathjax_url}"', 1
        )
        page = out_dir / path.parent.name / f"{path.stem}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(body, encoding="utf-8")
        pages.append(page)
        entries.append((path.parent.name, page.relative_to(out_dir).as_posix(), title))
    index = out_dir / "index.html"
    index.write_text(_index(entries), encoding="utf-8")
    return [index] + pages


def _index(entries: list[tuple[str, str, str]]) -> str:
    rows, current = [], None
    for part, href, title in entries:
        if part != current:
            if current is not None:
                rows.append("</ol>")
            rows.append(f"<h2>{html.escape(part.replace('_', ' ', 1).replace('_', ' '))}</h2><ol>")
            current = part
        rows.append(f'<li><a href="{html.escape(href)}">{html.escape(title)}</a></li>')
    rows.append("</ol>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>How neural networks learn</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
        "a{color:#0072B2}</style></head><body>"
        "<h1>How neural networks learn</h1>"
        "<p>Losses, gradient descent and backpropagation from the ground up in NumPy. These pages are"
        " the executed notebooks, readable without Python; every interactive figure shows its default"
        " state. To move the sliders and do the exercises, run the course: <code>make lab</code>.</p>"
        + "\n".join(rows)
        + "</body></html>\n"
    )


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "site"
    pages = build(out)
    print(f"{len(pages)} pages written to {out}/ (open {out / 'index.html'})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
