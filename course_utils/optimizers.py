r"""The gradient-descent family (``02_optimization``): each update rule as its formula.

Two layers, read in this order:

1. **Step functions**, one per rule: ``sgd_step``, ``momentum_step``, ``nesterov_step``,
   ``adagrad_step``, ``rmsprop_step``, ``adam_step``, ``adamw_step``. Each takes arrays and
   returns arrays; its lines are the formula of its docstring, in the docstring's order. They
   are the references of part 2's exercises (same names, same argument order)::

       theta, velocity = momentum_step(theta, grad, velocity, lr=0.1, beta=0.9)

2. **Optimizers**, built by the factories ``sgd(lr)``, ``momentum(lr, beta)``, ...,
   ``adam(...)``, ``adamw(...)``: a pair of pure functions in the style of optax::

       opt = adam(lr=0.01)
       state = opt.init(params)
       params, state = opt.update(grads, state, params)

   One wrapper (:func:`_optimizer`) applies a step function to every array of ``params``;
   it checks the arguments, reads the learning rate of the current update from a schedule,
   and adds L2 weight decay to the gradient when asked.

* ``params`` (and ``grads``) is an ndarray or a dict of ndarrays (e.g. ``{"W1": ..., "b1": ...}``).
* ``state`` is a small ``NamedTuple``; ``state.count`` is the number of updates done.
* ``lr`` is a float or a schedule (any callable ``step -> lr``, see
  :mod:`course_utils.schedules`); update number ``t = 0, 1, 2, ...`` uses ``lr(t)``.
* Nothing is modified in place: every function returns new arrays.

Conventions are those of PyTorch's ``torch.optim`` (the library a learner meets next);
each docstring gives the formula and says where other textbooks differ. The notation is the
course's (``docs/NOTATION.md``): :math:`v` is momentum's velocity, :math:`s` the accumulated
squared gradients, :math:`m` Adam's first moment. Adam's state keeps its historical field names
``mu`` (:math:`m`) and ``nu`` (:math:`s`), which notebooks and explorers read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._validate import as_float_array, require_fraction, require_positive

__all__ = [
    "Optimizer",
    "Params",
    "sgd_step",
    "momentum_step",
    "nesterov_step",
    "adagrad_step",
    "rmsprop_step",
    "adam_step",
    "adamw_step",
    "sgd",
    "momentum",
    "nesterov",
    "adagrad",
    "rmsprop",
    "adam",
    "adamw",
    "OPTIMIZERS",
]

Params = np.ndarray | dict[str, np.ndarray]
Schedule = Callable[[int], float]
LearningRate = float | Schedule


def _arrays(*xs: ArrayLike) -> tuple[np.ndarray, ...]:
    """The arguments as float64 arrays: the step functions take ndarrays, and lists too."""
    return tuple(np.asarray(x, dtype=np.float64) for x in xs)


# ------------------------------------------------------------ the update rules


def sgd_step(theta: np.ndarray, grad: np.ndarray, lr: float) -> np.ndarray:
    r"""One step of plain gradient descent.

    .. math:: \theta \leftarrow \theta - \eta\, g

    Whether it is *batch*, *stochastic* or *mini-batch* gradient descent depends only on
    how many samples the gradient :math:`g` was computed from (``02_optimization/01`` and ``/02``).

    Parameters
    ----------
    theta, grad : array_like, same shape
        The parameters :math:`\theta` and the gradient :math:`g` of the cost at them.
    lr : float
        The learning rate :math:`\eta`.

    Returns
    -------
    ndarray
        The new parameters, shape of ``theta``.
    """
    theta, grad = _arrays(theta, grad)
    theta = theta - lr * grad
    return theta


def momentum_step(
    theta: np.ndarray, grad: np.ndarray, velocity: np.ndarray, lr: float, beta: float = 0.9
) -> tuple[np.ndarray, np.ndarray]:
    r"""One step of gradient descent with (heavy-ball) momentum, PyTorch's convention.

    .. math::
        v &\leftarrow \beta v + g \\
        \theta &\leftarrow \theta - \eta\, v

    with :math:`v = 0` at the start. Other texts (Andrew Ng's course, Keras' docs of old)
    use :math:`v \leftarrow \beta v + (1 - \beta) g`, an average rather than a sum: the
    path is the same with a learning rate :math:`1/(1-\beta)` = 10 times larger here
    (``02_optimization/03_momentum_nesterov``).

    Parameters
    ----------
    theta, grad, velocity : array_like, same shape
        :math:`\theta`, :math:`g` and the velocity :math:`v` before the step.
    lr, beta : float
        :math:`\eta` and the momentum coefficient :math:`\beta`.

    Returns
    -------
    (theta, velocity) : tuple of ndarray
        The new parameters and the new velocity.
    """
    theta, grad, velocity = _arrays(theta, grad, velocity)
    velocity = beta * velocity + grad
    theta = theta - lr * velocity
    return theta, velocity


def nesterov_step(
    theta: np.ndarray, grad: np.ndarray, velocity: np.ndarray, lr: float, beta: float = 0.9
) -> tuple[np.ndarray, np.ndarray]:
    r"""One step of Nesterov accelerated gradient, PyTorch's form (``SGD(nesterov=True)``).

    .. math::
        v &\leftarrow \beta v + g \\
        \theta &\leftarrow \theta - \eta\,(g + \beta v)

    The term :math:`g + \beta v` is the *look-ahead*: the step momentum is about to take,
    corrected by the current gradient. It is Sutskever et al.'s (2013) "gradient at the
    look-ahead point" in shifted variables, so that the gradient is taken at the current
    parameters. Arguments and results as in :func:`momentum_step`.
    """
    theta, grad, velocity = _arrays(theta, grad, velocity)
    velocity = beta * velocity + grad
    theta = theta - lr * (grad + beta * velocity)
    return theta, velocity


def adagrad_step(
    theta: np.ndarray, grad: np.ndarray, s: np.ndarray, lr: float, eps: float = 1e-10
) -> tuple[np.ndarray, np.ndarray]:
    r"""One step of AdaGrad: each parameter's rate shrinks with its accumulated squared gradients.

    .. math::
        s &\leftarrow s + g^2 \\
        \theta &\leftarrow \theta - \eta\,\frac{g}{\sqrt{s} + \epsilon}

    (elementwise; :math:`s = 0` at the start). Parameters with rare, large gradients
    (sparse features) keep a large rate; :math:`s` only grows, so every rate decays
    (``02_optimization/04_adaptive_rates``).

    Parameters
    ----------
    theta, grad, s : array_like, same shape
        :math:`\theta`, :math:`g` and the sum :math:`s` of the squared gradients so far.
    lr, eps : float
        :math:`\eta` and the stabiliser :math:`\epsilon` (added outside the root, as PyTorch).

    Returns
    -------
    (theta, s) : tuple of ndarray
    """
    theta, grad, s = _arrays(theta, grad, s)
    s = s + grad**2
    theta = theta - lr * grad / (np.sqrt(s) + eps)
    return theta, s


def rmsprop_step(
    theta: np.ndarray, grad: np.ndarray, s: np.ndarray, lr: float, rho: float = 0.99, eps: float = 1e-8
) -> tuple[np.ndarray, np.ndarray]:
    r"""One step of RMSprop: divide by a moving average of squared gradients.

    .. math::
        s &\leftarrow \rho s + (1 - \rho) g^2 \\
        \theta &\leftarrow \theta - \eta\,\frac{g}{\sqrt{s} + \epsilon}

    The average forgets old gradients, so unlike AdaGrad the rate does not decay to 0.
    Hinton's lecture and Keras use :math:`\rho = 0.9`; PyTorch's default (its ``alpha``)
    is 0.99. Arguments and results as in :func:`adagrad_step`, :math:`s` being the average.
    """
    theta, grad, s = _arrays(theta, grad, s)
    s = rho * s + (1 - rho) * grad**2
    theta = theta - lr * grad / (np.sqrt(s) + eps)
    return theta, s


def adam_step(
    theta: np.ndarray,
    grad: np.ndarray,
    m: np.ndarray,
    s: np.ndarray,
    count: int,
    lr: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""One step of Adam (Kingma & Ba, 2015): momentum plus RMSprop, with bias correction.

    .. math::
        m &\leftarrow \beta_1 m + (1-\beta_1)\, g \\
        s &\leftarrow \beta_2 s + (1-\beta_2)\, g^2 \\
        \hat m &= m / (1 - \beta_1^t) \\
        \hat s &= s / (1 - \beta_2^t) \\
        \theta &\leftarrow \theta - \eta\, \hat m / (\sqrt{\hat s} + \epsilon)

    where :math:`t = \text{count} + 1 = 1, 2, \ldots` numbers this update. Since :math:`m`
    and :math:`s` start at 0, without the correction the first steps would be too small by
    a factor :math:`1-\beta_1^t` in :math:`m` and far too large in :math:`1/\sqrt{s}`.
    :math:`\epsilon` is added *outside* the square root, as in the paper and PyTorch
    (TensorFlow's "epsilon hat" is placed differently). Introduced in
    ``02_optimization/04_adaptive_rates``.

    Parameters
    ----------
    theta, grad, m, s : array_like, same shape
        :math:`\theta`, :math:`g`, and the two moving averages before the step.
    count : int
        The number of updates already done (0 for the first step).
    lr, beta1, beta2, eps : float
        :math:`\eta`, :math:`\beta_1`, :math:`\beta_2`, :math:`\epsilon`.

    Returns
    -------
    (theta, m, s) : tuple of ndarray
    """
    theta, grad, m, s = _arrays(theta, grad, m, s)
    t = count + 1
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    s_hat = s / (1 - beta2**t)
    theta = theta - lr * m_hat / (np.sqrt(s_hat) + eps)
    return theta, m, s


