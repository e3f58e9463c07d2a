"""Grading a whole class: nbgrader autograde with several workers, without losing a grade.

    python -m tools.classroom autograde 01_losses --jobs 2          # make autograde PART=01_losses JOBS=2
    python -m tools.classroom autograde 01_losses --share 3/8       # this machine's eighth of the class
    python -m tools.classroom autograde 01_losses --jobs 2 -- --force --Execute.timeout=30

The learners with a submission of the part (``submitted/<student>/<part>/``) are split into
shares, one per worker, in a fixed order (sorted ids, dealt round-robin), and each worker is an
``nbgrader autograde`` of its share (``--CourseDirectory.student_id_exclude`` names everyone
else). Where the grades go depends on the gradebook (``db_url``, from nbgrader's configuration:
``nbgrader_config.py``, ``COURSE_DB_URL``, or ``--db-url``):

* **a database server** (PostgreSQL): every worker writes to it directly; the server takes
  concurrent writers, and no two workers grade the same learner.
* **SQLite** (``gradebook.db``, the default): SQLite cannot take concurrent writers, so each
  worker grades into its own copy of the gradebook, and the learners it graded are then merged
  back, learner by learner, each of their grades replacing the old one (keyed by learner,
  notebook and cell: a grade is never doubled), and checked after the merge against the
  worker's copy (never lost).

``--share K/N`` grades only the K-th of N shares (K from 0), for several machines sharing one
PostgreSQL gradebook and one course folder (or exchange): run it on N machines, K = 0..N-1
(README, "For instructors"). Needs a database server: N SQLite files on N machines would never
be merged.

The kernels that run submissions get ``COURSE_RENDER=none`` and ``MPLBACKEND=agg``: the figures
and explorers of a notebook need not be drawn for grading (``GRADING_ENV``), which saves about a
third of each notebook's run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

# What the kernels that run submissions see: nothing is drawn that the grader does not need.
# Explorers draw nothing (course_utils.widgets), and matplotlib's non-interactive Agg backend
# replaces the inline one, which would encode every figure as a PNG at the end of its cell.
# The autograded notebooks and the feedback then have no figures; the answers are all there.
GRADING_ENV = {"COURSE_RENDER": "none", "MPLBACKEND": "agg"}


def nbgrader_command() -> str:
    """nbgrader next to this Python (the course's .venv), else the PATH's."""
    here = Path(sys.executable).parent / "nbgrader"
    return str(here) if here.exists() else (shutil.which("nbgrader") or "nbgrader")


def grading_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for nbgrader: the course's Python first on the PATH, the grading switches set."""
    env = dict(os.environ if base is None else base)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.update(GRADING_ENV)
    return env


def students(course: Path, part: str) -> list[str]:
    """The learners with a submission of ``part`` in ``course``, sorted."""
    submitted = Path(course) / "submitted"
    if not submitted.is_dir():
        return []
    return sorted(p.name for p in submitted.iterdir() if (p / part).is_dir())


def shares(items: list[str], n: int) -> list[list[str]]:
    """``items`` dealt round-robin into ``n`` shares (some may be empty when n > len(items))."""
    if n < 1:
        raise ValueError(f"the number of shares must be at least 1; got {n}")
    return [items[k::n] for k in range(n)]


def configured_db_url(course: Path, env: dict[str, str] | None = None) -> str:
    """The gradebook URL nbgrader would use in ``course`` (its config files and environment).

    Read by nbgrader itself in a separate process: loading ``nbgrader_config.py`` here would
    take the grading salt out of this process's environment.
    """
    code = (
        "from nbgrader.apps.baseapp import NbGrader\n"
        "from nbgrader.coursedir import CourseDirectory\n"
        "app = NbGrader()\n"
        "app.initialize([])\n"
        "print('DBURL=' + CourseDirectory(config=app.config).db_url)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=course,
        env=grading_env(env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("DBURL=")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"could not read nbgrader's configuration in {course}:\n{result.stderr[-2000:]}")
    return lines[-1][len("DBURL=") :]


def is_sqlite(db_url: str) -> bool:
    return db_url.startswith("sqlite")


def sqlite_path(db_url: str) -> Path:
    """The file of a ``sqlite:///path`` URL."""
    if not db_url.startswith("sqlite:///"):
        raise ValueError(f"not a SQLite file URL: {db_url!r}")
    return Path(db_url[len("sqlite:///") :])


@dataclass
class Worker:
    share: list[str]
    db_url: str
    process: subprocess.Popen | None = None
    log: Path | None = None
    returncode: int | None = None
    seconds: float = 0.0


@dataclass
class Result:
    """What a parallel autograde did: who was graded by which worker, and how it ended."""

    part: str
    db_url: str
    workers: list[Worker] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(w.returncode == 0 for w in self.workers)


def _exclude_args(everyone: list[str], share: list[str]) -> list[str]:
    others = sorted(set(everyone) - set(share))
    return [f"--CourseDirectory.student_id_exclude={','.join(others)}"] if others else []


def autograde(
    course: Path,
    part: str,
    jobs: int = 1,
    *,
    db_url: str | None = None,
    share: tuple[int, int] | None = None,
    extra_args: list[str] | tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    quiet: bool = False,
) -> Result:
    """Autograde the submissions of ``part`` in ``course`` with ``jobs`` workers at once.

    ``share=(k, n)`` first narrows the class to the k-th of n shares (one machine of n).
    Returns a :class:`Result`; raises ``RuntimeError`` when a merge finds a grade missing.
    """
    course = Path(course).resolve()
    if jobs < 1:
        raise ValueError(f"JOBS must be at least 1; got {jobs}")
    environment = grading_env(env)
    url = db_url or configured_db_url(course, env)
    everyone = students(course, part)
    mine = everyone
    if share is not None:
        k, n = share
        if not 0 <= k < n:
            raise ValueError(f"--share K/N needs 0 <= K < N; got {k}/{n}")
        if is_sqlite(url) and n > 1:
            raise ValueError(
                "--share splits a class across machines, which must share one database server: "
                "set COURSE_DB_URL (or db_url in nbgrader_config.py) to PostgreSQL"
            )
        mine = shares(everyone, n)[k]
    result = Result(part=part, db_url=url)
    if not mine:
        if not quiet:
            print(f"no submissions of {part} to grade in {course / 'submitted'}", file=sys.stderr)
        return result
    parts = [s for s in shares(mine, min(jobs, len(mine))) if s]
    scratch = Path(tempfile.mkdtemp(prefix=f"autograde-{part}-"))
    start = time.perf_counter()
    try:
        sqlite_main = sqlite_path(url) if is_sqlite(url) else None
        for k, share_k in enumerate(parts):
            worker_url = url
            if sqlite_main is not None and len(parts) > 1:
                copy = scratch / f"worker{k}.db"
                if sqlite_main.exists():
                    shutil.copy(sqlite_main, copy)
                worker_url = f"sqlite:///{copy}"
            result.workers.append(Worker(share=share_k, db_url=worker_url, log=scratch / f"worker{k}.log"))
        for w in result.workers:
            command = [
                nbgrader_command(),
                "autograde",
                part,
                f"--CourseDirectory.db_url={w.db_url}",
                *_exclude_args(everyone, w.share),
                *extra_args,
            ]
            w.seconds = time.perf_counter()
            with open(w.log, "w") as log:
                w.process = subprocess.Popen(command, cwd=course, env=environment, stdout=log, stderr=log)
        for w in result.workers:
            w.returncode = w.process.wait()
            w.seconds = time.perf_counter() - w.seconds
            if not quiet:
                status = "ok" if w.returncode == 0 else f"exit {w.returncode}"
                print(
                    f"  worker: {len(w.share)} submissions in {w.seconds:.1f} s ({status})",
                    file=sys.stderr,
                )
            if w.returncode != 0 and not quiet:
                print(w.log.read_text()[-3000:], file=sys.stderr)
        if sqlite_main is not None and len(result.workers) > 1:
            for w in result.workers:
                result.merged += merge_gradebook(w.db_url, url, part, w.share)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result.seconds = time.perf_counter() - start
    return result


# ------------------------------------------------------------------ merging gradebooks


def _grade_rows(gb, part: str, student: str) -> dict[tuple[str, str], tuple]:
    """{(notebook, cell): (auto, manual, extra credit, needs manual grade)} of one submission."""
    submission = gb.find_submission(part, student)
    return {
        (nb.name, g.name): (g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade)
        for nb in submission.notebooks
        for g in nb.grades
    }


def merge_gradebook(source_url: str, target_url: str, part: str, learners: list[str]) -> list[str]:
    """Copy the submissions of ``part`` by ``learners`` from one gradebook into another.

    Each learner's submission in the target is created or updated (timestamp, flags, late
    penalty, every grade and comment), so merging twice changes nothing. Learners the source
    never graded (their autograde failed before it started) are left as they are. Returns the
    learners merged; raises ``RuntimeError`` if a merged grade differs from the source's.
    """
    from nbgrader.api import Gradebook, MissingEntry
    from sqlalchemy.exc import SAWarning

    merged = []
    with Gradebook(source_url) as src, Gradebook(target_url) as dst, warnings.catch_warnings():
        # nbgrader's add_submission walks its new rows before adding them to the session,
        # which SQLAlchemy warns about; the rows are added, and checked below.
        warnings.simplefilter("ignore", SAWarning)
        for student in learners:
            try:
                submission = src.find_submission(part, student)
            except MissingEntry:
                continue
            person = src.find_student(student)
            dst.update_or_create_student(
                student,
                first_name=person.first_name,
                last_name=person.last_name,
                email=person.email,
                lms_user_id=person.lms_user_id,
            )
            kwargs = {"timestamp": submission.timestamp} if submission.timestamp else {}
            target = dst.update_or_create_submission(part, student, **kwargs)
            target.extension = submission.extension
            for nb in submission.notebooks:
                tnb = dst.find_submission_notebook(nb.name, part, student)
                tnb.flagged = nb.flagged
                tnb.late_submission_penalty = nb.late_submission_penalty
                for g in nb.grades:
                    tg = dst.find_grade(g.name, nb.name, part, student)
                    tg.auto_score, tg.manual_score = g.auto_score, g.manual_score
                    tg.extra_credit, tg.needs_manual_grade = g.extra_credit, g.needs_manual_grade
                for c in nb.comments:
                    tc = dst.find_comment(c.name, nb.name, part, student)
                    tc.auto_comment, tc.manual_comment = c.auto_comment, c.manual_comment
            dst.db.commit()
            if _grade_rows(dst, part, student) != _grade_rows(src, part, student):
                raise RuntimeError(f"merging {student}'s grades of {part} lost or changed a grade")
            merged.append(student)
    return merged


# ------------------------------------------------------------------ command line


def _share(text: str) -> tuple[int, int]:
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--share takes K/N, e.g. 0/4; got {text!r}") from None
    if not 0 <= k < n:
        raise argparse.ArgumentTypeError(f"--share K/N needs 0 <= K < N; got {text!r}")
    return k, n


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.classroom",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    grade = sub.add_parser("autograde", help="autograde a part's submissions with several workers")
    grade.add_argument("parts", nargs="+", metavar="PART")
    grade.add_argument("--jobs", "-j", type=int, default=1, help="workers at once (default 1)")
    grade.add_argument("--share", type=_share, help="grade only the K-th of N shares of the class: K/N")
    grade.add_argument("--db-url", help="the gradebook (default: nbgrader's configuration)")
    grade.add_argument("--course", type=Path, default=Path.cwd(), help="the course root (default: here)")
    argv = list(argv)
    extra: list[str] = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1 :]
        argv = argv[: argv.index("--")]
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1; got {args.jobs}")
    status = 0
    for part in args.parts:
        if not (args.course / "notebooks" / part).is_dir():
            parser.error(f"no part {part!r} in {args.course / 'notebooks'}")
        result = autograde(
            args.course, part, args.jobs, db_url=args.db_url, share=args.share, extra_args=extra
        )
        graded = sum(len(w.share) for w in result.workers)
        print(f"{part}: {graded} submissions, {len(result.workers)} workers, {result.seconds:.1f} s")
        status = status or (0 if result.ok else 1)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
