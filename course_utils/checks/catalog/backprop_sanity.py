"""Exercises of ``03_backprop/07_sanity_checks``: the first loss, the update ratio, reading curves.

References: :func:`course_utils.losses.softmax_cross_entropy` at zero logits,
:func:`course_utils.mlp.update_ratios`, and the answer key
:func:`course_utils.explore.backprop.sanity.diagnosis`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ... import mlp
from ...explore.backprop.sanity import diagnosis, mystery_runs
from ...losses import softmax_cross_entropy
from ..engine import Case, Exercise, Mistake
from ..kinds import prediction_answer, prediction_words


def _f(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


# ---------------------------------------------------------- the initial loss

_K = 10


def _initial_loss() -> float:
    """The cost of a 10-class softmax classifier whose logits are all equal (weights near 0)."""
    return float(softmax_cross_entropy(np.array([3]), np.zeros((1, _K))))


INITIAL_LOSS = Exercise(
    id="predict_initial_loss",
    title="the initial cost of a 10-class softmax classifier",
    signature="answer_initial_loss",
    reference=_initial_loss,
    cases=(Case(),),
    output="value",
    reveal=False,
    rtol=0.01,
    call=prediction_answer,
    mistakes=(
        Mistake(
            lambda: 1.0 / _K,
            "1/10 is the probability the untrained model gives each class; the loss is -log of the"
            " probability of the true class.",
        ),
        Mistake(lambda: 1.0, "That is log₁₀(10): the course's costs are in nats, natural logarithms."),
        Mistake(lambda: float(np.log(2.0)), "log 2 is the initial cost of a two-class model: here K = 10."),
        Mistake(
            lambda: 0.0,
            "A cost of 0 would mean certainty about every right answer: an untrained model is not sure of anything.",
        ),
    ),
    success=(
        "A first cost far above log K means the model is confidently wrong before it has learned"
        " anything (check the initialization and the loss's inputs); far below, suspect the loss itself."
    ),
)

# ------------------------------------------------------------ the update ratio


def _update_ratio(W_before: Any, W_after: Any) -> float:
    return float(mlp.update_ratios({"W1": _f(W_before)}, {"W1": _f(W_after)})[0])


def _by_after(W_before: Any, W_after: Any) -> float:
    b, a = _f(W_before), _f(W_after)
    return float(np.linalg.norm(a - b) / np.linalg.norm(a))


def _elementwise(W_before: Any, W_after: Any) -> float:
    b, a = _f(W_before), _f(W_after)
    with np.errstate(all="ignore"):
        return float(np.mean(np.abs(a - b) / np.abs(b)))


def _norm_change(W_before: Any, W_after: Any) -> float:
    b, a = _f(W_before), _f(W_after)
    return float(abs(np.linalg.norm(a) - np.linalg.norm(b)) / np.linalg.norm(b))


def _no_division(W_before: Any, W_after: Any) -> float:
    b, a = _f(W_before), _f(W_after)
    return float(np.linalg.norm(a - b))


_RNG = np.random.default_rng(7)
_W = _RNG.normal(0.0, 0.5, (4, 3))
_STEP = _RNG.normal(0.0, 1e-3, (4, 3))

UPDATE_RATIO = Exercise(
    id="update_ratio",
    title="the update-to-weight ratio of one layer",
    signature="update_ratio(W_before, W_after)",
    reference=_update_ratio,
    cases=(
        Case((_W, _W + _STEP), label="a layer of 4 x 3 weights after one small update"),
        Case((np.array([[3.0, 4.0]]), np.array([[3.0, 4.5]])), label="by hand: ‖ΔW‖ = 0.5, ‖W‖ = 5"),
        Case(([[1.0, 0.0], [0.0, 2.0]], [[1.1, 0.0], [0.0, 1.8]]), label="Python lists, with zero weights"),
        Case((_W, _W), label="no update at all"),
        Case(
            (np.array([[1.0, -1.0]]), np.array([[-1.0, 1.0]])),
            label="a step that flips the sign of every weight",
        ),
    ),
    arg_names=("W_before", "W_after"),
    output="scalar",
    mistakes=(
        Mistake(
            _by_after,
            "You divided by the norm of the new weights: the ratio compares the step with the weights"
            " it was applied to, W_before.",
        ),
        Mistake(
            _elementwise,
            "You averaged the ratios of single weights: a weight at 0 makes that infinite. Use the norms"
            " of the whole layer, ‖ΔW‖ / ‖W‖.",
        ),
        Mistake(
            _norm_change,
            "You computed the change of the norm, |‖W_after‖ - ‖W_before‖|: the ratio is the norm of"
            " the change, ‖W_after - W_before‖.",
        ),
        Mistake(
            _no_division, "You returned ‖ΔW‖ alone: divide it by ‖W_before‖, so that the ratio has no units."
        ),
    ),
    success="Around 1e-3 per update is the usual rule of thumb; measure it rather than guess the learning rate.",
)

# -------------------------------------------------------- read the four curves

_LABELS = ("A", "B", "C", "D")
_CHOICES = ("too high", "too low", "plateau", "bug")


def _curves_answer() -> tuple[str, ...]:
    return tuple(diagnosis(label) for label in _LABELS)


def _curves_compare(got: Any, case: Case) -> str | None:
    if not isinstance(got, tuple) or len(got) != 4:
        return f"Give four answers, one per curve, in the order A, B, C, D: a tuple like {_CHOICES!r}."
    unknown = [g for g in got if g not in _CHOICES]
    if unknown:
        return f"{unknown[0]!r} is not one of the diagnoses {list(_CHOICES)}."
    expected = _curves_answer()
    right = sum(g == e for g, e in zip(got, expected))
    if right < 4:
        # How many, never which: naming the wrong curves would let trial and error find the answer.
        return (
            f"{right} of the 4 diagnoses are right. Read each curve again: its shape in the first"
            " updates, where it ends, and whether it is noisy or smooth."
        )
    return None


def _swap(i: int, j: int) -> tuple[str, ...]:
    answer = list(_curves_answer())
    answer[i], answer[j] = answer[j], answer[i]
    return tuple(answer)


_RISING = [i for i, d in enumerate(_curves_answer()) if d in ("too high", "bug")]
_FLAT = [i for i, d in enumerate(_curves_answer()) if d in ("too low", "plateau")]

READ_CURVES = Exercise(
    id="predict_loss_curves",
    title="what went wrong in each of four training runs",
    signature="answer_curves",
    reference=_curves_answer,
    cases=(Case(),),
    output="value",
    reveal=False,
    call=prediction_words,
    compare=_curves_compare,
    mistakes=(
        Mistake(
            lambda: _swap(*_RISING),
            "Both costs rise, but differently: a rate too high jumps at once to a high, noisy cost and"
            " stays there; a gradient of the wrong sign climbs steadily, update after update.",
        ),
        Mistake(
            lambda: _swap(*_FLAT),
            "A rate too low still lowers the cost, slowly; a plateau does not move at all (here it sits"
            " exactly at log 2: the model has learned nothing).",
        ),
    ),
    success="Shape first, then numbers: most training bugs show in the first few hundred updates.",
)

#: (Exported for the notebook's figure.)
__all__ = ["EXERCISES", "mystery_runs"]

EXERCISES = (INITIAL_LOSS, UPDATE_RATIO, READ_CURVES)
