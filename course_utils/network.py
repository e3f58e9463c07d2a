r"""The 2-2-1 network of the worked example, as pure NumPy functions (``03_backprop``).

Two inputs, one hidden layer of sigmoid neurons, one sigmoid output, binary
cross-entropy. Every function works on a **batch** of samples, one per row, and on
any hidden width; the worked example is a batch of one sample and a width of 2.

Conventions
-----------
Each layer computes, for one sample (a column vector),

.. math:: z = W x + b, \qquad a = \sigma(z),

so ``W[j, i]`` is the weight *from* input ``i`` *to* unit ``j``: a layer with ``d``
inputs and ``h`` units has ``W`` of shape ``[h, d]``. Over a batch ``X`` of shape
``[n, d]`` (samples in rows) the same layer is ``Z = X @ W.T + b``, shape ``[n, h]``.

The parameters are a dict of arrays, usable as is by :mod:`course_utils.optimizers`::

    {"W1": [h, d], "b1": [h], "W2": [1, h], "b2": [1]}

Layer 1 is the hidden layer, layer 2 the output layer. The notes name each of the
nine numbers instead (:data:`NOTES_NAMES`): their :math:`w_{ij}` is the weight from
input (or hidden neuron) :math:`i` to neuron :math:`j`, and neurons 1, 2 are hidden,
neuron 3 the output. So::

    the notes      the arrays              what they are
    w11, w21       W1[0, 0], W1[0, 1]      weights from x1, x2 to hidden neuron 1
    w12, w22       W1[1, 0], W1[1, 1]      weights from x1, x2 to hidden neuron 2
    b1, b2         b1[0], b1[1]            biases of hidden neurons 1 and 2
    w13, w23       W2[0, 0], W2[0, 1]      weights from a1, a2 to the output neuron
    b3             b2[0]                   bias of the output neuron

(beware: the notes' ``b2`` is ``b1[1]``, the second bias of layer 1). The notes'
:math:`z_1, z_2` are the two columns of ``z_hidden`` and their :math:`z_3` is
``z_out``. :func:`params_from_notes` and :func:`notes_values` translate both ways.

The cost of a batch is the mean loss, :math:`J = \frac1n \sum_i \ell_i`. Deltas are
per sample, :math:`\delta_i = \partial \ell_i / \partial z_i`, as in the notes
(:math:`\delta_{\text{out}} = \hat y - y`); the :math:`1/n` enters the gradients, which
are averages over the batch.
"""

from __future__ import annotations

from typing import Any, NamedTuple, overload

import numpy as np
from numpy.typing import ArrayLike

from ._validate import as_float_array, require_finite, require_in_unit_interval, require_positive
from .activations import sigmoid, sigmoid_grad
from .descent import descend
from .losses import binary_cross_entropy_with_logits, binary_cross_entropy_with_logits_grad
from .optimizers import sgd

__all__ = [
    "Params",
    "KEYS",
    "NOTES_NAMES",
    "Forward",
    "Backward",
    "History",
    "params_from_notes",
    "notes_values",
    "worked_example",
    "check_params",
    "check_batch",
    "forward",
    "loss",
    "cost",
    "backward",
    "gradients",
    "update",
    "train",
]

Params = dict[str, np.ndarray]

#: The keys of a parameter (or gradient) dict, in layer order.
KEYS = ("W1", "b1", "W2", "b2")

#: Each of the notes' nine names mapped to ``(key, index)`` in the parameter dict.
NOTES_NAMES: dict[str, tuple[str, tuple[int, ...]]] = {
    "w11": ("W1", (0, 0)),
    "w21": ("W1", (0, 1)),
    "b1": ("b1", (0,)),
    "w12": ("W1", (1, 0)),
    "w22": ("W1", (1, 1)),
    "b2": ("b1", (1,)),
    "w13": ("W2", (0, 0)),
    "w23": ("W2", (0, 1)),
    "b3": ("b2", (0,)),
}


class Forward(NamedTuple):
    """Every value of a forward pass over a batch of ``n`` samples (``h`` hidden units)."""

    x: np.ndarray  #: ``[n, d]``, the inputs
    z_hidden: np.ndarray  #: ``[n, h]``, :math:`z = W_1 x + b_1` (the notes' :math:`z_1, z_2`)
    a_hidden: np.ndarray  #: ``[n, h]``, :math:`a = \sigma(z)` (the notes' :math:`a_1, a_2`)
    z_out: np.ndarray  #: ``[n]``, :math:`z_{\text{out}} = W_2 a + b_2` (the notes' :math:`z_3`)
    y_hat: np.ndarray  #: ``[n]``, :math:`\hat y = \sigma(z_{\text{out}})`


