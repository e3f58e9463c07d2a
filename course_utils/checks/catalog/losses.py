"""Exercises of part 1 (``01_losses``): every loss, its gradient, and the targets.

The expected answers come from :mod:`course_utils.losses`, :mod:`course_utils.activations`,
:mod:`course_utils.targets` and (for the gradient of a line fit) :mod:`course_utils.landscapes`.
The "predict before you run" questions of the same part are in :mod:`.losses_questions`.
A known mistake is written as the reference called differently where it can be
(``reduction="sum"`` is "a sum instead of a mean"), and as a few lines of deliberately
wrong NumPy where it cannot.
"""

from __future__ import annotations

import numpy as np

from ... import activations as act
from ... import losses as L
from ... import targets
from ...landscapes import line_fit_surface
from ..engine import Case, Exercise, Mistake

_RNG = np.random.default_rng(2024)


def _f(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def _mean_of(per_sample):
    """Turn a per-sample function into its mean (the cost)."""
    return lambda yt, yp, *a, **k: float(np.mean(per_sample(_f(yt), _f(yp), *a, **k)))


# ------------------------------------------------------------------ regression cases

_REG_ARGS = ("y_true", "y_pred")
_REG_CASES = (
    Case(([1.0], [0.8]), label="a single sample: predicting 0.8 for 1.0"),
    Case((np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.5, 1.0, 3.5, 6.0])), label="four samples"),
    Case((np.array([0.5, -1.0, 2.0]), np.array([0.5, -1.0, 2.0])), label="a perfect prediction (zero residuals)"),
    Case((np.array([3, 0, -2, 7]), np.array([1, 0, 1, 7])), label="integer arrays, some residuals exactly 0"),
    Case(([2.0, -1.0, 0.0], [1.0, 1.0, 1.0]), label="Python lists instead of arrays"),
    Case((np.array([1e6, -2e6, 5e5]), np.array([1e6 + 3.0, -2e6 - 4.0, 5e5 - 0.5])), label="large values"),
    Case((_RNG.normal(size=25), _RNG.normal(size=25) * 3.0), label="25 random samples"),
)


def _residual(yt, yp):
    return _f(yp) - _f(yt)


_PER_SAMPLE = (
    "You returned the per-sample losses, one number per sample; the cost is one number, their mean."
)
_PER_SAMPLE_HINT = "Average them: np.mean(...)."


def _per_sample(loss):
    """The known mistake of returning the losses instead of the cost."""
    return Mistake(lambda *a, **k: loss(*a, reduction="none", **k), _PER_SAMPLE, _PER_SAMPLE_HINT)


_SUM_MISTAKE = "Your result is n times too large: you summed the per-sample losses; the cost is their mean."
_SUM_HINT = "Use np.mean(...) instead of np.sum(...)."
_NO_MEAN_GRAD = (
    "Your gradient is n times too large: it is the gradient of the *sum* of the losses. The cost is"
    " their mean, so every entry of its gradient carries a factor 1/n."
)
_FLIPPED = (
    "Your gradient has the opposite sign: the residual is r = y_pred - y_true (prediction minus"
    " target), and the gradient points towards larger loss."
)

MSE = Exercise(
    id="mse",
    title="mean squared error",
    signature="mse(y_true, y_pred)",
    reference=L.mse,
    cases=_REG_CASES,
    arg_names=_REG_ARGS,
    output="scalar",
    mistakes=(
        _per_sample(L.mse),
        Mistake(lambda yt, yp: L.mse(yt, yp, reduction="sum"), _SUM_MISTAKE, _SUM_HINT),
        Mistake(lambda yt, yp: L.mae(yt, yp), "You computed the mean *absolute* error (MAE): MSE squares each residual."),
        Mistake(_mean_of(lambda yt, yp: yp - yt), "You averaged the residuals without squaring them, so positive and negative errors cancel out.", "Square each residual before averaging."),
        Mistake(_mean_of(lambda yt, yp: yt - yp), "You averaged the residuals without squaring them, so positive and negative errors cancel out.", "Square each residual before averaging."),
        Mistake(lambda yt, yp: np.sqrt(L.mse(yt, yp)), "You took the square root of the mean: that is the RMSE, not the MSE."),
        Mistake(lambda yt, yp: 0.5 * L.mse(yt, yp), "You multiplied by 1/2. Some textbooks do, to cancel the 2 of the derivative; the course's MSE, like PyTorch's and Keras', has no 1/2."),
        Mistake(lambda yt, yp: float(np.mean(_residual(yt, yp))) ** 2, "You squared the mean residual instead of averaging the squared residuals: square first, then average."),
    ),
    success="The MSE is the cost behind least squares; its gradient, 2(y_pred - y_true)/n, is what you will write next.",
)

