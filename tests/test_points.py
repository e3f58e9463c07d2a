"""Do the README's points table and the notebooks' nbgrader metadata agree?

Each part is one nbgrader assignment; its points are the sum of its grade cells' points,
autograded (code cells) and graded by hand (markdown answers). The README states them for
instructors; a notebook added or an exercise re-weighted must change the table too.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def _points() -> tuple[Counter, Counter, Counter]:
    total, auto, notebooks = Counter(), Counter(), Counter()
    for path in sorted((ROOT / "notebooks").glob("*/*.ipynb")):
        part = path.parent.name
        notebooks[part] += 1
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and "points" in meta:
                total[part] += meta["points"]
                if cell.cell_type == "code":
                    auto[part] += meta["points"]
    return total, auto, notebooks


def test_does_the_readme_state_each_parts_notebooks_and_points():
    total, auto, notebooks = _points()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for part in total:
        row = re.search(rf"^\| `{part}` \| (\d+) \| (\d+)(?: \((\d+) \+ (\d+)\))?", readme, re.M)
        assert row, f"the README's points table has no row for {part}"
        n, points, by_auto, by_hand = row.groups()
        assert int(n) == notebooks[part], f"{part}: README says {n} notebooks, there are {notebooks[part]}"
        assert int(points) == total[part], (
            f"{part}: README says {points} points, the notebooks {total[part]:g}"
        )
        if by_auto is not None:
            assert (int(by_auto), int(by_hand)) == (auto[part], total[part] - auto[part]), part
