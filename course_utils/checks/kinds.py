"""Exercises as typed data: three kinds, each with its normalising rule, and mistake builders.

An exercise is one short declaration of one of three kinds; each builds the general
:class:`~course_utils.checks.engine.Exercise` that the engine runs (so every existing
declaration keeps working)::

    MSE = function_exercise(
        "mse", "mse(y_true, y_pred)", L.mse, cases=_REG_CASES, output="scalar",
        title="mean squared error",
        mistakes=(sum_instead_of_mean(L.mse), scaled(L.mse, 0.5, "You multiplied by 1/2 ...")),
    )
    ANSWER = numeric_prediction("predict_outlier_cost", 10.25, title="...", rtol=1e-3,
                                near_misses={6.25: "That is ... ; the question asks for ..."})
    CHOICE = choice_prediction("predict_lr_behaviour", "diverges",
                               choices=("converges", "oscillates", "diverges"), title="...")

* a **function exercise** compares the learner's function with the reference on cases;
  arguments are deep-copied, answers compared within ``rtol``/``atol``, containers (tuples,
  lists, dicts, nested) element by element;
* a **numeric prediction** takes a number (int, float, NumPy scalar or a 0-d array; not a
  string, a bool or a complex number) and compares it within ``rtol``/``atol``; a string such
  as ``"0.3125"`` gets a message about the type, and each declared near miss (a log2 answer,
  6.25 where a count is asked) gets its own message saying which form is expected;
* a **choice prediction** takes one of the declared choices, compared case-insensitively
  and without surrounding spaces; an answer that is none of them lists the choices.

The mistake builders turn a reference into a known wrong variant, so a catalog says
*what* the mistake is instead of re-implementing it: :func:`sum_instead_of_mean`,
:func:`negated`, :func:`scaled`, :func:`log_base`, :func:`stale_state`, :func:`wrong_axis`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from .engine import Case, Exercise, Mistake

__all__ = [
    "function_exercise",
    "numeric_prediction",
    "choice_prediction",
    "prediction_answer",
    "prediction_words",
    "plain_words",
    "sum_instead_of_mean",
    "negated",
    "scaled",
    "log_base",
    "stale_state",
    "wrong_axis",
]


# ------------------------------------------------------------------ the three kinds


def function_exercise(
    id: str,
    signature: str,
    reference: Callable[..., Any],
    *,
    cases: Sequence[Case],
    title: str,
    output: str = "array",
    mistakes: Sequence[Mistake] = (),
    **options: Any,
) -> Exercise:
    """An exercise whose answer is a function, compared with ``reference`` on ``cases``.

    ``arg_names`` default to the parameters named in ``signature``; every other option of
    :class:`Exercise` (``rtol``, ``output_names``, ``allowed``, ``forbidden``, ``call``,
    ``compare``, ``hidden``, ``success``...) is passed through.
    """
    inside = signature.split("(", 1)[1].rsplit(")", 1)[0] if "(" in signature else ""
    names = tuple(p.split("=")[0].strip() for p in inside.split(",") if p.strip() and "=" not in p)
    options.setdefault("arg_names", names)
    if output not in ("scalar", "array", "tuple"):
        raise ValueError(f"a function exercise's output is 'scalar', 'array' or 'tuple', not {output!r}")
    return Exercise(
        id=id,
        title=title,
        signature=signature,
        reference=reference,
        cases=tuple(cases),
        output=output,
        mistakes=tuple(mistakes),
        **options,
    )


def _as_number(value: Any) -> float | str:
    """The learner's prediction as a float, or the words that say why it is not a number."""
    if isinstance(value, str):
        return f"a string ({value!r}), not a number: write it without quotes"
    if isinstance(value, (bool, np.bool_)):
        return "True/False, not a number"
    if isinstance(value, (complex, np.complexfloating)):
        return "a complex number; the answer is a real number"
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value[()]
    if type(value) in (int, float) or (
        isinstance(value, (np.integer, np.floating)) and type(value).__module__ == "numpy"
    ):
        return float(value)
    return f"a {type(value).__name__}, not a plain number"


def numeric_prediction(
    id: str,
    answer: float,
    *,
    title: str,
    rtol: float = 1e-3,
    atol: float = 1e-9,
    near_misses: Mapping[float, str] | None = None,
    mistakes: Sequence[Mistake] = (),
    success: str = "",
    variable: str = "",
) -> Exercise:
    """A "predict before you run" question whose answer is one number.

    ``near_misses`` maps a wrong number that a learner plausibly gives (the log2 form, 6.25
    where a count is asked) to the message that says which form is expected; each becomes a
    known mistake (so the catalog's tests check that it is named).
    """
    near = tuple(Mistake(_constant(float(v)), message) for v, message in (near_misses or {}).items())

    def compare(got: Any, case: Case) -> str | None:
        value = _as_number(got)
        if isinstance(value, str):
            return f"Your answer is {value}."
        if math.isclose(value, answer, rel_tol=rtol, abs_tol=atol):
            return None
        return "That is not the right answer."

    return Exercise(
        id=id,
        title=title,
        signature=variable or f"answer_{id.removeprefix('predict_')}",
        reference=_constant(answer),
        cases=(Case(label="your prediction"),),
        output="value",
        reveal=False,
        rtol=rtol,
        atol=atol,
        compare=compare,
        mistakes=near + tuple(mistakes),
        success=success,
    )


def prediction_answer(fn: Callable[..., Any], args: tuple, kwargs: Mapping[str, Any]) -> Any:
    """An exercise's ``call`` for a "predict" question: the value, or, given as a function of no
    arguments (as the catalog's tests give each reference and each known mistake), its result."""
    value = fn(*args, **kwargs)
    return value() if callable(value) else value


