"""Exercises of ``03_backprop/05_validation_and_early_stopping``: early stopping, reading the curves.

References: :func:`course_utils.mlp.early_stopping_epoch`, and the notebook's run of
:func:`course_utils.mlp.train`, :func:`course_utils.explore.backprop.overfit_run` with 40 samples.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ... import mlp
from ...explore.backprop.validation import overfit_run
from ..engine import Case, Exercise, Mistake
from ..kinds import prediction_words

__all__ = ["EXERCISES", "overfitting_run"]


def _f(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


# ------------------------------------------------------------ early stopping

_CURVE = [1.0, 0.8, 0.7, 0.75, 0.72, 0.71, 0.9, 0.95]
_LATE_DIP = np.array([1.0, 0.5, 0.6, 0.7, 0.4, 0.45])
_TIES = [1.0, 0.5, 0.5, 0.5, 0.4]


def _argmin_variant(val_costs: Any, patience: int) -> int:
    return int(np.argmin(_f(val_costs)))


def _loop_variant(*, stop_epoch: bool = False, ties: bool = False, extra: int = 0):
    def variant(val_costs: Any, patience: int) -> int:
        v = _f(val_costs)
        best = 0
        for epoch in range(1, v.size):
            if v[epoch] < v[best] or (ties and v[epoch] == v[best]):
                best = epoch
            elif epoch - best >= patience + extra:
                return epoch if stop_epoch else best
        return best

    return variant


def _never_reset(val_costs: Any, patience: int) -> int:
    """A patience counter that counts every epoch without improvement, and is never reset."""
    v = _f(val_costs)
    best, wait = 0, 0
    for epoch in range(1, v.size):
        if v[epoch] < v[best]:
            best = epoch
        else:
            wait += 1
            if wait >= patience:
                break
    return best


EARLY_STOPPING = Exercise(
    id="early_stopping_epoch",
    title="the epoch whose parameters early stopping keeps",
    signature="early_stopping_epoch(val_costs, patience)",
    reference=mlp.early_stopping_epoch,
    cases=(
        Case((_CURVE, 2), label="a curve with a minimum at epoch 2, patience 2"),
        Case((_CURVE, 4), label="the same curve, patience 4"),
        Case((_LATE_DIP, 2), label="a lower cost comes too late for patience 2"),
        Case((_LATE_DIP, 3), label="the same curve, patience 3: the lower cost is reached"),
        Case((_TIES, 2), label="equal costs are not an improvement"),
        Case(
            ([1.0, 0.5, 0.6, 0.7, 0.4, 0.6, 0.7, 0.8, 0.2], 2),
            label="a lower cost one epoch after the patience",
        ),
        Case(
            ([1.0, 1.1, 0.9, 1.0, 0.8], 2),
            label="two separate bad epochs, each followed by an improvement, patience 2",
        ),
        Case(
            ([1.0, 1.2, 0.9, 1.1, 0.8, 0.9, 0.7, 0.75, 0.8], 3),
            label="a bad epoch before every improvement, patience 3",
        ),
        Case((np.linspace(1.0, 0.1, 10), 3), label="a cost that keeps falling: training never stops"),
        Case(([0.7], 5), label="one cost only, before training"),
    ),
    arg_names=("val_costs", "patience"),
    output="scalar",
    mistakes=(
        Mistake(
            _argmin_variant,
            "You took the lowest cost of the whole curve: early stopping decides while training, so it"
            " never sees the epochs after it has stopped (patience epochs after the best one).",
        ),
        Mistake(
            _loop_variant(stop_epoch=True),
            "You returned the epoch at which training stops: the parameters to keep are those of the"
            " best epoch, patience epochs earlier.",
        ),
        Mistake(
            _loop_variant(ties=True),
            "A cost equal to the best one is not an improvement: count the patience from the first"
            " epoch that reached the lowest cost (use <, not <=).",
        ),
        Mistake(
            _never_reset,
            "Your patience counter is never reset: it adds up the bad epochs of the whole run. The"
            " patience counts the epochs since the last improvement, so start counting again from 0"
            " each time the cost reaches a new lowest value (or use epoch - best >= patience).",
        ),
        Mistake(
            _loop_variant(extra=1),
            "You waited one epoch more than the patience: stop as soon as patience epochs have passed"
            " without a lower cost (epoch - best >= patience).",
        ),
    ),
    success="Keep the best parameters, and the validation set has chosen the number of epochs for you.",
)

# ----------------------------------------------- reading an overfitting run


def overfitting_run() -> tuple[mlp.TrainingRun, tuple[np.ndarray, ...]]:
    """The notebook's overfitting run: 40 training samples of two moons, 200 for validation."""
    return overfit_run(40)


def _trend(before: float, after: float) -> str:
    return "lower" if after < before else "higher"


def _after_best() -> tuple[str, str]:
    run, _ = overfitting_run()
    b = run.best_epoch
    return _trend(run.costs[b], run.costs[-1]), _trend(run.val_costs[b], run.val_costs[-1])


AFTER_BEST = Exercise(
    id="predict_after_best_epoch",
    title="the training and validation costs after the best epoch",
    signature="answer_after_best",
    reference=_after_best,
    cases=(Case(),),
    output="value",
    reveal=False,
    call=prediction_words,
    mistakes=(
        Mistake(
            lambda: ("lower", "lower"),
            "The training cost keeps falling, but the validation cost does not: past the best epoch the"
            " network fits the noise of its 40 samples, which new points do not share.",
        ),
        Mistake(
            lambda: ("higher", "higher"),
            "Training lowers the cost it is given, the training cost, epoch after epoch: only the"
            " validation cost turns up.",
        ),
        Mistake(
            lambda: ("higher", "lower"),
            "It is the other way round: the optimizer lowers the training cost, and the validation cost"
            " rises as the network learns the noise of the training set.",
        ),
    ),
    success="The gap between the two curves is what overfitting looks like.",
)

EXERCISES = (EARLY_STOPPING, AFTER_BEST)
