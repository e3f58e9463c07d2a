"""The checks engine: one loop that runs any exercise and explains what went wrong.

An exercise is data (:class:`Exercise`): the reference function from ``course_utils``
that gives the expected answer, the cases to try, the tolerance, and the known
mistakes, each a small wrong variant of the reference with the words to say when the
learner's answers match it on every case. The engine holds no maths of its own.

:func:`run` never raises on a learner's answer, whatever it is: it returns a
:class:`~course_utils.checks.report.Report`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import ownwork
from .report import Report
from .sandbox import Outcome, call_many, call_safely

__all__ = ["Case", "Mistake", "Exercise", "run", "collect", "evaluate", "expected_for", "format_value"]


@dataclass(frozen=True)
class Case:
    """One input to try: positional and keyword arguments, and a label for the learner."""

    args: tuple = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    label: str = ""


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer: a variant of the reference and what to say when it matches.

    With ``accept=True`` the variant is an acceptable alternative (e.g. a different
    subgradient at a kink): an answer that matches it passes, with ``message`` as a note.
    """

    variant: Callable[..., Any]
    message: str
    hint: str = ""
    accept: bool = False


def _call_plain(fn: Callable[..., Any], args: tuple, kwargs: Mapping[str, Any]) -> Any:
    return fn(*args, **kwargs)


@dataclass(frozen=True)
class Exercise:
    """Everything the engine needs to check one exercise.

    Attributes
    ----------
    id : the name passed to ``check``, e.g. ``"mse"``.
    title : what the learner implements, in words.
    signature : how the learner's function is called, e.g. ``"mse(y_true, y_pred)"``.
    reference : the right answer, written with ``course_utils`` and called exactly as the
        learner's function is (through ``call``).
    cases : the cases, in the order they are tried (easy first).
    arg_names : names of the positional arguments, for messages.
    output : "scalar", "array", "tuple" (a fixed number of arrays) or "value".
    output_names : names of the parts of a tuple output, e.g. ("new params", "new velocity").
    mistakes : known mistakes, most specific first.
    rtol, atol : tolerance of the comparison.
    success : one sentence shown on success, on why it matters.
    call : how to call the learner's function on a case (default ``fn(*args, **kwargs)``).
    compare : optional extra check ``(got, case) -> problem text or None`` for
        answers that are right by their properties rather than their exact values.
    reveal : show the expected value on failure (False for "predict" questions).
    hidden : optional ``hidden(rng) -> cases`` giving the further cases that graded
        assignments run, for inputs whose structure :mod:`.hidden` cannot resample.
    error_hints : ``(exception type name, hint)`` pairs: what to suggest when the
        learner's function raises that exception on this exercise.
    allowed : course functions the learner's answer may call (``sigmoid`` inside
        ``backward_221``), although the reference calls them directly.
    forbidden : course functions the answer may not call, besides the reference and the
        public course functions it calls directly (see :mod:`.ownwork`).
    """

    id: str
    title: str
    signature: str
    reference: Callable[..., Any]
    cases: tuple[Case, ...]
    arg_names: tuple[str, ...] = ()
    output: str = "array"
    output_names: tuple[str, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    rtol: float = 1e-6
    atol: float = 1e-9
    success: str = ""
    call: Callable[[Callable[..., Any], tuple, Mapping[str, Any]], Any] = _call_plain
    compare: Callable[[Any, Case], str | None] | None = None
    reveal: bool = True
    hidden: Callable[[np.random.Generator], tuple[Case, ...]] | None = None
    error_hints: tuple[tuple[str, str], ...] = ()
    allowed: tuple[Callable[..., Any], ...] = ()
    forbidden: tuple[Callable[..., Any], ...] = ()

    @property
    def takes_function(self) -> bool:
        return self.output != "value"


# ----------------------------------------------------------------- formatting


def format_value(value: Any, limit: int = 400) -> str:
    """A short, readable rendering of an input or an answer."""
    try:
        if isinstance(value, np.ndarray):
            text = np.array2string(value, precision=6, threshold=12, edgeitems=3, max_line_width=90)
            if value.dtype.kind not in "fc":
                text += f"  (dtype {value.dtype})"
        elif isinstance(value, np.random.Generator):
            text = "a NumPy random generator (np.random.default_rng)"
        elif isinstance(value, (float, np.floating)):
            text = f"{float(value):.8g}"
        elif isinstance(value, tuple) and hasattr(value, "_fields"):
            text = (
                type(value).__name__
                + "("
                + ", ".join(f"{k}={format_value(v, limit)}" for k, v in zip(value._fields, value))
                + ")"
            )
        elif (
            isinstance(value, (list, tuple))
            and len(value) <= 12
            and all(isinstance(v, (int, float, np.number)) for v in value)
        ):
            text = repr([float(v) if isinstance(v, float) else v for v in value])
            text += "  (a Python list)" if isinstance(value, list) else ""
        elif isinstance(value, (list, tuple)):
            text = "(" + ", ".join(format_value(v, limit) for v in value) + ")"
        else:
            text = repr(value)
    except Exception:  # a learner's object whose repr fails
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ----------------------------------------------------------------- comparison


def _as_numbers(value: Any) -> np.ndarray | None:
    """``value`` as a float64 array, or None if it is not real numbers (complex ones included)."""
    if isinstance(value, (str, bytes, dict)) or value is None:
        return None
    try:
        raw = np.asarray(value)
        if raw.dtype.kind in "cSUV" or (
            raw.dtype.kind == "O" and any(isinstance(x, complex) for x in raw.flat)
        ):
            return None
        arr = raw.astype(np.float64)
    except Exception:
        return None
    return arr


def _close(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> bool:
    """Equal shapes, the same non-finite entries (nan, +inf, -inf) in the same places,
    and the finite entries close."""
    if got.shape != expected.shape:
        return False
    fin_g, fin_e = np.isfinite(got), np.isfinite(expected)
    if not np.array_equal(fin_g, fin_e):
        return False
    if not np.array_equal(got[~fin_g], expected[~fin_e], equal_nan=True):
        return False
    return bool(np.allclose(got[fin_g], expected[fin_e], rtol=rtol, atol=atol))


def _same(a: Any, b: Any, rtol: float, atol: float) -> bool:
    """Do two answers agree (used to match a learner's answer against a variant)?

    Containers agree element by element, strings up to case and surrounding spaces, numbers
    and arrays within the tolerance; anything else only if it is the very same object (a
    learner's object is never trusted to say what it equals).
    """
    if isinstance(a, dict) or isinstance(b, dict):
        return (
            isinstance(a, dict)
            and isinstance(b, dict)
            and a.keys() == b.keys()
            and all(_same(a[k], b[k], rtol, atol) for k in a)
        )
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y, rtol, atol) for x, y in zip(a, b))
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a.strip().lower() == b.strip().lower()
    if a is None or b is None:
        return a is None and b is None
    x, y = _as_numbers(a), _as_numbers(b)
    if x is None or y is None:
        return a is b
    return _close(x, y, rtol, atol)


