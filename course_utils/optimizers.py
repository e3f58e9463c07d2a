r"""The gradient-descent family as pure functions (``02_optimization``).

Each factory returns an :class:`Optimizer`, a pair of pure functions in the style of
optax::

    opt = adam(lr=0.01)
    state = opt.init(params)
    params, state = opt.update(grads, state, params)

* ``params`` (and ``grads``) is an ndarray or a dict of ndarrays (e.g. ``{"W1": ..., "b1": ...}``).
* ``state`` is a small ``NamedTuple``; ``state.count`` is the number of updates done.
* ``lr`` is a float or a schedule (any callable ``step -> lr``, see
  :mod:`course_utils.schedules`); update number ``t = 0, 1, 2, ...`` uses ``lr(t)``.
* Nothing is modified in place: ``update`` returns new arrays.

Conventions are those of PyTorch's ``torch.optim`` (the library a learner meets next);
each docstring gives the formula and says where other textbooks differ.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, Union

import numpy as np

from ._validate import as_float_array, require_fraction, require_positive

__all__ = [
    "Optimizer",
    "Params",
    "sgd",
    "momentum",
    "nesterov",
    "adagrad",
    "rmsprop",
    "adam",
    "OPTIMIZERS",
]

Params = Union[np.ndarray, dict[str, np.ndarray]]
Schedule = Callable[[int], float]
LearningRate = Union[float, Schedule]


class Optimizer(NamedTuple):
    """An optimizer: ``init(params) -> state`` and ``update(grads, state, params) -> (params, state)``."""

    init: Callable[[Params], Any]
    update: Callable[[Params, Any, Params], tuple[Params, Any]]
    name: str
    hyperparams: dict[str, Any]

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyperparams.items())
        return f"{self.name}({args})"


class SGDState(NamedTuple):
    count: int


class MomentumState(NamedTuple):
    count: int
    velocity: Params


class AdaGradState(NamedTuple):
    count: int
    sum_sq: Params


class RMSpropState(NamedTuple):
    count: int
    avg_sq: Params


class AdamState(NamedTuple):
    count: int
    mu: Params
    nu: Params


# ------------------------------------------------------------------ tree helpers


def _as_params(params: Any, name: str = "params") -> Params:
    if isinstance(params, dict):
        return {k: as_float_array(v, f"{name}[{k!r}]") for k, v in params.items()}
    return as_float_array(params, name)


def _map(f: Callable[..., np.ndarray], *trees: Params) -> Params:
    """Apply ``f`` leaf by leaf to arrays or to dicts of arrays with the same keys."""
    if isinstance(trees[0], dict):
        return {k: f(*(t[k] for t in trees)) for k in trees[0]}
    return f(*trees)


def _check_grads(grads: Any, params: Params) -> Params:
    grads = _as_params(grads, "grads")
    if isinstance(params, dict) != isinstance(grads, dict):
        raise ValueError("grads and params must both be arrays or both be dicts of arrays")
    pairs = (
        [(grads.get(k), v, f"[{k!r}]") for k, v in params.items()]
        if isinstance(params, dict)
        else [(grads, params, "")]
    )
    if isinstance(params, dict) and set(grads) != set(params):
        raise ValueError(f"grads has keys {sorted(grads)} but params has keys {sorted(params)}")
    for g, p, where in pairs:
        if g.shape != p.shape:
            raise ValueError(f"grads{where} has shape {g.shape} but params{where} has shape {p.shape}")
    return grads


def _zeros_like(params: Params) -> Params:
    return _map(np.zeros_like, params)


def _descend(p: np.ndarray, eta: float, direction: np.ndarray) -> np.ndarray:
    r"""A new array :math:`p - \eta\, d`, made with a single allocation.

    On a million parameters a fresh array costs more than the arithmetic, so the update
    rules below build each result in one new buffer instead of a chain of temporaries.
    """
    out = np.multiply(direction, -eta)
    out += p
    return out


def _normalized(g: np.ndarray, second_moment: np.ndarray, eps: float) -> np.ndarray:
    r""":math:`g / (\sqrt{s} + \epsilon)`, in one new array."""
    out = np.sqrt(second_moment)
    out += eps
    return np.divide(g, out, out=out)


def _lr_check(lr: LearningRate) -> LearningRate:
    return lr if callable(lr) else require_positive(lr, "lr")


def _lr_at(lr: LearningRate, count: int) -> float:
    return float(lr(count)) if callable(lr) else lr


# -------------------------------------------------------------------- optimizers


def sgd(lr: LearningRate) -> Optimizer:
    r"""Plain gradient descent: :math:`\theta \leftarrow \theta - \eta\, g`.

    Whether it is *batch*, *stochastic* or *mini-batch* gradient descent depends only on
    how many samples the gradient :math:`g` was computed from.
    """
    lr = _lr_check(lr)

    def init(params: Params) -> SGDState:
        return SGDState(count=0)

    def update(grads: Params, state: SGDState, params: Params) -> tuple[Params, SGDState]:
        params = _as_params(params)
        grads = _check_grads(grads, params)
        eta = _lr_at(lr, state.count)
        new_params = _map(lambda p, g: _descend(p, eta, g), params, grads)
        return new_params, SGDState(state.count + 1)

    return Optimizer(init, update, "sgd", {"lr": lr})


def momentum(lr: LearningRate, beta: float = 0.9) -> Optimizer:
    r"""Gradient descent with (heavy-ball) momentum, PyTorch's convention.

    .. math:: v \leftarrow \beta v + g, \qquad \theta \leftarrow \theta - \eta\, v

    with :math:`v = 0` at the start. Other texts (Andrew Ng's course, Keras' docs of old)
    use :math:`v \leftarrow \beta v + (1 - \beta) g`, an average rather than a sum: the
    path is the same with a learning rate :math:`1/(1-\beta)` = 10 times larger here.
    """
    lr = _lr_check(lr)
    beta = require_fraction(beta, "beta")

    def init(params: Params) -> MomentumState:
        return MomentumState(count=0, velocity=_zeros_like(_as_params(params)))

    def update(grads: Params, state: MomentumState, params: Params):
        params = _as_params(params)
        grads = _check_grads(grads, params)
        eta = _lr_at(lr, state.count)
        v = _map(lambda v, g: beta * v + g, state.velocity, grads)
        new_params = _map(lambda p, v: _descend(p, eta, v), params, v)
        return new_params, MomentumState(state.count + 1, v)

    return Optimizer(init, update, "momentum", {"lr": lr, "beta": beta})


def nesterov(lr: LearningRate, beta: float = 0.9) -> Optimizer:
    r"""Nesterov accelerated gradient, PyTorch's form (``SGD(nesterov=True)``).

    .. math:: v \leftarrow \beta v + g, \qquad \theta \leftarrow \theta - \eta\,(g + \beta v)

    The term :math:`g + \beta v` is the *look-ahead*: the step momentum is about to take,
    corrected by the current gradient. It is Sutskever et al.'s (2013) "gradient at the
    look-ahead point" rewritten so that the gradient is taken at the current parameters.
    """
    lr = _lr_check(lr)
    beta = require_fraction(beta, "beta")

    def init(params: Params) -> MomentumState:
        return MomentumState(count=0, velocity=_zeros_like(_as_params(params)))

    def update(grads: Params, state: MomentumState, params: Params):
        params = _as_params(params)
        grads = _check_grads(grads, params)
        eta = _lr_at(lr, state.count)
        v = _map(lambda v, g: beta * v + g, state.velocity, grads)
        new_params = _map(lambda p, g, v: _descend(p, eta, beta * v + g), params, grads, v)
        return new_params, MomentumState(state.count + 1, v)

    return Optimizer(init, update, "nesterov", {"lr": lr, "beta": beta})


def adagrad(lr: LearningRate, eps: float = 1e-10) -> Optimizer:
    r"""AdaGrad: each parameter's rate shrinks with its accumulated squared gradients.

    .. math:: G \leftarrow G + g^2, \qquad \theta \leftarrow \theta - \eta\,\frac{g}{\sqrt{G} + \epsilon}

    (elementwise; :math:`G = 0` at the start). Parameters with rare, large gradients
    (sparse features) keep a large rate; :math:`G` only grows, so every rate decays.
    """
    lr = _lr_check(lr)
    eps = require_positive(eps, "eps")

    def init(params: Params) -> AdaGradState:
        return AdaGradState(count=0, sum_sq=_zeros_like(_as_params(params)))

    def update(grads: Params, state: AdaGradState, params: Params):
        params = _as_params(params)
        grads = _check_grads(grads, params)
        eta = _lr_at(lr, state.count)
        big_g = _map(lambda s, g: g * g + s, state.sum_sq, grads)
        new_params = _map(lambda p, g, s: _descend(p, eta, _normalized(g, s, eps)), params, grads, big_g)
        return new_params, AdaGradState(state.count + 1, big_g)

    return Optimizer(init, update, "adagrad", {"lr": lr, "eps": eps})


def rmsprop(lr: LearningRate, rho: float = 0.99, eps: float = 1e-8) -> Optimizer:
    r"""RMSprop: divide by a moving average of squared gradients (PyTorch: ``alpha=rho``).

    .. math:: s \leftarrow \rho s + (1 - \rho) g^2, \qquad
              \theta \leftarrow \theta - \eta\,\frac{g}{\sqrt{s} + \epsilon}

    The average forgets old gradients, so unlike AdaGrad the rate does not decay to 0.
    Hinton's lecture and Keras use :math:`\rho = 0.9`; PyTorch's default is 0.99.
    """
    lr = _lr_check(lr)
    rho = require_fraction(rho, "rho")
    eps = require_positive(eps, "eps")

    def init(params: Params) -> RMSpropState:
        return RMSpropState(count=0, avg_sq=_zeros_like(_as_params(params)))

    def update(grads: Params, state: RMSpropState, params: Params):
        params = _as_params(params)
        grads = _check_grads(grads, params)
        eta = _lr_at(lr, state.count)
        s = _map(lambda s, g: (1.0 - rho) * g * g + rho * s, state.avg_sq, grads)
        new_params = _map(lambda p, g, s: _descend(p, eta, _normalized(g, s, eps)), params, grads, s)
        return new_params, RMSpropState(state.count + 1, s)

    return Optimizer(init, update, "rmsprop", {"lr": lr, "rho": rho, "eps": eps})


def adam(lr: LearningRate = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> Optimizer:
    r"""Adam (Kingma & Ba, 2015): momentum plus RMSprop, with bias correction.

    .. math::
        m &\leftarrow \beta_1 m + (1-\beta_1) g, \qquad v \leftarrow \beta_2 v + (1-\beta_2) g^2 \\
        \hat m &= m / (1 - \beta_1^t), \qquad \hat v = v / (1 - \beta_2^t) \\
        \theta &\leftarrow \theta - \eta\, \hat m / (\sqrt{\hat v} + \epsilon)

    where :math:`t = 1, 2, \ldots` counts updates (``state.count + 1``). Since
    :math:`m` and :math:`v` start at 0, without the correction the first steps would
    be too small by a factor :math:`1-\beta_1^t` in :math:`m` and far too large in
    :math:`1/\sqrt{v}`. :math:`\epsilon` is added *outside* the square root, as in
    the paper and PyTorch (TensorFlow's "epsilon hat" is placed differently).
    """
    lr = _lr_check(lr)
    beta1 = require_fraction(beta1, "beta1")
    beta2 = require_fraction(beta2, "beta2")
    eps = require_positive(eps, "eps")

    def init(params: Params) -> AdamState:
        params = _as_params(params)
        return AdamState(count=0, mu=_zeros_like(params), nu=_zeros_like(params))

    def update(grads: Params, state: AdamState, params: Params):
        params = _as_params(params)
        grads = _check_grads(grads, params)
        eta = _lr_at(lr, state.count)
        t = state.count + 1
        m = _map(lambda m, g: beta1 * m + (1.0 - beta1) * g, state.mu, grads)
        v = _map(lambda v, g: (1.0 - beta2) * g * g + beta2 * v, state.nu, grads)
        c1, c2 = 1.0 - beta1**t, 1.0 - beta2**t
        # theta - eta * (m / c1) / (sqrt(v / c2) + eps), written as eta/c1 * m / (sqrt(v/c2) + eps)
        new_params = _map(lambda p, m, v: _descend(p, eta / c1, _normalized(m, v / c2, eps)), params, m, v)
        return new_params, AdamState(t, m, v)

    return Optimizer(init, update, "adam", {"lr": lr, "beta1": beta1, "beta2": beta2, "eps": eps})


#: The factories by name, in the order the course introduces them.
OPTIMIZERS: dict[str, Callable[..., Optimizer]] = {
    "sgd": sgd,
    "momentum": momentum,
    "nesterov": nesterov,
    "adagrad": adagrad,
    "rmsprop": rmsprop,
    "adam": adam,
}
