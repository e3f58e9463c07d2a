"""The gradebook in PostgreSQL: a throw-away server of the test's own (tools/pgserver.py).

* the instructor's round trip with ``db_url`` on the server: generate, autograde, grade by hand
  (free-response answers, an override of an automatic grade), export;
* a class graded on two "machines" (separate course roots) at once, each its share of the
  learners, one of them with two workers, all writing to the one server: every grade equals a
  sequential run's, once.

Without PostgreSQL these tests are skipped with a message saying how to enable them; with
``CI=true`` (where .ci/run installs it) they fail instead.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys

import pytest
from classroom_helpers import (
    ROOT,
    auto_total,
    autograded_cells,
    autograded_points,
    env,
    generate_class,
    manual_cells,
    nbgrader,
    new_course,
    require_postgres,
    scores,
    smallest_part,
    sqlite_url,
    write_submission,
)

pytestmark = [pytest.mark.nbgrader, pytest.mark.postgres]

PART = smallest_part()
CLASS_SIZE = 3  # machine 0 grades two learners with two workers, machine 1 one


@pytest.fixture(scope="module")
def server():
    """A PostgreSQL server for this module, stopped afterwards even when a test fails."""
    require_postgres()
    from tools.pgserver import PostgresServer

    with PostgresServer() as pg:
        yield pg


# ------------------------------------------------------------------ the instructor's round trip


@pytest.fixture(scope="module")
def round_trip(server, tmp_path_factory):
    """PART generated, submitted by 'reference' and 'blank', autograded, graded by hand, exported.

    By hand, as in the formgrader: every free-response answer of 'reference' gets its points and
    a comment, and 'blank' gets half the points of its first automatic test (an instructor's
    override of an automatic grade, which nbgrader keeps as the cell's manual score).
    """
    url = server.create_database("roundtrip")
    environ = env(COURSE_DB_URL=url)
    course = new_course(tmp_path_factory.mktemp("pg-course"), PART, environ)
    for student, variant in (("reference", "reference"), ("blank", "blank")):
        write_submission(course / "submitted" / student / PART, course, PART, variant)
    nbgrader(course, "autograde", PART, environ=environ)

    from nbgrader.api import Gradebook

    notebook, first_test, points = autograded_cells(PART, course / "notebooks")[0]
    with Gradebook(url) as gb:
        for nb, grade_id, answer_points in manual_cells(PART, course / "notebooks"):
            gb.find_grade(grade_id, nb, PART, "reference").manual_score = answer_points
            gb.find_comment(grade_id, nb, PART, "reference").manual_comment = "Well argued."
            gb.find_grade(grade_id, nb, PART, "blank").manual_score = 0
        gb.find_grade(first_test, notebook, PART, "blank").manual_score = points / 2
        gb.db.commit()
    nbgrader(course, "export", "--to", "grades.csv", environ=environ)
    with open(course / "grades.csv") as f:
        rows = {row["student_id"]: row for row in csv.DictReader(f) if row["assignment"] == PART}
    return course, url, rows


def test_the_gradebook_lives_in_postgres_not_in_a_file(round_trip, server):
    """Did nbgrader write the grades to the server, leaving no gradebook.db behind?"""
    import psycopg2

    course, _, _ = round_trip
    assert not (course / "gradebook.db").exists()
    connection = psycopg2.connect(host="127.0.0.1", port=server.port, user=server.user, dbname="roundtrip")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM submitted_assignment")
            assert cursor.fetchone()[0] == 2
    finally:
        connection.close()


def test_autograded_scores_are_stored(round_trip):
    """Does the reference earn every automatic point and the blank release none, in PostgreSQL?"""
    course, url, _ = round_trip
    got = scores(url, PART)
    assert auto_total(got["reference"]) == sum(autograded_points(PART, course / "notebooks").values()) > 0
    assert auto_total(got["blank"]) == 0


def test_manual_grades_and_comments_are_kept(round_trip):
    """Are the grades given by hand stored beside the automatic ones, with their comments?"""
    course, url, _ = round_trip
    from nbgrader.api import Gradebook

    notebook, first_test, points = autograded_cells(PART, course / "notebooks")[0]
    with Gradebook(url) as gb:
        for nb, grade_id, answer_points in manual_cells(PART, course / "notebooks"):
            assert gb.find_grade(grade_id, nb, PART, "reference").score == answer_points
            assert gb.find_comment(grade_id, nb, PART, "reference").manual_comment == "Well argued."
        override = gb.find_grade(first_test, notebook, PART, "blank")
        assert (override.auto_score, override.score) == (0, points / 2)


def test_the_export_adds_manual_to_automatic_points(round_trip):
    """Does grades.csv give each learner their automatic and manual points, out of the part's total?"""
    course, _, rows = round_trip
    automatic = sum(autograded_points(PART, course / "notebooks").values())
    manual = sum(points for _, _, points in manual_cells(PART, course / "notebooks"))
    first_test_points = autograded_cells(PART, course / "notebooks")[0][2]
    assert float(rows["reference"]["raw_score"]) == automatic + manual
    assert float(rows["reference"]["max_score"]) == automatic + manual
    assert float(rows["blank"]["raw_score"]) == first_test_points / 2


# ------------------------------------------------------------------ a class on several machines


@pytest.fixture(scope="module")
def on_two_machines(server, tmp_path_factory):
    """One class graded sequentially (SQLite), and on two course roots sharing one server."""
    base = tmp_path_factory.mktemp("machines")
    sequential = new_course(base / "sequential", PART)
    learners = generate_class(sequential, PART, CLASS_SIZE)
    url = server.create_database("cluster")
    environ = env(COURSE_DB_URL=url)
    instructor = base / "instructor"
    shutil.copytree(sequential, instructor)
    (instructor / "gradebook.db").unlink()
    nbgrader(instructor, "generate_assignment", PART, "--force", environ=environ)
    nbgrader(sequential, "autograde", PART)

    machines = []
    for k in range(2):  # each machine: its own checkout of the course and copy of the submissions
        root = base / f"machine{k}"
        shutil.copytree(instructor, root)
        jobs = "2" if k == 0 else "1"
        command = [sys.executable, "-m", "tools.classroom", "autograde", PART, "--share", f"{k}/2"]
        command += ["--jobs", jobs, "--course", str(root)]
        machines.append(
            subprocess.Popen(command, cwd=ROOT, env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        )
    outputs = [m.communicate(timeout=600)[0].decode() for m in machines]
    assert all(m.returncode == 0 for m in machines), outputs
    return base, url, learners, sequential


def test_machines_sharing_a_server_grade_every_learner_once_and_alike(on_two_machines):
    """Do two machines' workers, writing to one server at once, give every learner the sequential grades?"""
    _, url, learners, sequential = on_two_machines
    expected = scores(sqlite_url(sequential), PART)
    got = scores(url, PART)
    assert set(got) == set(learners)
    assert got == expected


def test_each_machine_graded_only_its_share(on_two_machines):
    """Did each machine autograde its own learners and nobody else's?"""
    base, _, learners, _ = on_two_machines
    graded = [
        {p.name for p in (base / f"machine{k}" / "autograded").iterdir()}
        if (base / f"machine{k}" / "autograded").exists()
        else set()
        for k in range(2)
    ]
    assert graded[0] and graded[1] and not graded[0] & graded[1]
    assert graded[0] | graded[1] == set(learners)
