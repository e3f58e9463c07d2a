"""Exercises of part 1 (``01_losses``) on the softmax and categorical cross-entropy, of
probabilities and of logits, and their gradients (notebook ``03_classification_losses``).

The expected answers come from :mod:`course_utils.losses` and :mod:`course_utils.activations`;
the helpers shared with the other ``losses_*`` modules are in :mod:`._losses_common`.
"""

from __future__ import annotations

import numpy as np

from ... import activations as act
from ... import losses as L
from ..engine import Case, Exercise, Mistake
from ..kinds import log_base
from ._losses_common import _NO_MEAN_GRAD, _SUM_HINT, _SUM_MISTAKE, _f, _per_sample, _rng

_RNG = _rng(__name__)

# -------------------------------------------------------- softmax and cross-entropy

_SOFTMAX_CASES = (
    Case((np.array([[1.0, 2.0, 3.0]]),), label="one sample, three classes"),
    Case(
        (np.array([[0.5, 0.5, 0.5, 0.5], [2.0, 0.0, -2.0, 1.0]]),),
        label="equal logits give a uniform distribution",
    ),
    Case((np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1000.0, -1001.0]]),), label="logits of +-1000"),
    Case(([[1, 2], [3, 4], [0, 0]],), label="integer Python lists"),
    Case((_RNG.normal(size=(6, 5)) * 3,), label="six random samples, five classes"),
)


def _softmax_no_max(z):
    with np.errstate(all="ignore"):
        e = np.exp(_f(z))
        return e / e.sum(axis=-1, keepdims=True)


def _softmax_axis0(z):
    z = _f(z)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def _softmax_all(z):
    z = _f(z)
    e = np.exp(z - z.max())
    return e / e.sum()


def _softmax_global_shift(z):
    z = _f(z)
    with np.errstate(all="ignore"):
        e = np.exp(z - z.max())
        return e / e.sum(axis=-1, keepdims=True)


def _log_softmax_no_shift(y, z):
    z = _f(z)
    with np.errstate(all="ignore"):
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-log_p[np.arange(z.shape[0]), np.asarray(y)].mean())


SOFTMAX = Exercise(
    id="softmax",
    title="softmax of each row of logits",
    signature="softmax(z)",
    reference=act.softmax,
    cases=_SOFTMAX_CASES,
    arg_names=("z",),
    output="array",
    mistakes=(
        Mistake(
            _softmax_global_shift,
            "You shifted by the global maximum of the whole array instead of each row's own maximum: a row whose"
            " logits are all far below another row's underflows to exp(...) = 0 everywhere, and 0/0 = nan.",
            "Use z.max(axis=-1, keepdims=True).",
        ),
        Mistake(
            _softmax_no_max,
            "You exponentiated the logits directly: exp(1000) overflows to inf and inf/inf = nan.",
            "Subtract each row's maximum first: z - z.max(axis=1, keepdims=True). It changes nothing mathematically.",
        ),
        Mistake(
            _softmax_axis0,
            "You normalized each *column*: each row (one sample) must sum to 1.",
            "Use axis=1 (or -1) with keepdims=True.",
        ),
        Mistake(
            _softmax_all,
            "You divided by the sum over the whole array: each row (one sample) must sum to 1 on its own.",
            "Sum with axis=1, keepdims=True.",
        ),
    ),
    error_hints=(
        ("ValueError", "Reduce along axis 1 with keepdims=True so the shapes broadcast row by row."),
    ),
    success="Subtracting the maximum keeps every exponent <= 0: the same probabilities, and no overflow at any scale.",
)

