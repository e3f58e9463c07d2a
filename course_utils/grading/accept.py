"""The instructor's last word: accept a flagged submission after review, and regrade it.

    python -m course_utils.grading.accept STUDENT PART [COURSE_DIR]
    make accept STUDENT=ann PART=01_losses

adds ``(STUDENT, PART)`` to ``COURSE_DIR/integrity_accepted.csv`` (with the time and the
reviewer's user name) and runs ``nbgrader autograde PART --student STUDENT --force``. The
scan's findings for that submission are then only logged: its cells run as written, it is
graded normally, and it leaves the integrity report. A record that its hidden test did not
write still never counts: acceptance lifts the flag, not the rule.
"""

from __future__ import annotations

import csv
import datetime
import getpass
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["ACCEPTED_FILE", "accept", "main"]

#: Where the accepted submissions are listed, in the course folder.
ACCEPTED_FILE = "integrity_accepted.csv"
_FIELDS = ["student", "assignment", "accepted_at", "accepted_by"]


def accept(course_dir: Path, student: str, assignment: str) -> Path:
    """Record that ``student``'s ``assignment`` was reviewed and accepted; return the file."""
    if not student or not assignment or "," in student + assignment:
        raise ValueError("give a student id and an assignment (PART) name, without commas")
    path = Path(course_dir) / ACCEPTED_FILE
    new = not path.exists()
    with path.open("a", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=_FIELDS)
        if new:
            writer.writeheader()
        writer.writerow(
            {
                "student": student,
                "assignment": assignment,
                "accepted_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "accepted_by": getpass.getuser(),
            }
        )
    return path


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    student, assignment = argv[0], argv[1]
    course_dir = Path(argv[2]) if len(argv) == 3 else Path.cwd()
    try:
        path = accept(course_dir, student, assignment)
    except ValueError as err:
        print(err, file=sys.stderr)
        return 2
    print(f"accepted {student}/{assignment} (listed in {path}); regrading it")
    nbgrader = shutil.which("nbgrader", path=str(Path(sys.executable).parent)) or "nbgrader"
    command = [nbgrader, "autograde", assignment, "--student", student, "--force"]
    return subprocess.call(command, cwd=course_dir)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