MSE_GRAD = Exercise(
    id="mse_grad",
    title="gradient of the MSE with respect to y_pred",
    signature="mse_grad(y_true, y_pred)",
    reference=L.mse_grad,
    cases=_REG_CASES,
    arg_names=_REG_ARGS,
    output="array",
    mistakes=(
        Mistake(lambda yt, yp: L.mse_grad(yt, yp, reduction="sum"), _NO_MEAN_GRAD),
        Mistake(lambda yt, yp: -L.mse_grad(yt, yp), _FLIPPED),
        Mistake(lambda yt, yp: 0.5 * L.mse_grad(yt, yp), "You dropped the 2: the derivative of r^2 is 2r."),
        Mistake(lambda yt, yp: -0.5 * L.mse_grad(yt, yp), "You dropped the 2 (the derivative of r^2 is 2r) and flipped the sign of the residual (r = y_pred - y_true)."),
    ),
    success="Each entry says how the cost would change if that one prediction moved: the signal backpropagation sends back.",
)

MAE = Exercise(
    id="mae",
    title="mean absolute error",
    signature="mae(y_true, y_pred)",
    reference=L.mae,
    cases=_REG_CASES,
    arg_names=_REG_ARGS,
    output="scalar",
    mistakes=(
        _per_sample(L.mae),
        Mistake(lambda yt, yp: L.mae(yt, yp, reduction="sum"), _SUM_MISTAKE, _SUM_HINT),
        Mistake(lambda yt, yp: L.mse(yt, yp), "You squared the residuals: that is the MSE. MAE takes their absolute value."),
        Mistake(_mean_of(lambda yt, yp: yp - yt), "You forgot the absolute value, so positive and negative errors cancel out.", "Use np.abs(...)."),
        Mistake(_mean_of(lambda yt, yp: yt - yp), "You forgot the absolute value, so positive and negative errors cancel out.", "Use np.abs(...)."),
        Mistake(lambda yt, yp: abs(float(np.mean(_residual(yt, yp)))), "You took the absolute value of the mean residual; take the absolute value of each residual first, then average."),
    ),
    success="Each residual counts in proportion to its size, not its square: the reason MAE shrugs off outliers.",
)

_MAE_AT_ZERO = (
    "At a zero residual |r| has no derivative; you returned +-1/n there instead of 0. Any value"
    " between -1/n and 1/n is a valid subgradient, so this is fine (the course, like PyTorch, uses 0)."
)

MAE_GRAD = Exercise(
    id="mae_grad",
    title="(sub)gradient of the MAE with respect to y_pred",
    signature="mae_grad(y_true, y_pred)",
    reference=L.mae_grad,
    cases=_REG_CASES,
    arg_names=_REG_ARGS,
    output="array",
    mistakes=(
        Mistake(lambda yt, yp: np.where(_residual(yt, yp) >= 0, 1.0, -1.0) / _f(yp).size, _MAE_AT_ZERO, accept=True),
        Mistake(lambda yt, yp: np.where(_residual(yt, yp) > 0, 1.0, -1.0) / _f(yp).size, _MAE_AT_ZERO, accept=True),
        Mistake(lambda yt, yp: L.mae_grad(yt, yp, reduction="sum"), _NO_MEAN_GRAD),
        Mistake(lambda yt, yp: -L.mae_grad(yt, yp), _FLIPPED),
        Mistake(lambda yt, yp: L.mse_grad(yt, yp), "You returned the gradient of the MSE, 2r/n; the MAE's is sign(r)/n."),
        Mistake(lambda yt, yp: _residual(yt, yp) / _f(yp).size, "You returned r/n; the derivative of |r| is sign(r): the same size whatever the residual."),
    ),
    success="Every non-zero residual pulls with the same force 1/n, however large: an outlier cannot dominate the gradient.",
)

# ---------------------------------------------------------------------------- Huber

_HUBER_CASES = (
    Case((np.array([0.0, 0.0, 0.0]), np.array([0.5, -3.0, 1.0])), label="residuals inside, outside and at delta = 1"),
    Case((np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.5, 1.0, 3.5, 9.0])), {"delta": 2.0}, label="delta = 2"),
    Case((np.array([1.0, -1.0]), np.array([1.0, -1.0])), label="a perfect prediction"),
    Case((np.zeros(3), np.array([1.5, -2.0, 4.0])), {"delta": 3.0}, label="delta = 3, residuals between 1 and delta"),
    Case(([0.0, 1.0, 2.0], [3.0, 1.2, -4.0]), {"delta": 0.5}, label="Python lists, delta = 0.5"),
    Case((np.array([0, 0, 0, 0]), np.array([1, -2, 3, 0])), {"delta": 1.5}, label="integer arrays, delta = 1.5"),
    Case((_RNG.normal(size=20) * 2, _RNG.normal(size=20) * 2), {"delta": 1.3}, label="20 random samples, delta = 1.3"),
)


def _huber_variant(quad, lin, switch):
    def variant(yt, yp, delta=1.0):
        r = _residual(yt, yp)
        a = np.abs(r)
        return float(np.mean(np.where(switch(a, delta), quad(r, delta), lin(a, delta))))

    return variant