def prediction_words(fn: Callable[..., Any], args: tuple, kwargs: Mapping[str, Any]) -> Any:
    """:func:`prediction_answer` for a question answered with several words (a tuple of them):
    each word stripped and in lower case, so "Lower " and "lower" are the same answer."""
    value = prediction_answer(fn, args, kwargs)
    if isinstance(value, (tuple, list)):
        return tuple(v.strip().lower() if isinstance(v, str) else v for v in value)
    return value


def _constant(value: Any) -> Callable[[], Any]:
    """A known answer as a function of no arguments (how a value exercise states its answers)."""
    return lambda: value


def plain_words(text: str) -> str:
    """The default normal form of a word answer: lower case, single spaces, no surrounding ones."""
    return " ".join(text.lower().split())


def choice_prediction(
    id: str,
    answer: str,
    *,
    choices: Sequence[str],
    title: str,
    aliases: Sequence[str] = (),
    wrong: Mapping[str, str] | None = None,
    normalise: Callable[[str], str] = plain_words,
    mistakes: Sequence[Mistake] = (),
    success: str = "",
    variable: str = "",
) -> Exercise:
    """A question whose answer is one of ``choices``, compared in the normal form ``normalise``.

    ``aliases`` are other spellings of the right answer; ``wrong`` maps a wrong choice to the
    message that explains it (each becomes a known mistake).
    """
    right = {normalise(a) for a in (answer, *aliases)}
    explained = {normalise(k): message for k, message in (wrong or {}).items()}
    known = {normalise(c) for c in choices}
    if not right & known:
        raise ValueError(f"the answer {answer!r} is not one of the choices {tuple(choices)}")
    listed = ", ".join(repr(c) for c in choices)

    def compare(got: Any, case: Case) -> str | None:
        if not isinstance(got, str):
            return (
                f"Your answer is a {type(got).__name__}; answer with one of the strings {listed}, in quotes."
            )
        key = normalise(got)
        if key in right:
            return None
        if key in explained:
            return explained[key]
        if key in known:
            return "That is not the right answer."
        return f"{got!r} is not one of the choices: {listed}."

    return Exercise(
        id=id,
        title=title,
        signature=variable or f"answer_{id.removeprefix('predict_')}",
        reference=_constant(answer),
        cases=(Case(label="your prediction"),),
        output="value",
        reveal=False,
        compare=compare,
        mistakes=tuple(Mistake(_constant(w), message) for w, message in (wrong or {}).items())
        + tuple(mistakes),
        success=success,
    )


# ------------------------------------------------------------------ mistake builders


def sum_instead_of_mean(reference: Callable[..., Any], message: str = "", hint: str = "") -> Mistake:
    """The reference with ``reduction="sum"``: the per-sample losses summed, not averaged."""
    return Mistake(
        lambda *a, **k: reference(*a, reduction="sum", **k),
        message
        or "Your result is n times too large: you summed the per-sample losses; the cost is their mean",
        hint or "Use np.mean(...) instead of np.sum(...).",
    )


def negated(reference: Callable[..., Any], message: str, hint: str = "") -> Mistake:
    """The reference with the opposite sign (every part of a tuple answer negated)."""

    def variant(*a: Any, **k: Any) -> Any:
        out = reference(*a, **k)
        if isinstance(out, tuple):
            return tuple(-np.asarray(x, dtype=float) for x in out)
        return -np.asarray(out, dtype=float) if np.ndim(out) else -float(out)

    return Mistake(variant, message, hint)


def scaled(reference: Callable[..., Any], factor: float, message: str, hint: str = "") -> Mistake:
    """The reference times a constant ``factor`` (a missing 2, an extra 1/n, a log base)."""

    def variant(*a: Any, **k: Any) -> Any:
        out = reference(*a, **k)
        return factor * np.asarray(out, dtype=float) if np.ndim(out) else factor * float(out)

    return Mistake(variant, message, hint)


def log_base(reference: Callable[..., Any], base: float, what: str = "the loss") -> Mistake:
    """The reference computed with ``log`` to another base (2 or 10) instead of ``ln``."""
    name = {2: "np.log2", 10: "np.log10"}.get(base, f"log base {base}")
    return scaled(
        reference,
        1.0 / math.log(base),
        f"You used {name}, the log to base {base:g}: {what} uses the natural log, np.log"
        f" (in nats; base {base:g} gives {1 / math.log(base):.4g} times the value).",
    )


def stale_state(
    reference: Callable[..., Any],
    message: str,
    *,
    state_args: Sequence[int],
    state_outputs: Sequence[int],
    hint: str = "",
) -> Mistake:
    """An update rule that returns the state it was *given* instead of the updated one.

    ``reference`` returns a tuple; the parts at ``state_outputs`` are the new states, computed
    from the arguments at ``state_args`` (in the same order). The variant returns the new
    parameters with the old states: the next step would start from a stale state.
    """

    def variant(*a: Any, **k: Any) -> Any:
        out = list(reference(*a, **k))
        for arg, part in zip(state_args, state_outputs):
            out[part] = np.asarray(a[arg], dtype=float)
        return tuple(out)

    return Mistake(variant, message, hint)


def wrong_axis(reference: Callable[..., Any], message: str, *, axis_arg: int = 0, hint: str = "") -> Mistake:
    """The reference applied to the transpose of a 2-D argument (rows and columns swapped)."""

    def variant(*a: Any, **k: Any) -> Any:
        args = list(a)
        x = np.asarray(args[axis_arg], dtype=float)
        if x.ndim != 2:
            return reference(*a, **k)
        args[axis_arg] = x.T
        out = reference(*args, **k)
        return np.asarray(out).T if np.ndim(out) == 2 else out

    return Mistake(variant, message, hint)
