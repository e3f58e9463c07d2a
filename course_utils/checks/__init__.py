"""Checks that tell a learner *which* mistake they made (used by every notebook).

In a notebook::

    def mse(y_true, y_pred):
        ...

    check("mse", mse)

runs ``mse`` on a set of cases (ordinary, edge and adversarial ones), compares with
the reference in ``course_utils``, and shows a short report: a confirmation, or the
first failing case with, where the answer matches a known mistake, that mistake in
plain words. A failing check raises :class:`CheckFailure` (an ``AssertionError``), so
nbgrader and nbval count the cell as failed.
"""

from __future__ import annotations

from typing import Any

from .engine import Case, Exercise, Mistake, run
from .registry import exercise, exercise_ids
from .report import CheckFailure, Report

__all__ = ["check", "CheckFailure", "Report", "Exercise", "Case", "Mistake", "exercise", "exercise_ids"]


def show(report: Report) -> None:
    """Display a report: HTML in a notebook, text in a terminal."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # plain Python without IPython
        print(report.text())
        return
    if get_ipython() is None:
        print(report.text())
    else:
        display(report)


def check(exercise_id: str, answer: Any, *, timeout: float = 5.0) -> None:
    """Check ``answer`` for exercise ``exercise_id`` and show what is right or wrong.

    Parameters
    ----------
    exercise_id : str
        The exercise's name, as given in the notebook (e.g. ``"mse"``).
    answer : callable or value
        Your function (pass the function itself, not a call of it), or your value for
        "predict before you run" questions.
    timeout : float
        Seconds each call of your function may take before it is stopped.

    Raises
    ------
    CheckFailure
        An ``AssertionError`` carrying the same message, if the answer is not right yet.
    """
    report = run(exercise(exercise_id), answer, timeout=timeout)
    show(report)
    if not report.passed:
        raise CheckFailure(report) from None
