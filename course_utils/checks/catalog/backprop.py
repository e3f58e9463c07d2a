"""Exercises of part 3 (``03_backprop``): the sigmoid, one neuron, the 2-2-1 network, a training loop.

Every reference is built on :mod:`course_utils.activations`, :mod:`course_utils.network`
and :mod:`course_utils.mlp`. The learner's 2-2-1 functions work on **one sample** (``x``
of shape ``[2]``) in ``02_worked_example`` and on a **batch** (``X`` of shape ``[n, 2]``)
in ``03_training_loop``; parameters are the dict ``{"W1": [h, 2], "b1": [h],
"W2": [1, h], "b2": [1]}`` of :mod:`course_utils.network`.

An answer that is a dict of parameters (or gradients) is turned into the tuple of its
four arrays before it is compared, so that each array is checked, and named, separately.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np

from ... import mlp, network
from ...activations import sigmoid, sigmoid_grad
from ...batching import iterate_minibatches
from ...losses import binary_cross_entropy_with_logits_grad
from ...optimizers import adam, momentum, sgd
from ..engine import Case, Exercise, Mistake, format_value
from ..kinds import prediction_answer

_RNG = np.random.default_rng(3)


def _f(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


# ------------------------------------------------------------------ dict answers
#
# An answer that is a dict of parameters (or gradients) is compared as the plain tuple
# (W1, b1, W2, b2) of its arrays, and anything else is described by a short string: plain
# values, so that graded answers can be recorded in the learner's kernel and judged again
# elsewhere (see course_utils.grading.record).


def _as_answer(result: Any) -> Any:
    """A dict with the four keys becomes the tuple of its arrays; anything else a description."""
    if result is None:
        return None
    if not isinstance(result, dict):
        return f"(a value of type {type(result).__name__}, not a dict)"
    missing = [k for k in network.KEYS if k not in result]
    if missing:
        return f"(a dict without the keys {missing})"
    try:
        return tuple(np.asarray(result[k], dtype=np.float64) for k in network.KEYS)
    except (TypeError, ValueError):
        return "(a dict whose values are not arrays of numbers)"


def _call_dict(fn: Callable[..., Any], args: tuple, kwargs: dict) -> Any:
    return _as_answer(fn(*args, **kwargs))


def _dict_compare(
    reference: Callable[..., Any], what: str, returned: str, call: Callable[..., Any] = _call_dict
) -> Callable[[Any, Case], str | None]:
    """A ``compare`` for answers that are dicts keyed ``W1, b1, W2, b2`` (see :func:`_as_answer`)."""

    def compare(got: Any, case: Case) -> str | None:
        if isinstance(got, str):
            return f"Your function should return {returned}; it returned {got}."
        args, kwargs = copy.deepcopy((case.args, dict(case.kwargs)))
        expected = call(reference, args, kwargs)
        for key, g, e in zip(network.KEYS, got, expected):
            g = np.asarray(g, dtype=np.float64)
            if g.shape != e.shape:
                hint = (
                    " It looks transposed: check the order of the factors."
                    if g.shape == e.shape[::-1]
                    else ""
                )
                return f"{what}[{key!r}] has shape {g.shape}, but it should have shape {e.shape}.{hint}"
            if not np.all(np.isfinite(g)):
                return f"{what}[{key!r}] contains nan or inf."
            if not np.allclose(g, e, rtol=1e-6, atol=1e-9):
                return f"{what}[{key!r}] has the wrong value (the first key that is wrong; expected {format_value(e)})."
        return None

    return compare


# ----------------------------------------------------------------------- sigmoid

_SIGMOID_CASES = (
    Case((0.0,), label="z = 0"),
    Case((np.array([-2.0, -0.5, 0.5, 2.0]),), label="a few values"),
    Case((np.array([[1.0, -1.0], [3.0, 0.0]]),), label="a 2-D array"),
    Case(([-1, 0, 1, 4],), label="a Python list of integers"),
    Case((np.array([-1000.0, 1000.0]),), label="very large logits"),
)

_MATH_EXP = (
    "TypeError",
    "Use np.exp, which works on whole arrays (math.exp takes a single number), and turn lists into arrays with np.asarray.",
)

SIGMOID = Exercise(
    id="sigmoid",
    title="the sigmoid, elementwise",
    signature="sigmoid(z)",
    reference=sigmoid,
    cases=_SIGMOID_CASES,
    arg_names=("z",),
    mistakes=(
        Mistake(
            lambda z: 1.0 / (1.0 + np.exp(_f(z))),
            "You computed 1 / (1 + e^z), which is σ(-z): the exponent is -z, σ(z) = 1 / (1 + e^(-z)).",
        ),
        Mistake(lambda z: np.exp(-_f(z)), "You returned e^(-z) alone: σ(z) = 1 / (1 + e^(-z))."),
    ),
    error_hints=(_MATH_EXP,),
    success="σ squashes any real number into (0, 1), so the output can be read as a probability.",
)

SIGMOID_GRAD = Exercise(
    id="sigmoid_grad",
    title="the derivative of the sigmoid, taking z",
    signature="sigmoid_grad(z)",
    reference=sigmoid_grad,
    allowed=(sigmoid,),  # the exercise is the derivative; sigma itself may come from the course
    cases=_SIGMOID_CASES,
    arg_names=("z",),
    mistakes=(
        Mistake(
            lambda z: sigmoid(z) * (1 - _f(z)),
            "You wrote σ'(z) as σ(z)(1 - z): both factors take the activation, σ'(z) = σ(z)(1 - σ(z)).",
        ),
        Mistake(
            sigmoid, "You returned σ(z), the activation, where its derivative σ'(z) = σ(z)(1 - σ(z)) belongs."
        ),
        Mistake(
            lambda z: _f(z) * (1.0 - _f(z)),
            "You computed z(1 - z), using z where a = σ(z) belongs: σ'(z) = a(1 - a) with a = σ(z).",
        ),
        Mistake(
            lambda z: 1.0 - sigmoid(z) ** 2,
            "You computed 1 - σ(z)², the form of tanh's derivative (1 - tanh²): the sigmoid's is σ(z)(1 - σ(z)).",
        ),
        Mistake(
            lambda z: sigmoid_grad(sigmoid(z)),
            "You applied σ' to a = σ(z): this function receives z already, so σ'(z) = σ(z)(1 - σ(z)).",
        ),
    ),
    error_hints=(_MATH_EXP,),
    success="σ' is at most 1/4 (at z = 0) and nearly 0 for large |z|: a saturated neuron passes almost no gradient back.",
)

MAX_SIGMOID_GRAD = Exercise(
    id="predict_max_sigmoid_grad",
    title="the largest value of σ'(z)",
    signature="answer_max_sigmoid_grad",
    reference=lambda: float(np.max(sigmoid_grad(np.linspace(-10.0, 10.0, 2001)))),
    cases=(Case(),),
    output="value",
    reveal=False,
    call=prediction_answer,
    mistakes=(
        Mistake(lambda: 1.0, "σ' never reaches 1: at its peak, z = 0, it is σ(0)(1 - σ(0)) = 1/2 · 1/2."),
        Mistake(lambda: 0.5, "0.5 is σ(0), the activation at z = 0; the slope there is σ(0)(1 - σ(0))."),
    ),
    success="Every sigmoid layer multiplies the backward signal by at most 1/4.",
)

# ----------------------------------------------------------------- one neuron


def _neuron(x, y, w, b):
    """One sigmoid neuron with BCE on one sample: dL/dz from the losses module, then the chain rule."""
    x, w = _f(x), _f(w)
    z = np.array([x @ w + float(b)])
    dz = binary_cross_entropy_with_logits_grad(np.array([float(y)]), z)[0]  # σ(z) - y
    return dz * x, float(dz)


def _neuron_variant(transform: Callable[[float, float], float], *, times_x: bool = True):
    def variant(x, y, w, b):
        x, w = _f(x), _f(w)
        z = float(x @ w + float(b))
        dz = transform(z, float(y))
        return (dz * x if times_x else np.full_like(x, dz)), dz

    return variant


def _neuron_bias_times_sum_x(x, y, w, b):
    dw, db = _neuron(x, y, w, b)
    return dw, float(db) * float(np.sum(_f(x)))


NEURON_GRADS = Exercise(
    id="neuron_grads",
    title="the gradients of one sigmoid neuron's cross-entropy loss",
    signature="neuron_grads(x, y, w, b)",
    reference=_neuron,
    cases=(
        Case((np.array([1.0, 0.0]), 1.0, np.array([0.7, 0.5]), 0.3), label="x = [1, 0], y = 1"),
        # sum(x) = -1.5, not +-1: a bias gradient times sum(x) must not look like a sign error
        Case((np.array([0.5, -2.0]), 0.0, np.array([2.0, 1.0]), -0.5), label="y = 0"),
        Case((np.array([1.0, 2.0, -1.0]), 1.0, np.array([0.1, -0.3, 0.2]), 0.0), label="three inputs"),
        Case(([2, 1], 0, [1, 1], 1), label="Python lists and integers"),
        Case((np.array([3.0, 4.0]), 1.0, np.array([-5.0, -5.0]), 0.0), label="a confidently wrong neuron"),
    ),
    arg_names=("x", "y", "w", "b"),
    output="tuple",
    output_names=("dL_dw", "dL_db"),
    mistakes=(
        Mistake(
            _neuron_variant(lambda z, y: (float(sigmoid(z)) - y) * float(sigmoid_grad(z))),
            "You multiplied ŷ - y by σ'(z). With a sigmoid output and cross-entropy, ŷ - y already is dL/dz: the σ'(z) of the chain rule cancelled the cross-entropy's 1/(ŷ(1 - ŷ)).",
        ),
        Mistake(
            _neuron_variant(lambda z, y: y - float(sigmoid(z))),
            "Your gradients have the wrong sign: dL/dz = ŷ - y (prediction minus label).",
        ),
        Mistake(
            _neuron_variant(lambda z, y: float(sigmoid(z)) - y, times_x=False),
            "You left out the input: dL/dw_i = dL/dz · dz/dw_i, and dz/dw_i = x_i.",
        ),
        Mistake(
            _neuron_bias_times_sum_x,
            "Your bias gradient is (ŷ - y) · sum(x): the bias has no input to multiply, dz/db = 1,"
            " so dL/db = ŷ - y.",
        ),
    ),
    error_hints=(_MATH_EXP,),
    success="dL/dz = ŷ - y: the error itself. Every gradient of the network starts from this number.",
)

# ---------------------------------------------------------- 2-2-1, one sample


def _one(x: Any) -> np.ndarray:
    return _f(x).reshape(1, -1)


def _forward_221(x, params):
    fwd = network.forward(params, _one(x))
    return fwd.z_hidden[0], fwd.a_hidden[0], fwd.z_out, fwd.y_hat


def _forward_variant(*, transpose=False, bias=True, hidden_sigmoid=True, out_sigmoid=True):
    def variant(x, params):
        p = network.check_params(params)
        W1 = p["W1"].T if transpose else p["W1"]
        z_h = W1 @ _f(x) + (p["b1"] if bias else 0.0)
        a_h = sigmoid(z_h) if hidden_sigmoid else z_h
        z_o = p["W2"] @ a_h + (p["b2"] if bias else 0.0)
        return z_h, a_h, z_o, (sigmoid(z_o) if out_sigmoid else z_o)

    return variant


def _random_params(h: int = 2, scale: float = 1.0) -> dict:
    return {
        "W1": _RNG.normal(0.0, scale, (h, 2)),
        "b1": _RNG.normal(0.0, scale, h),
        "W2": _RNG.normal(0.0, scale, (1, h)),
        "b2": _RNG.normal(0.0, scale, 1),
    }


_X_NOTES, _Y_NOTES, _P_NOTES = network.worked_example()

_ONE_SAMPLE_CASES = (
    Case((np.array([1.0, 0.0]), _P_NOTES), label="the worked example of the notes"),
    Case((np.array([0.5, -2.0]), _random_params()), label="other weights, x = [0.5, -2]"),
    Case((np.array([0.0, 0.0]), _random_params()), label="x = [0, 0]: only the biases act"),
    Case((np.array([2.0, 1.0]), _random_params(scale=4.0)), label="large weights (saturated neurons)"),
)


def _forward_w1_for_w2(x, params):
    p = network.check_params(params)
    z_h = p["W1"] @ _f(x) + p["b1"]
    a_h = sigmoid(z_h)
    z_o = p["W1"] @ a_h + p["b2"]
    return z_h, a_h, z_o, sigmoid(z_o)


FORWARD_221 = Exercise(
    id="forward_221",
    title="the forward pass of the 2-2-1 network, one sample",
    signature="forward_221(x, params)",
    reference=_forward_221,
    cases=_ONE_SAMPLE_CASES,
    arg_names=("x", "params"),
    output="tuple",
    output_names=("z_hidden", "a_hidden", "z_out", "y_hat"),
    mistakes=(
        Mistake(
            _forward_w1_for_w2,
            "You used W1 where W2 belongs: the output layer is z_out = W2 @ a_hidden + b2 (W1 feeds the hidden layer).",
        ),
        Mistake(
            _forward_variant(transpose=True),
            "You multiplied by the transpose of W1: z = W1 @ x, where row j of W1 holds the weights into hidden unit j (W1[j, i] is the weight from input i).",
        ),
        Mistake(_forward_variant(bias=False), "You left out the biases: z = W @ x + b in both layers."),
        Mistake(
            _forward_variant(hidden_sigmoid=False),
            "Your hidden layer has no activation: a_hidden = σ(z_hidden), and the output layer takes a_hidden, not z_hidden.",
        ),
        Mistake(
            _forward_variant(out_sigmoid=False), "You returned z_out as the prediction: y_hat = σ(z_out)."
        ),
    ),
    error_hints=(
        ("KeyError", "params is a dict with the keys 'W1', 'b1', 'W2', 'b2': for example params['W1']."),
    ),
    success="Four lines, and every value of the table in the notes is one of them.",
)


def _backward_221(x, y, params):
    X, Y = _one(x), np.array([float(y)])
    bw = network.backward(params, network.forward(params, X), Y)
    g = bw.grads
    return bw.delta_out, bw.delta_hidden[0], g["W1"], g["b1"], g["W2"], g["b2"]


def _backward_variant(
    *,
    slope: str = "sigma_prime",
    next_weight: bool = True,
    transpose_W1: bool = False,
    transpose_W2: bool = False,
    extra_out_slope: bool = False,
    w2_input: str = "a",
):
    """A wrong backward pass: the reference's forward values, one step of the chain changed."""

    def variant(x, y, params):
        p, x = network.check_params(params), _f(x)
        fwd = network.forward(p, _one(x))
        z_h, a_h = fwd.z_hidden[0], fwd.a_hidden[0]
        d_out = fwd.y_hat - float(y)
        if extra_out_slope:
            d_out = d_out * sigmoid_grad(fwd.z_out)
        local = {
            "sigma_prime": sigmoid_grad(z_h),
            "sigma": sigmoid(z_h),
            "sigma_prime_of_a": sigmoid_grad(a_h),
        }[slope]
        d_h = (p["W2"][0] * d_out if next_weight else d_out) * local
        dW1 = np.outer(x, d_h) if transpose_W1 else np.outer(d_h, x)
        inputs = a_h if w2_input == "a" else z_h
        dW2 = np.outer(inputs, d_out) if transpose_W2 else np.outer(d_out, inputs)
        return d_out, d_h, dW1, d_h, dW2, d_out

    return variant


