"""The instructor's integrity report: which autograded submissions were flagged, and why.

    python -m course_utils.grading.report [COURSE_DIR]     # or: make integrity-report

reads ``COURSE_DIR/autograded/<student>/<assignment>/*.ipynb`` (nbgrader's layout), prints
one line per flagged notebook and writes ``COURSE_DIR/integrity_report.csv``. A flagged
notebook earned no automatic points; after reviewing it, the instructor accepts it with
``make accept STUDENT=... PART=...`` (:mod:`.accept`), which regrades it normally.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from .nbgrader_plugins import INTEGRITY_ENAME

__all__ = ["flagged_notebooks", "main"]


def flagged_notebooks(course_dir: Path) -> list[dict[str, str]]:
    """One row per flagged autograded notebook: student, assignment, notebook, findings."""
    rows = []
    for path in sorted((course_dir / "autograded").glob("*/*/*.ipynb")):
        student, assignment = path.parent.parent.name, path.parent.name
        nb = json.loads(path.read_text())
        for cell in nb.get("cells", []):
            errors = [
                o
                for o in cell.get("outputs", [])
                if o.get("output_type") == "error" and o.get("ename") == INTEGRITY_ENAME
            ]
            if errors:
                findings = [line.strip() for line in errors[0]["evalue"].splitlines()[1:]]
                rows.append(
                    {
                        "student": student,
                        "assignment": assignment,
                        "notebook": path.stem,
                        "findings": " | ".join(findings),
                    }
                )
                break
    return rows


def main(argv: list[str]) -> int:
    course_dir = Path(argv[0]) if argv else Path.cwd()
    rows = flagged_notebooks(course_dir)
    out = course_dir / "integrity_report.csv"
    with out.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["student", "assignment", "notebook", "findings"])
        writer.writeheader()
        writer.writerows(rows)
    for row in rows:
        print(f"{row['student']}/{row['assignment']}/{row['notebook']}: {row['findings']}")
    print(f"{len(rows)} flagged notebook(s); report written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
