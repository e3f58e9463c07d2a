"""nbgrader's exchange, end to end: one instructor and several learners, the way JupyterHub lays them out.

Every account is a separate home folder with its own ``~/.jupyter/nbgrader_config.py`` (the
course id, the shared exchange folder and, since all of them are the same OS user here, the
learner's id), and every command runs in that account's home with ``HOME`` pointing at it:

    instructor  nbgrader generate_assignment PART; nbgrader release_assignment PART
    learner     nbgrader fetch_assignment PART; (answers); nbgrader submit PART
    instructor  nbgrader db assignment add PART --duedate=...; nbgrader collect PART
                make autograde PART=... JOBS=2 (python -m tools.classroom autograde PART --jobs 2)
                nbgrader generate_feedback PART; nbgrader release_feedback PART
    learner     nbgrader fetch_feedback PART

The learners: 'ada' answers everything, 'ben' only the first notebook, 'cy' nothing, and 'dee'
everything but after the due date. The assignment is the first two notebooks of the course's
smallest part with two or more (a partial answer needs two; more would only slow the test),
chosen from the notebooks, never named.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from classroom_helpers import (
    ROOT,
    answered,
    autograded_points,
    nbgrader,
    new_course,
    scores,
    smallest_part,
    source_notebooks,
    sqlite_url,
)

pytestmark = pytest.mark.nbgrader

PART = smallest_part(lambda part: len(source_notebooks(part)) >= 2)
COURSE_ID = "how-nets-learn"
LEARNERS = {"ada": "reference", "ben": "first-notebook", "cy": "blank", "dee": "reference"}
LATE = {"dee"}


def account_env(home: Path) -> dict[str, str]:
    """The environment of one hub account: its own HOME, no inherited Jupyter or XDG folders."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER_", "XDG_", "COURSE_"))}
    environ["HOME"] = str(home)
    environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    return environ


