"""Exercises of part 1 (``01_losses``) on the hinge loss, for labels -1/+1 and 0/1, and its
subgradient (notebook ``03_classification_losses``).

The expected answers come from :mod:`course_utils.losses`; the helpers shared with the other
``losses_*`` modules are in :mod:`._losses_common`.
"""

from __future__ import annotations

import numpy as np

from ... import losses as L
from ..engine import Case, Exercise, Mistake
from ._losses_common import (
    _ENTRIES_NOT_ROWS_ERROR,
    _NO_MEAN_GRAD,
    _ROWS_NOT_ENTRIES,
    _ROWS_NOT_ENTRIES_HINT,
    _SUM_HINT,
    _SUM_MISTAKE,
    _f,
    _mean_of,
    _per_row,
    _per_sample,
    _rng,
)

_RNG = _rng(__name__)

# ------------------------------------------------------------------------- hinge

_HINGE_CASES = (
    Case((np.array([1.0]), np.array([0.3])), label="one sample inside the margin"),
    Case(
        (np.array([1.0, -1.0, 1.0, -1.0]), np.array([2.0, -0.5, -1.0, 3.0])),
        label="beyond the margin, inside it, and wrong",
    ),
    Case((np.array([1.0, -1.0]), np.array([1.0, -1.0])), label="exactly on the margin"),
    Case(([1, -1, 1], [0, 0, 5]), label="integer Python lists"),
    Case(
        (np.array([[1.0, -1.0], [-1.0, 1.0]]), np.array([[2.7, 0.6], [1.2, -2.1]])),
        label="2-D arrays of the same shape (the mean is over every entry)",
    ),
    Case((_RNG.choice([-1.0, 1.0], 20), _RNG.normal(size=20) * 2), label="20 random samples"),
)


def _hinge_from_01(y, s):
    return L.hinge(2 * _f(y) - 1, s)


HINGE = Exercise(
    id="hinge",
    title="hinge loss for labels -1 and +1",
    signature="hinge(y, s)",
    reference=L.hinge,
    cases=_HINGE_CASES,
    arg_names=("y", "s"),
    output="scalar",
    error_hints=(("ValueError", _ENTRIES_NOT_ROWS_ERROR),),
    mistakes=(
        Mistake(
            lambda y, s: float(np.mean(np.maximum(0.0, 1.0 - _f(s)))),
            "Your hinge ignores the label y: the margin is y s, so max(0, 1 - y s).",
        ),
        _per_sample(L.hinge),
        Mistake(
            lambda y, s: L.hinge(y, s) * np.size(y) / (len(np.asarray(y)) if np.ndim(y) else 1),
            _ROWS_NOT_ENTRIES,
            _ROWS_NOT_ENTRIES_HINT,
        ),
        Mistake(
            _mean_of(lambda y, s: 1 - y * s),
            "You forgot the max(0, ...): a sample beyond the margin gets a negative loss, which rewards pushing it ever further instead of costing 0.",
            "np.maximum(0, 1 - y * s)",
        ),
        Mistake(
            _mean_of(lambda y, s: np.maximum(0, -y * s)),
            "Without the 1 this is the perceptron loss: a sample just barely on the right side costs nothing. The hinge asks for a margin: max(0, 1 - y s).",
        ),
        Mistake(lambda y, s: L.hinge(y, s, reduction="sum"), _SUM_MISTAKE, _SUM_HINT),
        Mistake(
            lambda y, s: float(np.mean(np.maximum(0, 1 - (2 * _f(y) - 1) * _f(s)))),
            "You converted the labels with 2y - 1 as if they were 0/1, but here they are already -1/+1 (a label -1 became -3).",
        ),
        Mistake(
            _mean_of(lambda y, s: np.maximum(0, 1 - y * s) ** 2),
            "You squared the hinge: that is the squared hinge loss; the hinge itself is max(0, 1 - y s).",
        ),
    ),
    success="Zero loss once a sample is right with a margin of 1: the SVM stops caring about points that are safely classified.",
)

HINGE_01 = Exercise(
    id="hinge_from_01_labels",
    title="hinge loss for a data set labelled 0 and 1",
    signature="hinge_from_01_labels(y01, s)",
    reference=_hinge_from_01,
    allowed=(L.hinge,),  # the point is the conversion of the labels; the notebook offers hinge
    cases=(
        Case(
            (np.array([1.0, 0.0, 1.0, 0.0]), np.array([2.0, -0.5, -1.0, 3.0])),
            label="four samples labelled 0/1",
        ),
        Case(([0, 1], [0.2, 0.2]), label="integer Python lists"),
        Case((_RNG.integers(0, 2, 12).astype(float), _RNG.normal(size=12)), label="12 random samples"),
    ),
    arg_names=("y01", "s"),
    output="scalar",
    mistakes=(
        Mistake(
            lambda y, s: float(np.mean(np.maximum(0, 1 - _f(y) * _f(s)))),
            "You fed the {0, 1} labels to the hinge directly: a label 0 makes y*s = 0, so every such sample costs exactly 1 whatever its score.",
            "Convert first: y = 2 * y01 - 1 maps 0 to -1 and 1 to +1.",
        ),
        Mistake(
            lambda y, s: float(np.mean(np.maximum(0, 1 - (1 - 2 * _f(y)) * _f(s)))),
            "You converted the labels the wrong way round (1 - 2y maps 1 to -1): use y = 2 * y01 - 1.",
        ),
    ),
    success="The hinge needs labels of -1 and +1: the sign of y*s says right or wrong, its size says how confidently.",
)

HINGE_GRAD = Exercise(
    id="hinge_grad",
    title="(sub)gradient of the hinge loss with respect to the scores",
    signature="hinge_grad(y, s)",
    reference=L.hinge_grad,
    cases=_HINGE_CASES,
    arg_names=("y", "s"),
    output="array",
    error_hints=(("ValueError", _ENTRIES_NOT_ROWS_ERROR),),
    mistakes=(
        Mistake(
            lambda y, s: np.where(_f(y) * _f(s) <= 1, -_f(y), 0.0) / _f(s).size,
            "At a sample exactly on the margin (y s = 1) you returned -y/n instead of 0: both are valid subgradients at the kink, so this is fine.",
            accept=True,
        ),
        # len(y) before the kink: an answer with both is told about len(y), the real bug
        Mistake(_per_row(L.hinge_grad), _ROWS_NOT_ENTRIES, _ROWS_NOT_ENTRIES_HINT),
        Mistake(
            _per_row(lambda y, s: np.where(_f(y) * _f(s) <= 1, -_f(y), 0.0) / _f(s).size),
            _ROWS_NOT_ENTRIES
            + " (Your -y/n at the margin y s = 1 is a valid subgradient: that part is fine.)",
            _ROWS_NOT_ENTRIES_HINT,
        ),
        Mistake(lambda y, s: L.hinge_grad(y, s, reduction="sum"), _NO_MEAN_GRAD),
        Mistake(
            lambda y, s: -L.hinge_grad(y, s),
            "Your gradient has the opposite sign: inside the margin the loss 1 - y s falls as s moves towards y, so its gradient is -y.",
        ),
        Mistake(
            lambda y, s: -_f(y) / _f(s).size,
            "You returned -y/n for every sample: samples beyond the margin (y s >= 1) have loss 0 and gradient 0.",
        ),
    ),
    success="Only the samples inside the margin contribute: the support vectors.",
)

EXERCISES = (
    HINGE,
    HINGE_01,
    HINGE_GRAD,
)