def _backward_plain(*, slope: bool = True, dw2_from_x: bool = False):
    """The backward pass written out, with one classic mistake switched on."""

    def variant(x, y, params):
        p = network.check_params(params)
        x = _f(x)
        z_h = p["W1"] @ x + p["b1"]
        a_h = sigmoid(z_h)
        d_out = sigmoid(p["W2"] @ a_h + p["b2"]) - float(y)
        d_h = p["W2"].T @ d_out * (sigmoid_grad(z_h) if slope else 1.0)
        dW2 = np.outer(d_out, x if dw2_from_x else a_h)
        return d_out, d_h, np.outer(d_h, x), d_h, dW2, d_out

    return variant


BACKWARD_221 = Exercise(
    id="backward_221",
    title="the backward pass of the 2-2-1 network, one sample: every delta and gradient",
    signature="backward_221(x, y, params)",
    reference=_backward_221,
    cases=tuple(
        Case((c.args[0], y, c.args[1]), label=c.label + f", y = {y:g}")
        for c, y in zip(_ONE_SAMPLE_CASES, (1.0, 0.0, 1.0, 0.0))
    ),
    arg_names=("x", "y", "params"),
    output="tuple",
    output_names=("delta_out", "delta_hidden", "dW1", "db1", "dW2", "db2"),
    mistakes=(
        Mistake(
            _backward_plain(slope=False),
            "Your hidden deltas leave out σ'(z_hidden): a hidden unit's z reaches the output only through its"
            " activation a = σ(z), so the chain rule multiplies by σ'(z_hidden) = a(1 - a).",
        ),
        Mistake(
            _backward_plain(dw2_from_x=True),
            "You built dW2 from x: the output layer's weights multiply the hidden activations, so"
            " dW2 = np.outer(delta_out, a_hidden), not the network's input x.",
        ),
        Mistake(
            _backward_variant(slope="sigma"),
            "In the hidden deltas you multiplied by σ(z), the activation, where σ'(z) = σ(z)(1 - σ(z)) belongs.",
        ),
        Mistake(
            _backward_variant(slope="sigma_prime_of_a"),
            "You computed σ'(a_hidden): σ' takes the pre-activation, σ'(z_hidden) (or write it as a(1 - a)).",
        ),
        Mistake(
            _backward_variant(next_weight=False),
            "Your hidden deltas forget the next layer's weight: δ_j = w_j3 · δ_out · σ'(z_j), i.e. delta_hidden = (W2.T @ delta_out) * σ'(z_hidden). The error reaches hidden unit j only through the weight w_j3.",
        ),
        Mistake(
            _backward_variant(transpose_W1=True),
            "Your dW1 is transposed: dW1[j, i] = delta_hidden[j] * x[i] has the shape of W1 (rows: hidden units), np.outer(delta_hidden, x).",
        ),
        Mistake(
            _backward_variant(transpose_W2=True),
            "Your dW2 is transposed: it must have the shape of W2, [1, 2], np.outer(delta_out, a_hidden).",
        ),
        Mistake(
            _backward_variant(w2_input="z"),
            "dW2 multiplies delta_out by the output layer's input, a_hidden = σ(z_hidden), not by z_hidden.",
        ),
        Mistake(
            _backward_variant(extra_out_slope=True),
            "You multiplied delta_out by σ'(z_out): with cross-entropy, delta_out = y_hat - y already includes it.",
        ),
    ),
    error_hints=(
        ("KeyError", "params is a dict with the keys 'W1', 'b1', 'W2', 'b2': for example params['W2']."),
    ),
    success="Each weight's gradient is the delta of the unit it feeds times the value it multiplies: the whole backward pass in one sentence.",
)