HUBER = Exercise(
    id="huber",
    title="Huber loss (mean over samples)",
    signature="huber(y_true, y_pred, delta=1.0)",
    reference=L.huber,
    cases=_HUBER_CASES,
    arg_names=_REG_ARGS,
    output="scalar",
    mistakes=(
        _per_sample(L.huber),
        Mistake(lambda yt, yp, delta=1.0: L.huber(yt, yp, delta=delta, reduction="sum"), _SUM_MISTAKE, _SUM_HINT),
        Mistake(
            _huber_variant(lambda r, d: r * r, lambda a, d: d * (a - 0.5 * d), lambda a, d: a <= d),
            "The quadratic piece is missing its 1/2: inside delta the Huber loss is r^2 / 2, so that it meets the linear piece with the same slope.",
        ),
        Mistake(
            _huber_variant(lambda r, d: r * r, lambda a, d: 2 * d * a - d * d, lambda a, d: a <= d),
            "Both pieces are twice too large: you dropped the 1/2 (quadratic piece r^2 / 2, linear piece delta (|r| - delta/2)).",
        ),
        Mistake(
            _huber_variant(lambda r, d: 0.5 * r * r, lambda a, d: d * a, lambda a, d: a <= d),
            "The linear piece is missing its shift: it is delta (|r| - delta/2), so that the two pieces meet at |r| = delta.",
        ),
        Mistake(
            _huber_variant(lambda r, d: 0.5 * r * r, lambda a, d: d * (a - 0.5 * d), lambda a, d: a * a <= d),
            "You switched from quadratic to linear at r^2 = delta; the switch is at |r| = delta.",
            "Compare np.abs(r) <= delta.",
        ),
        Mistake(
            _huber_variant(lambda r, d: 0.5 * r * r, lambda a, d: d * (a - 0.5 * d), lambda a, d: a <= 1.0),
            "You switched at |r| = 1 whatever delta is: use the delta argument.",
        ),
        Mistake(
            _huber_variant(lambda r, d: d * (np.abs(r) - 0.5 * d), lambda a, d: 0.5 * a * a, lambda a, d: a <= d),
            "The two pieces are swapped: the quadratic piece belongs to small residuals (|r| <= delta), the linear one to large ones.",
        ),
    ),
    success="Quadratic near zero (smooth, like MSE), linear far away (robust, like MAE): delta says where 'far' begins.",
)

HUBER_GRAD = Exercise(
    id="huber_grad",
    title="gradient of the Huber loss with respect to y_pred",
    signature="huber_grad(y_true, y_pred, delta=1.0)",
    reference=L.huber_grad,
    cases=_HUBER_CASES,
    arg_names=_REG_ARGS,
    output="array",
    mistakes=(
        Mistake(lambda yt, yp, delta=1.0: L.huber_grad(yt, yp, delta=delta, reduction="sum"), _NO_MEAN_GRAD),
        Mistake(lambda yt, yp, delta=1.0: -L.huber_grad(yt, yp, delta=delta), _FLIPPED),
        Mistake(lambda yt, yp, delta=1.0: np.clip(_residual(yt, yp), -1, 1) / _f(yp).size, "You clipped the residual at +-1 whatever delta is: clip it at +-delta."),
        Mistake(lambda yt, yp, delta=1.0: 2 * L.huber_grad(yt, yp, delta=delta), "Your gradient is twice too large: the derivative of r^2 / 2 is r, not 2r."),
    ),
    success="The Huber gradient is the residual clipped to [-delta, delta]: an outlier pulls no harder than delta.",
)

# --------------------------------------------------------------- binary cross-entropy

_BCE_ARGS = ("y_true", "y_pred")
_BCE_CASES = (
    Case((np.array([0.0]), np.array([0.99])), label="a confident wrong answer: 0.99 for a label of 0"),
    Case((np.array([1.0, 0.0, 1.0, 0.0]), np.array([0.9, 0.2, 0.6, 0.45])), label="four samples"),
    Case((np.array([1.0, 0.0]), np.array([1.0, 0.0])), label="predictions of exactly 1 and 0, both right"),
    Case((np.array([1.0, 0.0, 1.0]), np.array([0.0, 1.0, 0.5])), label="predictions of exactly 0 and 1, both wrong"),
    Case((np.array([1, 0, 1, 1]), np.array([0.7, 0.3, 0.5, 0.99])), label="integer labels"),
    Case(([1.0, 0.0], [0.25, 0.25]), label="Python lists"),
    Case((_RNG.integers(0, 2, 30).astype(float), _RNG.uniform(0.01, 0.99, 30)), label="30 random samples"),
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
        _per_sample(L.binary_cross_entropy),
        Mistake(lambda yt, yp, eps=1e-12: L.binary_cross_entropy(yt, yp, eps=1e-7), "You clipped with eps = 1e-7 (Keras' choice) rather than the signature's 1e-12: also fine, the loss is just capped lower (16.1 instead of 27.6).", accept=True),
        Mistake(lambda yt, yp, eps=1e-12: L.binary_cross_entropy(yt, yp, eps=1e-15), "You clipped with eps = 1e-15 rather than 1e-12: also fine.", accept=True),
        Mistake(
            _bce_variant(lambda t, p, e: -(t * np.log(p) + (1 - t) * np.log(1 - p))),
            "Without clipping, a prediction of exactly 0 or 1 gives log(0) = -inf, and 0 * -inf = nan.",
            "Clip first: p = np.clip(y_pred, eps, 1 - eps).",
        ),
        Mistake(
            _bce_variant(lambda t, p, e: -(t * np.log(_clip(1 - p, e, )) + (1 - t) * np.log(_clip(p, e)))),
            "You swapped the two terms: the label-1 term is y log(p), the label-0 term is (1 - y) log(1 - p).",
        ),
        Mistake(
            _bce_variant(lambda t, p, e: (t * np.log(_clip(p, e)) + (1 - t) * np.log(1 - _clip(p, e)))),
            "Your loss is negative: you forgot the minus sign in front. log(p) <= 0, so the loss is -[y log p + (1 - y) log(1 - p)].",
        ),
        Mistake(lambda yt, yp, eps=1e-12: L.binary_cross_entropy(yt, yp, eps=eps, reduction="sum"), _SUM_MISTAKE, _SUM_HINT),
        Mistake(
            _bce_variant(lambda t, p, e: -t * np.log(_clip(p, e))),
            "You kept only the y log(p) term: samples with label 0 then cost nothing, however wrong.",
        ),
    ),
    success="A confident wrong answer costs -log(0.01) = 4.6, a hesitant one only -log(0.5) = 0.69: cross-entropy punishes overconfidence.",
)

