"""Exercises of ``03_backprop/04_activations_and_initialisation``: ReLU's slope, He's initialization.

References: :func:`course_utils.activations.relu_grad`, :func:`course_utils.mlp.init_weights`
and the per-layer factor of :mod:`course_utils.explore.backprop.depth`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np

from ... import mlp
from ...activations import relu, relu_grad
from ...explore.backprop.depth import SLOPE_SQUARED
from ..engine import Case, Exercise, Mistake


def _f(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


# ------------------------------------------------------------------- relu_grad


def _relu_grad_compare(got: Any, case: Case) -> str | None:
    """Values and shape as usual; and floats, as the task asks (a bool or int array fails).

    ``z > 0`` (booleans) or an integer array holds the right 0s and 1s, but the task asks for
    floats: a gradient multiplied into other gradients, stored, or updated in place should not
    change type on the way (``grad *= 0.5`` fails on an int array). So it fails, with a message
    about the type rather than the values.
    """
    expected = np.asarray(relu_grad(*case.args))
    if isinstance(got, str) or not isinstance(got, (np.ndarray, np.generic, list, tuple, float, int, bool)):
        return f"Your function returned a {type(got).__name__}; return an array of floats (0.0 and 1.0)."
    try:
        values = np.asarray(got)
    except Exception:  # a ragged list
        return "Your result cannot be read as an array of numbers; return an array shaped like z."
    if values.shape != expected.shape:
        return f"Your result has shape {values.shape}, but it should have the shape of z, {expected.shape}."
    if values.dtype.kind not in "biuf":
        return f"Your result holds {values.dtype} values; return floats, 0.0 and 1.0."
    if not np.array_equal(values.astype(np.float64), expected):
        wrong = np.argwhere(values.astype(np.float64) != expected)
        where = tuple(int(i) for i in wrong[0]) if wrong.size else ()
        z = np.asarray(case.args[0], dtype=np.float64)
        return (
            f"Your slope is {values.astype(np.float64)[where]:g} at z = {z[where]:g}; it should be"
            f" {expected[where]:g} (1.0 where z > 0, 0.0 elsewhere)."
        )
    if values.dtype.kind != "f":
        kind = "booleans (True/False)" if values.dtype.kind == "b" else f"integers ({values.dtype})"
        return (
            f"Your values are right, but they are {kind}: the task asks for floats, 1.0 and 0.0."
            " Convert with .astype(float) (for example (z > 0).astype(float))."
        )
    return None


RELU_GRAD = Exercise(
    id="relu_grad",
    title="the derivative of ReLU, taking z",
    signature="relu_grad(z)",
    reference=relu_grad,
    cases=(
        Case((np.array([-2.0, -0.5, 0.5, 3.0]),), label="a few values, none at the kink"),
        Case((0.0,), label="z = 0, the kink"),
        Case((np.array([[1.0, 0.0], [-3.0, 1e-9]]),), label="a 2-D array with a 0"),
        Case(([-2, 0, 4],), label="a Python list of integers"),
        Case((np.array([-1e4, 1e4]),), label="very large values"),
    ),
    arg_names=("z",),
    compare=_relu_grad_compare,
    mistakes=(
        Mistake(
            lambda z: (_f(z) >= 0).astype(float),
            "At the kink, z = 0, you returned 1: ReLU has no derivative there, and the course (like"
            " PyTorch) takes the subgradient 0, so use z > 0, not z >= 0.",
        ),
        Mistake(relu, "You returned max(0, z), the activation, where its slope (0 or 1) belongs."),
        Mistake(
            lambda z: np.sign(_f(z)),
            "You returned the sign of z, which is -1 for negative z: ReLU is flat there, its slope is 0.",
        ),
    ),
    success="ReLU passes the gradient back unchanged where a unit is active, and not at all where it is off.",
)

# --------------------------------------------------------------------- he_init


def _call_init(fn: Callable[..., Any], args: tuple, kwargs: dict) -> Any:
    """The weights, and whether the generator ``rng`` was drawn from (plain data)."""
    rng = args[2] if len(args) > 2 else kwargs.get("rng")
    before = copy.deepcopy(rng.bit_generator.state) if isinstance(rng, np.random.Generator) else None
    W = fn(*args, **kwargs)
    used = before is not None and rng.bit_generator.state != before
    return W, used


def _he_reference(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    return mlp.init_weights(fan_in, fan_out, rng, scheme="he")


def _he_compare(got: Any, case: Case) -> str | None:
    W, used = got
    fan_in, fan_out = case.args[0], case.args[1]
    if not isinstance(W, (np.ndarray, list, tuple)):
        return (
            f"Your function should return an array of shape ({fan_out}, {fan_in}), not a {type(W).__name__}."
        )
    W = np.asarray(W, dtype=np.float64)
    if W.shape != (fan_out, fan_in):
        hint = (
            " It is transposed: W[j, i] connects input i to unit j, so W has shape (fan_out, fan_in)."
            if W.shape == (fan_in, fan_out)
            else ""
        )
        return f"Your weights have shape {W.shape}; they should have shape ({fan_out}, {fan_in}).{hint}"
    if not used:
        return (
            "Your function did not draw from the generator rng it was given: draw with rng.normal(...),"
            " so that the caller's seed decides the weights."
        )
    args = copy.deepcopy(case.args)
    expected = _he_reference(*args)
    if np.allclose(W, expected, rtol=1e-9, atol=1e-12):
        return None
    transposed = _he_transposed_draw(*copy.deepcopy(case.args))
    if np.allclose(W, transposed, rtol=1e-9, atol=1e-12):
        return (
            "Your weights have the right shape and distribution, but you drew them in the order of an"
            " array of shape (fan_in, fan_out) and then transposed it (.T): the same seed then gives"
            " other weights than the caller expects. Draw with size=(fan_out, fan_in) directly."
        )
    if W.size >= 1000:
        return (
            f"Your weights have variance {W.var():.4g} and mean {W.mean():.3g}; He's initialization"
            f" draws them with mean 0 and variance 2 / fan_in = {2 / fan_in:.4g}."
        )
    return (
        "Your weights are not rng.normal(0, sqrt(2 / fan_in), size=(fan_out, fan_in)): the mean, the"
        " standard deviation or the order of the draws differs."
    )


def _he_transposed_draw(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), (fan_in, fan_out)).T


def _scaled(std: Callable[[int, int], float]) -> Callable[..., np.ndarray]:
    def variant(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
        return rng.normal(0.0, std(fan_in, fan_out), (fan_out, fan_in))

    return variant


HE_INIT = Exercise(
    id="he_init",
    title="He's initialization of one layer",
    signature="he_init(fan_in, fan_out, rng)",
    reference=_he_reference,
    cases=(
        Case((3, 2, np.random.default_rng(0)), label="3 inputs, 2 units"),
        Case(
            (120, 100, np.random.default_rng(1)), label="120 inputs, 100 units (enough to measure a variance)"
        ),
        Case((1, 5, np.random.default_rng(2)), label="one input"),
        Case((64, 64, np.random.default_rng(3)), label="a square layer"),
    ),
    arg_names=("fan_in", "fan_out", "rng"),
    output="tuple",
    call=_call_init,
    compare=_he_compare,
    mistakes=(
        Mistake(
            _scaled(lambda fi, fo: np.sqrt(1.0 / fi)),
            "You used variance 1 / fan_in, right for units that are linear near 0: ReLU zeroes half of"
            " its inputs, and He's initialization doubles the variance to 2 / fan_in to make up for it.",
        ),
        Mistake(
            _scaled(lambda fi, fo: np.sqrt(2.0 / fo)),
            "You divided by fan_out: He's variance is 2 / fan_in, the number of inputs each unit adds up.",
        ),
        Mistake(
            _scaled(lambda fi, fo: 2.0 / fi),
            "You used 2 / fan_in as the standard deviation: it is the variance, so the standard"
            " deviation is sqrt(2 / fan_in).",
        ),
        Mistake(
            _scaled(lambda fi, fo: np.sqrt(2.0 / (fi + fo))),
            "That is Xavier's (Glorot's) variance, 2 / (fan_in + fan_out): He's is 2 / fan_in.",
        ),
    ),
    success=(
        "With He's initialization a deep ReLU network passes its signal, forward and back,"
        " at about constant size."
    ),
)

# ------------------------------------------------------------ predict the factor

_WIDTH = 32


def _sigmoid_factor() -> float:
    variance = 2.0 / (_WIDTH + _WIDTH)  # Xavier, between two hidden layers of 32 units
    return float(np.sqrt(_WIDTH * variance * SLOPE_SQUARED["sigmoid"]))


SIGMOID_LAYER_FACTOR = Exercise(
    id="predict_sigmoid_layer_factor",
    title="the factor α of one sigmoid layer, Xavier's initialization, 32 units",
    signature="answer_sigmoid_factor",
    reference=_sigmoid_factor,
    cases=(Case(),),
    output="value",
    reveal=False,
    rtol=0.02,
    call=lambda fn, args, kwargs: fn() if callable(fn) else fn,
    mistakes=(
        Mistake(
            lambda: _sigmoid_factor() ** 2,
            "That is α², the factor of the variance: the size (root mean square) changes by its square root.",
        ),
        Mistake(
            lambda: 1.0,
            "You left out f'(z): Xavier's weights keep n_h s² = 1, but each sigmoid layer also multiplies"
            " by σ'(z), about σ'(0) = 1/4 near 0.",
        ),
        Mistake(
            lambda: 1.0 / _sigmoid_factor(),
            "That is 1/α: the signal shrinks on its way back, so the factor is below 1.",
        ),
    ),
    success=(
        "From the sixth hidden layer back to the first are five such steps: at about 1/4 each, the"
        " error signal shrinks about 4⁵ ≈ 1000 times (measured below)."
    ),
)

EXERCISES = (RELU_GRAD, HE_INIT, SIGMOID_LAYER_FACTOR)