def _update_221(params, grads, lr):
    return network.update(params, grads, lr)


def _update_variant(step: Callable[[np.ndarray, np.ndarray, float, str], np.ndarray]):
    def variant(params, grads, lr):
        p, g = network.check_params(params), network.check_params(grads)
        return {k: step(p[k], g[k], lr, k) for k in network.KEYS}

    return variant


def _grads_like(params: dict) -> dict:
    return {k: _RNG.normal(0.0, 0.3, np.shape(v)) for k, v in params.items()}


UPDATE_221 = Exercise(
    id="update_221",
    title="one gradient-descent update of all nine parameters",
    signature="update_221(params, grads, lr)",
    reference=_update_221,
    cases=(
        Case(
            (_P_NOTES, network.gradients(_P_NOTES, _X_NOTES, _Y_NOTES), 0.5),
            label="the worked example, lr = 0.5",
        ),
        Case((_random_params(), _grads_like(_random_params()), 0.1), label="other values, lr = 0.1"),
        Case(
            (_random_params(), {k: np.zeros(np.shape(v)) for k, v in _P_NOTES.items()}, 1.0),
            label="zero gradients",
        ),
    ),
    arg_names=("params", "grads", "lr"),
    output="tuple",
    call=_call_dict,
    compare=_dict_compare(
        _update_221,
        "new params",
        "the new parameters, a dict with the keys 'W1', 'b1', 'W2', 'b2' (each an array)",
    ),
    mistakes=(
        Mistake(
            _update_variant(lambda p, g, lr, k: p + lr * g),
            "You stepped *up* the gradient: gradient descent subtracts it, params[k] - lr * grads[k].",
        ),
        Mistake(
            _update_variant(lambda p, g, lr, k: p - g),
            "You forgot the learning rate: params[k] - lr * grads[k].",
        ),
        Mistake(
            _update_variant(lambda p, g, lr, k: p - lr * g if k.startswith("W") else p),
            "You updated the weights but not the biases: all nine parameters move, b1 and b2 too.",
        ),
        Mistake(
            _update_variant(lambda p, g, lr, k: -lr * g),
            "You returned the step, -lr * grads[k], instead of the new parameters params[k] - lr * grads[k].",
        ),
    ),
    success="Forward, loss, backward, update: one iteration of training, complete.",
)