_ONEHOT_CASES = (
    Case((np.array([[0.0, 1.0, 0.0]]), np.array([[0.2, 0.7, 0.1]])), label="one sample"),
    Case(
        (
            np.eye(3)[[0, 2, 1, 2]],
            np.array([[0.8, 0.1, 0.1], [0.3, 0.3, 0.4], [0.05, 0.9, 0.05], [0.5, 0.25, 0.25]]),
        ),
        label="four samples, three classes",
    ),
    Case(
        (np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0], [1.0, 0.0]])),
        label="probabilities of exactly 1 and 0",
    ),
    Case(([[0, 1], [1, 0]], [[0.4, 0.6], [0.9, 0.1]]), label="Python lists, integer one-hot rows"),
    Case(
        (np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.0, 1.0], [0.5, 0.5]])),
        {"eps": 1e-3},
        label="a probability of exactly 0 for the true class, eps = 1e-3",
    ),
    Case(
        (np.eye(5)[_RNG.integers(0, 5, 8)], act.softmax(_RNG.normal(size=(8, 5)))),
        label="eight random samples",
    ),
)


def _cce_all_entries(yt, yp, eps=1e-12):
    t, p = _f(yt), _f(yp)
    return float(np.mean(-t * np.log(np.clip(p, eps, 1))))


def _cce_no_clip(yt, yp, eps=1e-12):
    t, p = _f(yt), _f(yp)
    with np.errstate(all="ignore"):
        return float(np.mean(-(t * np.log(p)).sum(axis=1)))


def _cce_no_clip_nansum(yt, yp, eps=1e-12):
    t, p = _f(yt), _f(yp)
    with np.errstate(all="ignore"):
        return float(np.mean(-np.nansum(t * np.log(p), axis=1)))


CCE = Exercise(
    id="categorical_cross_entropy",
    title="categorical cross-entropy of one-hot labels and probabilities",
    signature="categorical_cross_entropy(y_true, y_pred, eps=1e-12)",
    reference=L.categorical_cross_entropy,
    cases=_ONEHOT_CASES,
    arg_names=("y_true", "y_pred"),
    output="scalar",
    mistakes=(
        log_base(L.categorical_cross_entropy, 2, "cross-entropy"),
        log_base(L.categorical_cross_entropy, 10, "cross-entropy"),
        Mistake(
            lambda yt, yp, eps=1e-12: L.categorical_cross_entropy(yt, yp, eps=1e-7 if eps == 1e-12 else eps),
            "You clipped with eps = 1e-7 (Keras' choice) rather than the signature's 1e-12: also fine, as in binary cross-entropy.",
            accept=True,
        ),
        Mistake(
            lambda yt, yp, eps=1e-12: L.categorical_cross_entropy(yt, yp, eps=1e-15 if eps == 1e-12 else eps),
            "You clipped with eps = 1e-15 rather than 1e-12: also fine, as in binary cross-entropy.",
            accept=True,
        ),
        _per_sample(L.categorical_cross_entropy),
        Mistake(
            _cce_all_entries,
            "Your cost is K times too small: you averaged over all n x K entries. Sum over the classes of each sample, then average over the samples.",
            "-(y_true * np.log(q)).sum(axis=1).mean()",
        ),
        Mistake(
            lambda yt, yp, eps=1e-12: L.categorical_cross_entropy(yt, yp, eps=eps, reduction="sum"),
            _SUM_MISTAKE,
            _SUM_HINT,
        ),
        Mistake(
            _cce_no_clip,
            "Without clipping, a probability of exactly 0 gives log(0) = -inf, and 0 * -inf = nan even where the label is 0.",
            "Clip first: np.clip(y_pred, eps, 1).",
        ),
        Mistake(
            _cce_no_clip_nansum,
            "You hid the nan with np.nansum, but a true class predicted with probability 0 should cost a lot (about 27.6 with eps = 1e-12), not nothing.",
            "Clip the probabilities instead: np.clip(y_pred, eps, 1).",
        ),
    ),
    error_hints=(
        (
            "IndexError",
            "y_true holds one-hot rows of shape [n, K] here, not class indices; multiply and sum over the classes instead of indexing.",
        ),
    ),
    success="With one-hot labels only the true class's term survives: the cost is the mean of -log(probability of the right class).",
)