def _same_outcome(a: Outcome, b: Outcome, rtol: float, atol: float) -> bool:
    if a.error or b.error:
        return a.error == b.error and a.exc_type == b.exc_type
    return _same(a.value, b.value, rtol, atol)


@dataclass
class _Problem:
    text: str
    hint: str = ""
    # got / expected on the entries that are wrong; None when some wrong entry has no ratio
    # (its expected value is 0 or not finite), which is then no evidence of a constant factor
    ratios: np.ndarray | None = None


def _shape_problem(got: np.ndarray, expected: np.ndarray, what: str) -> _Problem:
    g, e = got.shape, expected.shape
    text = f"{what} has shape {g}, but it should have shape {e}."
    hint = ""
    if e == () and got.ndim >= 1:
        if got.size == 1:
            hint = "Return a single number, not an array holding one: use float(...) or .item()."
        else:
            hint = (
                f"You returned {got.size} numbers where one is expected. If they are the"
                " per-sample losses, the cost is their mean."
            )
    elif got.ndim == 2 and len(e) == 2 and g == e[::-1]:
        hint = (
            "It looks transposed: check the order of the factors (for example x @ W versus W @ x,"
            " or a missing .T)."
        )
    elif len(e) == 1 and g == (e[0], e[0]):
        hint = (
            "An [n, 1] column was probably broadcast against an [n] row, making every pair:"
            " flatten the column with .ravel() or index with [:, 0]."
        )
    elif got.ndim == 0 and expected.ndim >= 1:
        # before the size test: a scalar where a 1-element array is expected is a mean or a sum,
        # not a shape to fix
        hint = (
            "You returned one number; this function returns an array shaped like its input, one value"
            " per entry (no mean or sum over them)."
        )
    elif got.size == expected.size:
        hint = f"It holds the right number of values; reshape it to {e}."
    return _Problem(text, hint)