ZERO_GRADS = Exercise(
    id="predict_zero_grads",
    title="how many of the nine gradients are exactly 0 for x = [1, 0]",
    signature="answer_zero_grads",
    reference=lambda: sum(
        v == 0.0 for v in network.notes_values(network.gradients(_P_NOTES, _X_NOTES, _Y_NOTES)).values()
    ),
    cases=(Case(),),
    output="value",
    reveal=False,
    call=prediction_answer,
    mistakes=(
        Mistake(
            lambda: 0,
            "Look at x2 = 0: a weight's gradient is (its unit's delta) × (the input it multiplies), so every weight leaving x2 gets a zero gradient.",
        ),
        Mistake(
            lambda: 4,
            "The biases still learn: a bias multiplies the constant 1, not x2, so its gradient is the unit's delta itself.",
        ),
    ),
    success="w21 and w22 multiply x2 = 0: whatever their values, they do not change this loss, so their gradients vanish.",
)


def _w13_direction() -> str:
    grad = network.notes_values(network.gradients(_P_NOTES, _X_NOTES, _Y_NOTES))["w13"]
    return "up" if grad < 0 else "down"


W13_DIRECTION = Exercise(
    id="predict_w13_direction",
    title="whether w13 goes up or down in the first update",
    signature="answer_w13_direction",
    reference=_w13_direction,
    cases=(Case(),),
    output="value",
    reveal=False,
    call=prediction_answer,
    mistakes=(
        Mistake(
            lambda: "down" if _w13_direction() == "up" else "up",
            "Look at the sign of dL/dw13 in the table: the update subtracts lr times it, so a negative gradient makes the weight grow.",
        ),
    ),
    success="The prediction is too low (y_hat < y), so the weights that raise it, like w13, grow.",
)