BCE_GRAD = Exercise(
    id="binary_cross_entropy_grad",
    title="gradient of binary cross-entropy with respect to the probabilities",
    signature="binary_cross_entropy_grad(y_true, y_pred, eps=1e-12)",
    reference=L.binary_cross_entropy_grad,
    cases=tuple(c for c in _BCE_CASES if "exactly" not in c.label)
    + (Case((np.array([1.0, 0.0]), np.array([1e-12, 1 - 1e-12])), label="predictions at the clipping limits"),),
    arg_names=_BCE_ARGS,
    output="array",
    rtol=1e-5,
    mistakes=(
        Mistake(lambda yt, yp, eps=1e-12: L.binary_cross_entropy_grad(yt, yp, eps=eps, reduction="sum"), _NO_MEAN_GRAD),
        Mistake(lambda yt, yp, eps=1e-12: -L.binary_cross_entropy_grad(yt, yp, eps=eps), "Your gradient has the opposite sign: d/dp of -[y log p + (1-y) log(1-p)] is -y/p + (1-y)/(1-p)."),
        Mistake(lambda yt, yp, eps=1e-12: (_f(yp) - _f(yt)) / _f(yp).size, "You returned (p - y)/n: that is the gradient with respect to the *logit* z (where p = sigmoid(z)); with respect to p it is (p - y) / (p (1 - p)) / n."),
    ),
    success="Near p = 0 or 1 this gradient is huge, which is why the logit form, whose gradient is simply p - y, is used in practice.",
)

_LOGIT_CASES = (
    Case((np.array([1.0, 0.0, 1.0]), np.array([2.0, -1.0, -0.5])), label="three samples"),
    Case((np.array([0.0, 1.0]), np.array([40.0, -40.0])), label="logits of +-40, confidently wrong"),
    Case((np.array([1.0, 0.0, 0.0, 1.0]), np.array([1e3, -1e3, 1e3, -1e3])), label="logits of +-1000, right and wrong"),
    Case((np.array([0.0, 1.0]), np.array([0.0, 0.0])), label="logits of 0 (probability 1/2)"),
    Case(([1, 0, 1], [3, -2, 0]), label="integer Python lists"),
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
        Mistake(_naive_logits, "You computed p = sigmoid(z) and then log(p) and log(1 - p): for z = 1000, 1 - p rounds to 0 and log(0) = -inf.", "Use the stable form max(z, 0) - z*y + log(1 + exp(-|z|))."),
        Mistake(_naive_logits_clipped, "You went through the probability p = sigmoid(z) and clipped it: finite, but a logit of 1000 on the wrong side should cost 1000, not 27.6. The logit form needs no clipping.", "Use max(z, 0) - z*y + log(1 + exp(-|z|))."),
        Mistake(_naive_softplus, "You used log(1 + exp(z)) - z*y, which is right on paper, but exp(1000) overflows to inf.", "Rewrite log(1 + exp(z)) as max(z, 0) + log(1 + exp(-|z|))."),
        Mistake(lambda yt, z: L.binary_cross_entropy_with_logits(yt, z, reduction="sum"), _SUM_MISTAKE, _SUM_HINT),
    ),
    success="The stable form never exponentiates a large positive number, so no logit can break it.",
)

BCE_LOGITS_GRAD = Exercise(
    id="binary_cross_entropy_with_logits_grad",
    title="gradient of binary cross-entropy with respect to the logits",
    signature="binary_cross_entropy_with_logits_grad(y_true, z)",
    reference=L.binary_cross_entropy_with_logits_grad,
    cases=_LOGIT_CASES,
    arg_names=("y_true", "z"),
    output="array",
    mistakes=(
        Mistake(lambda yt, z: L.binary_cross_entropy_with_logits_grad(yt, z, reduction="sum"), _NO_MEAN_GRAD),
        Mistake(lambda yt, z: -L.binary_cross_entropy_with_logits_grad(yt, z), "Your gradient has the opposite sign: it is sigmoid(z) - y (prediction minus label)."),
        Mistake(lambda yt, z: (_f(z) - _f(yt)) / _f(z).size, "You used the logit z itself where its probability sigmoid(z) belongs: the gradient is (sigmoid(z) - y)/n."),
    ),
    success="sigmoid(z) - y: the sigmoid's derivative cancels the log's, leaving the plainest possible error signal.",
)

