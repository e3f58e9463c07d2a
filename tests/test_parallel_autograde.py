"""Autograding a class with several workers (tools/classroom.py, make autograde JOBS=N).

A class of generated submissions (reference, blank and partly answered) is graded once by
plain ``nbgrader autograde`` (one process, the reference) and once by two workers grading
into SQLite copies that are merged; every learner's every grade must come out the same,
once each.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from classroom_helpers import (
    auto_total,
    autograded_points,
    generate_class,
    nbgrader,
    new_course,
    scores,
    smallest_part,
    sqlite_url,
)

from tools import classroom

pytestmark = pytest.mark.nbgrader

PART = smallest_part()
CLASS_SIZE = 6


@pytest.fixture(scope="module")
def sequential(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A class graded the ordinary way: one nbgrader autograde, one process."""
    course = new_course(tmp_path_factory.mktemp("sequential"), PART)
    learners = generate_class(course, PART, CLASS_SIZE)
    # A copy of the same class, not yet graded, for the parallel run.
    shutil.copytree(course, course.parent / "ungraded", symlinks=True)
    nbgrader(course, "autograde", PART)
    return course, learners


@pytest.fixture(scope="module")
def parallel(sequential) -> tuple[Path, classroom.Result]:
    """The same class, graded by two workers into SQLite copies, merged."""
    course = sequential[0].parent / "ungraded"
    result = classroom.autograde(course, PART, jobs=2, env=None, quiet=True)
    return course, result


def test_two_workers_each_grade_a_share_of_the_class(sequential, parallel):
    """Did both workers run, on disjoint shares that together are the whole class?"""
    _, learners = sequential
    _, result = parallel
    assert result.ok, [w.returncode for w in result.workers]
    assert len(result.workers) == 2
    first, second = (set(w.share) for w in result.workers)
    assert first and second and not first & second
    assert first | second == set(learners)
    assert sorted(result.merged) == sorted(learners)


def test_every_grade_matches_the_sequential_run(sequential, parallel):
    """Does every learner get, cell by cell, the grades one nbgrader process gives them?"""
    course, learners = sequential
    expected = scores(sqlite_url(course), PART)
    got = scores(sqlite_url(parallel[0]), PART)
    assert set(expected) == set(learners)
    assert got == expected


def test_the_class_scores_span_zero_to_full_marks(sequential, parallel):
    """Do the learners differ (reference: full marks, blank: zero), so the comparison means something?"""
    _, learners = sequential
    got = scores(sqlite_url(parallel[0]), PART)
    full = sum(autograded_points(PART, parallel[0] / "notebooks").values())
    by_variant = {variant: auto_total(got[student]) for student, variant in learners.items()}
    assert by_variant["reference"] == full > 0
    assert by_variant["blank"] == 0


def test_each_learner_is_graded_once_with_autograded_notebooks(sequential, parallel):
    """Is there exactly one submission per learner in the gradebook, and an autograded copy on disk?"""
    from nbgrader.api import Gradebook

    course, learners = parallel[0], sequential[1]
    with Gradebook(sqlite_url(course)) as gb:
        submissions = gb.find_assignment(PART).submissions
        assert sorted(s.student.id for s in submissions) == sorted(learners)
    for student in learners:
        assert list((course / "autograded" / student / PART).glob("*.ipynb"))


def test_merging_again_changes_nothing(parallel, tmp_path):
    """Is a merge idempotent: merging the same grades twice neither doubles nor changes one?"""
    course, result = parallel
    target = tmp_path / "again.db"
    shutil.copy(course / "gradebook.db", target)
    before = scores(f"sqlite:///{target}", PART)
    merged = classroom.merge_gradebook(sqlite_url(course), f"sqlite:///{target}", PART, sorted(before))
    assert sorted(merged) == sorted(before)
    assert scores(f"sqlite:///{target}", PART) == before


def test_a_merge_brings_a_grade_the_target_lacked(parallel, tmp_path):
    """Does merging into a gradebook where a learner's grades were wiped restore exactly them?"""
    from nbgrader.api import Gradebook

    course, _ = parallel
    target = tmp_path / "wiped.db"
    shutil.copy(course / "gradebook.db", target)
    full = scores(sqlite_url(course), PART)
    student = max(full, key=lambda s: auto_total(full[s]))
    with Gradebook(f"sqlite:///{target}") as gb:
        gb.remove_submission(PART, student)
    assert student not in scores(f"sqlite:///{target}", PART)
    classroom.merge_gradebook(sqlite_url(course), f"sqlite:///{target}", PART, [student])
    assert scores(f"sqlite:///{target}", PART)[student] == full[student]


def test_shares_are_disjoint_and_cover_everyone():
    """Does dealing a class into shares give each learner to exactly one share?"""
    learners = [f"s{i}" for i in range(7)]
    dealt = classroom.shares(learners, 3)
    assert [len(s) for s in dealt] == [3, 2, 2]
    assert sorted(x for s in dealt for x in s) == learners
    assert classroom.shares(learners[:1], 3) == [["s0"], [], []]
    with pytest.raises(ValueError, match="at least 1"):
        classroom.shares(learners, 0)


def test_sharing_a_class_across_machines_needs_a_database_server(tmp_path):
    """Is --share K/N with a SQLite gradebook refused with a message, not graded into files nobody merges?"""
    (tmp_path / "submitted" / "a" / PART).mkdir(parents=True)
    with pytest.raises(ValueError, match="database server"):
        classroom.autograde(tmp_path, PART, share=(0, 2), db_url=f"sqlite:///{tmp_path / 'g.db'}", quiet=True)
    with pytest.raises(ValueError, match="JOBS must be at least 1"):
        classroom.autograde(tmp_path, PART, jobs=0, db_url=f"sqlite:///{tmp_path / 'g.db'}", quiet=True)