# ----------------------------------------------------------- 2-2-1, a batch


def _gradients_batch(X, y, params):
    return network.gradients(params, X, y)


def _batch_variant(change: Callable[[dict, network.Backward, int], dict]):
    def variant(X, y, params):
        X, y = _f(X), _f(y)
        bw = network.backward(params, network.forward(params, X), y)
        return change(dict(bw.grads), bw, X.shape[0])

    return variant


def _batch_case(n: int, h: int, seed: int, label: str) -> Case:
    rng = np.random.default_rng(seed)
    X = rng.normal(0.0, 1.0, (n, 2))
    y = (rng.uniform(size=n) < 0.5).astype(float)
    params = {
        "W1": rng.normal(0, 1, (h, 2)),
        "b1": rng.normal(0, 1, h),
        "W2": rng.normal(0, 1, (1, h)),
        "b2": rng.normal(0, 1, 1),
    }
    return Case((X, y, params), label=label)


def _batch_no_slope(X, y, params):
    p = network.check_params(params)
    X, y = _f(X), _f(y)
    n = X.shape[0]
    a_h = sigmoid(X @ p["W1"].T + p["b1"])
    d_out = sigmoid(a_h @ p["W2"].T + p["b2"])[:, 0] - y
    d_h = d_out[:, None] @ p["W2"]
    return {
        "W1": d_h.T @ X / n,
        "b1": d_h.sum(axis=0) / n,
        "W2": d_out[None, :] @ a_h / n,
        "b2": np.array([d_out.sum() / n]),
    }


