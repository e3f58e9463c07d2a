"""Authoring and executing the course's notebooks.

The notebooks in ``notebooks/`` are the single source of truth. This module only helps to
write cells with the right nbgrader metadata and to re-execute notebooks in place (so the
stored outputs match the code). Use it from Python::

    from tools.nbtools import md, code, solution, tests, free_response, new_notebook, execute

or from the shell::

    python -m tools.nbtools execute notebooks/01_losses/01_loss_and_cost.ipynb   # one
    python -m tools.nbtools execute                                               # all

Cell kinds (nbgrader's schema version 3):

* ``md``/``code``: ordinary cells, read-only for nbgrader (``locked``) when ``locked=True``;
* ``solution``: an autograded answer cell; the reference solution goes between
  ``### BEGIN SOLUTION`` and ``### END SOLUTION`` and is replaced in the learner's release;
* ``tests``: a grade cell with points; its visible part is the course's check, hidden
  tests go between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``;
* ``free_response``: a manually graded markdown answer with points.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def _meta(
    grade_id: str,
    *,
    grade: bool,
    solution: bool,
    locked: bool,
    points: float | None = None,
    task: bool = False,
) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": task,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def md(text: str, grade_id: str | None = None) -> nbformat.NotebookNode:
    """A markdown cell (locked for nbgrader when it has a ``grade_id``)."""
    cell = nbformat.v4.new_markdown_cell(text.strip("\n"))
    if grade_id:
        cell.metadata.update(_meta(grade_id, grade=False, solution=False, locked=True))
    return cell


def code(source: str, grade_id: str | None = None) -> nbformat.NotebookNode:
    """A code cell (locked for nbgrader when it has a ``grade_id``)."""
    cell = nbformat.v4.new_code_cell(source.strip("\n"))
    if grade_id:
        cell.metadata.update(_meta(grade_id, grade=False, solution=False, locked=True))
    return cell


def solution(source: str, grade_id: str) -> nbformat.NotebookNode:
    """An autograded answer cell; ``source`` holds the BEGIN/END SOLUTION markers."""
    if "### BEGIN SOLUTION" not in source or "### END SOLUTION" not in source:
        raise ValueError(f"solution cell {grade_id!r} needs ### BEGIN SOLUTION / ### END SOLUTION")
    cell = nbformat.v4.new_code_cell(source.strip("\n"))
    cell.metadata.update(_meta(grade_id, grade=False, solution=True, locked=False))
    return cell


def tests(source: str, grade_id: str, points: float) -> nbformat.NotebookNode:
    """A grade cell worth ``points``: the visible check, then optional hidden tests."""
    cell = nbformat.v4.new_code_cell(source.strip("\n"))
    cell.metadata.update(_meta(grade_id, grade=True, solution=False, locked=True, points=points))
    return cell


def free_response(model_answer: str, grade_id: str, points: float) -> nbformat.NotebookNode:
    """A manually graded markdown answer cell worth ``points``.

    ``model_answer`` is the instructor's answer; the learner's release replaces the whole
    cell with "YOUR ANSWER HERE". Put the question in a markdown cell just before it.
    """
    cell = nbformat.v4.new_markdown_cell(model_answer.strip("\n"))
    cell.metadata.update(_meta(grade_id, grade=True, solution=True, locked=False, points=points))
    return cell


def new_notebook(cells: list) -> nbformat.NotebookNode:
    """A notebook with the course's kernel and language metadata."""
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["language_info"] = {"name": "python", "version": "3.11"}
    return nb


def run(
    nb: nbformat.NotebookNode, folder: str | os.PathLike, *, timeout: int = 120, **options: object
) -> nbformat.NotebookNode:
    """Run ``nb`` top to bottom in a fresh kernel started in ``folder``, filling in its outputs.

    ``options`` go to nbclient's ``NotebookClient`` (``allow_errors=True`` runs on past a
    failing cell); a failing cell raises ``CellExecutionError`` otherwise. Returns ``nb``.
    """
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(folder)}}, **options
    )
    client.execute()
    return nb


def execute(path: str | os.PathLike, timeout: int = 120) -> float:
    """Run a notebook top to bottom in a fresh kernel and store its outputs; return seconds."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    # the outputs carry a static image; widget state would only bloat the file
    run(nb, path.parent, timeout=timeout, store_widget_state=False)
    seconds = time.perf_counter() - start
    # Keep the stored notebook small and stable: no execution timing metadata.
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for out in cell.get("outputs", []):
            # An explorer's output carries a live widget and its static PNG. Stored without a
            # kernel, only the PNG can be shown, and the widget's random model id would make
            # every re-execution a diff: keep the PNG.
            data = out.get("data", {})
            if WIDGET_MIME in data and "image/png" in data:
                del data[WIDGET_MIME]
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return seconds


def course_notebooks() -> list[Path]:
    """Every notebook of the course, in teaching order."""
    return sorted(p for p in NOTEBOOKS.glob("*/*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "execute":
        print(__doc__)
        return 2
    paths = [Path(p) for p in argv[1:]] or course_notebooks()
    for p in paths:
        print(f"{execute(p):6.2f} s  {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