def _cce_grad_no_clip(yt, yp, eps=1e-12):
    t, p = _f(yt), _f(yp)
    with np.errstate(all="ignore"):
        return -t / p / t.shape[0]


CCE_GRAD = Exercise(
    id="categorical_cross_entropy_grad",
    title="gradient of categorical cross-entropy with respect to the probabilities",
    signature="categorical_cross_entropy_grad(y_true, y_pred, eps=1e-12)",
    reference=L.categorical_cross_entropy_grad,
    cases=_ONEHOT_CASES,
    arg_names=("y_true", "y_pred"),
    output="array",
    mistakes=(
        Mistake(
            lambda yt, yp, eps=1e-12: L.categorical_cross_entropy_grad(
                yt, yp, eps=1e-7 if eps == 1e-12 else eps
            ),
            "You clipped with eps = 1e-7 (Keras' choice) rather than the signature's 1e-12: also fine, as in binary cross-entropy.",
            accept=True,
        ),
        Mistake(
            lambda yt, yp, eps=1e-12: L.categorical_cross_entropy_grad(
                yt, yp, eps=1e-15 if eps == 1e-12 else eps
            ),
            "You clipped with eps = 1e-15 rather than 1e-12: also fine, as in binary cross-entropy.",
            accept=True,
        ),
        Mistake(
            lambda yt, yp, eps=1e-12: L.categorical_cross_entropy_grad(yt, yp, eps=eps, reduction="sum"),
            _NO_MEAN_GRAD,
        ),
        Mistake(
            lambda yt, yp, eps=1e-12: -L.categorical_cross_entropy_grad(yt, yp, eps=eps),
            "Your gradient has the opposite sign: the derivative of -y log q is -y / q, negative for the true class (raising its probability lowers the loss).",
        ),
        Mistake(
            _cce_grad_no_clip,
            "Without clipping, a probability of exactly 0 gives -1/0 = -inf for a true class and 0/0 = nan for the others.",
            "Divide by np.clip(y_pred, eps, 1).",
        ),
        Mistake(
            lambda yt, yp, eps=1e-12: (np.clip(_f(yp), eps, 1) - _f(yt)) / _f(yp).shape[0],
            "You returned (q - y)/n: that is the gradient with respect to the *logits*, once the softmax is included. With respect to the probabilities it is -y / q, divided by n.",
        ),
        Mistake(
            lambda yt, yp, eps=1e-12: L.categorical_cross_entropy_grad(yt, yp, eps=eps) / _f(yp).shape[1],
            "Your gradient is K times too small: you divided by the number of entries n x K; the cost averages over the n samples only.",
        ),
    ),
    success="Only the true class gets a gradient, -1/(n q_y), where q_y is the model's probability of the true class: the less probability it has, the harder it is pushed up.",
)

_INDEX_CASES = (
    Case((np.array([1]), np.array([[1.0, 2.0, 0.5]])), label="one sample"),
    Case(
        (
            np.array([0, 2, 1, 2]),
            np.array([[2.0, 0.0, -1.0], [0.5, 0.5, 0.5], [1.0, 3.0, 0.0], [-2.0, 1.0, 4.0]]),
        ),
        label="four samples, three classes",
    ),
    Case((np.array([0, 1]), np.array([[1e4, 0.0], [1e4, 0.0]])), label="logits of 1e4, right and wrong"),
    Case(
        (np.array([0, 1]), np.array([[1000.0, 1000.0], [1000.0, 999.0]])),
        label="large logits of similar size (exp overflows, the probabilities do not underflow)",
    ),
    Case(([2, 0], [[1, 2, 3], [1, 2, 3]]), label="Python lists of integers"),
    Case((_RNG.integers(0, 4, 10), _RNG.normal(size=(10, 4)) * 2), label="ten random samples"),
)


