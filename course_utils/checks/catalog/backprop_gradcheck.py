"""Exercises of ``03_backprop/06_gradient_checking``: the relative error, a check of a few coordinates.

References: :func:`course_utils.gradcheck.relative_error` and
:func:`course_utils.explore.backprop.gradcheck.numerical_partials` (built on
:func:`course_utils.gradcheck.numerical_gradient`, one coordinate at a time), and
:func:`course_utils.explore.backprop.gradcheck.logistic_problem` for the float32 question.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...explore.backprop.gradcheck import band, logistic_problem, numerical_partials
from ...gradcheck import numerical_gradient, relative_error
from ..engine import Case, Exercise, Mistake


def _f(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


# ------------------------------------------------------------- relative error


def _no_guard(a: Any, b: Any) -> float:
    a, b = _f(a), _f(b)
    with np.errstate(all="ignore"):
        return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))


def _by_a(a: Any, b: Any) -> float:
    a, b = _f(a), _f(b)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a), 1e-12))


def _by_b(a: Any, b: Any) -> float:
    a, b = _f(a), _f(b)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(b), 1e-12))


def _by_max(a: Any, b: Any) -> float:
    a, b = _f(a), _f(b)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b), 1e-12))


def _elementwise(a: Any, b: Any) -> float:
    a, b = _f(a), _f(b)
    return float(np.mean(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-12)))


def _l1(a: Any, b: Any) -> float:
    a, b = _f(a), _f(b)
    return float(np.abs(a - b).sum() / max(np.abs(a).sum() + np.abs(b).sum(), 1e-12))


RELATIVE_ERROR = Exercise(
    id="relative_error",
    title="the relative error between two gradients",
    signature="relative_error(a, b)",
    reference=relative_error,
    cases=(
        Case((np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.1])), label="two close gradients"),
        Case((np.array([[0.5, -1.0], [2.0, 0.0]]), np.array([[0.4, -1.0], [2.5, 0.1]])), label="2-D arrays"),
        Case(([3, -4], [-3, 4]), label="opposite gradients, as Python lists"),
        Case((np.zeros(3), np.zeros(3)), label="two zero gradients"),
        Case((np.array([1e-8, 0.0]), np.array([3e-8, 1e-8])), label="two tiny gradients"),
        Case((np.zeros(2), np.array([0.0, 2.0])), label="a zero gradient against a non-zero one"),
        Case((np.array([3.0, 4.0]), np.array([0.0, 1.0])), label="a larger than b: ‖a‖ = 5, ‖b‖ = 1"),
        Case((np.array([0.0, 2.0]), np.zeros(2)), label="a non-zero gradient against a zero one"),
    ),
    arg_names=("a", "b"),
    output="scalar",
    mistakes=(
        Mistake(
            _no_guard,
            "For two zero gradients you divided 0 by 0: guard the denominator, max(‖a‖ + ‖b‖, 1e-12).",
        ),
        Mistake(
            _by_a,
            "You divided by ‖a‖ alone: the error must not depend on which gradient is called a (and"
            " must not blow up when a is 0); divide by ‖a‖ + ‖b‖.",
        ),
        Mistake(
            _by_b,
            "You divided by ‖b‖ alone: the error must not depend on which gradient is called b (and"
            " must not blow up when b is 0); divide by ‖a‖ + ‖b‖.",
        ),
        Mistake(
            _by_max,
            "You divided by max(‖a‖, ‖b‖): the course's formula divides by the sum ‖a‖ + ‖b‖, so"
            " that its thresholds (1e-6, 1e-3) mean the same everywhere.",
        ),
        Mistake(
            _elementwise,
            "You averaged elementwise ratios: use the Euclidean norms over all entries,"
            " ‖a - b‖ / (‖a‖ + ‖b‖).",
        ),
        Mistake(_l1, "You used sums of absolute values: the norms are Euclidean, np.linalg.norm."),
    ),
    success="One number, scale-free and symmetric: below 1e-6 the gradients agree.",
)

# ------------------------------------------------------------ a few coordinates


def _numerical_partials(f: Any, x: Any, idx: Any, h: float = 1e-6) -> np.ndarray:
    return numerical_partials(f, x, idx, h=h)


def _cubes(x: np.ndarray) -> float:
    return float(np.sum(x**3))


def _exp10(x: np.ndarray) -> float:
    return float(np.sum(np.exp(10.0 * x)) / 10.0)


def _quad(x: np.ndarray) -> float:
    return float(np.sum(np.arange(1.0, x.size + 1.0) * x.ravel() ** 2))


def _forward(f: Any, x: Any, idx: Any, h: float = 1e-6) -> np.ndarray:
    x = np.array(x, dtype=np.float64)
    out = []
    for i in np.asarray(idx, dtype=int).ravel():
        moved = x.copy()
        moved.flat[i] += h
        out.append((f(moved) - f(x)) / h)
    return np.array(out)


def _by_h(f: Any, x: Any, idx: Any, h: float = 1e-6) -> np.ndarray:
    return _numerical_partials(f, x, idx, h) * 2.0


def _fixed_h(f: Any, x: Any, idx: Any, h: float = 1e-6) -> np.ndarray:
    return _numerical_partials(f, x, idx)


def _all_coordinates(f: Any, x: Any, idx: Any, h: float = 1e-6) -> np.ndarray:
    return np.ravel(numerical_gradient(f, np.array(x, dtype=np.float64), h=h))


NUMERICAL_PARTIALS = Exercise(
    id="numerical_partials",
    title="central differences along a few coordinates",
    signature="numerical_partials(f, x, idx, h=1e-6)",
    reference=_numerical_partials,
    cases=(
        Case((_cubes, np.array([1.0, -2.0, 0.5]), [0, 2]), label="sum of cubes, coordinates 0 and 2"),
        Case((_exp10, np.array([[0.1, -0.2], [0.3, 0.0]]), [3, 1]), label="a 2-D x, flat indices 3 and 1"),
        Case((_exp10, np.array([0.2, 0.1, -0.1]), [1]), {"h": 1e-3}, label="a larger step, h = 1e-3"),
        Case((_quad, [1.0, 2.0, 3.0, 4.0], np.array([2])), label="x as a Python list, idx as an array"),
    ),
    arg_names=("f", "x", "idx", "h"),
    # The course's numerical_gradient computes the answer for the learner (it is called along
    # every coordinate and the wanted ones picked): it may not be used here.
    forbidden=(numerical_gradient,),
    rtol=1e-7,
    atol=1e-9,
    mistakes=(
        Mistake(
            _forward,
            "You used the forward difference (f(x + h) - f(x)) / h, whose error is O(h): the central"
            " difference (f(x + h) - f(x - h)) / (2h) is O(h²).",
        ),
        Mistake(_by_h, "You divided by h: the two points x + h and x - h are 2h apart, divide by 2h."),
        Mistake(_fixed_h, "You ignored the argument h (always 1e-6): use the step the caller gives."),
        Mistake(
            _all_coordinates,
            "You returned the numerical gradient along every coordinate: only those listed in idx are"
            " asked for (the point is to check a large gradient at a few places).",
        ),
    ),
    success="Two evaluations of f per coordinate checked, whatever the size of the gradient.",
)

# --------------------------------------------------------------- float32


#: The answers offered, by band of :func:`band`.
_BAND_ANSWERS = {"agree": "below 1e-6", "look closer": "between", "wrong": "above 1e-3"}


def _float32_band() -> str:
    problem = logistic_problem()
    g = problem.grad(problem.w)
    numerical = numerical_gradient(lambda w: problem.cost(w, np.float32), problem.w, h=1e-6)
    return _BAND_ANSWERS[band(relative_error(g, numerical))]


def _call_band(fn: Any, args: tuple, kwargs: dict) -> Any:
    value = fn() if callable(fn) else fn
    return value.strip().lower() if isinstance(value, str) else value


FLOAT32_BAND = Exercise(
    id="predict_float32_band",
    title="the band of a float32 gradient check with h = 1e-6",
    signature="answer_float32_band",
    reference=_float32_band,
    cases=(Case(),),
    output="value",
    reveal=False,
    call=_call_band,
    mistakes=(
        Mistake(
            lambda: "below 1e-6",
            "float32 keeps about 7 significant digits: a step of 1e-6 changes f by only a few 1e-7 of"
            " itself, about float32's rounding, so rounding spoils a large part of the difference.",
        ),
        Mistake(
            lambda: "between",
            "Worse than that: with a step of 1e-6, float32's rounding of f (about 1e-7 of f), divided by"
            " 2h, is as large as a good part of the slope itself.",
        ),
    ),
    success="In float32, take h between 1e-3 and 1e-2 (or check in float64).",
)

EXERCISES = (RELATIVE_ERROR, NUMERICAL_PARTIALS, FLOAT32_BAND)