class Backward(NamedTuple):
    """Every value of a backward pass: per-sample deltas and the batch's gradients."""

    delta_out: np.ndarray  #: ``[n]``, :math:`\partial \ell_i / \partial z_{\text{out}} = \hat y_i - y_i`
    sigma_prime_hidden: np.ndarray  #: ``[n, h]``, :math:`\sigma'(z)` at each hidden unit
    delta_hidden: np.ndarray  #: ``[n, h]``, :math:`\partial \ell_i / \partial z_{\text{hidden}}`
    grads: Params  #: :math:`\partial J / \partial \theta` for each parameter, keyed like the params


class History(NamedTuple):
    """A run of gradient descent: values before the first update (index 0) and after each."""

    costs: np.ndarray  #: ``[steps + 1]``
    y_hat: np.ndarray  #: ``[steps + 1, n]``
    params: Params  #: each key holds ``[steps + 1, *shape]``


# ------------------------------------------------------------------ the notes' names


def params_from_notes(
    *,
    w11: float,
    w21: float,
    b1: float,
    w12: float,
    w22: float,
    b2: float,
    w13: float,
    w23: float,
    b3: float,
) -> Params:
    """The parameter dict of the 2-2-1 network from the notes' nine named numbers."""
    values = dict(w11=w11, w21=w21, b1=b1, w12=w12, w22=w22, b2=b2, w13=w13, w23=w23, b3=b3)
    params = {"W1": np.zeros((2, 2)), "b1": np.zeros(2), "W2": np.zeros((1, 2)), "b2": np.zeros(1)}
    for name, (key, index) in NOTES_NAMES.items():
        try:
            params[key][index] = float(values[name])
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a number, got {values[name]!r}") from None
    return params


def notes_values(params: Params) -> dict[str, float]:
    """The nine numbers of a 2-2-1 parameter (or gradient) dict, by the notes' names."""
    check_params(params)
    if params["W1"].shape != (2, 2):
        raise ValueError(
            f"the notes' names describe a 2-2-1 network (W1 of shape (2, 2)), got W1 of shape"
            f" {np.shape(params['W1'])}"
        )
    return {name: float(np.asarray(params[key])[index]) for name, (key, index) in NOTES_NAMES.items()}


def worked_example() -> tuple[np.ndarray, np.ndarray, Params]:
    """The notes' example: ``X = [[1, 0]]`` (one sample), ``y = [1]``, and the initial weights."""
    params = params_from_notes(w11=0.2, w21=0.4, b1=0.1, w12=0.3, w22=0.1, b2=0.2, w13=0.7, w23=0.5, b3=0.3)
    return np.array([[1.0, 0.0]]), np.array([1.0]), params


# ------------------------------------------------------------------------ checks


def check_params(params: Any, name: str = "params") -> Params:
    """Return ``params`` as float arrays; raise ``ValueError`` naming what is wrong with it."""
    if not isinstance(params, dict):
        raise ValueError(f"{name} must be a dict with keys {list(KEYS)}, got {type(params).__name__}")
    missing = [k for k in KEYS if k not in params]
    if missing:
        raise ValueError(f"{name} is missing {missing}; it needs the keys {list(KEYS)}")
    p = {k: as_float_array(params[k], f"{name}[{k!r}]") for k in KEYS}
    for k in KEYS:
        require_finite(p[k], f"{name}[{k!r}]")
    W1 = p["W1"]
    if W1.ndim != 2:
        raise ValueError(f"{name}['W1'] must have shape [n_hidden, n_inputs], got {W1.shape}")
    h = W1.shape[0]
    expected = {"b1": (h,), "W2": (1, h), "b2": (1,)}
    for k, shape in expected.items():
        if p[k].shape != shape:
            raise ValueError(f"{name}[{k!r}] must have shape {shape} for {h} hidden units, got {p[k].shape}")
    return p