# -------------------------------------------------------- softmax and cross-entropy

_SOFTMAX_CASES = (
    Case((np.array([[1.0, 2.0, 3.0]]),), label="one sample, three classes"),
    Case((np.array([[0.5, 0.5, 0.5, 0.5], [2.0, 0.0, -2.0, 1.0]]),), label="equal logits give a uniform distribution"),
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


SOFTMAX = Exercise(
    id="softmax",
    title="softmax of each row of logits",
    signature="softmax(z)",
    reference=act.softmax,
    cases=_SOFTMAX_CASES,
    arg_names=("z",),
    output="array",
    mistakes=(
        Mistake(_softmax_no_max, "You exponentiated the logits directly: exp(1000) overflows to inf and inf/inf = nan.", "Subtract each row's maximum first: z - z.max(axis=1, keepdims=True). It changes nothing mathematically."),
        Mistake(_softmax_axis0, "You normalized each *column*: each row (one sample) must sum to 1.", "Use axis=1 (or -1) with keepdims=True."),
        Mistake(_softmax_all, "You divided by the sum over the whole array: each row (one sample) must sum to 1 on its own.", "Sum with axis=1, keepdims=True."),
    ),
    error_hints=(("ValueError", "Reduce along axis 1 with keepdims=True so the shapes broadcast row by row."),),
    success="Subtracting the maximum keeps every exponent <= 0: the same probabilities, and no overflow at any scale.",
)

_ONEHOT_CASES = (
    Case((np.array([[0.0, 1.0, 0.0]]), np.array([[0.2, 0.7, 0.1]])), label="one sample"),
    Case((np.eye(3)[[0, 2, 1, 2]], np.array([[0.8, 0.1, 0.1], [0.3, 0.3, 0.4], [0.05, 0.9, 0.05], [0.5, 0.25, 0.25]])), label="four samples, three classes"),
    Case((np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0], [1.0, 0.0]])), label="probabilities of exactly 1 and 0"),
    Case(([[0, 1], [1, 0]], [[0.4, 0.6], [0.9, 0.1]]), label="Python lists, integer one-hot rows"),
    Case((np.eye(5)[_RNG.integers(0, 5, 8)], act.softmax(_RNG.normal(size=(8, 5)))), label="eight random samples"),
)


def _cce_all_entries(yt, yp):
    t, p = _f(yt), _f(yp)
    return float(np.mean(-t * np.log(np.clip(p, 1e-12, 1))))


def _cce_no_clip(yt, yp):
    t, p = _f(yt), _f(yp)
    with np.errstate(all="ignore"):
        return float(np.mean(-(t * np.log(p)).sum(axis=1)))


def _cce_no_clip_nansum(yt, yp):
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
        _per_sample(L.categorical_cross_entropy),
        Mistake(_cce_all_entries, "Your cost is K times too small: you averaged over all n x K entries. Sum over the classes of each sample, then average over the samples.", "-(y_true * np.log(p)).sum(axis=1).mean()"),
        Mistake(lambda yt, yp, eps=1e-12: L.categorical_cross_entropy(yt, yp, reduction="sum"), _SUM_MISTAKE, _SUM_HINT),
        Mistake(_cce_no_clip, "Without clipping, a probability of exactly 0 gives log(0) = -inf, and 0 * -inf = nan even where the label is 0.", "Clip first: np.clip(y_pred, eps, 1)."),
        Mistake(_cce_no_clip_nansum, "You hid the nan with np.nansum, but a true class predicted with probability 0 should cost a lot (about 27.6 with eps = 1e-12), not nothing.", "Clip the probabilities instead: np.clip(y_pred, eps, 1)."),
    ),
    error_hints=(("IndexError", "y_true holds one-hot rows of shape [n, K] here, not class indices; multiply and sum over the classes instead of indexing."),),
    success="With one-hot labels only the true class's term survives: the cost is the mean of -log(probability of the right class).",
)

