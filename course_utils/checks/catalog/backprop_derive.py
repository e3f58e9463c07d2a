r"""The "derive" exercise of part 3 (``03_backprop/02_worked_example``): the hidden delta.

The learner is given the forward equations of the 2-2-1 network and the chain rule, not the
formula, and writes ``hidden_delta(delta_out, W2, z_hidden)``: the error signal
:math:`\delta^{[1]} = \partial \ell / \partial z^{[1]}` of the hidden layer, for one sample.

The expected answer is **a gradient check**, not a second copy of the backpropagation formula:
the loss depends on :math:`z^{[1]}` only through :math:`z^{[2]} = W^{[2]} \sigma(z^{[1]}) + b^{[2]}`,
and :math:`\partial \ell / \partial z^{[2]} = \delta^{[2]}` is given, so

.. math:: \delta^{[1]} = \nabla_{z} \big(\delta^{[2]} \cdot W^{[2]} \sigma(z)\big)\Big|_{z = z^{[1]}},

which :func:`course_utils.gradcheck.numerical_gradient` computes by central differences
(with :math:`h = 10^{-6}` its error is below :math:`10^{-9}` on these cases, well inside the
check's tolerance). ``tests/test_catalog_backprop_derive.py`` also checks it against
:func:`course_utils.network.backward`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ... import network
from ...activations import sigmoid, sigmoid_grad
from ...gradcheck import numerical_gradient
from ..engine import Case, Exercise, Mistake

__all__ = ["HIDDEN_DELTA", "EXERCISES"]


def _f(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def _hidden_delta(delta_out: Any, W2: Any, z_hidden: Any) -> np.ndarray:
    r"""The hidden delta of one sample by central differences (see the module docstring)."""
    d, W, z = _f(delta_out).reshape(-1), _f(W2), _f(z_hidden)
    return numerical_gradient(lambda zz: d @ (W @ sigmoid(zz)), z)


def _variant(slope: str = "sigma_prime", weights: str = "transposed"):
    """A wrong hidden delta: one factor of the chain rule changed."""

    def variant(delta_out, W2, z_hidden):
        d, W, z = _f(delta_out).reshape(-1), _f(W2), _f(z_hidden)
        back = {
            "transposed": W.T @ d,  # [h]: the right weights
            "row": d[:, None] * W,  # [1, h]: W2 kept as a row
            "swapped": (W.T @ d)[::-1],  # each unit takes another unit's weight
        }[weights]
        local = {
            "sigma_prime": sigmoid_grad(z),
            "none": 1.0,
            "sigma_one_minus_z": sigmoid(z) * (1.0 - z),
            "z_one_minus_z": z * (1.0 - z),
            "sigma": sigmoid(z),
            "sigma_prime_of_a": sigmoid_grad(sigmoid(z)),
        }[slope]
        return back * local

    return variant


_X, _Y, _P = network.worked_example()
_NOTES_FWD = network.forward(_P, _X)
_NOTES_DELTA_OUT = _NOTES_FWD.y_hat - _Y  # [1]: y_hat - y

HIDDEN_DELTA = Exercise(
    id="hidden_delta",
    title="the hidden delta of the 2-2-1 network, derived with the chain rule",
    signature="hidden_delta(delta_out, W2, z_hidden)",
    reference=_hidden_delta,
    cases=(
        Case((_NOTES_DELTA_OUT, _P["W2"], _NOTES_FWD.z_hidden[0]), label="the worked example of the notes"),
        Case(
            (np.array([0.6]), np.array([[-1.2, 0.4]]), np.array([-0.8, 1.5])),
            label="a label of 0 (delta_out > 0), other weights",
        ),
        Case(
            (np.array([-0.3]), np.array([[0.5, -2.0, 1.0]]), np.array([0.0, 2.0, -1.0])),
            label="three hidden units",
        ),
        Case(([0.25], [[1, -1]], [0, 1]), label="Python lists of integers"),
        Case((np.array([0.0]), np.array([[0.7, 0.5]]), np.array([0.3, 0.5])), label="a perfect prediction"),
        Case(
            (np.array([-0.9]), np.array([[2.0, 3.0]]), np.array([12.0, -0.5])),
            label="a saturated hidden unit (z = 12)",
        ),
    ),
    arg_names=("delta_out", "W2", "z_hidden"),
    # float32 answers pass: near saturation a(1 - a) loses about 1e-7 in float32, well below what
    # any named mistake changes.
    atol=1e-6,
    mistakes=(
        Mistake(
            _variant(slope="none"),
            "You left out σ'(z_hidden): a hidden unit's z reaches z_out only through its activation "
            "a = σ(z), so the chain rule multiplies by da/dz = σ'(z) as well.",
        ),
        Mistake(
            _variant(slope="sigma_one_minus_z"),
            "You wrote σ'(z) as σ(z)(1 - z): both factors take the activation, σ'(z) = σ(z)(1 - σ(z)).",
        ),
        Mistake(
            _variant(slope="z_one_minus_z"),
            "You wrote σ'(z) as z(1 - z): that is a(1 - a) with z where a = σ(z) belongs.",
        ),
        Mistake(
            _variant(slope="sigma"),
            "You multiplied by σ(z), the activation, where its slope σ'(z) = σ(z)(1 - σ(z)) belongs.",
        ),
        Mistake(
            _variant(slope="sigma_prime_of_a"),
            "You applied σ' to a = σ(z): this function receives z_hidden, and the slope is σ'(z_hidden).",
        ),
        Mistake(
            _variant(weights="row"),
            "Your answer has the shape of W2, [1, h]: you kept W2 as a row. The hidden delta has one "
            "entry per hidden unit, shape [h]: the error travels back along W2 transposed, W2.T @ delta_out.",
        ),
        Mistake(
            _variant(weights="swapped"),
            "Each hidden unit took another unit's weight: unit j reaches z_out through its own weight "
            "W2[0, j] (the notes' w_j3), so its delta uses that weight.",
        ),
    ),
    error_hints=(
        (
            "ValueError",
            "W2 has shape [1, h] and delta_out shape [1]: W2 @ delta_out does not fit. The error travels "
            "back from the output to the hidden units, against the direction of W2: use its transpose, "
            "W2.T @ delta_out.",
        ),
    ),
    # The notebook offers sigmoid_grad; the course's own backward pass would hand over the answer.
    allowed=(sigmoid, sigmoid_grad),
    forbidden=(network.backward, network.gradients),
    success="You derived backpropagation's central step: a layer's delta from the next layer's delta, "
    "its weights and the layer's own slope.",
)

EXERCISES = (HIDDEN_DELTA,)