def make_account(home: Path, exchange: Path, student: str | None = None) -> dict[str, str]:
    """A home folder with the per-user nbgrader config a hub gives every account."""
    config = home / ".jupyter" / "nbgrader_config.py"
    config.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "c = get_config()",
        f"c.CourseDirectory.course_id = {COURSE_ID!r}",
        f"c.Exchange.root = {str(exchange)!r}",
    ]
    if student:
        lines.append(f"c.CourseDirectory.student_id = {student!r}")
    config.write_text("\n".join(lines) + "\n")
    return account_env(home)


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f UTC")


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """The whole route, run once; returns the folders and what each step printed."""
    base = tmp_path_factory.mktemp("hub")
    exchange = base / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    instructor = make_account(base / "home" / "instructor", exchange)
    course = new_course(base / "home" / "instructor" / "course", PART, instructor, notebooks=2)
    nbgrader(course, "release_assignment", PART, environ=instructor)

    homes = {}
    for student in LEARNERS:
        home = base / "home" / student
        environ = make_account(home, exchange, student)
        nbgrader(home, "fetch_assignment", PART, environ=environ)
        homes[student] = (home, environ)

    def answer_and_submit(student):
        home, environ = homes[student]
        for i, path in enumerate(sorted((home / PART).glob("*.ipynb"))):
            nb = nbformat.read(path, as_version=4)
            source = nbformat.read(course / "notebooks" / PART / path.name, as_version=4)
            variant = LEARNERS[student]
            answer_all = variant == "reference" or (variant == "first-notebook" and i == 0)
            nbformat.write(answered(nb, source, lambda k, a=answer_all: a), path)
        nbgrader(home, "submit", PART, environ=environ)

    for student in LEARNERS:
        if student not in LATE:
            answer_and_submit(student)
    # The due date falls between the on-time and the late submissions. It is set here, after
    # the fact, so that the test does not depend on how fast this machine runs the learners.
    time.sleep(1.1)
    duedate = utc_now()
    time.sleep(1.1)
    for student in LATE:
        answer_and_submit(student)

    nbgrader(course, "db", "assignment", "add", PART, f"--duedate={duedate}", environ=instructor)
    nbgrader(course, "collect", PART, environ=instructor)
    grading = subprocess.run(
        [sys.executable, "-m", "tools.classroom", "autograde", PART, "--jobs", "2", "--course", str(course)],
        cwd=ROOT,
        env=instructor,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert grading.returncode == 0, grading.stdout + grading.stderr
    nbgrader(course, "generate_feedback", PART, environ=instructor)
    nbgrader(course, "release_feedback", PART, environ=instructor)
    for _student, (home, environ) in homes.items():
        nbgrader(home, "fetch_feedback", PART, environ=environ)
    return {
        "base": base,
        "course": course,
        "exchange": exchange,
        "homes": {s: h for s, (h, _) in homes.items()},
    }


def test_each_learner_fetched_the_release_without_solutions(hub):
    """Did every learner get the released notebooks, and no solutions or hidden tests?"""
    released = sorted(p.name for p in (hub["course"] / "release" / PART).glob("*.ipynb"))
    assert released
    for student, home in hub["homes"].items():
        fetched = sorted(p.name for p in (home / PART).glob("*.ipynb"))
        assert fetched == released, student
    blank = "".join(p.read_text() for p in (hub["homes"]["cy"] / PART).glob("*.ipynb"))
    assert "BEGIN SOLUTION" not in blank and "BEGIN HIDDEN TESTS" not in blank


def test_collect_brings_every_submission_into_the_course(hub):
    """Is each learner's submission in submitted/<learner>/PART/, with its timestamp?"""
    for student in LEARNERS:
        folder = hub["course"] / "submitted" / student / PART
        assert (folder / "timestamp.txt").exists(), student
        assert sorted(p.name for p in folder.glob("*.ipynb")) == sorted(
            p.name for p in (hub["course"] / "release" / PART).glob("*.ipynb")
        )


def test_each_learner_gets_the_right_score(hub):
    """Full marks for the complete answers, the first notebook's points for the partial, 0 for the blank?"""
    points = autograded_points(PART, hub["course"] / "notebooks")
    full, first = sum(points.values()), points[min(points)]
    got = {
        s: sum(a or 0 for a, _, _ in rows.values())
        for s, rows in scores(sqlite_url(hub["course"]), PART).items()
    }
    assert got == {"ada": full, "ben": first, "cy": 0, "dee": full}
    assert 0 < first < full


def test_only_the_late_submission_is_marked_late(hub):
    """Is the submission after the due date late, and the others not?"""
    from nbgrader.api import Gradebook

    with Gradebook(sqlite_url(hub["course"])) as gb:
        late = {s: gb.find_submission(PART, s).total_seconds_late for s in LEARNERS}
    assert {s for s, seconds in late.items() if seconds > 0} == LATE, late


def _feedback_scores(home: Path) -> dict[str, tuple[float, float]]:
    """{notebook: (score, max)} from the learner's fetched feedback pages."""
    found = {}
    for path in sorted((home / PART / "feedback").glob("*/*.html")):
        text = html.unescape(re.sub(r"<[^>]+>", " ", path.read_text()))
        match = re.search(r"Score:\s*([\d.]+)\s*/\s*([\d.]+)", text)
        assert match, f"no score in {path}"
        found[path.stem] = (float(match.group(1)), float(match.group(2)))
    return found


def test_each_learner_fetches_their_own_feedback_with_their_score(hub):
    """Does every learner find one feedback page per notebook, each stating that learner's score?"""
    notebooks = {p.stem for p in (hub["course"] / "release" / PART).glob("*.ipynb")}
    totals = {
        s: sum(a or 0 for a, _, _ in rows.values())
        for s, rows in scores(sqlite_url(hub["course"]), PART).items()
    }
    for student, home in hub["homes"].items():
        feedback = _feedback_scores(home)
        assert set(feedback) == notebooks, student
        assert sum(score for score, _ in feedback.values()) == totals[student], student


def test_feedback_reaches_only_its_learner(hub):
    """Is the blank learner's feedback different from the complete one's (nobody gets another's pages)?"""
    ada, cy = _feedback_scores(hub["homes"]["ada"]), _feedback_scores(hub["homes"]["cy"])
    assert all(score == 0 for score, _ in cy.values())
    assert any(score > 0 for score, _ in ada.values())