def _batch_from_deltas(X, params, d_out, d_h, n, *, b_div=True, w1_div=True):
    """The gradients built from per-sample deltas, each divided by n (optionally not)."""
    p = network.check_params(params)
    a_h = sigmoid(X @ p["W1"].T + p["b1"])
    return {
        "W1": d_h.T @ X / (n if w1_div else 1),
        "b1": d_h.sum(axis=0) / (n if b_div else 1),
        "W2": d_out[None, :] @ a_h / n,
        "b2": np.array([d_out.sum() / (n if b_div else 1)]),
    }


def _batch_wrong(*, out_slope=False, b_div=True, w1_div=True):
    """A wrong batch gradient: an extra sigma'(z_out) on the output delta; the biases' sums
    not divided by n; W1's sum not divided by n."""

    def variant(X, y, params):
        p = network.check_params(params)
        X, y = _f(X), _f(y)
        n = X.shape[0]
        a_h = sigmoid(X @ p["W1"].T + p["b1"])
        y_hat = sigmoid(a_h @ p["W2"].T + p["b2"])[:, 0]
        d_out = (y_hat - y) * (y_hat * (1 - y_hat) if out_slope else 1.0)
        d_h = (d_out[:, None] @ p["W2"]) * a_h * (1 - a_h)
        return _batch_from_deltas(X, params, d_out, d_h, n, b_div=b_div, w1_div=w1_div)

    return variant


GRADIENTS_BATCH = Exercise(
    id="gradients_batch",
    title="the gradients of the mean cost of a batch (2-2-1 network, vectorized)",
    signature="gradients_batch(X, y, params)",
    reference=_gradients_batch,
    cases=(
        Case((_X_NOTES, _Y_NOTES, _P_NOTES), label="the worked example as a batch of one"),
        _batch_case(4, 2, 1, "a batch of 4 samples"),
        _batch_case(10, 3, 2, "10 samples, 3 hidden units"),
        _batch_case(64, 2, 3, "64 samples"),
    ),
    arg_names=("X", "y", "params"),
    output="tuple",
    call=_call_dict,
    compare=_dict_compare(
        _gradients_batch,
        "grads",
        "the gradients, a dict with the keys 'W1', 'b1', 'W2', 'b2' (each an array)",
    ),
    mistakes=(
        Mistake(
            _batch_no_slope,
            "Your hidden deltas leave out σ'(z_hidden): delta_hidden = (delta_out @ W2) * a_hidden * (1 - a_hidden).",
        ),
        Mistake(
            _batch_variant(lambda g, bw, n: {k: n * v for k, v in g.items()}),
            "Your gradients are n times too large: the cost is the *mean* loss over the batch, so each gradient is the per-sample sum divided by n.",
        ),
        Mistake(
            _batch_variant(lambda g, bw, n: {**g, "W1": g["W1"].T}),
            "Your grads['W1'] is transposed: it must have W1's shape [hidden, inputs], delta_hidden.T @ X / n.",
        ),
        Mistake(
            _batch_variant(lambda g, bw, n: {**g, "b1": bw.delta_hidden / n, "b2": bw.delta_out / n}),
            "Your bias gradients have one row per sample: a bias's gradient sums (and divides by n) the deltas over the batch, delta.sum(axis=0) / n.",
        ),
        Mistake(
            _batch_variant(lambda g, bw, n: {k: v / n for k, v in g.items()}),
            "Your gradients are n times too small: divide by n once, either in the deltas or in the sums, not in both.",
        ),
        Mistake(
            _batch_wrong(out_slope=True),
            "Your output delta carries an extra σ'(z_out) = ŷ(1 - ŷ): with a sigmoid output and"
            " cross-entropy, delta_out = ŷ - y already (the σ' cancelled the cross-entropy's 1/(ŷ(1 - ŷ))).",
        ),
        Mistake(
            _batch_wrong(b_div=False),
            "Your bias gradients are sums over the batch, not means: divide them by n too,"
            " delta.sum(axis=0) / n, like the weights' gradients.",
        ),
        Mistake(
            _batch_wrong(w1_div=False),
            "Your grads['W1'] is not averaged: delta_hidden.T @ X sums over the batch; divide it by n,"
            " as you did for the other gradients.",
        ),
    ),
    success="One line per gradient, whatever the batch size: the sums over samples are matrix products.",
)

_N_TRAIN, _BATCH = 200, 32

