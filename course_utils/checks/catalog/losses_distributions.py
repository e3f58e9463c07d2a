"""Exercises of part 1 (``01_losses``) on the KL divergence and its gradient, and on label
smoothing (notebook ``04_distributions_and_targets``).

The expected answers come from :mod:`course_utils.losses` and :mod:`course_utils.targets`;
the helpers shared with the other ``losses_*`` modules are in :mod:`._losses_common`.
"""

from __future__ import annotations

import numpy as np

from ... import losses as L
from ... import targets
from ..engine import Case, Exercise, Mistake
from ..kinds import log_base
from ._losses_common import _f, _rng

_RNG = _rng(__name__)

# ------------------------------------------------------------------------------- KL

_KL_CASES = (
    Case((np.array([0.5, 0.5]), np.array([0.9, 0.1])), label="two outcomes"),
    Case((np.array([0.7, 0.2, 0.1]), np.array([0.7, 0.2, 0.1])), label="identical distributions"),
    Case(
        (np.array([0.0, 0.4, 0.6]), np.array([0.3, 0.3, 0.4])), label="p is 0 for one outcome (0 log 0 = 0)"
    ),
    Case(([0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4]), label="Python lists"),
    Case(
        (_RNG.dirichlet(np.ones(6)), _RNG.dirichlet(np.ones(6))),
        label="random distributions over six outcomes",
    ),
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
        Mistake(
            lambda p, q: float(
                -np.sum(np.where(_f(p) > 0, _f(p) * np.log(np.clip(_f(q), 1e-300, None)), 0.0))
            ),
            "You computed the cross-entropy -sum p log q: KL(p || q) = sum p log(p / q) is the cross-entropy"
            " minus the entropy of p, so it is 0 when q = p.",
        ),
        log_base(L.kl_divergence, 2, "the KL divergence"),
        log_base(L.kl_divergence, 10, "the KL divergence"),
        Mistake(
            lambda p, q: L.kl_divergence(q, p),
            "You computed KL(q || p): the arguments are swapped. KL is not symmetric; KL(p || q) weights the log-ratio by p.",
            "sum of p * log(p / q)",
        ),
        Mistake(
            _kl_naive,
            "Where p is 0 you computed 0 * log(0) = nan; by convention (and by the limit) 0 log 0 = 0.",
            "Use np.where(p > 0, p * np.log(p / q), 0.0), or sum only over p > 0.",
        ),
        Mistake(
            lambda p, q: -L.kl_divergence(p, q),
            "Your result is negative: you computed sum p log(q / p). KL(p || q) is sum p log(p / q), always >= 0.",
        ),
        Mistake(
            lambda p, q: float(np.sum(_f(p) * np.log(np.where(_f(p) > 0, _f(p), 1.0)))) * -1,
            "You computed the entropy of p, -sum p log p; KL(p || q) compares p with q: sum p log(p / q).",
        ),
    ),
    success="Zero only when q matches p; large where p puts mass that q neglects.",
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
        Mistake(
            lambda p, q: np.where(_f(p) > 0, -_f(q) / np.where(_f(p) > 0, _f(p), 1.0), 0.0),
            "You wrote -q/p: the ratio is upside down. d/dq of p log(p / q) is -p / q.",
        ),
        Mistake(
            lambda p, q: -L.kl_divergence_grad(p, q),
            "Your gradient has the opposite sign: d/dq of p log(p / q) = p log p - p log q is -p / q.",
        ),
        Mistake(
            _kl_grad_no_clip,
            "Where q (and p) is 0 you computed 0 / 0 = nan; clip q first, so the gradient there is 0.",
            "Divide by np.clip(q, eps, 1).",
        ),
        Mistake(
            lambda p, q: -1.0 / np.clip(_f(q), 1e-12, 1),
            "You returned -1 / q: the derivative of p log(p / q) with respect to q keeps its factor p.",
        ),
        Mistake(
            lambda p, q: np.log(np.clip(_f(q), 1e-12, 1)) - np.log(np.where(_f(p) > 0, _f(p), 1.0)) + 1,
            "That is the derivative of KL(q || p) with respect to q, log(q / p) + 1: the arguments are swapped. Here p is fixed (the target) and KL(p || q) = sum p log(p / q).",
        ),
    ),
    success="-p / q: the model is pushed hardest to raise q where the target p has mass and q has little.",
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
        Mistake(
            lambda y, eps: _f(y) - eps + eps / _f(y).shape[-1],
            "You subtracted eps from every class: only the true class loses mass, (1 - eps) y + eps / K,"
            " so the other classes end up with eps / K, not eps / K - eps.",
        ),
        Mistake(
            _smooth_k_minus_1,
            "You spread eps over the K - 1 other classes; the convention (Szegedy et al. 2016, PyTorch, Keras) spreads it over all K classes: (1 - eps) y + eps / K.",
        ),
        Mistake(
            lambda y, eps: _f(y) + eps / _f(y).shape[1],
            "You added eps / K without scaling the one-hot part by (1 - eps): the rows now sum to 1 + eps.",
        ),
        Mistake(
            lambda y, eps: (1 - eps) * _f(y) + eps,
            "You added eps to every class instead of eps / K: the rows no longer sum to 1.",
        ),
    ),
    success="Each row still sums to 1, but no class is ever asked for probability exactly 0 or 1.",
)

EXERCISES = (
    KL,
    KL_GRAD,
    SMOOTH,
)
