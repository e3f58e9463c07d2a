"""The learner's own copy of the exercises, for self-study (``make lab``).

The learner's version of each notebook is exactly what an instructor releases to a class:
nbgrader's ``generate_assignment`` applied to the single-source notebooks (no solutions,
no hidden tests, no outputs). :func:`build_release` makes it in a scratch course folder, so
the repository's own gradebook is not touched. :func:`main` copies it into ``workspace/``,
adding notebooks that are missing and never overwriting one: the learner's work is safe
across ``make lab`` runs and course updates.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
WORKSPACE = ROOT / "workspace"


def parts(source: Path = NOTEBOOKS) -> list[str]:
    """The assignments: one folder of notebooks per part, in order."""
    return sorted(p.name for p in source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def build_release(out_dir: Path, source: Path = NOTEBOOKS, only: list[str] | None = None) -> Path:
    """Generate the student release of every part (or of ``only``) into ``out_dir``/<part>/."""
    # nbgrader runs helper programs (alembic) that live next to this Python.
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    with tempfile.TemporaryDirectory(prefix="course-release-") as tmp:
        course = Path(tmp)
        shutil.copytree(source, course / "source", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        config = Config()
        config.CourseDirectory.root = str(course)
        config.CourseDirectory.source_directory = "source"
        config.Exchange.root = str(course / "exchange")
        api = NbGraderAPI(CourseDirectory(config=config), config=config)
        for part in only or parts(source):
            result = api.generate_assignment(part, force=True, create=True)
            if not result["success"]:
                raise RuntimeError(
                    f"nbgrader could not release {part}:\n{result['log']}\n{result.get('error', '')}"
                )
        out_dir.mkdir(parents=True, exist_ok=True)
        for part_dir in sorted((course / "release").iterdir()):
            shutil.copytree(part_dir, out_dir / part_dir.name, dirs_exist_ok=True)
    return out_dir


def main() -> int:
    missing = [
        nb
        for nb in sorted(NOTEBOOKS.glob("*/*.ipynb"))
        if not (WORKSPACE / nb.relative_to(NOTEBOOKS)).exists()
    ]
    if not missing:
        print(f"Your exercises are in {WORKSPACE.relative_to(ROOT)}/ (nothing new to add).")
        return 0
    with tempfile.TemporaryDirectory(prefix="course-workspace-") as tmp:
        fresh = build_release(Path(tmp))
        added = []
        for nb in sorted(fresh.glob("*/*.ipynb")):
            target = WORKSPACE / nb.relative_to(fresh)
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(nb, target)
                added.append(str(target.relative_to(ROOT)))
    if added:
        print("Your exercises (your copy; make lab never overwrites it):")
        print("\n".join(f"  {a}" for a in added))
    else:
        print(f"Your exercises are in {WORKSPACE.relative_to(ROOT)}/ (nothing new to add).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
