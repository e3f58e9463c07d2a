"""Exercises of part 2 (``02_optimization``): update rules, schedules, mini-batches.

A learner's update rule is a plain function of arrays, e.g.
``momentum_step(theta, grad, velocity, lr, beta) -> (theta, velocity)``; the expected
answer comes from one update of the matching optimizer in
:mod:`course_utils.optimizers`, started from the given state.
"""

from __future__ import annotations

import copy

import numpy as np

from ... import optimizers as O
from ... import schedules as S
from ...batching import iterate_minibatches
from ..engine import Case, Exercise, Mistake
from ..kinds import stale_state

_RNG = np.random.default_rng(7)


def _f(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


# ------------------------------------------------------------------ references
# The references are the course's own update rules (course_utils.optimizers); the short
# names stay for the modules that build on them (weight_decay).

_sgd = O.sgd_step
_momentum = O.momentum_step
_nesterov = O.nesterov_step
_adagrad = O.adagrad_step
_rmsprop = O.rmsprop_step
_adam = O.adam_step


# ------------------------------------------------------------------------ cases


def _theta_grad_cases(extra_state: int) -> tuple[tuple, ...]:
    """(theta, grad, *states) triples: ordinary, zero gradient, 2-D, lists, random."""
    states = lambda *shape: tuple(np.abs(_RNG.normal(size=shape)) for _ in range(extra_state))  # noqa: E731
    zeros = lambda *shape: tuple(np.zeros(shape) for _ in range(extra_state))  # noqa: E731
    return (
        ((np.array([1.0, -2.0, 0.5]), np.array([0.2, -0.4, 1.0])) + zeros(3), "first step from a zero state"),
        (
            (np.array([1.0, -2.0, 0.5]), np.array([0.2, -0.4, 1.0])) + states(3),
            "a later step, state not zero",
        ),
        (
            (np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[0.0, 0.0], [0.0, 0.0]])) + states(2, 2),
            "a zero gradient, 2-D parameters",
        ),
        (([1.0, 2.0], [0.5, -0.5]) + tuple(list(s) for s in states(2)), "Python lists"),
        ((_RNG.normal(size=6), _RNG.normal(size=6)) + states(6), "six random parameters"),
    )


def _cases(extra_state: int, *kwargs: dict) -> tuple[Case, ...]:
    """The standard cases, the hyper-parameters taken in turn from ``kwargs`` (so that each is
    exercised with two values or more, its default included)."""
    return tuple(
        Case(args, kwargs[i % len(kwargs)], label)
        for i, (args, label) in enumerate(_theta_grad_cases(extra_state))
    )


def _eps_case(**kwargs) -> Case:
    """A zero accumulator with a zero gradient and tiny gradients: where eps decides the step."""
    return Case(
        (np.array([1.0, 2.0, 3.0, 4.0]), np.array([0.0, 1e-9, -1e-7, 0.5]), np.zeros(4)),
        kwargs,
        "a zero accumulator, a zero gradient and tiny gradients (eps decides the step)",
    )


def _no_eps(th, g, acc, lr):
    with np.errstate(all="ignore"):
        return _f(th) - lr * _f(g) / np.sqrt(acc), acc


def _eps_inside(th, g, acc, lr, eps):
    return _f(th) - lr * _f(g) / np.sqrt(acc + eps), acc


def _nesterov_cs231n(th, g, v, lr, beta=0.9):
    v_old = _f(v)
    v_new = beta * v_old - lr * _f(g)
    return _f(th) - beta * v_old + (1 + beta) * v_new, v_new