UPDATES_PER_EPOCH = Exercise(
    id="predict_updates_per_epoch",
    title="the number of updates in one epoch (200 samples, batches of 32)",
    signature="answer_updates_per_epoch",
    reference=lambda: sum(
        1
        for _ in iterate_minibatches(
            np.zeros((_N_TRAIN, 2)), np.zeros(_N_TRAIN), _BATCH, rng=np.random.default_rng(0)
        )
    ),
    cases=(Case(),),
    output="value",
    reveal=False,
    call=prediction_answer,
    mistakes=(
        Mistake(
            lambda: _N_TRAIN // _BATCH,
            "The last, partial batch counts too: 6 full batches of 32 and one of 8.",
        ),
        Mistake(lambda: _N_TRAIN, "There is one update per *batch*, not per sample."),
        Mistake(
            lambda: _N_TRAIN / _BATCH,
            "An update is a whole batch, so the answer is a whole number: 200 / 32 = 6.25 rounded *up*,"
            " because the last partial batch counts too.",
        ),
        Mistake(
            lambda: 1,
            "One update per epoch is full-batch gradient descent; with batches of 32 there is one update per batch.",
        ),
    ),
    success="Each epoch sees every sample once, in 7 steps of the optimizer.",
)

# ----------------------------------------------------------- the training loop


def _train_epoch(params, X, y, batch_size, rng, opt, state):
    new_params, new_state, _ = mlp.train_epoch(params, X, y, batch_size, rng, opt=opt, state=state)
    return new_params, new_state


def _state_answer(state: Any) -> Any:
    """An optimizer state (a NamedTuple: count, then dicts of arrays) as a plain tuple."""
    if not (isinstance(state, tuple) and hasattr(state, "_fields")):
        return f"(a state of type {type(state).__name__})"
    parts: list[Any] = []
    for value in state:
        if isinstance(value, dict):
            parts.append(_as_answer(value))
        else:
            parts.append(float(value))
    return (type(state).__name__, *parts)


_IGNORES_RNG = "(an epoch whose batches do not follow the rng given)"


def _call_epoch(fn: Callable[..., Any], args: tuple, kwargs: dict) -> Any:
    replay = copy.deepcopy((args, kwargs))  # the same seed must give the same epoch
    result = fn(*args, **kwargs)
    again = fn(*replay[0], **replay[1])
    if isinstance(result, tuple) and isinstance(again, tuple) and len(result) == len(again) == 2:
        first, second = _as_answer(result[0]), _as_answer(again[0])
        if isinstance(first, tuple) and isinstance(second, tuple):
            if not all(np.allclose(u, v, rtol=1e-9, atol=1e-12) for u, v in zip(first, second)):
                return _IGNORES_RNG
    if isinstance(result, tuple) and len(result) == 2:
        params = _as_answer(result[0])
        return params + (_state_answer(result[1]),) if isinstance(params, tuple) else params
    if isinstance(result, dict):
        return _ONLY_PARAMS
    return (
        None if result is None else f"(a value of type {type(result).__name__}, not a pair (params, state))"
    )


_ONLY_PARAMS = "(a dict of parameters alone, without the optimizer state)"
_RETURN_EPOCH = "the pair (params, state), with params a dict with the keys 'W1', 'b1', 'W2', 'b2'"


def _epoch_compare(got: Any, case: Case) -> str | None:
    if isinstance(got, str) and got == _IGNORES_RNG:
        return (
            "Two runs from the same rng gave different epochs: draw the batches with the rng you are"
            " given, iterate_minibatches(X, y, batch_size, rng=rng), not with np.random."
        )
    if isinstance(got, str) and got == _ONLY_PARAMS:
        return "Your function returned only the parameters: return both, `return params, state`, so the next epoch continues with the optimizer's state."
    problem = _dict_compare(_train_epoch, "the new params", _RETURN_EPOCH, _call_epoch)(got, case)
    if problem:
        return problem
    args, kwargs = copy.deepcopy((case.args, dict(case.kwargs)))
    expected = _call_epoch(_train_epoch, args, kwargs)[-1]
    if not _same_state(got[-1], expected):
        return (
            "Your parameters are right, but the optimizer state you returned is not the one the last"
            " opt.update gave: return it, `params, state = opt.update(grads, state, params)`, then"
            " `return params, state`."
        )
    return None


def _same_state(got: Any, expected: Any) -> bool:
    if isinstance(expected, tuple) and isinstance(got, tuple) and len(got) == len(expected):
        return all(_same_state(g, e) for g, e in zip(got, expected))
    if isinstance(expected, str) or isinstance(got, str):
        return got == expected
    try:
        return bool(np.allclose(np.asarray(got, float), np.asarray(expected, float), rtol=1e-6, atol=1e-9))
    except (TypeError, ValueError):
        return False


