"""Can a learner re-run every notebook of the course, whatever they wrote?

Each notebook runs three ways. With the reference solutions it is what nbval executes and
compares with the stored outputs. Here it is executed twice more in a fresh kernel: with
every answer blank (the solution replaced by ``raise NotImplementedError()``, or a predicted
value by ``None``) and
with every answer wrong (functions return 0.0, predictions the string "wrong"). Apart from
the answer cells and their check cells, every cell must run without error and print what
the stored notebook prints: no demo cell may depend on the learner's answer.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from tools.nbtools import run

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*/*.ipynb"))
pytestmark = pytest.mark.notebooks
SOLUTION = re.compile(r"([ \t]*### BEGIN SOLUTION\n)(.*?)[ \t]*### END SOLUTION", re.S)


def _answer(mode: str):
    """The replacement of one solution region, blank or wrong."""

    def replace(match: re.Match) -> str:
        indent = re.match(r"[ \t]*", match.group(1)).group(0)
        lines = [line for line in match.group(2).splitlines() if line.strip()]
        names = [re.match(r"^(\w+)\s*=", line) for line in lines]
        if lines and all(names) and not indent:  # a prediction: answer_x = ...
            value = "None" if mode == "blank" else '"wrong"'
            body = "".join(f"{name.group(1)} = {value}\n" for name in names)
        else:
            body = indent + ("raise NotImplementedError()" if mode == "blank" else "return 0.0") + "\n"
        return match.group(1) + body + indent + "### END SOLUTION"

    return replace


def _with_answers(nb: nbformat.NotebookNode, mode: str) -> nbformat.NotebookNode:
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source, count = SOLUTION.subn(_answer(mode), cell.source)
            assert count == 1, f"no solution region in {cell.source[:80]!r}"
    return nb


def _text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type == "error":
            parts.append(f"ERROR {out.ename}: {out.evalue}")
        elif "data" in out:
            parts.append(out.data.get("text/plain", ""))
    return "".join(parts)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
@pytest.mark.parametrize("mode", ["blank", "wrong"])
def test_demo_cells_run_and_show_the_course_numbers_whatever_the_answers(path, mode):
    """With blank or wrong answers, does every demo cell still run and print what it printed?"""
    stored = nbformat.read(path, as_version=4)
    nb = _with_answers(stored, mode)
    run(nb, path.parent, allow_errors=True)
    problems = []
    for i, (cell, ref) in enumerate(zip(nb.cells, stored.cells)):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or meta.get("solution") or meta.get("grade"):
            continue
        got = _text(cell)
        if "ERROR" in got:
            problems.append(f"cell {i} ({meta.get('grade_id')}) failed: {got[-300:]}")
        elif got != _text(ref) and "NBVAL_IGNORE_OUTPUT" not in cell.source:  # timings
            problems.append(f"cell {i} ({meta.get('grade_id')}) printed something else: {got[:200]!r}")
    graded_failures = sum(
        "ERROR" in _text(c) for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")
    )
    assert not problems, "\n".join(problems)
    # the answers really were replaced: every check of a function or prediction now fails
    n_checks = sum(
        1 for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")
    )
    assert graded_failures == n_checks
