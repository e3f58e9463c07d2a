"""Exercises of part 1 (``01_losses``) on binary cross-entropy, of probabilities and of
logits, and its gradients (notebook ``03_classification_losses``).

The expected answers come from :mod:`course_utils.losses`; the helpers shared with the other
``losses_*`` modules are in :mod:`._losses_common`.
"""

from __future__ import annotations

import numpy as np

from ... import losses as L
from ...activations import sigmoid
from ..engine import Case, Exercise, Mistake
from ..kinds import log_base
from ._losses_common import _NO_MEAN_GRAD, _SUM_HINT, _SUM_MISTAKE, _f, _per_sample, _rng

_RNG = _rng(__name__)

# --------------------------------------------------------------- binary cross-entropy

_BCE_ARGS = ("y_true", "y_pred")
_BCE_CASES = (
    Case((np.array([0.0]), np.array([0.99])), label="a confident wrong answer: 0.99 for a label of 0"),
    Case((np.array([1.0, 0.0, 1.0, 0.0]), np.array([0.9, 0.2, 0.6, 0.45])), label="four samples"),
    Case((np.array([1.0, 0.0]), np.array([1.0, 0.0])), label="predictions of exactly 1 and 0, both right"),
    Case(
        (np.array([1.0, 0.0, 1.0]), np.array([0.0, 1.0, 0.5])),
        label="predictions of exactly 0 and 1, both wrong",
    ),
    Case((np.array([1, 0, 1, 1]), np.array([0.7, 0.3, 0.5, 0.99])), label="integer labels"),
    Case(([1.0, 0.0], [0.25, 0.25]), label="Python lists"),
    Case(
        (np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.9, 0.2], [0.4, 0.7]])),
        label="2-D arrays of the same shape (the mean is over every entry)",
    ),
    Case((_RNG.integers(0, 2, 30).astype(float), _RNG.uniform(0.01, 0.99, 30)), label="30 random samples"),
    Case(
        (np.array([1.0, 0.0, 1.0]), np.array([0.0, 0.3, 0.999])),
        {"eps": 1e-3},
        label="a prediction of 0 for a label of 1, eps = 1e-3",
    ),
)


def _bce_variant(per_sample):
    def variant(yt, yp, eps=1e-12):
        t, p = _f(yt), _f(yp)
        with np.errstate(all="ignore"):
            return float(np.mean(per_sample(t, p, eps)))

    return variant


def _clip(p, eps):
    return np.clip(p, eps, 1 - eps)


BCE = Exercise(
    id="binary_cross_entropy",
    title="binary cross-entropy of probabilities",
    signature="binary_cross_entropy(y_true, y_pred, eps=1e-12)",
    reference=L.binary_cross_entropy,
    cases=_BCE_CASES,
    arg_names=_BCE_ARGS,
    output="scalar",
    mistakes=(
        log_base(L.binary_cross_entropy, 2, "binary cross-entropy"),
        log_base(L.binary_cross_entropy, 10, "binary cross-entropy"),
        Mistake(
            lambda yt, yp, eps=1e-12: L.binary_cross_entropy(yp, yt, eps=eps),
            "You swapped the arguments: the labels are y_true (first), the probabilities y_pred"
            " (second); the log is taken of the probabilities, -[y log q + (1 - y) log(1 - q)].",
        ),
        _per_sample(L.binary_cross_entropy),
        Mistake(
            lambda yt, yp, eps=1e-12: L.binary_cross_entropy(yt, yp, eps=1e-7 if eps == 1e-12 else eps),
            "You clipped with eps = 1e-7 (Keras' choice) rather than the signature's 1e-12: also fine, the loss is just capped lower (16.1 instead of 27.6).",
            accept=True,
        ),
        Mistake(
            lambda yt, yp, eps=1e-12: L.binary_cross_entropy(yt, yp, eps=1e-15 if eps == 1e-12 else eps),
            "You clipped with eps = 1e-15 rather than 1e-12: also fine.",
            accept=True,
        ),
        Mistake(
            _bce_variant(lambda t, p, e: -(t * np.log(p) + (1 - t) * np.log(1 - p))),
            "Without clipping, a prediction of exactly 0 or 1 gives log(0) = -inf, and 0 * -inf = nan.",
            "Clip first: q = np.clip(y_pred, eps, 1 - eps).",
        ),
        Mistake(
            _bce_variant(
                lambda t, p, e: (
                    -(
                        t
                        * np.log(
                            _clip(
                                1 - p,
                                e,
                            )
                        )
                        + (1 - t) * np.log(_clip(p, e))
                    )
                )
            ),
            "You swapped the two terms: the label-1 term is y log(q), the label-0 term is (1 - y) log(1 - q).",
        ),
        Mistake(
            _bce_variant(lambda t, p, e: t * np.log(_clip(p, e)) + (1 - t) * np.log(1 - _clip(p, e))),
            "Your loss is negative: you forgot the minus sign in front. log(q) <= 0, so the loss is -[y log q + (1 - y) log(1 - q)].",
        ),
        Mistake(
            lambda yt, yp, eps=1e-12: L.binary_cross_entropy(yt, yp, eps=eps, reduction="sum"),
            _SUM_MISTAKE,
            _SUM_HINT,
        ),
        Mistake(
            _bce_variant(lambda t, p, e: -t * np.log(_clip(p, e))),
            "You kept only the y log(q) term: samples with label 0 then cost nothing, however wrong.",
        ),
    ),
    success="A confident wrong answer costs -log(0.01) = 4.6, a hesitant one only -log(0.5) = 0.69: cross-entropy punishes overconfidence.",
)