def _adam_corrected_state(theta, grad, m, v, count, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    new, m, v = O.adam_step(theta, grad, m, v, count, lr, beta1, beta2, eps)
    t = count + 1
    return new, m / (1 - beta1**t), v / (1 - beta2**t)


SGD = Exercise(
    id="sgd_step",
    title="one step of gradient descent",
    signature="sgd_step(theta, grad, lr)",
    reference=_sgd,
    cases=_cases(0, {"lr": 0.1}, {"lr": 0.5}),
    arg_names=("theta", "grad"),
    output="array",
    mistakes=(
        Mistake(
            lambda th, g, lr: _f(th) + lr * _f(g),
            "You stepped *up* the gradient: descent subtracts it, theta - lr * grad.",
        ),
        Mistake(lambda th, g, lr: _f(th) - _f(g), "You forgot the learning rate: theta - lr * grad."),
        Mistake(
            lambda th, g, lr: -lr * _f(g),
            "You returned the step, -lr * grad, instead of the new parameters theta - lr * grad.",
        ),
    ),
    success="The whole family below is this line with a better-informed step.",
)

MOMENTUM = Exercise(
    id="momentum_step",
    title="one step of gradient descent with momentum (PyTorch's form)",
    signature="momentum_step(theta, grad, velocity, lr, beta=0.9)",
    reference=_momentum,
    cases=_cases(1, {"lr": 0.1, "beta": 0.9}, {"lr": 0.05, "beta": 0.5}, {"lr": 0.1}),
    arg_names=("theta", "grad", "velocity"),
    output="tuple",
    output_names=("new theta", "new velocity"),
    mistakes=(
        stale_state(
            O.momentum_step,
            "You returned the velocity you were given: return the updated one, v = beta v + g, so that the"
            " next step continues from it.",
            state_args=(2,),
            state_outputs=(1,),
        ),
        Mistake(
            lambda th, g, v, lr, beta=0.9: O.momentum_step(th, g, v, lr, 0.9),
            "You used beta = 0.9 whatever beta is given: use the argument beta.",
        ),
        Mistake(
            lambda th, g, v, lr, beta=0.9: (
                _f(th) - lr * (beta * _f(v) + (1 - beta) * _f(g)),
                beta * _f(v) + (1 - beta) * _f(g),
            ),
            "You used the (1 - beta) form, v = beta v + (1 - beta) g (an average of gradients). The course uses PyTorch's v = beta v + g; the two differ by a factor 1/(1 - beta) in the effective learning rate.",
        ),
        Mistake(
            lambda th, g, v, lr, beta=0.9: (_f(th) + (beta * _f(v) - lr * _f(g)), beta * _f(v) - lr * _f(g)),
            "You used the form v = beta v - lr g, theta = theta + v (CS231n's). It moves theta the same way for a fixed lr, but the course keeps PyTorch's v = beta v + g and multiplies by lr in the step.",
        ),
        Mistake(
            lambda th, g, v, lr, beta=0.9: (_f(th) - lr * _f(g), beta * _f(v) + _f(g)),
            "You updated the velocity but stepped with the plain gradient: the step is theta - lr * v, with the *new* velocity.",
        ),
        Mistake(
            lambda th, g, v, lr, beta=0.9: (_f(th) - lr * _f(v), beta * _f(v) + _f(g)),
            "You stepped with the old velocity: update v first (v = beta v + g), then theta = theta - lr * v.",
        ),
        Mistake(
            lambda th, g, v, lr, beta=0.9: (_f(th) + lr * (beta * _f(v) + _f(g)), beta * _f(v) + _f(g)),
            "You stepped *up* the velocity: theta = theta - lr * v.",
        ),
    ),
    success="The velocity adds up gradients that agree and cancels those that flip sign: faster along a valley, calmer across it.",
)

NESTEROV = Exercise(
    id="nesterov_step",
    title="one step of Nesterov momentum (PyTorch's form)",
    signature="nesterov_step(theta, grad, velocity, lr, beta=0.9)",
    reference=_nesterov,
    cases=_cases(1, {"lr": 0.1, "beta": 0.9}, {"lr": 0.05, "beta": 0.5}, {"lr": 0.1}),
    arg_names=("theta", "grad", "velocity"),
    output="tuple",
    output_names=("new theta", "new velocity"),
    mistakes=(
        Mistake(
            _nesterov_cs231n,
            "You used another convention of Nesterov momentum (CS231n's: v = beta v - lr g,"
            " theta = theta - beta v_old + (1 + beta) v): its velocity is measured in other units."
            " The course keeps PyTorch's: v = beta v + g, theta = theta - lr (g + beta v).",
        ),
        stale_state(
            O.nesterov_step,
            "You returned the velocity you were given: return the updated one, v = beta v + g.",
            state_args=(2,),
            state_outputs=(1,),
        ),
        Mistake(
            _momentum,
            "Your look-ahead uses the old velocity: lr * (g + beta * v_old) is exactly plain momentum's"
            " step lr * v_new. Update the velocity first, v = beta v + g, then look ahead with the *new*"
            " one: theta = theta - lr * (g + beta * v).",
        ),
        Mistake(
            lambda th, g, v, lr, beta=0.9: (
                _f(th) - lr * beta * (beta * _f(v) + _f(g)),
                beta * _f(v) + _f(g),
            ),
            "Your step leaves out the current gradient: it is lr * (g + beta * v), the gradient plus the look-ahead.",
        ),
    ),
    success="Correcting with the gradient before the momentum step lands brakes earlier near a minimum.",
)

ADAGRAD = Exercise(
    id="adagrad_step",
    title="one step of AdaGrad",
    signature="adagrad_step(theta, grad, s, lr, eps=1e-10)",
    reference=_adagrad,
    cases=_cases(1, {"lr": 0.5}, {"lr": 0.1, "eps": 1e-6}) + (_eps_case(lr=0.1), _eps_case(lr=0.1, eps=1e-4)),
    arg_names=("theta", "grad", "s"),
    output="tuple",
    output_names=("new theta", "new s"),
    mistakes=(
        Mistake(
            lambda th, g, G, lr, eps=1e-10: _no_eps(th, g, _f(G) + _f(g) ** 2, lr),
            "You left out eps: where the accumulated s is 0 (a parameter whose gradients have all been 0)"
            " g / sqrt(s) is 0 / 0 = nan. Add eps outside the root: g / (sqrt(s) + eps).",
        ),
        Mistake(
            lambda th, g, G, lr, eps=1e-10: _eps_inside(th, g, _f(G) + _f(g) ** 2, lr, eps),
            "You put eps inside the square root, sqrt(s + eps): the course, like PyTorch, adds it outside,"
            " sqrt(s) + eps. With tiny gradients the two differ a lot.",
        ),
        Mistake(
            lambda th, g, G, lr, eps=1e-10: (
                _f(th) - lr * _f(g) / (np.sqrt(_f(G) + _f(g)) + eps),
                _f(G) + _f(g),
            ),
            "You accumulated g instead of g**2: AdaGrad sums the *squared* gradients, s = s + g**2.",
        ),
        Mistake(
            lambda th, g, G, lr, eps=1e-10: (
                _f(th) - lr * _f(g) / (np.sqrt(_f(G)) + eps),
                _f(G) + _f(g) ** 2,
            ),
            "You divided by the old s: add this step's g**2 first, then divide by sqrt(s) + eps.",
        ),
        Mistake(
            lambda th, g, G, lr, eps=1e-10: (
                _f(th) - lr * _f(g) / (_f(G) + _f(g) ** 2 + eps),
                _f(G) + _f(g) ** 2,
            ),
            "You divided by s instead of its square root: theta = theta - lr * g / (sqrt(s) + eps).",
        ),
    ),
    success="Every parameter gets its own rate, large for rarely-updated ones: why AdaGrad suits sparse features.",
)

RMSPROP = Exercise(
    id="rmsprop_step",
    title="one step of RMSprop",
    signature="rmsprop_step(theta, grad, s, lr, rho=0.99, eps=1e-8)",
    reference=_rmsprop,
    cases=_cases(1, {"lr": 0.01, "rho": 0.9}, {"lr": 0.01}, {"lr": 0.05, "rho": 0.5, "eps": 1e-6})
    + (_eps_case(lr=0.01), _eps_case(lr=0.01, rho=0.9, eps=1e-4)),
    arg_names=("theta", "grad", "s"),
    output="tuple",
    output_names=("new theta", "new s"),
    mistakes=(
        Mistake(
            lambda th, g, s, lr, rho=0.99, eps=1e-8: (
                _f(th) - lr * _f(g) / (np.sqrt(_f(s)) + eps),
                rho * _f(s) + (1 - rho) * _f(g) ** 2,
            ),
            "You divided by the old average: update s first, s = rho s + (1 - rho) g**2, then step with the new s.",
        ),
        Mistake(
            lambda th, g, s, lr, rho=0.99, eps=1e-8: _no_eps(th, g, rho * _f(s) + (1 - rho) * _f(g) ** 2, lr),
            "You left out eps: where the average s is 0, g / sqrt(s) is 0 / 0 = nan. Add eps outside the root:"
            " g / (sqrt(s) + eps).",
        ),
        Mistake(
            lambda th, g, s, lr, rho=0.99, eps=1e-8: _eps_inside(
                th, g, rho * _f(s) + (1 - rho) * _f(g) ** 2, lr, eps
            ),
            "You put eps inside the square root, sqrt(s + eps): the course, like PyTorch, adds it outside,"
            " sqrt(s) + eps. With tiny gradients the two differ a lot.",
        ),
        Mistake(
            lambda th, g, s, lr, rho=0.99, eps=1e-8: O.rmsprop_step(th, g, s, lr, 0.99, eps),
            "You used rho = 0.99 whatever rho is given: use the argument rho.",
        ),
        Mistake(
            lambda th, g, s, lr, rho=0.99, eps=1e-8: (
                _f(th) - lr * _f(g) / (np.sqrt(_f(s) + _f(g) ** 2) + eps),
                _f(s) + _f(g) ** 2,
            ),
            "You accumulated a sum, s = s + g**2 (that is AdaGrad): RMSprop keeps a moving average, s = rho s + (1 - rho) g**2.",
        ),
        Mistake(
            lambda th, g, s, lr, rho=0.99, eps=1e-8: (
                _f(th) - lr * _f(g) / (np.sqrt(rho * _f(s) + _f(g) ** 2) + eps),
                rho * _f(s) + _f(g) ** 2,
            ),
            "You forgot the (1 - rho) in front of g**2: without it s is a decaying sum, not an average.",
        ),
        Mistake(
            lambda th, g, s, lr, rho=0.99, eps=1e-8: (
                _f(th) - lr * _f(g) / (np.sqrt((1 - rho) * _f(s) + rho * _f(g) ** 2) + eps),
                (1 - rho) * _f(s) + rho * _f(g) ** 2,
            ),
            "You swapped rho and 1 - rho: the old average keeps the large weight, s = rho s + (1 - rho) g**2.",
        ),
    ),
    success="The average forgets old gradients, so the rate adapts without AdaGrad's decay to zero.",
)

_ADAM_CASES = (
    Case(
        (np.array([1.0, -2.0, 0.5]), np.array([0.2, -0.4, 1.0]), np.zeros(3), np.zeros(3), 0),
        {"lr": 0.1},
        "the first step (count = 0)",
    ),
    Case(
        (
            np.array([1.0, -2.0, 0.5]),
            np.array([0.2, -0.4, 1.0]),
            np.array([0.1, -0.3, 0.2]),
            np.array([0.02, 0.1, 0.3]),
            4,
        ),
        {"lr": 0.1},
        "the fifth step (count = 4)",
    ),
    Case(
        (np.array([0.5, 0.5]), np.array([1e-8, -2e-8]), np.zeros(2), np.zeros(2), 0),
        {"lr": 0.01},
        "tiny gradients, where eps matters",
    ),
    Case(
        (np.array([0.5, 0.5]), np.array([1e-4, -2e-3]), np.zeros(2), np.zeros(2), 2),
        {"lr": 0.01, "eps": 1e-3},
        "small gradients, eps = 1e-3",
    ),
    Case(([1.0, 2.0], [0.5, -0.5], [0.0, 0.0], [0.0, 0.0], 0), {"lr": 0.1}, "Python lists"),
    Case(
        (
            _RNG.normal(size=5),
            _RNG.normal(size=5),
            _RNG.normal(size=5) * 0.1,
            np.abs(_RNG.normal(size=5)) * 0.1,
            99,
        ),
        {"lr": 0.001, "beta1": 0.8, "beta2": 0.99},
        "step 100, other betas",
    ),
)


def _adam_eps_hat(theta, grad, m, v, count, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """The paper's "efficient" form: eps added to sqrt(s) before the bias correction (eps-hat)."""
    t = count + 1
    m = beta1 * _f(m) + (1 - beta1) * _f(grad)
    s = beta2 * _f(v) + (1 - beta2) * _f(grad) ** 2
    step = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)
    return _f(theta) - step * m / (np.sqrt(s) + eps), m, s


def _adam_variant(*, correct=True, eps_inside=False, t_offset=1, m_decay=True):
    def variant(theta, grad, m, v, count, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        th, g = _f(theta), _f(grad)
        t = count + t_offset
        m = beta1 * _f(m) + ((1 - beta1) if m_decay else 1.0) * g
        v = beta2 * _f(v) + (1 - beta2) * g * g
        with np.errstate(all="ignore"):
            m_hat = m / (1 - beta1**t) if correct else m
            v_hat = v / (1 - beta2**t) if correct else v
            denom = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
            return th - lr * m_hat / denom, m, v

    return variant


ADAM = Exercise(
    id="adam_step",
    title="one step of Adam, with bias correction",
    signature="adam_step(theta, grad, m, s, count, lr, beta1=0.9, beta2=0.999, eps=1e-8)",
    reference=_adam,
    cases=_ADAM_CASES,
    arg_names=("theta", "grad", "m", "s", "count"),
    output="tuple",
    output_names=("new theta", "new m", "new s"),
    mistakes=(
        Mistake(
            _adam_corrected_state,
            "You returned the bias-corrected moments m_hat and s_hat as the state: return m and s"
            " themselves; the correction is recomputed at every step from t.",
        ),
        Mistake(
            _adam_variant(correct=False),
            "You left out the bias correction: m and s start at 0, so early on they are far too small; divide them by (1 - beta1**t) and (1 - beta2**t).",
        ),
        Mistake(
            _adam_variant(t_offset=0),
            "Your step count starts at 0: count is the number of updates done *before* this one, so this update is t = count + 1 (with t = 0, 1 - beta**t = 0 and you divide by zero).",
        ),
        Mistake(
            _adam_variant(eps_inside=True),
            "You put eps inside the square root: the course, like the paper and PyTorch, adds it outside, sqrt(s_hat) + eps. With tiny gradients the two differ a lot.",
        ),
        Mistake(
            _adam_eps_hat,
            "You added eps to sqrt(s) before the bias correction (the paper's eps-hat form,"
            " lr * sqrt(1 - beta2**t) / (1 - beta1**t) * m / (sqrt(s) + eps)): the course adds eps to"
            " sqrt(s_hat), theta = theta - lr * m_hat / (sqrt(s_hat) + eps). The two differ only"
            " where eps matters, as with tiny gradients.",
        ),
        Mistake(
            _adam_variant(m_decay=False),
            "Your first moment is missing its (1 - beta1): m = beta1 m + (1 - beta1) g.",
        ),
    ),
    success="The first step moves every parameter by about lr, whatever the gradient's scale: Adam's steps are measured in units of lr.",
)

# -------------------------------------------------------------------- schedules

_STEP_DECAY_CASES = tuple(
    Case((t,), {"lr0": 0.1, "step_size": 10, "gamma": 0.5}, label)
    for t, label in [
        (0, "step 0"),
        (9, "the last step before the first drop"),
        (10, "the first drop"),
        (35, "step 35"),
    ]
) + (Case((np.int64(7),), {"lr0": 1.0, "step_size": 3, "gamma": 0.1}, "a NumPy integer step, step_size 3"),)

STEP_DECAY = Exercise(
    id="step_decay",
    title="step decay of the learning rate",
    signature="step_decay(step, lr0, step_size, gamma)",
    reference=lambda step, lr0, step_size, gamma: S.step_decay(lr0, step_size, gamma)(step),
    cases=_STEP_DECAY_CASES,
    arg_names=("step",),
    output="scalar",
    mistakes=(
        Mistake(
            lambda t, lr0, step_size, gamma: lr0 * gamma ** ((t + 1) // step_size),
            "Your schedule is one step early: the rate first drops at step step_size (counting from 0),"
            " lr0 * gamma ** (t // step_size).",
        ),
        Mistake(
            lambda t, lr0, step_size, gamma: lr0 * gamma ** (t / step_size),
            "You forgot to round t / step_size down: the rate should drop in steps, lr0 * gamma ** (t // step_size), not decay smoothly.",
        ),
        Mistake(
            lambda t, lr0, step_size, gamma: lr0 * gamma ** (t // step_size + 1),
            "Your first drop happens at step 0: at steps 0 to step_size - 1 the rate is lr0 itself, gamma ** (t // step_size).",
        ),
        Mistake(
            lambda t, lr0, step_size, gamma: lr0 * gamma ** int(np.ceil(t / step_size)),
            "You rounded t / step_size up: use t // step_size, which rounds down.",
        ),
    ),
    success="Halving the rate every few epochs lets training settle into the minimum that a large rate kept jumping over.",
)

_SGDR_CASES = tuple(
    Case((t,), {"lr0": 0.1, "t_0": 10, **kw}, label)
    for t, kw, label in [
        (0, {}, "step 0: the full rate"),
        (3, {"lr0": 0.5, "t_0": 4}, "step 3, lr0 = 0.5, t_0 = 4"),
        (5, {}, "half way through the first cycle"),
        (9, {}, "the last step of the first cycle"),
        (10, {}, "t_0: the first restart"),
        (27, {"eta_min": 0.01}, "step 27 with eta_min = 0.01"),
        (25, {"t_mult": 2}, "t_mult = 2: inside the second, longer cycle"),
        (30, {"t_mult": 2}, "t_mult = 2: the second restart, at t_0 + 2 t_0"),
    ]
)


def _sgdr_variant(*, period_offset=0, ignore_mult=False, no_restart=False, plain_cos=False):
    def variant(t, lr0, t_0, t_mult=1, eta_min=0.0):
        length, start = t_0 + period_offset, 0
        if no_restart:
            t_cur, length = min(t, t_0), t_0
        else:
            while t - start >= length:
                start += length
                length = length if (ignore_mult or t_mult == 1) else length * t_mult
            t_cur = t - start
        c = np.cos(np.pi * t_cur / length)
        return float(eta_min + (lr0 - eta_min) * (c if plain_cos else 0.5 * (1 + c)))

    return variant


def _sgdr_late_restart(t, lr0, t_0, t_mult=1, eta_min=0.0):
    t_cur, length = t, t_0
    while t_cur > length:
        t_cur -= length
        length *= t_mult
    return float(eta_min + (lr0 - eta_min) * 0.5 * (1 + np.cos(np.pi * t_cur / length)))


SGDR = Exercise(
    id="sgdr",
    title="cosine annealing with warm restarts (SGDR)",
    signature="sgdr(step, lr0, t_0, t_mult=1, eta_min=0.0)",
    reference=lambda step, lr0, t_0, t_mult=1, eta_min=0.0: S.cosine_warm_restarts(lr0, t_0, t_mult, eta_min)(
        step
    ),
    cases=_SGDR_CASES,
    arg_names=("step",),
    output="scalar",
    mistakes=(
        Mistake(
            _sgdr_late_restart,
            "Your restart comes one step late: at t = t_0 the rate is back at lr0, so a cycle ends when"
            " t >= T (not t > T).",
        ),
        Mistake(
            _sgdr_variant(no_restart=True),
            "Your rate never restarts: after t_0 steps it must jump back to lr0 and anneal again.",
        ),
        Mistake(
            _sgdr_variant(period_offset=1),
            "Your restarts come one step late: a cycle of t_0 steps covers t = 0 .. t_0 - 1, and the rate is back at lr0 at t = t_0.",
        ),
        Mistake(
            _sgdr_variant(ignore_mult=True),
            "All your cycles have length t_0: with t_mult each cycle is t_mult times longer than the one before.",
        ),
        Mistake(
            _sgdr_variant(plain_cos=True),
            "You used cos(pi t / T) directly, which goes negative: the schedule is eta_min + (lr0 - eta_min) * (1 + cos(pi t / T)) / 2.",
        ),
    ),
    success="Each restart kicks the optimizer out of where it settled, to explore before annealing again.",
)

# ------------------------------------------------------------------ mini-batches

_MB_TWO_EPOCHS = "two epochs"


_IGNORES_RNG = "(batches that do not follow the rng given)"


def _two_epochs(fn, args, kwargs):
    """Run the learner's generator for two epochs with the same rng, into lists; then once more
    from a copy of the rng as it was given: the same seed must give the same batches."""
    args = list(args)
    replay = copy.deepcopy(args[3] if len(args) > 3 else kwargs.get("rng"))
    first = [tuple(batch) for batch in fn(*args, **kwargs)]
    second = [tuple(batch) for batch in fn(*args, **kwargs)]
    if len(args) > 3:
        args[3] = replay
    else:
        kwargs = {**kwargs, "rng": replay}
    again = [tuple(batch) for batch in fn(*args, **kwargs)]
    same = len(again) == len(first) and all(
        len(a) == len(b) and all(np.array_equal(np.asarray(u), np.asarray(v)) for u, v in zip(a, b))
        for a, b in zip(first, again)
    )
    return (first, second) if same else _IGNORES_RNG


def _batch_problem(epochs, case: Case) -> str | None:
    if isinstance(epochs, str) and epochs == _IGNORES_RNG:
        return (
            "Your batches do not follow the rng you are given: the same seed gave other batches."
            " Draw the order from it, rng.permutation(n), not from np.random."
        )
    X, y, batch_size = np.asarray(case.args[0]), np.asarray(case.args[1]), case.args[2]
    n = X.shape[0]
    sizes = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
    orders = []
    for batches in epochs:
        if any(len(b) != 2 for b in batches):
            return "Each batch should be a pair (X_batch, y_batch)."
        got_sizes = [len(np.asarray(b[0])) for b in batches]
        if sum(got_sizes) < n and got_sizes == sizes[: len(got_sizes)]:
            return (
                f"Your batches cover {sum(got_sizes)} of the {n} samples: the last, partial batch"
                f" of {n % batch_size} is missing. Keep it, so every sample is used in every epoch."
            )
        if got_sizes != sizes:
            return f"Your batch sizes are {got_sizes}; with {n} samples and batch_size {batch_size} they should be {sizes}."
        xs = np.concatenate([np.asarray(b[0]) for b in batches])
        ys = np.concatenate([np.asarray(b[1]) for b in batches])
        ids = xs[:, 0].astype(int)  # the course's test data carries each row's index in column 0
        if sorted(ids.tolist()) != list(range(n)):
            return "Some samples appear twice and others never in one epoch: draw one permutation and cut it into batches."
        if not np.array_equal(ys, y[ids]):
            return "The labels no longer match their samples: shuffle X and y with the *same* permutation (index both with it)."
        orders.append(ids)
    if np.array_equal(orders[0], np.arange(n)):
        return "Your batches come in the original order: shuffle the samples first (e.g. order = rng.permutation(n))."
    if np.array_equal(orders[0], orders[1]):
        return "Both epochs came in the same order: draw a new permutation from the rng you are given on every call."
    return None


def _mb_case(n: int, d: int, batch_size: int, seed: int, label: str) -> Case:
    X = np.column_stack([np.arange(n), np.random.default_rng(seed).normal(size=(n, d - 1))])
    y = (X[:, 0] * 7 % 3).astype(float)
    return Case((X, y, batch_size, np.random.default_rng(seed)), label=label)


def _mb_variant(*, drop_last=False, shuffle=True, same_perm=True, fixed_seed=False):
    def variant(X, y, batch_size, rng):
        X, y = np.asarray(X), np.asarray(y)
        n = len(X)
        gen = np.random.default_rng(0) if fixed_seed else rng
        order = gen.permutation(n) if shuffle else np.arange(n)
        order_y = order if same_perm else gen.permutation(n)
        stop = n - n % batch_size if drop_last else n
        for start in range(0, stop, batch_size):
            yield X[order[start : start + batch_size]], y[order_y[start : start + batch_size]]

    return variant


def _mb_hidden(rng: np.random.Generator) -> tuple[Case, ...]:
    """Fresh data sets of the same kinds as the visible cases.

    The generic resampling of :mod:`course_utils.checks.hidden` cannot be used here: the
    check reads each row's index from column 0 of ``X``, which fresh random values would lose.
    """
    n, b = int(rng.integers(60, 200)), int(rng.integers(7, 40))
    if n % b == 0:  # always a partial last batch
        n += 1
    n1, n2, n3 = (int(k) for k in rng.integers(8, 40, size=3))
    seeds = [int(s) for s in rng.integers(2**31, size=4)]
    return (
        _mb_case(n, 3, b, seeds[0], f"{n} samples in batches of {b}"),
        _mb_case(n1, 2, 1, seeds[1], f"{n1} samples, batch size 1 (SGD)"),
        _mb_case(n2, 2, n2, seeds[2], f"{n2} samples in one batch of {n2} (full batch)"),
        _mb_case(n3, 4, 64, seeds[3], f"{n3} samples, a batch of 64, larger than the data set"),
    )


_MB_MESSAGES = {
    "drop_last": "Your batches cover 96 of the 100 samples: the last, partial batch of 4 is missing. Keep it, so every sample is used in every epoch.",
}

MINIBATCHES = Exercise(
    id="minibatches",
    title="a mini-batch iterator (shuffled each epoch, last partial batch kept)",
    signature="minibatches(X, y, batch_size, rng)",
    reference=lambda X, y, batch_size, rng: iterate_minibatches(X, y, batch_size, rng=rng),
    forbidden=(iterate_minibatches,),  # a generator: the reference's lambda does not run it itself
    cases=(
        _mb_case(100, 3, 32, 1, "100 samples in batches of 32"),
        _mb_case(64, 2, 16, 2, "64 samples in batches of 16"),
        _mb_case(10, 2, 1, 3, "batch size 1 (SGD)"),
        _mb_case(20, 4, 50, 4, "a batch larger than the data set (full batch)"),
    ),
    arg_names=("X", "y", "batch_size", "rng"),
    output="array",
    call=_two_epochs,
    compare=_batch_problem,
    reveal=False,
    mistakes=(
        Mistake(_mb_variant(drop_last=True), _MB_MESSAGES["drop_last"]),
        Mistake(
            _mb_variant(shuffle=False),
            "Your batches come in the original order: shuffle the samples first (e.g. order = rng.permutation(n)).",
        ),
        Mistake(
            _mb_variant(same_perm=False),
            "The labels no longer match their samples: shuffle X and y with the *same* permutation (index both with it).",
        ),
        Mistake(
            _mb_variant(fixed_seed=True),
            "Both epochs came in the same order: draw a new permutation from the rng you are given on every call.",
        ),
    ),
    # A list of batches is accepted (it gives the same batches); the note says what is expected.
    success=(
        "A fresh order every epoch keeps the gradient noise unbiased; keeping the last batch means no"
        " sample is ever skipped. (A list of batches passes too, but the course's form is a generator,"
        " `yield`, which builds each batch only when the loop asks for it.)"
    ),
    hidden=_mb_hidden,
)

EXERCISES = (SGD, MOMENTUM, NESTEROV, ADAGRAD, RMSPROP, ADAM, STEP_DECAY, SGDR, MINIBATCHES)