_INDEX_CASES = (
    Case((np.array([1]), np.array([[1.0, 2.0, 0.5]])), label="one sample"),
    Case((np.array([0, 2, 1, 2]), np.array([[2.0, 0.0, -1.0], [0.5, 0.5, 0.5], [1.0, 3.0, 0.0], [-2.0, 1.0, 4.0]])), label="four samples, three classes"),
    Case((np.array([0, 1]), np.array([[1e4, 0.0], [1e4, 0.0]])), label="logits of 1e4, right and wrong"),
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
        _per_sample(L.softmax_cross_entropy),
        Mistake(_sce_log_logits, "You took the log of the logits themselves: apply softmax first (better: log_softmax), the log is of probabilities."),
        Mistake(_sce_naive, "Your softmax exponentiates the logits directly, so a logit of 1e4 overflows to inf and gives nan.", "Compute log_softmax(z) = z - max - log(sum(exp(z - max)))."),
        Mistake(_sce_log_softmax_naive, "You took log(softmax(z)): for a logit of 1e4 on the wrong class the softmax of the true class underflows to 0 and log(0) = -inf. The loss should be 1e4.", "Use log_softmax: z - max - log(sum(exp(z - max)))."),
        Mistake(lambda y, z: L.softmax_cross_entropy(y, z, reduction="sum"), _SUM_MISTAKE, _SUM_HINT),
    ),
    error_hints=(
        ("ValueError", "y holds class indices of shape [n] here, not one-hot rows: pick each row's true-class entry with z[np.arange(n), y]."),
        ("IndexError", "y holds class indices: index with z[np.arange(n), y], and make y an integer array with np.asarray(y)."),
    ),
    success="log_softmax never takes the log of a rounded-to-zero probability: logits of any size give the exact loss.",
)

SOFTMAX_CE_GRAD = Exercise(
    id="softmax_cross_entropy_grad",
    title="gradient of softmax cross-entropy with respect to the logits",
    signature="softmax_cross_entropy_grad(y, z)",
    reference=L.softmax_cross_entropy_grad,
    cases=_INDEX_CASES,
    arg_names=("y", "z"),
    output="array",
    mistakes=(
        Mistake(lambda y, z: L.softmax_cross_entropy_grad(y, z, reduction="sum"), _NO_MEAN_GRAD),
        Mistake(lambda y, z: -L.softmax_cross_entropy_grad(y, z), "Your gradient has the opposite sign: it is softmax(z) - one_hot(y)."),
        Mistake(lambda y, z: act.softmax(z) / _f(z).shape[0], "You forgot to subtract the one-hot target: the gradient is (softmax(z) - one_hot(y)) / n."),
    ),
    success="softmax(z) - one_hot(y): push the right class up and every other class down, each by its probability.",
)

# ------------------------------------------------------------------------- hinge

_HINGE_CASES = (
    Case((np.array([1.0]), np.array([0.3])), label="one sample inside the margin"),
    Case((np.array([1.0, -1.0, 1.0, -1.0]), np.array([2.0, -0.5, -1.0, 3.0])), label="beyond the margin, inside it, and wrong"),
    Case((np.array([1.0, -1.0]), np.array([1.0, -1.0])), label="exactly on the margin"),
    Case(([1, -1, 1], [0, 0, 5]), label="integer Python lists"),
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
    mistakes=(
        _per_sample(L.hinge),
        Mistake(_mean_of(lambda y, s: 1 - y * s), "You forgot the max(0, ...): a sample beyond the margin gets a negative loss, which rewards pushing it ever further instead of costing 0.", "np.maximum(0, 1 - y * s)"),
        Mistake(_mean_of(lambda y, s: np.maximum(0, -y * s)), "Without the 1 this is the perceptron loss: a sample just barely on the right side costs nothing. The hinge asks for a margin: max(0, 1 - y s)."),
        Mistake(lambda y, s: L.hinge(y, s, reduction="sum"), _SUM_MISTAKE, _SUM_HINT),
        Mistake(
            lambda y, s: float(np.mean(np.maximum(0, 1 - (2 * _f(y) - 1) * _f(s)))),
            "You converted the labels with 2y - 1 as if they were 0/1, but here they are already -1/+1 (a label -1 became -3).",
        ),
        Mistake(_mean_of(lambda y, s: np.maximum(0, 1 - y * s) ** 2), "You squared the hinge: that is the squared hinge loss; the hinge itself is max(0, 1 - y s)."),
    ),
    success="Zero loss once a sample is right with a margin of 1: the SVM stops caring about points that are safely classified.",
)