def _bce_grad_no_clip(yt, yp, eps=1e-12):
    y, p = _f(yt), _f(yp)
    with np.errstate(all="ignore"):
        return (p - y) / (p * (1 - p)) / y.size


BCE_GRAD = Exercise(
    id="binary_cross_entropy_grad",
    title="gradient of binary cross-entropy with respect to the probabilities",
    signature="binary_cross_entropy_grad(y_true, y_pred, eps=1e-12)",
    reference=L.binary_cross_entropy_grad,
    cases=tuple(c for c in _BCE_CASES if "exactly" not in c.label)
    + (
        Case(
            (np.array([1.0, 0.0]), np.array([1e-12, 1 - 1e-12])), label="predictions at the clipping limits"
        ),
        Case(
            (np.array([1.0, 0.0]), np.array([1.0, 0.0])), label="predictions of exactly 1 and 0, both right"
        ),
    ),
    arg_names=_BCE_ARGS,
    output="array",
    rtol=1e-5,
    mistakes=(
        Mistake(
            _bce_grad_no_clip,
            "Without clipping, a prediction of exactly 0 or 1 gives 0 / 0 = nan: clip y_pred to [eps, 1 - eps] first.",
        ),
        Mistake(
            lambda yt, yp, eps=1e-12: L.binary_cross_entropy_grad(yt, yp, eps=eps, reduction="sum"),
            _NO_MEAN_GRAD,
        ),
        Mistake(
            lambda yt, yp, eps=1e-12: -L.binary_cross_entropy_grad(yt, yp, eps=eps),
            "Your gradient has the opposite sign: d/dq of -[y log q + (1-y) log(1-q)] is -y/q + (1-y)/(1-q).",
        ),
        Mistake(
            lambda yt, yp, eps=1e-12: (np.clip(_f(yp), eps, 1 - eps) - _f(yt)) / _f(yp).size,
            "You returned (q - y)/n: that is the gradient with respect to the *logit* z (where q = sigmoid(z)); with respect to q it is (q - y) / (q (1 - q)) / n.",
        ),
    ),
    success="With respect to q this gradient is (q - y) / (q (1 - q)) / n: it tends to -+1/n as q approaches the right label, but grows without bound as q approaches the wrong one. The logit form's gradient, (q - y)/n with q = sigmoid(z), stays between -1/n and 1/n, which is why it is used in practice.",
)

_LOGIT_CASES = (
    Case((np.array([1.0, 0.0, 1.0]), np.array([2.0, -1.0, -0.5])), label="three samples"),
    Case((np.array([0.0, 1.0]), np.array([40.0, -40.0])), label="logits of +-40, confidently wrong"),
    Case(
        (np.array([1.0, 0.0, 0.0, 1.0]), np.array([1e3, -1e3, 1e3, -1e3])),
        label="logits of +-1000, right and wrong",
    ),
    Case((np.array([0.0, 1.0]), np.array([0.0, 0.0])), label="logits of 0 (probability 1/2)"),
    Case(([1, 0, 1], [3, -2, 0]), label="integer Python lists"),
    Case(
        (np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[2.7, 0.6], [1.2, -2.1]])),
        label="2-D arrays of the same shape (the mean is over every entry)",
    ),
    Case((_RNG.integers(0, 2, 30).astype(float), _RNG.normal(size=30) * 4), label="30 random samples"),
)


def _naive_logits(yt, z):
    t, z = _f(yt), _f(z)
    with np.errstate(all="ignore"):
        p = 1 / (1 + np.exp(-z))
        return float(np.mean(-(t * np.log(p) + (1 - t) * np.log(1 - p))))


def _naive_logits_clipped(yt, z):
    t, z = _f(yt), _f(z)
    with np.errstate(all="ignore"):
        p = np.clip(1 / (1 + np.exp(-z)), 1e-12, 1 - 1e-12)
        return float(np.mean(-(t * np.log(p) + (1 - t) * np.log(1 - p))))


