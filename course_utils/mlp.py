r"""A small multilayer perceptron for binary classification, trained by backpropagation (``03_backprop``).

The 2-2-1 network of :mod:`course_utils.network`, generalized: any number of hidden
layers of any width, a choice of hidden activation (``"tanh"``, ``"sigmoid"``, ``"relu"``),
a choice of initialization (``"xavier"``, ``"he"``, ``"normal"`` with a scale), one sigmoid
output and the binary cross-entropy. Layer :math:`l = 1, \dots, L` computes, per sample,

.. math:: z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}, \qquad a^{[l]} = f(z^{[l]}),
          \qquad a^{[0]} = x, \qquad \hat y = \sigma(z^{[L]})

with the same conventions as :mod:`course_utils.network`: ``W[j, i]`` connects input
``i`` to unit ``j``, samples are rows, and the parameters are a dict
``{"W1", "b1", ..., "WL", "bL"}`` that the optimizers of :mod:`course_utils.optimizers`
update as is::

    params = init([2, 8, 1], seed=0)
    opt = adam(0.05)
    state = opt.init(params)
    for X_batch, y_batch in iterate_minibatches(X, y, 32, rng=rng):
        cost, grads = loss_and_grads(params, X_batch, y_batch)
        params, state = opt.update(grads, state, params)

The backward pass is the network module's, layer after layer:

.. math:: \delta^{[L]} = \hat y - y, \qquad
          \delta^{[l]} = \big(W^{[l+1]\top} \delta^{[l+1]}\big) \odot f'(z^{[l]}), \qquad
          \frac{\partial J}{\partial W^{[l]}} = \frac1n \sum_i \delta^{[l]}_i a^{[l-1]\top}_i

Diagnostics of training (``03_backprop/04`` to ``07``): :func:`layer_gradient_norms` and
:func:`layer_deltas` (vanishing gradients), :func:`update_ratios` (the update-to-weight
ratio), :func:`train_val_split`, and :func:`train` with a validation set and early stopping
(:func:`early_stopping_epoch`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._validate import (
    as_float_array,
    require_choice,
    require_finite,
    require_in_unit_interval,
    require_positive,
)
from .activations import relu, relu_grad, sigmoid, sigmoid_grad, tanh, tanh_grad
from .batching import iterate_minibatches
from .descent import descend
from .losses import binary_cross_entropy_with_logits, binary_cross_entropy_with_logits_grad
from .optimizers import Optimizer

__all__ = [
    "ACTIVATIONS",
    "INITS",
    "MLPForward",
    "TrainingRun",
    "init",
    "init_weights",
    "forward",
    "backward",
    "loss_and_grads",
    "cost",
    "predict_proba",
    "predict",
    "accuracy",
    "layer_deltas",
    "layer_gradient_norms",
    "update_ratios",
    "train_val_split",
    "early_stopping_epoch",
    "train_epoch",
    "train",
]

Params = dict[str, np.ndarray]

#: Hidden activations by name: ``(f, f')``, each derivative taking the pre-activation ``z``.
ACTIVATIONS: dict[str, tuple[Callable[[Any], np.ndarray], Callable[[Any], np.ndarray]]] = {
    "tanh": (tanh, tanh_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "relu": (relu, relu_grad),
}

#: Initialization schemes of :func:`init_weights`, by name.
INITS = ("xavier", "he", "normal")


class MLPForward(NamedTuple):
    """The values of a forward pass over ``n`` samples."""

    zs: list[np.ndarray]  #: pre-activations ``z[l]`` of layers 1..L; hidden ``[n, h_l]``, output ``[n]``
    activations: list[np.ndarray]  #: ``a[0] = X``, then ``a[l] = f(z[l])`` of the hidden layers
    y_hat: np.ndarray  #: ``[n]``, the predicted probabilities :math:`\sigma(z^{[L]})`


class TrainingRun(NamedTuple):
    """The result of :func:`train`: the parameters after each epoch and the cost curves.

    Without a validation set, ``val_costs`` is empty and ``best_epoch`` is the last epoch.
    With one, ``best_epoch`` is the epoch of the lowest validation cost (the parameters to
    keep, ``snapshots[best_epoch]``); with ``patience``, training stopped ``patience`` epochs
    after it, so ``len(snapshots) - 1`` may be fewer than the epochs asked for.
    """

    snapshots: list[Params]  #: one parameter dict per epoch done, plus the first, before training
    costs: np.ndarray  #: ``[epochs done + 1]``, the cost on the whole training set after each epoch
    batch_costs: np.ndarray  #: ``[n_updates]``, the cost of each mini-batch, before its update
    val_costs: np.ndarray = np.zeros(0)  #: ``[epochs done + 1]``, the validation cost after each epoch
    best_epoch: int = -1  #: the epoch whose parameters to keep (see above)


# ----------------------------------------------------------------------- checks


def _activation(name: str) -> tuple[Callable, Callable]:
    if name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {name!r}")
    return ACTIVATIONS[name]


def _n_layers(params: Any) -> int:
    if not isinstance(params, dict) or "W1" not in params:
        raise ValueError(
            "params must be a dict {'W1': ..., 'b1': ..., 'W2': ..., ...}, as made by init([...])"
        )
    n = 1
    while f"W{n + 1}" in params:
        n += 1
    expected = {f"{p}{l}" for l in range(1, n + 1) for p in "Wb"}
    if set(params) != expected:
        raise ValueError(f"params has keys {sorted(params)}; a {n}-layer network has {sorted(expected)}")
    return n


def _check(
    params: Any, X: ArrayLike, y: ArrayLike | None = None
) -> tuple[Params, np.ndarray, np.ndarray | None]:
    n_layers = _n_layers(params)
    p = {k: as_float_array(v, f"params[{k!r}]") for k, v in params.items()}
    fan_in = None
    for l in range(1, n_layers + 1):
        W, b = p[f"W{l}"], p[f"b{l}"]
        require_finite(W, f"params['W{l}']")
        if W.ndim != 2 or b.shape != (W.shape[0],) or (fan_in is not None and W.shape[1] != fan_in):
            want = f"[units, {fan_in}]" if fan_in is not None else "[units, n_inputs]"
            raise ValueError(
                f"params['W{l}'] must have shape {want} and params['b{l}'] shape [units];"
                f" got {W.shape} and {b.shape}"
            )
        fan_in = W.shape[0]
    if fan_in != 1:
        raise ValueError(f"the last layer must have one unit (a binary classifier), got {fan_in}")
    x = as_float_array(X, "X")
    if x.ndim != 2 or x.shape[1] != p["W1"].shape[1]:
        raise ValueError(
            f"X must have shape [n_samples, {p['W1'].shape[1]}] for these weights, got {x.shape}"
        )
    require_finite(x, "X")
    if y is None:
        return p, x, None
    t = as_float_array(y, "y")
    if t.shape != (x.shape[0],):
        raise ValueError(f"y must hold one label per sample, shape ({x.shape[0]},), got {t.shape}")
    require_in_unit_interval(t, "y", "labels (0 or 1)")
    return p, x, t


# ---------------------------------------------------------------------- network


def init_weights(
    fan_in: int, fan_out: int, rng: np.random.Generator, *, scheme: str = "xavier", scale: float = 0.01
) -> np.ndarray:
    r"""One layer's weights, ``[fan_out, fan_in]``, drawn from :math:`\mathcal N(0, s^2)` with ``rng``.

    The standard deviation :math:`s` depends on the scheme (``03_backprop/04``):

    * ``"xavier"`` (Glorot and Bengio, 2010): :math:`s^2 = 2 / (\text{fan\_in} + \text{fan\_out})`,
      which keeps the variance of the signal about constant, forward and backward, through
      units that are close to linear at 0 (tanh, sigmoid);
    * ``"he"`` (He et al., 2015): :math:`s^2 = 2 / \text{fan\_in}`, twice the
      :math:`1/\text{fan\_in}` that a linear unit needs, because ReLU zeroes half of its inputs;
    * ``"normal"``: :math:`s` = ``scale``, the same for every layer (0.01 is the classic
      "small random numbers" that make a deep network's signal vanish).

    Convention: the normal (not the uniform) variant of each scheme, as in
    ``torch.nn.init.xavier_normal_`` and ``kaiming_normal_`` (fan-in mode).
    """
    require_choice(scheme, INITS, "scheme")
    for value, name in ((fan_in, "fan_in"), (fan_out, "fan_out")):
        if isinstance(value, bool) or int(value) != value or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"rng must be a NumPy Generator, np.random.default_rng(seed); got {type(rng).__name__}"
        )
    fan_in, fan_out = int(fan_in), int(fan_out)
    if scheme == "xavier":
        std = np.sqrt(2.0 / (fan_in + fan_out))
    elif scheme == "he":
        std = np.sqrt(2.0 / fan_in)
    else:
        std = require_positive(scale, "scale")
    return rng.normal(0.0, std, (fan_out, fan_in))


def init(
    sizes: Sequence[int],
    *,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
    scheme: str = "xavier",
    scale: float = 0.01,
) -> Params:
    r"""Random weights and zero biases for layer sizes like ``[2, 8, 1]`` (inputs, hidden..., 1).

    Each ``W[l]`` comes from :func:`init_weights` with the ``scheme`` (``"xavier"``, the
    default, ``"he"``, or ``"normal"`` with standard deviation ``scale``). Give ``seed`` or a
    NumPy ``rng``, so that the result is reproducible.

    Returns
    -------
    dict ``{"W1": [sizes[1], sizes[0]], "b1": [sizes[1]], ...}``
    """
    sizes = list(sizes)
    if len(sizes) < 2 or any(int(s) != s or s < 1 for s in sizes) or sizes[-1] != 1:
        raise ValueError(
            "sizes must be whole numbers >= 1, from the inputs to one output unit, e.g. [2, 8, 1];"
            f" got {sizes}"
        )
    require_choice(scheme, INITS, "scheme")
    if (seed is None) == (rng is None):
        raise ValueError("give exactly one of seed (an int) or rng (np.random.default_rng(...))")
    gen = np.random.default_rng(seed) if rng is None else rng
    params = {}
    for l, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{l}"] = init_weights(int(fan_in), int(fan_out), gen, scheme=scheme, scale=scale)
        params[f"b{l}"] = np.zeros(int(fan_out))
    return params


def _forward(p: Params, x: np.ndarray, f: Callable) -> MLPForward:
    n_layers = len(p) // 2
    zs, acts = [], [x]
    for l in range(1, n_layers + 1):
        z = acts[-1] @ p[f"W{l}"].T + p[f"b{l}"]  # [n, fan_in] @ [fan_in, units] -> [n, units]
        if l < n_layers:
            zs.append(z)
            acts.append(f(z))
        else:
            zs.append(z[:, 0])
    return MLPForward(zs, acts, sigmoid(zs[-1]))


def _backward(
    p: Params, fwd: MLPForward, t: np.ndarray, f_grad: Callable, deltas: list | None = None
) -> Params:
    n_layers = len(p) // 2
    n = t.shape[0]
    delta = binary_cross_entropy_with_logits_grad(t, fwd.zs[-1], reduction="none")[:, None]  # [n, 1]
    grads = {}
    for l in range(n_layers, 0, -1):
        if deltas is not None:
            deltas.insert(0, delta)
        a_prev = fwd.activations[l - 1]
        grads[f"W{l}"] = delta.T @ a_prev / n  # [units, n] @ [n, fan_in]
        grads[f"b{l}"] = delta.sum(axis=0) / n
        if l > 1:
            delta = (delta @ p[f"W{l}"]) * f_grad(fwd.zs[l - 2])  # back through W, then f'
    return {k: grads[k] for k in p}


def forward(params: Params, X: ArrayLike, *, activation: str = "tanh") -> MLPForward:
    """The forward pass over a batch ``X`` (``[n, d]``), keeping each layer's ``z`` and ``a``."""
    f, _ = _activation(activation)
    p, x, _ = _check(params, X)
    return _forward(p, x, f)


def backward(params: Params, fwd: MLPForward, y: ArrayLike, *, activation: str = "tanh") -> Params:
    r"""The gradient of the mean binary cross-entropy for each parameter (see the module docstring).

    Returns a dict keyed like ``params``, each gradient of its parameter's shape.
    """
    _, f_grad = _activation(activation)
    p, _, t = _check(params, fwd.activations[0], y)
    return _backward(p, fwd, t, f_grad)


def loss_and_grads(
    params: Params, X: ArrayLike, y: ArrayLike, *, activation: str = "tanh"
) -> tuple[float, Params]:
    """The cost of ``params`` on the batch ``(X, y)`` and its gradient: forward, loss, backward."""
    f, f_grad = _activation(activation)
    p, x, t = _check(params, X, y)
    fwd = _forward(p, x, f)
    return float(binary_cross_entropy_with_logits(t, fwd.zs[-1])), _backward(p, fwd, t, f_grad)


def cost(params: Params, X: ArrayLike, y: ArrayLike, *, activation: str = "tanh") -> float:
    r"""Mean binary cross-entropy :math:`J` on ``(X, y)``, computed stably from the logits."""
    f, _ = _activation(activation)
    p, x, t = _check(params, X, y)
    return float(binary_cross_entropy_with_logits(t, _forward(p, x, f).zs[-1]))


def predict_proba(params: Params, X: ArrayLike, *, activation: str = "tanh") -> np.ndarray:
    r"""The predicted probability :math:`\hat y = P(y = 1 \mid x)` of each sample, shape ``[n]``."""
    return forward(params, X, activation=activation).y_hat


def predict(params: Params, X: ArrayLike, *, activation: str = "tanh") -> np.ndarray:
    r"""The predicted label of each sample, 1.0 where :math:`\hat y \ge 0.5`, else 0.0 (shape ``[n]``)."""
    return (predict_proba(params, X, activation=activation) >= 0.5).astype(np.float64)


def accuracy(params: Params, X: ArrayLike, y: ArrayLike, *, activation: str = "tanh") -> float:
    """The fraction of samples whose predicted label equals ``y``."""
    _, _, t = _check(params, X, y)
    return float(np.mean(predict(params, X, activation=activation) == t))


# ------------------------------------------------------------------ diagnostics


def layer_deltas(params: Params, X: ArrayLike, y: ArrayLike, *, activation: str = "tanh") -> list[np.ndarray]:
    r"""The error signals :math:`\delta^{[l]} = \partial \ell / \partial z^{[l]}` of layers 1..L, per sample.

    Returns a list of ``L`` arrays, ``[n, h_l]`` for the hidden layers and ``[n, 1]`` for the
    output. Their size, layer by layer, shows a gradient vanishing (or exploding) on its way
    back (``03_backprop/04``).
    """
    f, f_grad = _activation(activation)
    p, x, t = _check(params, X, y)
    deltas: list[np.ndarray] = []
    _backward(p, _forward(p, x, f), t, f_grad, deltas)
    return deltas


def _weight_keys(params: Any) -> list[str]:
    if not isinstance(params, dict) or "W1" not in params:
        raise ValueError("expected a dict {'W1': ..., 'b1': ..., ...} of parameters or gradients")
    return [f"W{l}" for l in range(1, len(params) + 1) if f"W{l}" in params]


def layer_gradient_norms(grads: Params) -> np.ndarray:
    r"""The norm :math:`\lVert \partial J / \partial W^{[l]} \rVert` of each layer's weight gradient.

    Frobenius (Euclidean over all entries) norms, layers 1..L: shape ``[L]``. Biases are left
    out: their gradients are the deltas' means, and the weights are what initialization sets.
    """
    return np.array([np.linalg.norm(np.asarray(grads[k], dtype=np.float64)) for k in _weight_keys(grads)])


def update_ratios(before: Params, after: Params) -> np.ndarray:
    r"""The update-to-weight ratio of each layer, shape ``[L]``:

    .. math:: \lVert W^{[l]}_{\text{after}} - W^{[l]}_{\text{before}} \rVert \,/\,
              \lVert W^{[l]}_{\text{before}} \rVert


    A rule of thumb (CS231n's notes): around :math:`10^{-3}` per update; much
    larger and the rate is probably too high, much smaller and too low (``03_backprop/07``).

    A layer whose weights are all 0 before the update has no ratio: the division is done as
    written, without a guard, so it gives ``nan`` (0/0, the weights did not move) or ``inf``
    (they moved), silently, as the plain formula of the notebook's ``update_ratio`` exercise
    does. Compare :math:`\lVert \Delta W \rVert` itself for such a layer.
    """
    keys = _weight_keys(before)
    if _weight_keys(after) != keys:
        raise ValueError("before and after must hold the same layers")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.array(
            [np.linalg.norm(after[k] - before[k]) / np.float64(np.linalg.norm(before[k])) for k in keys]
        )


def train_val_split(
    X: ArrayLike, y: ArrayLike, *, val_fraction: float = 0.25, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle ``(X, y)`` with ``seed`` and hold out ``val_fraction`` of the samples for validation.

    Returns ``X_train, y_train, X_val, y_val`` (``03_backprop/05``). At least one sample lands
    on each side.
    """
    x, t = as_float_array(X, "X"), as_float_array(y, "y")
    if x.ndim != 2 or t.shape != (x.shape[0],):
        raise ValueError(f"X must be [n, d] and y [n]; got {x.shape} and {t.shape}")
    if not 0.0 < float(val_fraction) < 1.0:
        raise ValueError(f"val_fraction must lie strictly between 0 and 1, got {val_fraction!r}")
    n = x.shape[0]
    n_val = min(max(int(round(val_fraction * n)), 1), n - 1)
    if n < 2:
        raise ValueError("need at least two samples to split")
    order = np.random.default_rng(seed).permutation(n)
    val, train = order[:n_val], order[n_val:]
    return x[train], t[train], x[val], t[val]


def early_stopping_epoch(val_costs: ArrayLike, patience: int) -> int:
    r"""The epoch whose parameters early stopping keeps, given the validation costs so far.

    ``val_costs[e]`` is the validation cost after epoch ``e`` (``e = 0`` before training).
    Training stops at the first epoch that is ``patience`` epochs past the best one without a
    strictly lower cost; the result is that best epoch (the first of equal lowest costs). If
    training never stops, it is the best epoch of the whole curve.
    """
    v = as_float_array(val_costs, "val_costs")
    if v.ndim != 1 or v.size == 0:
        raise ValueError(f"val_costs must be a non-empty 1-D sequence of costs, got shape {v.shape}")
    if isinstance(patience, bool) or int(patience) != patience or patience < 1:
        raise ValueError(f"patience must be a whole number >= 1, got {patience!r}")
    best = 0
    for epoch in range(1, v.size):
        if v[epoch] < v[best]:
            best = epoch
        elif epoch - best >= patience:
            break
    return best


# --------------------------------------------------------------------- training


def train_epoch(
    params: Params,
    X: ArrayLike,
    y: ArrayLike,
    batch_size: int,
    rng: np.random.Generator,
    *,
    opt: Optimizer,
    state: Any,
    activation: str = "tanh",
) -> tuple[Params, Any, list[float]]:
    """One epoch: for each shuffled mini-batch, forward, loss, backward, and an optimizer update.

    The batches come from :func:`course_utils.batching.iterate_minibatches` with ``rng``;
    the optimizer's ``state`` is carried from batch to batch (and returned, for the next
    epoch). The updates are run by :func:`course_utils.descent.descend`, the course's one
    optimization loop, resumed from ``state``; the epoch ends early only if the parameters
    stop being finite.

    Returns
    -------
    params, state, batch_costs
        The new parameters and optimizer state, and the cost of each batch before its update.
    """
    f, f_grad = _activation(activation)
    p, x, t = _check(params, X, y)
    batches = list(iterate_minibatches(x, t, batch_size, rng=rng))
    batch_costs: list[float] = []

    def batch_grads(q: Params, step: int) -> Params:
        x_b, t_b = batches[step]
        fwd = _forward(q, x_b, f)
        batch_costs.append(float(binary_cross_entropy_with_logits(t_b, fwd.zs[-1])))
        return _backward(q, fwd, t_b, f_grad)

    run = descend(_resumed(opt, state), batch_grads, p, len(batches), with_step=True, diverge_above=np.inf)
    return run.params, run.state, batch_costs[: len(batches)]


def _resumed(opt: Optimizer, state: Any) -> Optimizer:
    """``opt``, starting from ``state`` instead of a fresh one (to continue a run)."""
    return opt._replace(init=lambda params: state)


def train(
    params: Params,
    X: ArrayLike,
    y: ArrayLike,
    *,
    opt: Optimizer,
    epochs: int,
    batch_size: int,
    seed: int = 0,
    activation: str = "tanh",
    X_val: ArrayLike | None = None,
    y_val: ArrayLike | None = None,
    patience: int | None = None,
) -> TrainingRun:
    """Train for ``epochs`` epochs of mini-batches; keep the parameters after every epoch.

    The batch order is drawn from ``np.random.default_rng(seed)``, so a run is reproducible.
    With a validation set ``(X_val, y_val)`` the validation cost is measured after every
    epoch (it never drives an update); with ``patience`` as well, training stops early, at the
    rule of :func:`early_stopping_epoch` (``03_backprop/05``).
    """
    if int(epochs) != epochs or epochs < 0:
        raise ValueError(f"epochs must be a whole number >= 0, got {epochs!r}")
    if (X_val is None) != (y_val is None):
        raise ValueError("give both X_val and y_val, or neither")
    if patience is not None and X_val is None:
        raise ValueError("early stopping (patience) needs a validation set: give X_val and y_val")
    f, _ = _activation(activation)
    p, x, t = _check(params, X, y)
    validate = X_val is not None
    if validate:
        _, x_val, t_val = _check(p, X_val, y_val)
    rng = np.random.default_rng(seed)
    state = opt.init(p)
    snapshots = [p]

    def measure(q: Params, xs: np.ndarray, ts: np.ndarray) -> float:
        return float(binary_cross_entropy_with_logits(ts, _forward(q, xs, f).zs[-1]))

    costs = [measure(p, x, t)]
    val_costs = [measure(p, x_val, t_val)] if validate else []
    batch_costs: list[float] = []
    for _ in range(int(epochs)):
        p, state, these = train_epoch(p, x, t, batch_size, rng, opt=opt, state=state, activation=activation)
        batch_costs += these
        snapshots.append(p)
        costs.append(measure(p, x, t))
        if validate:
            val_costs.append(measure(p, x_val, t_val))
            if patience is not None:
                best = early_stopping_epoch(val_costs, patience)
                if len(val_costs) - 1 - best >= patience:
                    break
    best_epoch = early_stopping_epoch(val_costs, patience or len(val_costs)) if validate else len(costs) - 1
    return TrainingRun(snapshots, np.array(costs), np.array(batch_costs), np.array(val_costs), best_epoch)
