"""What the class-scale nbgrader tests share: a course in a temporary folder, generated learners,
scores read from any gradebook, and a throw-away PostgreSQL server.

Nothing here names a notebook or a point total: parts are chosen, and expected points
computed, from the source notebooks' nbgrader metadata, since notebooks come and go.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


# ------------------------------------------------------------------ the parts, from their metadata


def parts() -> list[str]:
    return sorted(p.name for p in NOTEBOOKS.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def source_notebooks(part: str, notebooks: Path = NOTEBOOKS) -> list[Path]:
    return sorted(p for p in (notebooks / part).glob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def autograded_points(part: str, notebooks: Path = NOTEBOOKS) -> dict[str, float]:
    """{notebook name: points of its automatic tests} (code cells graded, not answers).

    Pass the ``notebooks`` folder of a test's course copy: the repository's may change meanwhile.
    """
    points = {}
    for path in source_notebooks(part, notebooks):
        nb = nbformat.read(path, as_version=4)
        points[path.stem] = sum(
            float(_meta(c).get("points", 0))
            for c in nb.cells
            if c.cell_type == "code" and _meta(c).get("grade") and not _meta(c).get("solution")
        )
    return points


def autograded_cells(part: str, notebooks: Path = NOTEBOOKS) -> list[tuple[str, str, float]]:
    """(notebook, grade_id, points) of the automatic tests."""
    found = []
    for path in source_notebooks(part, notebooks):
        nb = nbformat.read(path, as_version=4)
        for c in nb.cells:
            m = _meta(c)
            if c.cell_type == "code" and m.get("grade") and not m.get("solution"):
                found.append((path.stem, m["grade_id"], float(m.get("points", 0))))
    return found


def manual_cells(part: str, notebooks: Path = NOTEBOOKS) -> list[tuple[str, str, float]]:
    """(notebook, grade_id, points) of the answers graded by hand."""
    found = []
    for path in source_notebooks(part, notebooks):
        nb = nbformat.read(path, as_version=4)
        for c in nb.cells:
            m = _meta(c)
            if m.get("grade") and m.get("solution"):
                found.append((path.stem, m["grade_id"], float(m.get("points", 0))))
    return found


def smallest_part(condition: Callable[[str], bool] = lambda part: True) -> str:
    """The part with the fewest notebooks (then fewest automatic points) meeting ``condition``."""
    candidates = [p for p in parts() if condition(p)]
    if not candidates:
        pytest.fail("no part of the course fits this test's needs; see tests/classroom_helpers.py")
    return min(candidates, key=lambda p: (len(source_notebooks(p)), sum(autograded_points(p).values()), p))


# ------------------------------------------------------------------ nbgrader in a temporary course


def env(**extra: str) -> dict[str, str]:
    """The environment for nbgrader: this Python's bin first on the PATH (alembic, kernels)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER_", "COURSE_DB_URL"))}
    base["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    base.update(extra)
    return base


def nbgrader(cwd: Path, *args: str, environ: dict[str, str] | None = None, ok: bool = True):
    result = subprocess.run(
        [str(Path(sys.executable).parent / "nbgrader"), *args],
        cwd=cwd,
        env=environ or env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if ok:
        assert result.returncode == 0, (
            f"nbgrader {' '.join(args)}:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )
    return result


def new_course(
    folder: Path, part: str, environ: dict[str, str] | None = None, notebooks: int | None = None
) -> Path:
    """A course root in ``folder``: the repository's notebooks and config, ``part`` generated.

    ``notebooks=n`` keeps only the part's first n notebooks (by name), for a faster test of a
    route that needs several notebooks but not all of them.
    """
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(NOTEBOOKS, folder / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    if notebooks is not None:
        for extra in source_notebooks(part, folder / "notebooks")[notebooks:]:
            extra.unlink()
    shutil.copy(ROOT / "nbgrader_config.py", folder / "nbgrader_config.py")
    nbgrader(folder, "generate_assignment", part, "--force", environ=environ)
    return folder


# ------------------------------------------------------------------ learners


def answered(release: nbformat.NotebookNode, source: nbformat.NotebookNode, keep: Callable[[int], bool]):
    """The release notebook with the source's answer in the k-th answer cell wherever ``keep(k)``."""
    answers = {_meta(c).get("grade_id"): c.source for c in source.cells if _meta(c).get("solution")}
    k = 0
    for cell in release.cells:
        grade_id = _meta(cell).get("grade_id")
        if _meta(cell).get("solution") and grade_id in answers:
            if keep(k):
                cell.source = answers[grade_id] if cell.cell_type == "code" else "My answer, in my words."
            k += 1
    return release


VARIANTS: dict[str, Callable[[int, int], bool]] = {
    # (notebook index, answer index) -> answered?
    "reference": lambda i, k: True,
    "blank": lambda i, k: False,
    "first-notebook": lambda i, k: i == 0,
    "every-other-answer": lambda i, k: k % 2 == 0,
    "all-but-first-answer": lambda i, k: k > 0,
}


def write_submission(folder: Path, course: Path, part: str, variant: str) -> None:
    """The learner's copy of ``part`` (from the course's release) answered per ``variant``, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    keep = VARIANTS[variant]
    for i, path in enumerate(sorted((course / "release" / part).glob("*.ipynb"))):
        release = nbformat.read(path, as_version=4)
        source = nbformat.read(course / "notebooks" / part / path.name, as_version=4)
        nbformat.write(answered(release, source, lambda k, i=i: keep(i, k)), folder / path.name)


def generate_class(course: Path, part: str, size: int) -> dict[str, str]:
    """``size`` learners' submissions in ``course/submitted``, cycling through the variants."""
    names = list(VARIANTS)
    learners = {f"learner{i:02d}": names[i % len(names)] for i in range(size)}
    for student, variant in learners.items():
        write_submission(course / "submitted" / student / part, course, part, variant)
    return learners


# ------------------------------------------------------------------ gradebooks


def sqlite_url(course: Path) -> str:
    return f"sqlite:///{course / 'gradebook.db'}"


def scores(db_url: str, part: str) -> dict[str, dict[str, tuple]]:
    """{learner: {notebook/cell: (auto score, manual score, max score)}} of every submission of ``part``."""
    from nbgrader.api import Gradebook

    found: dict[str, dict[str, tuple]] = {}
    with Gradebook(db_url) as gb:
        assignment = gb.find_assignment(part)
        for submission in assignment.submissions:
            rows = found.setdefault(submission.student.id, {})
            for nb in submission.notebooks:
                for g in nb.grades:
                    key = f"{nb.name}/{g.name}"
                    assert key not in rows, f"{submission.student.id}'s grade {key} is there twice"
                    rows[key] = (g.auto_score, g.manual_score, g.max_score)
    return found


def auto_total(rows: dict[str, tuple]) -> float:
    return sum(auto or 0 for auto, _, _ in rows.values())


# ------------------------------------------------------------------ PostgreSQL


def require_postgres() -> None:
    """Skip (fail in CI, where .ci/run installs it) when no PostgreSQL server can be started here."""
    from tools.pgserver import available

    reason = available()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the PostgreSQL tests, but {reason}")
        pytest.skip(reason)