@overload
def check_batch(X: ArrayLike, y: None = None, n_inputs: int | None = None) -> tuple[np.ndarray, None]: ...
@overload
def check_batch(X: ArrayLike, y: ArrayLike, n_inputs: int | None = None) -> tuple[np.ndarray, np.ndarray]: ...
def check_batch(
    X: ArrayLike, y: ArrayLike | None = None, n_inputs: int | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """Return ``X`` (``[n, d]``) and ``y`` (``[n]``) as float arrays, or raise ``ValueError``."""
    x = as_float_array(X, "X")
    if x.ndim == 1:
        raise ValueError(
            f"X must be a batch of samples, shape [n_samples, n_inputs], got shape {x.shape}."
            f" One sample x is the batch [x] (or x[None, :])."
        )
    if x.ndim != 2:
        raise ValueError(f"X must have shape [n_samples, n_inputs], got {x.shape}")
    if n_inputs is not None and x.shape[1] != n_inputs:
        raise ValueError(f"X has {x.shape[1]} inputs per sample but the weights expect {n_inputs}")
    require_finite(x, "X")
    if y is None:
        return x, None
    t = as_float_array(y, "y")
    if t.shape != (x.shape[0],):
        raise ValueError(f"y must hold one label per sample, shape ({x.shape[0]},), got {t.shape}")
    require_in_unit_interval(t, "y", "labels (0 or 1)")
    return x, t


# ------------------------------------------------------------------ the network


def _forward(p: Params, x: np.ndarray) -> Forward:
    z_hidden = x @ p["W1"].T + p["b1"]  # [n, d] @ [d, h] + [h] -> [n, h]
    a_hidden = sigmoid(z_hidden)
    z_out = (a_hidden @ p["W2"].T + p["b2"])[:, 0]  # [n, h] @ [h, 1] + [1] -> [n]
    return Forward(x, z_hidden, a_hidden, z_out, sigmoid(z_out))


def forward(params: Params, X: ArrayLike) -> Forward:
    r"""The forward pass over a batch, keeping every intermediate value.

    .. math::
        z_{\text{hidden}} = W_1 x + b_1, \quad a_{\text{hidden}} = \sigma(z_{\text{hidden}}), \quad
        z_{\text{out}} = W_2 a_{\text{hidden}} + b_2, \quad \hat y = \sigma(z_{\text{out}})

    for each sample; over the batch, ``Z = X @ W.T + b``.

    Parameters
    ----------
    params : dict, ``{"W1": [h, d], "b1": [h], "W2": [1, h], "b2": [1]}``
    X : array_like, shape ``[n, d]``, one sample per row

    Returns
    -------
    Forward
        ``x [n, d], z_hidden [n, h], a_hidden [n, h], z_out [n], y_hat [n]``.
    """
    p = check_params(params)
    x, _ = check_batch(X, n_inputs=p["W1"].shape[1])
    return _forward(p, x)


def loss(fwd: Forward, y: ArrayLike) -> float:
    r"""The cost of a forward pass: mean binary cross-entropy of :math:`\hat y` against ``y``.

    .. math:: J = \frac1n \sum_i -\big[y_i \log \hat y_i + (1 - y_i) \log(1 - \hat y_i)\big]

    Computed from the logits ``z_out`` with
    :func:`course_utils.losses.binary_cross_entropy_with_logits`: the same number, without
    rounding :math:`\hat y` to exactly 1 when :math:`z_{\text{out}}` is large.
    """
    _, t = check_batch(fwd.x, y)
    return float(binary_cross_entropy_with_logits(t, fwd.z_out))


def cost(params: Params, X: ArrayLike, y: ArrayLike) -> float:
    """The cost :math:`J` of ``params`` on the batch ``(X, y)``: :func:`forward` then :func:`loss`."""
    return loss(forward(params, X), y)


def backward(params: Params, fwd: Forward, y: ArrayLike) -> Backward:
    r"""The backward pass: every delta and the gradient of the mean cost for each parameter.

    For each sample (the chain rule, from the loss back to the inputs):

    .. math::
        \delta_{\text{out}} &= \frac{\partial \ell}{\partial z_{\text{out}}} = \hat y - y
            \quad\text{(the BCE's } \tfrac{\hat y - y}{\hat y(1-\hat y)}
            \text{ times } \sigma'(z_{\text{out}}) = \hat y(1-\hat y)) \\
        \delta_{\text{hidden}} &= \big(W_2^\top \delta_{\text{out}}\big) \odot \sigma'(z_{\text{hidden}})
            \quad\text{(the notes' } \delta_j = w_{j3}\, \delta_{\text{out}}\, \sigma'(z_j))

    and over the batch, averaging the per-sample gradients:

    .. math::
        \frac{\partial J}{\partial W_2} = \frac1n \sum_i \delta_{\text{out},i}\, a_i^\top, \quad
        \frac{\partial J}{\partial b_2} = \frac1n \sum_i \delta_{\text{out},i}, \quad
        \frac{\partial J}{\partial W_1} = \frac1n \sum_i \delta_{\text{hidden},i}\, x_i^\top, \quad
        \frac{\partial J}{\partial b_1} = \frac1n \sum_i \delta_{\text{hidden},i}

    A weight's gradient is its unit's delta times the input the weight multiplies, so each
    has the shape of its weight: ``dW[j, i] = mean(delta[:, j] * input[:, i])``.

    Parameters
    ----------
    params : dict, the parameters the forward pass used
    fwd : Forward, from :func:`forward` (``params``, ``X``)
    y : array_like, shape ``[n]``, labels 0 or 1

    Returns
    -------
    Backward
        ``delta_out [n], sigma_prime_hidden [n, h], delta_hidden [n, h]`` and
        ``grads = {"W1": [h, d], "b1": [h], "W2": [1, h], "b2": [1]}``.
    """
    p = check_params(params)
    _, t = check_batch(fwd.x, y, n_inputs=p["W1"].shape[1])
    return _backward(p, fwd, t)


def _backward(p: Params, fwd: Forward, t: np.ndarray) -> Backward:
    x, n = fwd.x, fwd.x.shape[0]
    delta_out = binary_cross_entropy_with_logits_grad(t, fwd.z_out, reduction="none")  # [n]
    sigma_prime = sigmoid_grad(fwd.z_hidden)  # [n, h]
    delta_hidden = (delta_out[:, None] @ p["W2"]) * sigma_prime  # [n, 1] @ [1, h] -> [n, h]
    grads = {
        "W1": delta_hidden.T @ x / n,  # [h, n] @ [n, d] -> [h, d]
        "b1": delta_hidden.sum(axis=0) / n,  # [h]
        "W2": delta_out[None, :] @ fwd.a_hidden / n,  # [1, n] @ [n, h] -> [1, h]
        "b2": np.array([delta_out.sum() / n]),  # [1]
    }
    return Backward(delta_out, sigma_prime, delta_hidden, grads)


def gradients(params: Params, X: ArrayLike, y: ArrayLike) -> Params:
    """The gradient of :func:`cost` for each parameter: :func:`forward` then :func:`backward`."""
    return backward(params, forward(params, X), y).grads


def update(params: Params, grads: Params, lr: float) -> Params:
    r"""One step of gradient descent on every parameter: :math:`\theta \leftarrow \theta - \eta\, g`.

    ``g`` is :math:`\partial J / \partial \theta` (``grads``, keyed like ``params``). A new dict
    is returned; ``params`` is left unchanged.
    """
    p, g = check_params(params), check_params(grads, "grads")
    if g["W1"].shape != p["W1"].shape:
        raise ValueError(f"grads['W1'] has shape {g['W1'].shape} but params['W1'] has shape {p['W1'].shape}")
    lr = require_positive(lr, "lr")
    return {k: p[k] - lr * g[k] for k in KEYS}


def train(params: Params, X: ArrayLike, y: ArrayLike, *, lr: float, steps: int) -> History:
    """Repeat forward, loss, backward and update ``steps`` times on the whole batch.

    Returns the :class:`History` of the cost, the predictions and the parameters, with
    index 0 the values before the first update. The loop is
    :func:`course_utils.descent.descend`'s, with :func:`course_utils.optimizers.sgd`.
    """
    if isinstance(steps, bool) or int(steps) != steps or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")
    p = check_params(params)
    x, t = check_batch(X, y, n_inputs=p["W1"].shape[1])

    def grad_fn(theta: Params) -> Params:
        return _backward(theta, _forward(theta, x), t).grads

    path = descend(sgd(lr), grad_fn, p, int(steps), diverge_above=np.inf).path
    assert isinstance(path, dict)
    fwds = [_forward({k: path[k][i] for k in KEYS}, x) for i in range(len(path["W1"]))]
    costs = np.array([binary_cross_entropy_with_logits(t, fwd.z_out) for fwd in fwds])
    y_hat = np.array([fwd.y_hat for fwd in fwds])
    return History(costs, y_hat, {k: path[k] for k in KEYS})
