r"""The "derive, don't transcribe" exercise of part 1 (``01_losses``): the gradient of the mean
softmax cross-entropy with respect to the logits, with the formula withheld (notebook
``04_softmax_cross_entropy``). The learner is given :math:`\partial \ell / \partial q_j`, the
softmax's Jacobian and the chain rule, and writes ``softmax_ce_grad(z, y)``.

An answer is right when a **gradient check** agrees with it: its relative error to the
central-difference gradient of the course's cost, :func:`course_utils.losses.softmax_cross_entropy`,
is below :math:`10^{-6}` (the threshold of ``docs/NOTATION.md``). The expected value shown on
failure, and the known mistakes, come from :func:`course_utils.losses.softmax_cross_entropy_grad`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ... import losses as L
from ...activations import softmax
from ...gradcheck import numerical_gradient, relative_error
from ...targets import one_hot
from ..engine import Case, Exercise, Mistake
from ._losses_common import _NO_MEAN_GRAD, _f, _rng

_RNG = _rng(__name__)

#: Below this relative error the learner's gradient and the numerical one agree.
THRESHOLD = 1e-6


def _reference(z, y):
    return L.softmax_cross_entropy_grad(y, z)


def _gradcheck(got: Any, case: Case) -> str | None:
    """None if a gradient check agrees with ``got`` on this case, else what disagrees."""
    z, y = case.args
    z = _f(z)
    try:
        g = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return f"Your result, a {type(got).__name__}, cannot be read as an array of numbers."
    if g.shape != z.shape:
        return f"Your gradient has shape {g.shape}; it must have the shape of the logits z, {z.shape}."
    if not np.all(np.isfinite(g)):
        return "Your gradient contains nan or inf where the numerical gradient is finite."
    numerical = numerical_gradient(lambda zz: L.softmax_cross_entropy(y, zz), z)
    error = relative_error(g, numerical)
    if error < THRESHOLD:
        return None
    return (
        f"A gradient check disagrees: the relative error between your gradient and the numerical"
        f" gradient of the cost (central differences) is {error:.1e}, above {THRESHOLD:g}."
    )


def _probabilities(z, y):
    z = _f(z)
    return softmax(z), one_hot(np.asarray(y), z.shape[1]), z.shape[0]


def _no_mean(z, y):
    q, p, _ = _probabilities(z, y)
    return q - p


def _target_minus_model(z, y):
    q, p, n = _probabilities(z, y)
    return (p - q) / n


def _jacobian_diagonal_only(z, y):
    q, p, n = _probabilities(z, y)
    return -p * (1.0 - q) / n  # (-p_k / q_k) * q_k (1 - q_k): only the j = k term of the chain rule


def _grad_wrt_probabilities(z, y):
    q, p, n = _probabilities(z, y)
    return -p / q / n


def _hidden(rng: np.random.Generator) -> tuple[Case, ...]:
    cases = []
    for _ in range(6):
        n, k = int(rng.integers(1, 6)), int(rng.integers(2, 7))
        cases.append(
            Case((rng.normal(0.0, 3.0, (n, k)), rng.integers(0, k, n)), label=f"{n} samples, {k} classes")
        )
    return tuple(cases)


SOFTMAX_CE_GRAD = Exercise(
    id="softmax_ce_grad",
    title="gradient of the mean softmax cross-entropy with respect to the logits, derived",
    signature="softmax_ce_grad(z, y)",
    reference=_reference,
    cases=(
        Case((np.array([[2.0, 1.0, 0.1]]), np.array([0])), label="one sample, three classes"),
        Case(
            (
                np.array([[0.5, -1.0, 2.0, 0.0], [1.0, 1.0, 1.0, 3.0], [-2.0, 0.0, 0.5, 0.5]]),
                np.array([3, 0, 2]),
            ),
            label="three samples, four classes",
        ),
        Case((np.zeros((2, 5)), np.array([0, 4])), label="equal logits"),
        Case(([[1, 2], [3, -1]], [1, 0]), label="integer Python lists, two classes"),
        Case((np.array([[30.0, -30.0, 0.0]]), np.array([1])), label="large logits, a confident wrong answer"),
        Case(
            (_RNG.normal(0.0, 2.0, (20, 10)), _RNG.integers(0, 10, 20)), label="20 random samples, 10 classes"
        ),
    ),
    arg_names=("z", "y"),
    output="array",
    compare=_gradcheck,
    mistakes=(
        Mistake(_no_mean, _NO_MEAN_GRAD, "Divide by n, the number of samples (rows of z)."),
        Mistake(
            _target_minus_model,
            "Your gradient has the opposite sign: you wrote target minus model, p - q. The loss falls as"
            " the true class's probability rises, so its logit's derivative is negative: q - p.",
        ),
        Mistake(
            _jacobian_diagonal_only,
            "You kept only the diagonal of the softmax's Jacobian (the j = k term): every logit z_k also"
            " changes every other probability q_j, by -q_j q_k, and those terms give the wrong classes"
            " their gradient.",
            "Sum the chain rule over all j: sum_j (-p_j / q_j) * q_j (1[j = k] - q_k), then simplify"
            " with sum_j p_j = 1.",
        ),
        Mistake(
            _grad_wrt_probabilities,
            "You returned the gradient with respect to the probabilities, -p / q, not the logits: carry"
            " it through the softmax with the chain rule.",
        ),
    ),
    hidden=_hidden,
    success="softmax(z) - one_hot(y), over n: the same 'model minus target' as binary cross-entropy's"
    " sigmoid(z) - y. The softmax's Jacobian cancels the log's 1/q.",
)

EXERCISES = (SOFTMAX_CE_GRAD,)