def _value_hint(got: np.ndarray, expected: np.ndarray) -> str:
    """Generic observation about a wrong numeric answer: the opposite sign. (A constant factor
    is judged over all failing cases at once, by :func:`_factor_is_evidenced`.)"""
    with np.errstate(all="ignore"):
        mask = np.isfinite(got) & np.isfinite(expected) & (np.abs(expected) > 1e-12)
        if not mask.any():
            return ""
        ratio = got[mask] / expected[mask]
    if np.allclose(ratio, -1.0, rtol=1e-6):
        return "Your answer has the right size but the opposite sign: check the order of a subtraction."
    return ""


def _wrong_ratios(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> np.ndarray | None:
    """got / expected on the wrong entries; None unless a ratio can describe the whole answer:
    every wrong entry has a finite, non-zero expected value, and no entry with a non-zero
    expected value is right (a factor scales them all)."""
    with np.errstate(all="ignore"):
        finite = np.isfinite(got) & np.isfinite(expected)
        wrong = ~(finite & np.isclose(got, expected, rtol=rtol, atol=atol))
        nonzero = np.abs(expected) > 1e-12
        if not wrong.any() or not np.all(finite[wrong] & nonzero[wrong]) or np.any(~wrong & nonzero):
            return None
        return (got[wrong] / expected[wrong]).ravel()


def _compare(ex: Exercise, got: Any, expected: Any, case: Case) -> _Problem | None:
    """None if ``got`` is right for this case, else what is wrong with it."""
    if got is None:
        return _Problem("Your function returned None.", "Did you forget the `return` statement?")
    if ex.compare is not None:
        text = ex.compare(got, case)
        return _Problem(text) if text else None
    if ex.output == "value":
        if _same(got, expected, ex.rtol, ex.atol):
            return None
        if isinstance(got, str) and _as_numbers(expected) is not None and not isinstance(expected, str):
            try:
                float(got)
            except ValueError:
                return _Problem(f"Your answer is a string ({format_value(got, 60)}); the answer is a number.")
            return _Problem(
                f"Your answer is a string ({format_value(got, 60)}), not a number: write it without quotes.",
                "A number in quotes is text; Python does not compare it with numbers.",
            )
        return _Problem("That is not the right answer.")
    if ex.output == "tuple":
        n = len(expected)
        if not isinstance(got, (tuple, list)) or len(got) != n:
            names = ", ".join(ex.output_names) or f"{n} values"
            return _Problem(
                f"Your function should return {n} values ({names}), but returned {format_value(got, 120)}.",
                f"End it with `return {', '.join(n.replace(' ', '_') for n in ex.output_names)}`."
                if ex.output_names
                else "",
            )
        for i, (g, e) in enumerate(zip(got, expected)):
            name = ex.output_names[i] if i < len(ex.output_names) else f"part {i + 1}"
            problem = _compare_numbers(g, e, ex, f"The {name}")
            if problem:
                return problem
        return None
    return _compare_numbers(got, expected, ex, "Your result")


def _compare_numbers(got: Any, expected: Any, ex: Exercise, what: str) -> _Problem | None:
    if isinstance(got, str):
        return _Problem(f"{what} is a string ({format_value(got, 80)}), not a number.")
    g = _as_numbers(got)
    if g is None:
        return _Problem(f"{what} is an object of type {type(got).__name__}, which cannot be read as numbers.")
    e = np.asarray(expected, dtype=np.float64)
    if ex.output == "scalar" and e.shape == () and g.shape != ():
        return _shape_problem(g, e, what)
    if g.shape != e.shape:
        return _shape_problem(g, e, what)
    if _close(g, e, ex.rtol, ex.atol):
        return None
    if not np.all(np.isfinite(g)) and np.all(np.isfinite(e)):
        bad = "nan" if np.isnan(g).any() else "inf"
        return _Problem(
            f"{what} contains {bad} where the expected values are finite.",
            "Look for a log of 0, an exp that overflows, or a division by 0 on this case.",
        )
    return _Problem(
        f"{what} has the wrong value{_first_difference(g, e, ex.rtol, ex.atol)}.",
        _value_hint(g, e),
        _wrong_ratios(g, e, ex.rtol, ex.atol),
    )


def _first_difference(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> str:
    """Where an array answer first differs (the printed arrays may hide it behind '...')."""
    if got.size <= 1:
        return ""
    with np.errstate(all="ignore"):
        same = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    wrong = np.argwhere(~same)
    if not len(wrong):
        return ""
    index = tuple(int(i) for i in wrong[0])
    where = f"[{index[0]}]" if len(index) == 1 else f"[{', '.join(map(str, index))}]"
    return (
        f" (first at index {where}: expected {format_value(expected[index])},"
        f" got {format_value(got[index])}; {len(wrong)} of {got.size} entries differ)"
    )


_FACTOR_HINT = "times the expected one"


def _rows_instead_of_entries(problem: _Problem, case: Case) -> str:
    """On a 2-D case, is the answer off by exactly the number of columns (len(y) used for y.size)?"""
    grids = [np.asarray(a) for a in case.args if isinstance(a, np.ndarray) and a.ndim >= 2]
    if not grids or problem.ratios is None or not problem.ratios.size:
        return ""
    per_row = int(np.prod(grids[0].shape[1:]))
    if per_row > 1 and np.allclose(problem.ratios, per_row, rtol=1e-6):
        return (
            f"On 2-D inputs your answer is {per_row} times too large: divide by the number of entries"
            " (y.size), not len(y), which counts the rows only."
        )
    return ""


def _factor_is_evidenced(ex: Exercise, problems: list) -> float | None:
    """The constant factor, if the failures show one; else None.

    Strict, so that the hint never names a factor that is a coincidence: the exercise returns
    a number or an array (not a state tuple, not a prediction); every failing case fails on its
    values, each wrong entry having a non-zero expected value; the ratio got / expected is the
    same on every wrong entry of every failing case, over at least two wrong values; and it is
    not 1 (a ratio of 1 means the error lies elsewhere). One scalar ratio says nothing: any
    wrong number is *some* multiple of the right one.
    """
    if ex.output not in ("scalar", "array") or ex.compare is not None:
        return None
    ratios = [p.ratios for _, p, _ in problems]
    if not ratios or any(r is None or not r.size for r in ratios):
        return None
    every = np.concatenate(ratios)
    first = float(every[0])
    if every.size < 2 or not np.allclose(every, first, rtol=1e-6) or np.isclose(first, 1.0, rtol=1e-6):
        return None
    if np.isclose(first, -1.0, rtol=1e-6):  # said by the sign hint
        return None
    return first


# ------------------------------------------------------------------------- run


def _describe_failure(ex: Exercise, outcome: Outcome, case: Case, timeout: float) -> _Problem:
    if outcome.error == "timeout":
        return _Problem(
            f"Your function did not finish within {timeout:g} s and was stopped.",
            "Is there a loop whose condition never becomes false, or a recursion without a base case?",
        )
    if outcome.error == "exit":
        return _Problem(
            "Your function called exit() (or sys.exit()), which would stop the whole program.",
            "Return a value instead.",
        )
    where = f" at {outcome.where}" if outcome.where else ""
    text = f"Your function raised {outcome.exc_type}{where}: {outcome.exc_message}"
    hint = next((h for name, h in ex.error_hints if name == outcome.exc_type), "")
    gets_list = any(isinstance(a, list) for a in case.args)
    if hint:
        pass
    elif outcome.exc_type == "TypeError" and "argument" in outcome.exc_message and not outcome.where:
        hint = (
            f"Your function's parameters do not match how it is called: {ex.signature}."
            " Check their number and names (and keep the defaults, e.g. eps=1e-12)."
        )
    elif outcome.exc_type == "TypeError" and gets_list:
        hint = "This case passes Python lists: convert the inputs with np.asarray(...) first."
    elif outcome.exc_type in ("ValueError", "IndexError") and "shape" in outcome.exc_message:
        hint = "Check the shapes of the arrays you combine (print x.shape)."
    return _Problem(text, hint)


def _inputs_text(ex: Exercise, case: Case) -> str:
    names = ex.arg_names or tuple(f"arg{i + 1}" for i in range(len(case.args)))
    parts = [f"{n} = {format_value(a)}" for n, a in zip(names, case.args)]
    parts += [f"{k} = {format_value(v)}" for k, v in case.kwargs.items()]
    return "\n".join(parts) if parts else "(none)"


def _got_text(outcome: Outcome) -> str:
    if outcome.error == "timeout":
        return "(stopped: time limit)"
    if outcome.error == "missing":
        return "(no answer)"
    if outcome.error:
        return f"({outcome.exc_type} raised)"
    return format_value(outcome.value)


def _run_all(
    ex: Exercise, fn: Callable[..., Any], cases: Sequence[Case], timeout: float, own_work: bool = True
) -> list[Outcome]:
    """The learner's answer on each case, in a child process (see :func:`.sandbox.call_many`)."""
    rules = ownwork.rules_for(ex) if own_work and ex.takes_function else None
    observer = (lambda: ownwork.Observer(rules)) if rules is not None and not rules.empty else None
    calls = [(case.args, dict(case.kwargs)) for case in cases]
    return call_many(fn, calls, timeout=timeout, call=ex.call, observer=observer)


def _arg_name(ex: Exercise, key: int | str) -> str:
    if isinstance(key, str):
        return key
    return ex.arg_names[key] if key < len(ex.arg_names) else f"argument {key + 1}"


def expected_for(ex: Exercise, case: Case) -> Any:
    """The reference's answer for ``case``, called as the learner's function is."""
    # Copies, so that a stateful input (a random generator) is the same for every call.
    args, kwargs = copy.deepcopy((case.args, dict(case.kwargs)))
    return ex.call(ex.reference, args, kwargs)


def _case_problem(
    ex: Exercise, outcome: Outcome, expected: Any, case: Case, timeout: float
) -> _Problem | None:
    if not outcome.ok:
        return _describe_failure(ex, outcome, case, timeout)
    try:
        problem = _compare(ex, outcome.value, expected, case)
    except Exception as err:  # a learner's object that breaks the comparison itself
        problem = _Problem(
            f"Your result, a {type(outcome.value).__name__}, could not be compared with the"
            f" expected answer ({type(err).__name__}: {err})."
        )
    if problem is None and outcome.changed:
        names = ", ".join(_arg_name(ex, k) for k in outcome.changed)
        problem = _Problem(
            f"Your result is right, but your function changed its input {names} in place.",
            "Operations like `x -= ...`, `x[...] = ...` or `out=x` modify the caller's array;"
            " compute into a new array instead (e.g. `x = x - ...`).",
        )
    return problem


def _matching_mistake(
    ex: Exercise, outcomes: list[Outcome], cases: Sequence[Case], timeout: float, accept: bool
) -> Mistake | None:
    """The first known mistake (or accepted alternative) that the answers match on every case."""
    for mistake in ex.mistakes:
        if mistake.accept != accept:
            continue
        for out, case in zip(outcomes, cases):
            wrong = call_safely(mistake.variant, case.args, dict(case.kwargs), timeout=timeout, call=ex.call)
            if not _same_outcome(out, wrong, ex.rtol, ex.atol):
                break
        else:
            return mistake
    return None


def run(
    ex: Exercise,
    answer: Any,
    *,
    cases: Sequence[Case] | None = None,
    timeout: float = 5.0,
    own_work: bool = True,
) -> Report:
    """Check ``answer`` (the learner's function, or value) against ``ex``; never raises.

    ``own_work=False`` lets the answer use the course's own functions: only for the
    course's tests of its references and known mistakes, never for a learner.
    """
    cases = tuple(ex.cases if cases is None else cases)
    if ex.takes_function and not callable(answer):
        return _not_a_function(ex, answer)
    outcomes = collect(ex, answer, cases, timeout=timeout, own_work=own_work)
    return evaluate(ex, outcomes, cases, timeout=timeout)


def collect(
    ex: Exercise, answer: Any, cases: Sequence[Case], *, timeout: float = 5.0, own_work: bool = True
) -> list[Outcome]:
    """Run the learner's answer on each case (safely); a timeout ends the run early.

    An answer that *is* the course's reference (or points to it) is not run: each case's
    outcome records that it uses the course's function.
    """
    if not ex.takes_function:
        # A value answer: wrap it so the same machinery applies.
        value = answer
        answer = lambda *a, **k: value  # noqa: E731
    elif own_work:
        name = ownwork.identity_use(answer, ownwork.rules_for(ex))
        if name:
            return [Outcome(error="course", exc_type="course", uses_course=name) for _ in cases]
    return _run_all(ex, answer, cases, timeout, own_work)


def evaluate(
    ex: Exercise, outcomes: Sequence[Outcome], cases: Sequence[Case], *, timeout: float = 5.0
) -> Report:
    """Judge the outcomes of the learner's answer on ``cases`` and explain; never raises.

    Separate from :func:`collect` so that outcomes recorded in one process (a learner's
    kernel) can be judged in another (the grader), by a pristine copy of this code.
    """
    outcomes, cases = list(outcomes), tuple(cases)
    n = len(cases)
    used = next((out.uses_course for out in outcomes if out.uses_course), "")
    if used:
        return Report(
            ex.id,
            False,
            ownwork.own_work_message(used),
            [("expected", f"your own function {ex.signature}")],
            hint="Delete any line that imports or calls it for this exercise; write the formula yourself.",
        )
    problems = []
    for i, (out, case) in enumerate(zip(outcomes, cases)):
        expected = expected_for(ex, case)
        problem = _case_problem(ex, out, expected, case, timeout)
        if problem:
            problems.append((i, problem, expected))
    if len(outcomes) < n and not problems:  # a short run ends in a timeout; anything else is missing
        problems.append((len(outcomes), _Problem("Some cases produced no answer."), None))

    notes = []
    if any(out.printed for out in outcomes):
        notes.append("Your function printed while it was being checked; that output was hidden.")

    passed = f"{ex.title}: right." if not ex.takes_function else f"{ex.title}: all {n} cases pass."
    if not problems:
        return Report(ex.id, True, passed, notes=[ex.success] * bool(ex.success) + notes)

    if len(outcomes) == n:
        accepted = _matching_mistake(ex, outcomes, cases, timeout, accept=True)
        if accepted:
            return Report(ex.id, True, passed, notes=[accepted.message] + notes)

    i, problem, expected = problems[0]
    factor = _factor_is_evidenced(ex, problems)
    if factor is not None and not problem.hint:
        problem.hint = (
            f"Your answer is {factor:.6g} {_FACTOR_HINT} on every failing case: a constant factor is"
            " missing or extra (a 1/n, a 2, a 1/2?)."
        )
    case = cases[min(i, n - 1)]
    rows_hint = _rows_instead_of_entries(problem, case)
    if rows_hint:
        problem.hint = rows_hint
    out = outcomes[i] if i < len(outcomes) else Outcome(error="missing")
    label = f" ({case.label})" if case.label else ""
    headline = (
        f"case {i + 1} of {n}{label}: {problem.text}" if ex.takes_function else f"{ex.title}: {problem.text}"
    )
    rows = [("inputs", _inputs_text(ex, case))] if ex.takes_function else []
    if ex.reveal and expected is not None:
        rows.append(("expected", format_value(expected)))
    rows.append(("got", _got_text(out)))

    mistake = None
    if len(outcomes) == n:
        mistake = _matching_mistake(ex, outcomes, cases, timeout, accept=False)
    if mistake and mistake.message not in headline:
        # A named mistake is the explanation: no generic factor hint beside it.
        generic = _FACTOR_HINT in problem.hint
        hint = mistake.hint or ("" if generic else problem.hint)
        return Report(ex.id, False, headline, rows, mistake.message, hint, notes)
    return Report(ex.id, False, headline, rows, "", problem.hint, notes)


def _not_a_function(ex: Exercise, answer: Any) -> Report:
    name = ex.signature.split("(")[0]
    if answer is None:
        text = (
            f"check received None instead of your function. Pass the function itself,"
            f" check({ex.id!r}, {name}), after running the cell that defines it."
        )
    else:
        text = (
            f"check received a {type(answer).__name__} ({format_value(answer, 80)}) instead of"
            f" your function. Pass the function itself, check({ex.id!r}, {name}), not the result"
            f" of calling it."
        )
    return Report(ex.id, False, text, [("expected", f"a function {ex.signature}")])