HINGE_01 = Exercise(
    id="hinge_from_01_labels",
    title="hinge loss for a data set labelled 0 and 1",
    signature="hinge_from_01_labels(y01, s)",
    reference=_hinge_from_01,
    cases=(
        Case((np.array([1.0, 0.0, 1.0, 0.0]), np.array([2.0, -0.5, -1.0, 3.0])), label="four samples labelled 0/1"),
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
    mistakes=(
        Mistake(
            lambda y, s: np.where(_f(y) * _f(s) <= 1, -_f(y), 0.0) / _f(s).size,
            "At a sample exactly on the margin (y s = 1) you returned -y/n instead of 0: both are valid subgradients at the kink, so this is fine.",
            accept=True,
        ),
        Mistake(lambda y, s: L.hinge_grad(y, s, reduction="sum"), _NO_MEAN_GRAD),
        Mistake(lambda y, s: -L.hinge_grad(y, s), "Your gradient has the opposite sign: inside the margin the loss 1 - y s falls as s moves towards y, so its gradient is -y."),
        Mistake(lambda y, s: -_f(y) / _f(s).size, "You returned -y/n for every sample: samples beyond the margin (y s >= 1) have loss 0 and gradient 0."),
    ),
    success="Only the samples inside the margin contribute: the support vectors.",
)

# ------------------------------------------------------------------------------- KL

_KL_CASES = (
    Case((np.array([0.5, 0.5]), np.array([0.9, 0.1])), label="two outcomes"),
    Case((np.array([0.7, 0.2, 0.1]), np.array([0.7, 0.2, 0.1])), label="identical distributions"),
    Case((np.array([0.0, 0.4, 0.6]), np.array([0.3, 0.3, 0.4])), label="p is 0 for one outcome (0 log 0 = 0)"),
    Case(([0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4]), label="Python lists"),
    Case((_RNG.dirichlet(np.ones(6)), _RNG.dirichlet(np.ones(6))), label="random distributions over six outcomes"),
)


def _kl_naive(p, q):
    p, q = _f(p), _f(q)
    with np.errstate(all="ignore"):
        return float(np.sum(p * np.log(p / q)))


KL = Exercise(
    id="kl_divergence",
    title="KL divergence KL(p || q)",
    signature="kl_divergence(p, q)",
    reference=L.kl_divergence,
    cases=_KL_CASES,
    arg_names=("p", "q"),
    output="scalar",
    mistakes=(
        Mistake(lambda p, q: L.kl_divergence(q, p), "You computed KL(q || p): the arguments are swapped. KL is not symmetric; KL(p || q) weights the log-ratio by p.", "sum of p * log(p / q)"),
        Mistake(_kl_naive, "Where p is 0 you computed 0 * log(0) = nan; by convention (and by the limit) 0 log 0 = 0.", "Use np.where(p > 0, p * np.log(p / q), 0.0), or sum only over p > 0."),
        Mistake(lambda p, q: -L.kl_divergence(p, q), "Your result is negative: you computed sum p log(q / p). KL(p || q) is sum p log(p / q), always >= 0."),
        Mistake(lambda p, q: float(np.sum(_f(p) * np.log(np.where(_f(p) > 0, _f(p), 1.0)))) * -1, "You computed the entropy of p, -sum p log p; KL(p || q) compares p with q: sum p log(p / q)."),
    ),
    success="Zero only when q matches p; large where p puts mass that q neglects.",
)

# ---------------------------------------------------------------- label smoothing

_SMOOTH_CASES = (
    Case((np.array([[0.0, 1.0, 0.0, 0.0]]), 0.1), label="one sample, K = 4, eps = 0.1"),
    Case((np.eye(3)[[0, 2, 1]], 0.2), label="three samples, K = 3, eps = 0.2"),
    Case((np.eye(5)[[4, 0]], 0.0), label="eps = 0 leaves the targets unchanged"),
    Case(([[1, 0], [0, 1]], 0.5), label="integer Python lists, eps = 0.5"),
)


def _smooth_k_minus_1(y, eps):
    y = _f(y)
    k = y.shape[1]
    return y * (1 - eps) + (1 - y) * eps / (k - 1)


SMOOTH = Exercise(
    id="smooth_labels",
    title="label smoothing of one-hot targets",
    signature="smooth_labels(y_onehot, eps)",
    reference=targets.smooth_labels,
    cases=_SMOOTH_CASES,
    arg_names=("y_onehot", "eps"),
    output="array",
    mistakes=(
        Mistake(_smooth_k_minus_1, "You spread eps over the K - 1 other classes; the convention (Szegedy et al. 2016, PyTorch, Keras) spreads it over all K classes: (1 - eps) y + eps / K."),
        Mistake(lambda y, eps: _f(y) + eps / _f(y).shape[1], "You added eps / K without scaling the one-hot part by (1 - eps): the rows now sum to 1 + eps."),
        Mistake(lambda y, eps: (1 - eps) * _f(y) + eps, "You added eps to every class instead of eps / K: the rows no longer sum to 1."),
    ),
    success="Each row still sums to 1, but no class is ever asked for probability exactly 0 or 1.",
)

# ----------------------------------------- gradients of CCE and KL, and a line fit


def _cce_grad_no_clip(yt, yp):
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
        Mistake(lambda yt, yp, eps=1e-12: L.categorical_cross_entropy_grad(yt, yp, reduction="sum"), _NO_MEAN_GRAD),
        Mistake(lambda yt, yp, eps=1e-12: -L.categorical_cross_entropy_grad(yt, yp), "Your gradient has the opposite sign: the derivative of -y log p is -y / p, negative for the true class (raising its probability lowers the loss)."),
        Mistake(_cce_grad_no_clip, "Without clipping, a probability of exactly 0 gives -1/0 = -inf for a true class and 0/0 = nan for the others.", "Divide by np.clip(y_pred, eps, 1)."),
        Mistake(lambda yt, yp, eps=1e-12: (_f(yp) - _f(yt)) / _f(yp).shape[0], "You returned (p - y)/n: that is the gradient with respect to the *logits*, once the softmax is included. With respect to the probabilities it is -y / p, divided by n."),
        Mistake(lambda yt, yp, eps=1e-12: L.categorical_cross_entropy_grad(yt, yp) / _f(yp).shape[1], "Your gradient is K times too small: you divided by the number of entries n x K; the cost averages over the n samples only."),
    ),
    success="Only the true class gets a gradient, -1/(n p): the less probability it has, the harder it is pushed up.",
)