def _sce_naive(y, z):
    z = _f(z)
    with np.errstate(all="ignore"):
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        return float(np.mean(-np.log(p[np.arange(len(z)), np.asarray(y)])))


def _sce_log_softmax_naive(y, z):
    z = _f(z)
    with np.errstate(all="ignore"):
        p = act.softmax(z)
        return float(np.mean(-np.log(p[np.arange(len(z)), np.asarray(y)])))


def _sce_log_logits(y, z):
    z = _f(z)
    with np.errstate(all="ignore"):
        return float(np.mean(-np.log(z[np.arange(len(z)), np.asarray(y)])))


SOFTMAX_CE = Exercise(
    id="softmax_cross_entropy",
    title="cross-entropy of class indices and logits (through a stable log-softmax)",
    signature="softmax_cross_entropy(y, z)",
    reference=L.softmax_cross_entropy,
    cases=_INDEX_CASES,
    arg_names=("y", "z"),
    output="scalar",
    mistakes=(
        Mistake(
            _log_softmax_no_shift,
            "You computed log-softmax as z - log(sum(exp(z))) without first subtracting each row's maximum:"
            " exp(1e4) overflows to inf. Shift each row by its maximum first (the log-sum-exp trick).",
        ),
        _per_sample(L.softmax_cross_entropy),
        Mistake(
            _sce_log_logits,
            "You took the log of the logits themselves: apply softmax first (better: log_softmax), the log is of probabilities.",
        ),
        Mistake(
            _sce_naive,
            "Your softmax exponentiates the logits directly, so a logit of 1e4 overflows to inf and gives nan.",
            "Compute log_softmax(z) = z - max - log(sum(exp(z - max))).",
        ),
        Mistake(
            _sce_log_softmax_naive,
            "You took log(softmax(z)): for a logit of 1e4 on the wrong class the softmax of the true class underflows to 0 and log(0) = -inf. The loss should be 1e4.",
            "Use log_softmax: z - max - log(sum(exp(z - max))).",
        ),
        Mistake(lambda y, z: L.softmax_cross_entropy(y, z, reduction="sum"), _SUM_MISTAKE, _SUM_HINT),
    ),
    error_hints=(
        (
            "ValueError",
            "y holds class indices of shape [n] here, not one-hot rows: pick each row's true-class entry with z[np.arange(n), y].",
        ),
        (
            "IndexError",
            "y holds class indices: index with z[np.arange(n), y], and make y an integer array with np.asarray(y).",
        ),
    ),
    success="log_softmax never takes the log of a rounded-to-zero probability: logits of any size give the exact loss.",
)

SOFTMAX_CE_GRAD = Exercise(
    id="softmax_cross_entropy_grad",
    title="gradient of softmax cross-entropy with respect to the logits",
    signature="softmax_cross_entropy_grad(y, z)",
    reference=L.softmax_cross_entropy_grad,
    allowed=(act.softmax,),  # the notebook builds the gradient from softmax(z) - one_hot(y)
    cases=_INDEX_CASES,
    arg_names=("y", "z"),
    output="array",
    mistakes=(
        Mistake(lambda y, z: L.softmax_cross_entropy_grad(y, z, reduction="sum"), _NO_MEAN_GRAD),
        Mistake(
            lambda y, z: -L.softmax_cross_entropy_grad(y, z),
            "Your gradient has the opposite sign: it is softmax(z) - one_hot(y).",
        ),
        Mistake(
            lambda y, z: act.softmax(z) / _f(z).shape[0],
            "You forgot to subtract the one-hot target: the gradient is (softmax(z) - one_hot(y)) / n.",
        ),
    ),
    success="softmax(z) - one_hot(y): push the right class up and every other class down, each by its probability.",
)

EXERCISES = (
    SOFTMAX,
    CCE,
    CCE_GRAD,
    SOFTMAX_CE,
    SOFTMAX_CE_GRAD,
)