def _epoch_variant(
    *,
    whole_data=False,
    reset_state=False,
    shuffle=True,
    full_batch=False,
    fresh_state=False,
    fixed_seed=False,
    keep_state=False,
    keep_params=False,
):
    """A wrong epoch. ``fresh_state``: opt.init at the start of the epoch instead of the state
    given; ``fixed_seed``: batches from a rng of its own; ``keep_state``: the state opt.update
    returns is dropped (every batch updates from the state given); ``keep_params``: the new
    parameters are dropped (every batch starts from the parameters given)."""

    def variant(params, X, y, batch_size, rng, opt, state):
        X, y = _f(X), _f(y)
        if fresh_state:
            state = opt.init(params)
        if full_batch:
            batches = [(X, y)]
        elif shuffle:
            gen = np.random.default_rng(0) if fixed_seed else rng
            batches = list(iterate_minibatches(X, y, batch_size, rng=gen))
        else:
            batches = [(X[i : i + batch_size], y[i : i + batch_size]) for i in range(0, len(X), batch_size)]
        start_params, start_state = params, state
        new_params, new_state = params, state
        for X_b, y_b in batches:
            if reset_state:
                state = opt.init(params)
            _, grads = mlp.loss_and_grads(params, X if whole_data else X_b, y if whole_data else y_b)
            new_params, new_state = opt.update(grads, state, params)
            params = start_params if keep_params else new_params
            state = start_state if keep_state else new_state
        if keep_params or keep_state == "last":
            return new_params, new_state
        return params, state

    return variant


def _epoch_case(
    n: int, h: int, batch_size: int, opt_name: str, seed: int, label: str, warm: bool = False
) -> Case:
    """One epoch's inputs; ``warm`` starts from a state that earlier updates left (not fresh)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(0.0, 1.0, (n, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    params = mlp.init([2, h, 1], rng=rng)
    opt = {"adam": adam(0.05), "momentum": momentum(0.1), "sgd": sgd(0.5)}[opt_name]
    state = opt.init(params)
    if warm:
        for _ in range(3):
            _, grads = mlp.loss_and_grads(params, X[:batch_size], y[:batch_size])
            params, state = opt.update(grads, state, params)
    return Case(
        (params, X, y, batch_size, np.random.default_rng(seed + 100)), {"opt": opt, "state": state}, label
    )


TRAIN_EPOCH = Exercise(
    id="train_epoch",
    title="one epoch of mini-batch training",
    signature="train_epoch(params, X, y, batch_size, rng, opt, state)",
    reference=_train_epoch,
    cases=(
        _epoch_case(
            40, 4, 8, "adam", 1, "40 samples in batches of 8, Adam, after three earlier updates", warm=True
        ),
        _epoch_case(
            50,
            3,
            16,
            "momentum",
            2,
            "50 samples in batches of 16 (the last one partial), momentum, its velocity not 0",
            warm=True,
        ),
        _epoch_case(30, 2, 30, "sgd", 3, "one batch holding every sample, plain SGD"),
    ),
    arg_names=("params", "X", "y", "batch_size", "rng"),
    output="tuple",
    call=_call_epoch,
    compare=_epoch_compare,
    mistakes=(
        Mistake(
            _epoch_variant(whole_data=True),
            "You computed each gradient on the whole data set (X, y) instead of the mini-batch (X_batch, y_batch).",
        ),
        Mistake(
            _epoch_variant(reset_state=True),
            "You started a fresh optimizer state for every batch: pass the state returned by opt.update on to the next batch (momentum and Adam depend on it).",
        ),
        Mistake(
            _epoch_variant(shuffle=False),
            "Your batches come in the data set's order: draw them with iterate_minibatches(X, y, batch_size, rng=rng), which shuffles with the rng you are given.",
        ),
        Mistake(
            _epoch_variant(full_batch=True),
            "You made one update for the whole epoch: there is one update per mini-batch.",
        ),
        Mistake(
            _epoch_variant(fresh_state=True),
            "You started the epoch from a fresh optimizer state (opt.init) instead of the state you were"
            " given: momentum's velocity and Adam's moments and step count carry over from one epoch to"
            " the next. Start from `state`.",
        ),
        Mistake(
            _epoch_variant(fixed_seed=True),
            "Your batches come from a random generator of your own (a fixed seed?), not from the rng you"
            " are given: iterate_minibatches(X, y, batch_size, rng=rng), so each epoch has a new order"
            " that the caller's seed decides.",
        ),
        Mistake(
            _epoch_variant(keep_state=True),
            "You dropped the state opt.update returns: every batch updated from the state you were given."
            " Keep both, `params, state = opt.update(grads, state, params)`.",
        ),
        Mistake(
            _epoch_variant(keep_state="last"),
            "You dropped the state opt.update returns until the end: every batch updated from the state"
            " you were given. Keep both, `params, state = opt.update(grads, state, params)`.",
        ),
        Mistake(
            _epoch_variant(keep_params=True),
            "You dropped the parameters opt.update returns: every batch started again from the parameters"
            " you were given, so only the last batch's update survives. Keep both,"
            " `params, state = opt.update(grads, state, params)`.",
        ),
    ),
    success="That loop is the heart of every training script, in NumPy, PyTorch or JAX alike.",
)

EXERCISES = (
    SIGMOID,
    SIGMOID_GRAD,
    MAX_SIGMOID_GRAD,
    NEURON_GRADS,
    FORWARD_221,
    BACKWARD_221,
    UPDATE_221,
    ZERO_GRADS,
    W13_DIRECTION,
    GRADIENTS_BATCH,
    UPDATES_PER_EPOCH,
    TRAIN_EPOCH,
)