def _naive_softplus(yt, z):
    t, z = _f(yt), _f(z)
    with np.errstate(all="ignore"):
        return float(np.mean(np.log1p(np.exp(z)) - t * z))


BCE_LOGITS = Exercise(
    id="binary_cross_entropy_with_logits",
    title="binary cross-entropy from logits, computed stably",
    signature="binary_cross_entropy_with_logits(y_true, z)",
    reference=L.binary_cross_entropy_with_logits,
    cases=_LOGIT_CASES,
    arg_names=("y_true", "z"),
    output="scalar",
    mistakes=(
        _per_sample(L.binary_cross_entropy_with_logits),
        Mistake(
            _naive_logits,
            "You computed q = sigmoid(z) and then log(q) and log(1 - q): for z = 1000, 1 - q rounds to 0 and log(0) = -inf.",
            "Use the stable form max(z, 0) - z*y + log(1 + exp(-|z|)).",
        ),
        Mistake(
            _naive_logits_clipped,
            "You went through the probability q = sigmoid(z) and clipped it: finite, but a logit of 1000 on the wrong side should cost 1000, not 27.6. The logit form needs no clipping.",
            "Use max(z, 0) - z*y + log(1 + exp(-|z|)).",
        ),
        Mistake(
            _naive_softplus,
            "You used log(1 + exp(z)) - z*y, which is right on paper, but exp(1000) overflows to inf.",
            "Rewrite log(1 + exp(z)) as max(z, 0) + log(1 + exp(-|z|)).",
        ),
        Mistake(
            lambda yt, z: L.binary_cross_entropy_with_logits(yt, z, reduction="sum"), _SUM_MISTAKE, _SUM_HINT
        ),
    ),
    success="The stable form never exponentiates a large positive number, so no logit can break it.",
)


def _call_without_overflow(fn, args, kwargs):
    """Call the answer with NumPy's overflow turned into an error: the task asks for a sigmoid
    that cannot overflow, and ``1 / (1 + np.exp(-z))`` does at z = -1000 (its values still come
    out right there, with only a RuntimeWarning, which is why a plain comparison let it pass)."""
    try:
        with np.errstate(over="raise"):
            return fn(*args, **kwargs)
    except FloatingPointError as err:  # keep the learner's line, say who turned it into an error
        err.args = (
            f"{err} (the check stops at NumPy's overflow warning: this exercise asks for a form that"
            " cannot overflow)",
        )
        raise


_OVERFLOW_HINT = (
    "An exp overflowed: the task asks for a sigmoid that cannot overflow, and 1 / (1 + np.exp(-z))"
    " overflows for z = -1000 (its value happens to round right, with a RuntimeWarning 'overflow"
    " encountered in exp'). np.where(z >= 0, ..., np.exp(z) / (1 + np.exp(z))) overflows too, since"
    " np.where computes both branches. Exponentiate only -|z|: e = np.exp(-np.abs(z)); then"
    " np.where(z >= 0, 1.0, e) / (1 + e), or call activations.sigmoid, which does exactly that."
    " (0.5 * (1 + np.tanh(z / 2)) cannot overflow, but it returns 0 instead of 4.2e-18 at z = -40.)"
)

BCE_LOGITS_GRAD = Exercise(
    id="binary_cross_entropy_with_logits_grad",
    title="gradient of binary cross-entropy with respect to the logits",
    signature="binary_cross_entropy_with_logits_grad(y_true, z)",
    reference=L.binary_cross_entropy_with_logits_grad,
    allowed=(sigmoid,),  # the notebook writes the gradient as (sigmoid(z) - y) / n
    cases=_LOGIT_CASES,
    arg_names=("y_true", "z"),
    output="array",
    call=_call_without_overflow,
    error_hints=(("FloatingPointError", _OVERFLOW_HINT),),
    mistakes=(
        Mistake(lambda yt, z: L.binary_cross_entropy_with_logits_grad(yt, z, reduction="sum"), _NO_MEAN_GRAD),
        Mistake(
            lambda yt, z: -L.binary_cross_entropy_with_logits_grad(yt, z),
            "Your gradient has the opposite sign: it is sigmoid(z) - y (prediction minus label).",
        ),
        Mistake(
            lambda yt, z: (_f(z) - _f(yt)) / _f(z).size,
            "You used the logit z itself where its probability sigmoid(z) belongs: the gradient is (sigmoid(z) - y)/n.",
        ),
    ),
    success="sigmoid(z) - y: the sigmoid's derivative cancels the log's, leaving the plainest possible error signal.",
)

EXERCISES = (
    BCE,
    BCE_GRAD,
    BCE_LOGITS,
    BCE_LOGITS_GRAD,
)