_KL_GRAD_CASES = _KL_CASES + (
    Case((np.array([0.5, 0.5, 0.0]), np.array([0.5, 0.5, 0.0])), label="p and q both 0 for one outcome"),
)


def _kl_grad_no_clip(p, q):
    p, q = _f(p), _f(q)
    with np.errstate(all="ignore"):
        return -p / q


KL_GRAD = Exercise(
    id="kl_divergence_grad",
    title="gradient of KL(p || q) with respect to q",
    signature="kl_divergence_grad(p, q)",
    reference=L.kl_divergence_grad,
    cases=_KL_GRAD_CASES,
    arg_names=("p", "q"),
    output="array",
    mistakes=(
        Mistake(lambda p, q: -L.kl_divergence_grad(p, q), "Your gradient has the opposite sign: d/dq of p log(p / q) = p log p - p log q is -p / q."),
        Mistake(_kl_grad_no_clip, "Where q (and p) is 0 you computed 0 / 0 = nan; clip q first, so the gradient there is 0.", "Divide by np.clip(q, eps, 1)."),
        Mistake(lambda p, q: -1.0 / np.clip(_f(q), 1e-12, 1), "You returned -1 / q: the derivative of p log(p / q) with respect to q keeps its factor p."),
        Mistake(lambda p, q: np.log(np.clip(_f(q), 1e-12, 1)) - np.log(np.where(_f(p) > 0, _f(p), 1.0)) + 1, "That is the derivative of KL(q || p) with respect to q, log(q / p) + 1: the arguments are swapped. Here p is fixed (the target) and KL(p || q) = sum p log(p / q)."),
    ),
    success="-p / q: the model is pushed hardest to raise q where the target p has mass and q has little.",
)


def _line_fit_grad(w, b, x, y):
    g = line_fit_surface(x, y, "mse").grad(np.array([w, b], dtype=np.float64))
    return float(g[0]), float(g[1])


def _line_fit_variant(scale_w, scale_b, use_x=True):
    def variant(w, b, x, y):
        dw, db = _line_fit_grad(w, b, x, y)
        if not use_x:
            dw = db
        return scale_w * dw, scale_b * db

    return variant


def _line_fit_sum(w, b, x, y):
    dw, db = _line_fit_grad(w, b, x, y)
    n = _f(x).size
    return n * dw, n * db


LINE_FIT_GRAD = Exercise(
    id="line_fit_grad",
    title="gradient of the MSE cost of a line fit with respect to w and b",
    signature="line_fit_grad(w, b, x, y)",
    reference=_line_fit_grad,
    cases=(
        Case((0.5, 0.0, np.array([0.0, 1.0, 2.0, 3.0]), np.array([1.0, 3.0, 5.0, 7.0])), label="four points, a line too flat"),
        Case((2.0, 1.0, np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0])), label="the perfect line: zero gradient"),
        Case((1.0, -1.0, np.array([2.0]), np.array([0.5])), label="one point"),
        Case((1, 2, [1, 2, 3], [0, 0, 0]), label="integers and Python lists"),
        Case((-0.3, 0.7, _RNG.uniform(-2, 2, 15), _RNG.normal(size=15)), label="15 random points"),
    ),
    arg_names=("w", "b", "x", "y"),
    output="tuple",
    output_names=("grad_w", "grad_b"),
    mistakes=(
        Mistake(_line_fit_variant(1.0, 1.0, use_x=False), "Your grad_w equals grad_b: by the chain rule each residual's derivative 2(y_hat - y) is multiplied by d y_hat / d w = x_i before averaging."),
        Mistake(_line_fit_variant(0.5, 0.5), "Both parts are half the expected size: the derivative of the squared residual r^2 is 2r."),
        Mistake(_line_fit_variant(-1.0, -1.0), "Both parts have the opposite sign: the residual is y_hat - y (prediction minus target)."),
        Mistake(_line_fit_sum, "Both parts are n times too large: the cost is the mean of the losses, so its gradient carries a factor 1/n."),
        Mistake(lambda w, b, x, y: _line_fit_grad(w, b, x, y)[::-1], "You returned the two parts in the wrong order: (grad_w, grad_b)."),
    ),
    success="The loss's derivative, times how each prediction depends on a parameter, averaged: the chain rule that backpropagation applies layer by layer.",
)

EXERCISES = (
    MSE,
    MSE_GRAD,
    MAE,
    MAE_GRAD,
    HUBER,
    HUBER_GRAD,
    BCE,
    BCE_GRAD,
    BCE_LOGITS,
    BCE_LOGITS_GRAD,
    SOFTMAX,
    CCE,
    SOFTMAX_CE,
    SOFTMAX_CE_GRAD,
    HINGE,
    HINGE_01,
    HINGE_GRAD,
    KL,
    SMOOTH,
    CCE_GRAD,
    KL_GRAD,
    LINE_FIT_GRAD,
)
