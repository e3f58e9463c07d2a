"""The scan never punishes honest code (issue 12, §3).

Each honest but unusual answer of ``tests/answers/honest.py`` is put into the real part-0
notebook, in memory, in place of the solution: the scan flags none, and the answer passes
the exercise exactly as the reference does (the nbgrader round trip grades the same
notebooks end to end). Each trick, by contrast, is flagged with its line and the reason.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import matplotlib
import nbformat
import pytest

from course_utils.checks.engine import run
from course_utils.checks.registry import exercise
from course_utils.grading.nbgrader_plugins import scan_notebook
from course_utils.grading.scan import scan_source
from tests.answers.honest import HONEST

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
START = ROOT / "notebooks" / "00_start_here" / "00_start_here.ipynb"


def notebook_with(answer: str) -> nbformat.NotebookNode:
    """The part-0 notebook, in memory, with ``answer`` as the learner's solution cell."""
    nb = copy.deepcopy(nbformat.read(START, as_version=4))
    cells = [
        c
        for c in nb.cells
        if c.cell_type == "code"
        and c.metadata.get("nbgrader", {}).get("solution")
        and re.search(r"^def squared_error\(", c.source, re.M)
    ]
    assert len(cells) == 1
    cells[0].source = answer
    return nb


@pytest.mark.parametrize("name", sorted(HONEST))
def test_honest_code_is_never_flagged(name):
    """Is this honest but unusual answer left unflagged by the grading scan?"""
    assert scan_notebook(notebook_with(HONEST[name])) == []


@pytest.mark.parametrize("name", sorted(HONEST))
def test_honest_code_earns_what_the_reference_earns(name):
    """Does this honest answer pass the exercise, as the reference does?"""
    namespace: dict = {}
    exec(compile(HONEST[name], f"<{name}>", "exec"), namespace)
    report = run(exercise("squared_error"), namespace["squared_error"])
    assert report.passed, report.text()


TRICKS = {
    "inspect.currentframe": ("import inspect\nf = inspect.currentframe().f_back", 2, "frames"),
    "a frame through a traceback": (
        "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    g = e.__traceback__.tb_frame.f_back.f_globals",
        4,
        "frame",
    ),
    "profiler off": ("import sys\nsys.setprofile(None)", 2, "profiler"),
    "profiler by name": ("import sys\ngetattr(sys, 'setprofile')(None)", 2, "by name"),
    "input history": ("secret = In[-1]", 1, "history"),
    "os.environ": ("import os\nx = os.environ.get('NBGRADER_EXECUTION')", 2, "environment"),
}


@pytest.mark.parametrize("name", sorted(TRICKS))
def test_a_flag_names_the_line_and_why(name):
    """Does each flag give the line, its code, and the reason in words?"""
    source, line, why = TRICKS[name]
    findings = scan_source(source)
    assert findings, name
    assert any(f.line == line and f.code and why in f.what for f in findings), findings
    assert f"line {line}:" in str(findings[0]) or any(f"line {line}:" in str(f) for f in findings)
