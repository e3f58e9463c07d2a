"""Exercises of ``02_optimization/07_why_momentum_works``: rates on a quadratic.

The learner's functions return the rate (the factor by which the error shrinks per step)
of gradient descent and of momentum along an eigen-direction of curvature ``lam``, and the
best learning rate of gradient descent. The expected answers come from
:mod:`course_utils.quadratics`; each known mistake is the formula a learner writes when they
take a wrong turn, with the message that names the turn.
"""

from __future__ import annotations

import numpy as np

from ... import quadratics as Q
from ..engine import Case, Exercise, Mistake
from .optimization_questions import _question, _wrong


def _f(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


# ------------------------------------------------------------------- gd_rate


def _gd_hidden(rng: np.random.Generator) -> tuple[Case, ...]:
    return tuple(
        Case((float(rng.uniform(0.01, 0.3)), rng.uniform(0.0, 30.0, size=shape)), {}, "a hidden case")
        for shape in ((4,), (2, 3), (5,))
    )


GD_RATE = Exercise(
    id="gd_rate",
    title="gradient descent's rate along an eigen-direction",
    signature="gd_rate(eta, lam)",
    reference=Q.gd_rate,
    cases=(
        Case((0.1, 5.0), {}, "eta lam = 0.5"),
        Case((0.1, [5.0, 10.0, 15.0, 25.0]), {}, "a list of curvatures, some with eta lam > 1"),
        Case((0.05, np.array([[1.0, 25.0], [40.0, 50.0]])), {}, "a 2-D array of curvatures, one diverging"),
        Case((0.3, np.array([0.0, 10.0])), {}, "a flat direction (lam = 0) and a steep one"),
    ),
    arg_names=("eta", "lam"),
    output="array",
    mistakes=(
        Mistake(
            lambda eta, lam: 1 - eta * _f(lam),
            "You returned 1 - eta * lam without its absolute value: where eta * lam > 1 the factor is "
            "negative (the error flips sign each step), and the rate is its size, |1 - eta * lam|.",
        ),
        Mistake(
            lambda eta, lam: (1 - eta * _f(lam)) ** 2,
            "You squared the factor: (1 - eta lam)^2 is how the *cost* shrinks per step; the rate of the "
            "distance along the eigenvector is |1 - eta lam|.",
        ),
        Mistake(
            lambda eta, lam: np.abs(1 - eta) + 0 * _f(lam),
            "You left out the curvature: the gradient along the eigenvector is lam times the coordinate, "
            "so a step multiplies the coordinate by 1 - eta * lam.",
        ),
    ),
    success="Each eigen-direction is its own one-dimensional problem: the slowest one sets the pace.",
    hidden=_gd_hidden,
)

# ------------------------------------------------------------------- best_eta


def _best_eta_hidden(rng: np.random.Generator) -> tuple[Case, ...]:
    cases = []
    for _ in range(4):
        lo = float(rng.uniform(0.05, 3.0))
        cases.append(Case((lo, lo * float(rng.uniform(1.0, 500.0))), {}, "a hidden case"))
    return tuple(cases)


BEST_ETA = Exercise(
    id="best_eta",
    title="the learning rate that makes gradient descent fastest on a quadratic",
    signature="best_eta(lam_min, lam_max)",
    reference=Q.best_eta,
    cases=(
        Case((1.0, 25.0), {}, "kappa = 25"),
        Case((2.0, 2.0), {}, "a round bowl, kappa = 1"),
        Case((0.5, 100.0), {}, "kappa = 200"),
        Case((1, 9), {}, "integers"),
    ),
    arg_names=("lam_min", "lam_max"),
    output="scalar",
    mistakes=(
        Mistake(
            lambda lo, hi: 2.0 / hi,
            "2 / lam_max is the edge of divergence: the steepest direction's factor is -1 there, and it "
            "never "
            "shrinks. The best rate balances the two extremes: 1 - eta lam_min = -(1 - eta lam_max).",
        ),
        Mistake(
            lambda lo, hi: 1.0 / hi,
            "1 / lam_max solves the steepest direction in one step but leaves the flattest one at "
            "1 - lam_min / lam_max. Balance the two: 1 - eta lam_min = -(1 - eta lam_max).",
        ),
        Mistake(
            lambda lo, hi: 1.0 / (lo + hi),
            "You have the right denominator but lost the 2: solve 1 - eta lam_min = eta lam_max - 1 for eta.",
        ),
        Mistake(
            lambda lo, hi: 4.0 / (np.sqrt(lo) + np.sqrt(hi)) ** 2,
            "That is momentum's best eta (with its best beta); plain gradient descent's is 2 / (lam_min + "
            "lam_max).",
        ),
    ),
    success=(
        "At this rate both extremes shrink by (kappa - 1) / (kappa + 1) per step: a large kappa means a "
        "slow crawl."
    ),
    hidden=_best_eta_hidden,
)

# --------------------------------------------------------------- momentum_rate


def _eig_rates(eta, beta, lam, *, pick=np.max, signed=False, average=False):
    """The eigenvalues of the (possibly wrong) 2x2 matrix, reduced by ``pick``: mistakes' helper."""
    lam = _f(lam)
    g = (1 - beta) * lam if average else lam
    a = 1 + beta - eta * g
    roots = np.emath.sqrt(a * a - 4 * beta)
    mu = np.stack([(a + roots) / 2, (a - roots) / 2])
    values = mu.real if signed else np.abs(mu)
    return pick(values, axis=0)


def _old_velocity_rate(eta, beta, lam):
    """The spectral radius of [[1, -eta], [lam, beta]]: theta stepped with the old velocity."""
    lam = _f(lam)
    trace, det = 1 + beta, beta + eta * lam
    roots = np.emath.sqrt(trace * trace - 4 * det)
    return np.max(np.abs(np.stack([(trace + roots) / 2, (trace - roots) / 2])), axis=0)


def _momentum_hidden(rng: np.random.Generator) -> tuple[Case, ...]:
    return tuple(
        Case(
            (
                float(rng.uniform(0.005, 0.2)),
                float(rng.uniform(0.0, 0.95)),
                rng.uniform(0.1, 30.0, size=shape),
            ),
            {},
            "a hidden case",
        )
        for shape in ((3,), (2, 2), (6,))
    )


MOMENTUM_RATE = Exercise(
    id="momentum_rate",
    title="momentum's rate: the spectral radius of its 2x2 matrix",
    signature="momentum_rate(eta, beta, lam)",
    reference=Q.momentum_rate,
    cases=(
        Case((0.1, 0.0, 5.0), {}, "beta = 0: gradient descent"),
        Case((0.05, 0.81, 1.0), {}, "a complex pair of eigenvalues"),
        Case((0.04, 0.6, [1.0, 25.0]), {}, "a list of curvatures"),
        Case(
            (0.111, 0.444, np.array([[1.0, 5.0], [10.0, 25.0]])),
            {},
            "a 2-D array of curvatures, near the optimum",
        ),
        Case((1.0, 0.5, 4.0), {}, "a negative real eigenvalue"),
        Case((0.17, 0.1, np.array([1.0, 25.0])), {}, "a divergent direction"),
    ),
    arg_names=("eta", "beta", "lam"),
    output="array",
    rtol=1e-6,
    atol=1e-7,  # a double eigenvalue, found by an eigenvalue routine, is only good to ~1e-8
    mistakes=(
        Mistake(
            lambda eta, beta, lam: np.sqrt(beta) + 0 * _f(lam),
            "You returned sqrt(beta) everywhere. The two eigenvalues multiply to beta, so their size is "
            "sqrt(beta) "
            "only when they are a complex pair; when they are real, the larger one is bigger than "
            "sqrt(beta).",
        ),
        Mistake(
            lambda eta, beta, lam: np.abs(1 - eta * _f(lam)),
            "You returned gradient descent's rate |1 - eta lam|: the velocity makes the map 2x2, "
            "[[1 - eta lam, -eta beta], [lam, beta]] on (position, velocity), and the rate is its largest "
            "|eigenvalue|.",
        ),
        Mistake(
            lambda eta, beta, lam: _eig_rates(eta, beta, lam, signed=True),
            "You took the largest eigenvalue, not the largest |eigenvalue|: a negative or complex eigenvalue "
            "shrinks the error by its absolute value (np.abs).",
        ),
        Mistake(
            lambda eta, beta, lam: _eig_rates(eta, beta, lam, pick=np.min),
            "You took the smaller |eigenvalue|: the slower of the two modes dominates after a few steps, "
            "so the "
            "rate is the largest |eigenvalue| (the spectral radius).",
        ),
        Mistake(
            _old_velocity_rate,
            "Your matrix steps theta with the old velocity, [[1, -eta], [lam, beta]]: the course's"
            " momentum updates the velocity first, v' = beta v + lam theta, then theta' = theta - eta v',"
            " so the first row is [1 - eta lam, -eta beta].",
        ),
        Mistake(
            lambda eta, beta, lam: _eig_rates(eta, beta, lam, average=True),
            "You used the averaged velocity v = beta v + (1 - beta) g. The course's momentum is PyTorch's, "
            "v = beta v + g, theta = theta - eta v.",
        ),
    ),
    success="The rate map of momentum is this one function evaluated over a grid of (eta, beta).",
    hidden=_momentum_hidden,
)

# ------------------------------------------------------------ a prediction


def _complex_rate() -> float:
    """Momentum's rate on the kappa = 25 bowl at eta = 0.02, beta = 0.81: both directions complex."""
    return float(max(Q.momentum_rate(0.02, 0.81, 1.0), Q.momentum_rate(0.02, 0.81, 25.0)))


PREDICT_COMPLEX_RATE = _question(
    "predict_complex_rate",
    "momentum's rate when both directions oscillate",
    "answer_complex_rate",
    _complex_rate,
    (
        _wrong(
            0.81,
            "0.81 is beta itself; the two eigenvalues multiply to beta, so each complex one has size "
            "sqrt(beta).",
        ),
        _wrong(
            float(Q.gd_rate(0.02, 1.0)),
            "That is gradient descent's rate along the flat direction, |1 - eta lam_min|: with momentum "
            "the map is 2x2.",
        ),
        _wrong(
            float(Q.gd_rate(0.02, 25.0)),
            "That is gradient descent's rate along the steep direction, |1 - eta lam_max|: with momentum "
            "the map is 2x2.",
        ),
    ),
    "Where the eigenvalues are complex, the rate is sqrt(beta) whatever eta is: beta alone sets the speed "
    "there.",
)

EXERCISES = (GD_RATE, BEST_ETA, MOMENTUM_RATE, PREDICT_COMPLEX_RATE)
