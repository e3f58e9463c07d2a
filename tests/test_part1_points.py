"""Do the points that part 1's notebooks state match the points their grade cells carry?"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

PART = Path(__file__).resolve().parent.parent / "notebooks" / "01_losses"
NOTEBOOKS = sorted(PART.glob("*.ipynb"))


def _graded_points(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    return sum(
        c.metadata.get("nbgrader", {}).get("points", 0)
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade")
    )


def _intro(path: Path) -> str:
    return nbformat.read(path, as_version=4).cells[0].source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_states_the_points_of_its_grade_cells(path):
    """Is the number in the introduction's "Points" the sum of the notebook's grade cells?"""
    match = re.search(r"\*\*Points: (\d+)\.\*\*|worth \*\*(\d+) points\*\*", _intro(path))
    assert match, f"{path.name}: the introduction states no points"
    assert int(match.group(1) or match.group(2)) == _graded_points(path)


def test_the_first_notebook_states_the_part_total_and_each_notebook():
    """Does 01's table list every notebook of the part with its points, and the right total?"""
    intro = _intro(NOTEBOOKS[0])
    total = re.search(r"Part 1 as a whole is worth \*\*(\d+) points\*\*", intro)
    assert total and int(total.group(1)) == sum(_graded_points(p) for p in NOTEBOOKS)
    rows = dict(re.findall(r"\| `(\d\d_\w+)` \| (\d+)", intro))
    assert rows == {p.stem: str(int(_graded_points(p))) for p in NOTEBOOKS}


def test_grade_ids_are_unique_across_the_part():
    """Is every answer and grade cell's id used once in the whole part (nbgrader keys on it)?"""
    seen: dict[str, str] = {}
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") or meta.get("solution"):
                assert meta["grade_id"] not in seen, (
                    f"{meta['grade_id']} in {seen.get(meta['grade_id'])} and {path.name}"
                )
                seen[meta["grade_id"]] = path.name