def adamw_step(
    theta: np.ndarray,
    grad: np.ndarray,
    m: np.ndarray,
    s: np.ndarray,
    count: int,
    lr: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    weight_decay: float = 1e-2,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""One step of AdamW (Loshchilov & Hutter, 2019): Adam with *decoupled* weight decay.

    .. math::
        \theta &\leftarrow \theta - \eta\,\omega\,\theta \\
        \theta, m, s &\leftarrow \text{adam\_step}(\theta, g, m, s)

    The decay shrinks the parameters directly, beside the gradient step, instead of adding
    :math:`\omega\theta` to :math:`g` (L2, ``adam(weight_decay=)``), where Adam's division by
    :math:`\sqrt{\hat s}` would weaken it for parameters with large gradients. As PyTorch's
    ``AdamW``, the decay is scaled by the learning rate. Arguments as in :func:`adam_step`,
    plus ``weight_decay`` :math:`\omega` (``02_optimization/08``).
    """
    theta = np.asarray(theta, dtype=np.float64)
    theta = theta - lr * weight_decay * theta
    return adam_step(theta, grad, m, s, count, lr, beta1, beta2, eps)


# ------------------------------------------------------------- optimizer states


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
    count: int  # type: ignore[assignment]  # shadows tuple.count: optax's name, kept


class MomentumState(NamedTuple):
    count: int  # type: ignore[assignment]  # shadows tuple.count: optax's name, kept
    velocity: Params


class AdaGradState(NamedTuple):
    count: int  # type: ignore[assignment]  # shadows tuple.count: optax's name, kept
    sum_sq: Params  # s, a sum


class RMSpropState(NamedTuple):
    count: int  # type: ignore[assignment]  # shadows tuple.count: optax's name, kept
    avg_sq: Params  # s, a moving average


class AdamState(NamedTuple):
    count: int  # type: ignore[assignment]  # shadows tuple.count: optax's name, kept
    mu: Params  # m
    nu: Params  # s


# ------------------------------------------------ the wrapper: validation, schedules


def _as_params(params: Any, name: str = "params") -> Params:
    if isinstance(params, dict):
        return {k: as_float_array(v, f"{name}[{k!r}]") for k, v in params.items()}
    return as_float_array(params, name)


def _check_grads(grads: Any, params: Params) -> Params:
    grads = _as_params(grads, "grads")
    if isinstance(params, dict) != isinstance(grads, dict):
        raise ValueError("grads and params must both be arrays or both be dicts of arrays")
    if isinstance(params, dict):
        assert isinstance(grads, dict)
        if set(grads) != set(params):
            raise ValueError(f"grads has keys {sorted(grads)} but params has keys {sorted(params)}")
        pairs = [(grads[k], v, f"[{k!r}]") for k, v in params.items()]
    else:
        pairs = [(grads, params, "")]
    for g, p, where in pairs:
        if g.shape != p.shape:
            raise ValueError(f"grads{where} has shape {g.shape} but params{where} has shape {p.shape}")
    return grads


def _lr_check(lr: LearningRate) -> LearningRate:
    return lr if callable(lr) else require_positive(lr, "lr")


def _decay_check(weight_decay: float) -> float:
    if not (np.isfinite(weight_decay) and weight_decay >= 0):
        raise ValueError(f"weight_decay must be a finite number >= 0, got {weight_decay!r}")
    return float(weight_decay)


def _zeros_like(params: Params) -> Params:
    if isinstance(params, dict):
        return {k: np.zeros_like(v) for k, v in params.items()}
    return np.zeros_like(params)


def _optimizer(
    name: str,
    step: Callable[..., Any],
    state_type: Any,
    hyperparams: dict[str, Any],
    *,
    uses_count: bool = False,
    coupled_decay: bool = False,
) -> Optimizer:
    r"""An :class:`Optimizer` that applies ``step`` to each array of the parameters.

    ``step(theta, grad, *slots, [count,] lr, **rest)`` is one of the step functions above;
    ``slots`` are the state's arrays after ``count`` (velocity, s, ...), one per field of
    ``state_type`` (a NamedTuple class: ``count`` then the slots). ``hyperparams`` holds
    ``lr`` (a float or a schedule) and the keyword arguments of ``step``. With
    ``coupled_decay``, its ``weight_decay`` :math:`\omega` is L2: :math:`g \leftarrow g + \omega\theta`
    before the step (PyTorch's ``weight_decay=``).
    """
    lr = hyperparams["lr"]
    rest = {k: v for k, v in hyperparams.items() if k != "lr"}
    l2 = rest.pop("weight_decay", 0.0) if coupled_decay else 0.0
    n_slots = len(state_type._fields) - 1  # the fields after count

    def init(params: Params) -> Any:
        params = _as_params(params)
        return state_type(0, *(_zeros_like(params) for _ in range(n_slots)))

    def update_one(theta: np.ndarray, grad: np.ndarray, slots: tuple, eta: float, count: int) -> tuple:
        if l2:
            grad = grad + l2 * theta
        args = (*slots, count) if uses_count else slots
        out = step(theta, grad, *args, eta, **rest)
        return out if isinstance(out, tuple) else (out,)

    def update(grads: Params, state: Any, params: Params) -> tuple[Params, Any]:
        params = _as_params(params)
        grads = _check_grads(grads, params)
        eta = float(lr(state.count)) if callable(lr) else lr
        slots = state[1:]
        if isinstance(params, dict):
            assert isinstance(grads, dict)
            new = {
                k: update_one(params[k], grads[k], tuple(sl[k] for sl in slots), eta, state.count)
                for k in params
            }
            new_params: Params = {k: out[0] for k, out in new.items()}
            new_slots = [{k: out[i] for k, out in new.items()} for i in range(1, n_slots + 1)]
        else:
            assert isinstance(grads, np.ndarray)
            out = update_one(params, grads, tuple(slots), eta, state.count)
            new_params, new_slots = out[0], list(out[1:])
        return new_params, state_type(state.count + 1, *new_slots)

    return Optimizer(init, update, name, hyperparams)


# -------------------------------------------------------------------- factories


def sgd(lr: LearningRate, weight_decay: float = 0.0) -> Optimizer:
    r"""Plain gradient descent (:func:`sgd_step`): :math:`\theta \leftarrow \theta - \eta\, g`.

    ``weight_decay`` :math:`\omega` adds :math:`\omega\theta` to the gradient first (L2,
    PyTorch's ``SGD(weight_decay=)``); for plain SGD this is the same as decoupled decay.
    """
    hyper: dict[str, Any] = {"lr": _lr_check(lr)}
    if weight_decay:
        hyper["weight_decay"] = _decay_check(weight_decay)
    return _optimizer("sgd", sgd_step, SGDState, hyper, coupled_decay=True)


def momentum(lr: LearningRate, beta: float = 0.9) -> Optimizer:
    r"""Gradient descent with momentum, PyTorch's convention (:func:`momentum_step`).

    .. math:: v \leftarrow \beta v + g, \qquad \theta \leftarrow \theta - \eta\, v
    """
    hyper = {"lr": _lr_check(lr), "beta": require_fraction(beta, "beta")}
    return _optimizer("momentum", momentum_step, MomentumState, hyper)


def nesterov(lr: LearningRate, beta: float = 0.9) -> Optimizer:
    r"""Nesterov accelerated gradient, PyTorch's form (:func:`nesterov_step`).

    .. math:: v \leftarrow \beta v + g, \qquad \theta \leftarrow \theta - \eta\,(g + \beta v)
    """
    hyper = {"lr": _lr_check(lr), "beta": require_fraction(beta, "beta")}
    return _optimizer("nesterov", nesterov_step, MomentumState, hyper)


def adagrad(lr: LearningRate, eps: float = 1e-10) -> Optimizer:
    r"""AdaGrad (:func:`adagrad_step`).

    .. math:: s \leftarrow s + g^2, \qquad \theta \leftarrow \theta - \eta\, g / (\sqrt{s} + \epsilon)
    """
    hyper = {"lr": _lr_check(lr), "eps": require_positive(eps, "eps")}
    return _optimizer("adagrad", adagrad_step, AdaGradState, hyper)


def rmsprop(lr: LearningRate, rho: float = 0.99, eps: float = 1e-8) -> Optimizer:
    r"""RMSprop (:func:`rmsprop_step`; PyTorch's ``alpha`` is :math:`\rho`).

    .. math:: s \leftarrow \rho s + (1-\rho)\, g^2, \qquad
              \theta \leftarrow \theta - \eta\, g / (\sqrt{s} + \epsilon)
    """
    hyper = {"lr": _lr_check(lr), "rho": require_fraction(rho, "rho"), "eps": require_positive(eps, "eps")}
    return _optimizer("rmsprop", rmsprop_step, RMSpropState, hyper)


def adam(
    lr: LearningRate = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    weight_decay: float = 0.0,
) -> Optimizer:
    r"""Adam (:func:`adam_step`), optionally with L2 weight decay.

    ``weight_decay`` :math:`\omega` is *coupled* (PyTorch's ``Adam(weight_decay=)``):
    :math:`g \leftarrow g + \omega\theta` before the step, so the decay too is divided by
    :math:`\sqrt{\hat s}`. For the decoupled form, use :func:`adamw`.
    """
    hyper: dict[str, Any] = {
        "lr": _lr_check(lr),
        "beta1": require_fraction(beta1, "beta1"),
        "beta2": require_fraction(beta2, "beta2"),
        "eps": require_positive(eps, "eps"),
    }
    if weight_decay:
        hyper["weight_decay"] = _decay_check(weight_decay)
    return _optimizer("adam", adam_step, AdamState, hyper, uses_count=True, coupled_decay=True)


def adamw(
    lr: LearningRate = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    weight_decay: float = 1e-2,
) -> Optimizer:
    r"""AdamW (:func:`adamw_step`): Adam with *decoupled* weight decay, PyTorch's ``AdamW``.

    :math:`\theta \leftarrow \theta - \eta\,\omega\,\theta`, then the Adam step. The state is
    Adam's (:class:`AdamState`).
    """
    hyper = {
        "lr": _lr_check(lr),
        "beta1": require_fraction(beta1, "beta1"),
        "beta2": require_fraction(beta2, "beta2"),
        "eps": require_positive(eps, "eps"),
        "weight_decay": _decay_check(weight_decay),
    }
    return _optimizer("adamw", adamw_step, AdamState, hyper, uses_count=True)


#: The factories by name, in the order the course introduces them.
OPTIMIZERS: dict[str, Callable[..., Optimizer]] = {
    "sgd": sgd,
    "momentum": momentum,
    "nesterov": nesterov,
    "adagrad": adagrad,
    "rmsprop": rmsprop,
    "adam": adam,
}
