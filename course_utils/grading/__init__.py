"""Hidden tests for graded assignments (nbgrader), and grades a learner cannot fake.

A grade cell of a graded notebook ends with a hidden block that the learner's release
does not contain::

    check("mse", mse)
    ### BEGIN HIDDEN TESTS
    from course_utils.grading import grade
    grade("mse", mse)
    ### END HIDDEN TESTS

:func:`grade` runs the learner's function on the exercise's hidden cases (the visible ones
and fresh analogues, see :mod:`course_utils.checks.hidden`), shows the same message a
check would, and, while nbgrader autogrades, **records the learner's answers as plain data**
in a display output of the cell (MIME type :data:`record.MIME`).

During ``nbgrader autograde`` the course's preprocessors (:mod:`.nbgrader_plugins`,
configured in ``nbgrader_config.py``) judge those recorded answers again in nbgrader's own
process, with a pristine copy of the references: whatever the learner's code did inside
the kernel (redefine ``check``, patch NumPy, return objects that claim to equal anything,
behave differently under nbgrader, end the kernel), a cell earns its points only if its
recorded answers are right. The learner's code is also scanned for such tricks
(:mod:`.scan`) and flagged notebooks earn no automatic points.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from ..checks import show
from ..checks.engine import collect, evaluate, run
from ..checks.hidden import hidden_cases
from ..checks.registry import exercise
from ..checks.report import CheckFailure
from .record import MIME, encode_outcome

__all__ = ["grade", "MIME"]


def salt_digest(salt: str) -> str:
    """A short fingerprint of the salt, so the grader can tell which cases were run."""
    return hashlib.sha256(salt.encode()).hexdigest()[:16]


def _publish(data: dict) -> None:
    """Show the recorded answers as an output of the cell, when nbgrader is autograding.

    Only then is there a grader to read them; elsewhere (a learner's own run, nbval) the
    record would only be noise. A learner who hides the variable gains nothing: without a
    record the grader gives the cell no points.
    """
    if os.environ.get("NBGRADER_EXECUTION") != "autograde":
        return
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return
    if get_ipython() is not None:
        display(
            {MIME: data, "text/plain": f"(answers to '{data['exercise']}' recorded for grading)"}, raw=True
        )


def grade(exercise_id: str, answer: Any, *, salt: str = "", timeout: float = 5.0, token: str = "") -> None:
    """Run the hidden cases of ``exercise_id`` on ``answer``; record the answers; raise
    ``CheckFailure`` if one is wrong.

    ``salt`` selects the fresh cases; the grader sets it (see ``nbgrader_config.py``).
    ``token`` is the one-time mark the grader gives this call (written into the hidden test
    just before the notebook runs): the grader counts only the record that carries it.
    """
    ex = exercise(exercise_id)
    cases = hidden_cases(ex, salt)
    record: dict[str, Any] = {
        "exercise": ex.id,
        "salt": salt_digest(salt),
        "n_cases": len(cases),
        "token": str(token),
    }
    if ex.takes_function and not callable(answer):
        record["not_callable"] = type(answer).__name__
        _publish(record)
        report = run(ex, answer, cases=cases, timeout=timeout)
    else:
        outcomes = collect(ex, answer, cases, timeout=timeout)
        record["outcomes"] = [encode_outcome(out) for out in outcomes]
        _publish(record)
        report = evaluate(ex, outcomes, cases, timeout=timeout)
    if not report.passed:
        show(report)
        raise CheckFailure(report) from None
