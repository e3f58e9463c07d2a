r"""Exercise of part 1 (``01_losses``) on the multiclass hinge loss, Weston-Watkins form as in
CS231n, :math:`\ell_i = \sum_{j \ne y_i} \max(0,\ s_{ij} - s_{i y_i} + \Delta)` with
:math:`\Delta = 1` (notebook ``05_hinge_and_margins``).

The expected answers come from :func:`course_utils.losses.multiclass_hinge`. Each known
mistake is one of the other multiclass hinges a learner may have met (Crammer-Singer's
maximum, PyTorch's mean over the classes) or a slip in the sum.
"""

from __future__ import annotations

import numpy as np

from ... import losses as L
from ..engine import Case, Exercise, Mistake
from ._losses_common import _SUM_HINT, _SUM_MISTAKE, _f, _per_sample, _rng

_RNG = _rng(__name__)


def _margins(y, s) -> tuple[np.ndarray, np.ndarray]:
    """The terms s_j - s_{y_i} + 1 of every class (true class included), and a mask of the wrong classes."""
    s = _f(s)
    idx = np.asarray(y, dtype=int)
    rows = np.arange(s.shape[0])
    terms = s - s[rows, idx][:, None] + 1.0
    wrong = np.ones_like(s, dtype=bool)
    wrong[rows, idx] = False
    return terms, wrong


def _with_true_class(y, s):
    terms, _ = _margins(y, s)
    return float(np.mean(np.maximum(0.0, terms).sum(axis=1)))


def _wrong_sign(y, s):
    s_arr = _f(s)
    idx = np.asarray(y, dtype=int)
    rows = np.arange(s_arr.shape[0])
    terms = s_arr[rows, idx][:, None] - s_arr + 1.0
    _, wrong = _margins(y, s)
    return float(np.mean(np.where(wrong, np.maximum(0.0, terms), 0.0).sum(axis=1)))


def _mean_over_classes(y, s):
    terms, wrong = _margins(y, s)
    return float(np.mean(np.where(wrong, np.maximum(0.0, terms), 0.0).mean(axis=1)))


def _max_over_classes(y, s):
    terms, wrong = _margins(y, s)
    return float(np.mean(np.where(wrong, np.maximum(0.0, terms), 0.0).max(axis=1)))


def _no_clamp(y, s):
    terms, wrong = _margins(y, s)
    return float(np.mean(np.where(wrong, terms, 0.0).sum(axis=1)))


def _cases_from(rng: np.random.Generator, count: int) -> tuple[Case, ...]:
    cases = []
    for _ in range(count):
        n, k = int(rng.integers(1, 7)), int(rng.integers(2, 6))
        cases.append(
            Case((rng.integers(0, k, n), rng.normal(0.0, 2.0, (n, k))), label=f"{n} samples, {k} classes")
        )
    return tuple(cases)


MULTICLASS_HINGE = Exercise(
    id="multiclass_hinge",
    title="multiclass hinge loss (Weston-Watkins, margin 1), mean over samples",
    signature="multiclass_hinge(y, s)",
    reference=L.multiclass_hinge,
    cases=(
        Case((np.array([0]), np.array([[3.0, 1.0, 0.5]])), label="one sample, every margin met"),
        Case(
            (np.array([0, 1, 2]), np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])),
            label="CS231n's three samples",
        ),
        Case((np.array([1, 0]), np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 0.5]])), label="a margin exactly met"),
        Case(([2, 0], [[1, 2, 3], [0, 0, 0]]), label="integer Python lists, equal scores"),
        Case((np.array([1, 0, 1]), np.array([[0.3, -0.2], [2.0, 2.5], [-1.0, 4.0]])), label="two classes"),
        Case((_RNG.integers(0, 4, 10), _RNG.normal(0.0, 2.0, (10, 4))), label="10 random samples, 4 classes"),
    ),
    arg_names=("y", "s"),
    output="scalar",
    mistakes=(
        Mistake(
            _with_true_class,
            "Your loss is exactly 1 too large per sample: you summed over every class, the true one"
            " included, and its term max(0, s_y - s_y + 1) always adds the margin 1.",
            "Leave the true class out of the sum (j != y_i), for example by setting its term to 0.",
        ),
        Mistake(
            _wrong_sign,
            "You wrote s_y - s_j: the difference has the wrong sign. The loss must grow when a wrong"
            " class's score s_j rises towards the true class's, so each term is max(0, s_j - s_y + 1).",
        ),
        Mistake(
            _mean_over_classes,
            "You averaged the margins over the classes (PyTorch's MultiMarginLoss divides by K); the"
            " Weston-Watkins (CS231n) form sums them over the wrong classes.",
            "Sum over the classes (axis=1), then average over the samples.",
        ),
        Mistake(
            _max_over_classes,
            "You kept only the largest violation of each sample (that is the Crammer-Singer multiclass"
            " hinge); the Weston-Watkins form sums the violations of every wrong class.",
        ),
        Mistake(
            _no_clamp,
            "You forgot the max(0, ...): a wrong class already beyond the margin gives a negative term,"
            " which pays the sample for its other mistakes.",
            "np.maximum(0, s - s_true + 1), with s_true the true class's score of each row.",
        ),
        _per_sample(L.multiclass_hinge),
        Mistake(lambda y, s: L.multiclass_hinge(y, s, reduction="sum"), _SUM_MISTAKE, _SUM_HINT),
    ),
    hidden=lambda rng: _cases_from(rng, 6),
    success="Once every wrong class is at least 1 below the true one, the sample costs exactly 0:"
    " the SVM stops caring about it, where cross-entropy would keep pushing.",
)

EXERCISES = (MULTICLASS_HINGE,)
