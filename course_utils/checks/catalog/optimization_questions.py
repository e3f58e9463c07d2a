""" "Predict before you run" questions of part 2 (``02_optimization``).

Each is a value exercise: the learner assigns an answer (a number or a word) in a
solution cell, a grade cell checks it, and the expected answer is not revealed on
failure. The right answer is computed here with ``course_utils`` (never typed in by
hand), and each known wrong answer names the reasoning that leads to it. Numbers are
compared with a relative tolerance of 1 %, words in a normal form (case, spaces,
underscores and hyphens do not matter).

A reference or a mistake is a zero-argument function returning its answer. The
learner's answer is the value itself. A question is built with the typed kinds
(:func:`~course_utils.checks.kinds.numeric_prediction`, and
:func:`~course_utils.checks.kinds.choice_prediction` when the title quotes the choices).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ... import optimizers as O
from ... import schedules as S
from ...batching import iterate_minibatches
from ...landscapes import elongated_valley, saddle, trajectory
from ..engine import Case, Exercise, Mistake
from ..kinds import choice_prediction, numeric_prediction, prediction_answer


def _words(text: str) -> str:
    """A word answer's normal form: "Gradient-Descent" is "gradient descent"."""
    return " ".join(text.replace("_", " ").replace("-", " ").lower().split())


def _value(fn: Callable[..., Any], args: tuple, kwargs: Mapping[str, Any]) -> Any:
    """The answer: the value given, or what a zero-argument function given computes, words in
    their normal form (for word questions whose title quotes no choices)."""
    answer = prediction_answer(fn, args, kwargs)
    return _words(answer) if isinstance(answer, str) else answer


def _question(
    id: str, title: str, name: str, reference: Callable[[], Any], mistakes: tuple[Mistake, ...], success: str
) -> Exercise:
    """A number (compared within 1 %) or one of the words quoted in ``title``, by the typed kinds."""
    answer = reference()
    if isinstance(answer, str) and not re.findall(r'"([^"]+)"', title):
        return Exercise(
            id=id,
            title=title,
            signature=name,
            reference=reference,
            cases=(Case(label=f"your answer, {name}"),),
            output="value",
            reveal=False,
            call=_value,
            mistakes=mistakes,
            success=success,
        )
    if isinstance(answer, str):
        return choice_prediction(
            id,
            answer,
            choices=re.findall(r'"([^"]+)"', title),
            title=title,
            variable=name,
            normalise=_words,
            mistakes=mistakes,
            success=success,
        )
    return numeric_prediction(
        id,
        float(answer),
        title=title,
        variable=name,
        rtol=1e-2,  # a value worked out by hand to two or three digits passes
        mistakes=mistakes,
        success=success,
    )


def _wrong(value: Any, message: str, hint: str = "") -> Mistake:
    return Mistake(lambda: value, message, hint)


# ------------------------------------------------------- 01: the learning rate


def _parabola_path(lr: float, steps: int) -> np.ndarray:
    """Gradient descent on J = 5 theta^2 (gradient 10 theta) from theta = 1."""
    opt, theta = O.sgd(lr), np.ones(1)
    state, path = opt.init(theta), [theta]
    for _ in range(steps):
        theta, state = opt.update(10.0 * theta, state, theta)
        path.append(theta)
    return np.concatenate(path)


def _max_lr() -> float:
    """The rate at which one step maps theta to exactly -theta: beyond it, |theta| grows."""
    one_step = _parabola_path(1.0, 1)  # theta - 1.0 * curvature * theta
    curvature = (one_step[0] - one_step[1]) / one_step[0]
    return 2.0 / curvature


def _behaviour() -> str:
    path = _parabola_path(0.15, 20)
    if abs(path[-1]) > abs(path[0]):
        return "diverge"
    return "oscillate" if np.any(np.sign(path[1:]) != np.sign(path[:-1])) else "smooth"


PREDICT_MAX_LR = _question(
    "predict_max_lr",
    "the largest learning rate that does not diverge on J = 5 theta^2",
    "answer_max_lr",
    _max_lr,
    (
        _wrong(
            0.1,
            "0.1 is the rate that lands on the minimum in one step (1 - eta lambda = 0). Above it each step overshoots, but the overshoot still shrinks until 1 - eta lambda reaches -1.",
        ),
        _wrong(
            0.4,
            "You used the coefficient 5 as the curvature: the curvature is the second derivative, J'' = 10, and gradient descent diverges once |1 - eta * 10| > 1.",
        ),
        _wrong(
            2.0,
            "2 is the limit for a curvature of 1. Here the curvature (the second derivative of 5 theta^2) is 10, so the limit is 2 / 10.",
        ),
    ),
    "The limit is 2 / curvature: the sharper the valley, the smaller the steps it tolerates.",
)

PREDICT_BEHAVIOUR = _question(
    "predict_lr_behaviour",
    'what gradient descent does on J = 5 theta^2 with eta = 0.15 ("smooth", "oscillate" or "diverge")',
    "answer_behaviour",
    _behaviour,
    (
        _wrong(
            "smooth",
            "Each step multiplies theta by 1 - 0.15 * 10 = -0.5: the sign flips every step, so theta jumps from one side of the minimum to the other.",
        ),
        _wrong(
            "diverge",
            "Each step multiplies theta by 1 - 0.15 * 10 = -0.5, and |-0.5| < 1: the distance to the minimum halves at every step, while the side alternates.",
        ),
    ),
    "A negative factor 1 - eta lambda means overshooting; its size says whether the overshoots shrink or grow.",
)

# ------------------------------------------------------------ 02: batch sizes


def _updates_per_epoch() -> int:
    X = np.arange(1000.0)[:, None]
    return sum(1 for _ in iterate_minibatches(X, X[:, 0], 64, rng=np.random.default_rng(0)))


PREDICT_UPDATES = _question(
    "predict_minibatch_count",
    "the number of updates in one epoch of 1000 samples in mini-batches of 64",
    "answer_updates",
    _updates_per_epoch,
    (
        _wrong(
            15,
            "15 full batches hold 960 samples; the 40 left over form a 16th, smaller batch, which the course keeps (drop_last=False).",
        ),
        _wrong(
            1000 / 64,
            "An update is a whole batch: the count is a whole number, 1000 / 64 rounded *up*, because the last partial batch counts too.",
        ),
        _wrong(
            1000, "That is the count for batch size 1 (SGD). With batches of 64, each update uses 64 samples."
        ),
    ),
    "ceil(n / b) updates per epoch: the quantity to compare when you read a cost curve per update.",
)


def _noise_ratio() -> float:
    # The standard deviation of a mean of b independent draws is sigma / sqrt(b).
    return math.sqrt(64 / 16)


PREDICT_NOISE = _question(
    "predict_noise_ratio",
    "how many times smaller the mini-batch gradient's standard deviation gets from b = 16 to b = 64",
    "answer_noise_ratio",
    _noise_ratio,
    (
        _wrong(
            4,
            "The *variance* of an average of b samples shrinks like 1/b, so 4 times; the standard deviation is its square root.",
        ),
        _wrong(
            0.5,
            "That is the factor the standard deviation is *multiplied* by; the question asks how many times smaller it gets.",
        ),
        _wrong(
            0.25,
            "The standard deviation shrinks; the question asks by how many times (a number larger than 1), and it goes like 1/sqrt(b), not 1/b.",
        ),
    ),
    "Four times the computation for half the noise: the diminishing return behind typical batch sizes.",
)

# ------------------------------------------------------------------ 03: momentum


def _convention_lr() -> float:
    """The (1 - beta) form's rate that reproduces PyTorch's momentum(lr=0.01, beta=0.9)."""
    beta = O.momentum(0.01, 0.9).hyperparams["beta"]
    return 0.01 / (1.0 - beta)


PREDICT_CONVENTION = _question(
    "predict_momentum_convention",
    "the learning rate of the (1 - beta) momentum form that gives PyTorch's path for eta = 0.01, beta = 0.9",
    "answer_convention_lr",
    _convention_lr,
    (
        _wrong(
            0.001,
            "The (1 - beta) form averages the gradients, so its velocity is (1 - beta) = 0.1 times PyTorch's: its rate must be 10 times *larger*, not smaller.",
        ),
        _wrong(
            0.01,
            "With the same rate the (1 - beta) form takes steps 1 - beta = 0.1 times as long: the velocity is an average of gradients, not their sum.",
        ),
    ),
    "Same algorithm, different bookkeeping: always check which convention a paper or a library uses.",
)


def _heavy_momentum_winner() -> str:
    valley = elongated_valley(25.0)
    gd = trajectory(O.sgd(0.02), valley, steps=100)
    heavy = trajectory(O.momentum(0.02, 0.99), valley, steps=100)
    lower = float(valley.value(gd[-1])) < float(valley.value(heavy[-1]))
    return "gradient descent" if lower else "momentum"


PREDICT_HEAVY_MOMENTUM = _question(
    "predict_heavy_momentum",
    'which ends lower after 100 steps with eta = 0.02: "gradient descent" or "momentum" with beta = 0.99',
    "answer_heavy_momentum",
    _heavy_momentum_winner,
    (
        _wrong(
            "momentum",
            "With beta = 0.99 the velocity keeps 99% of itself at each step: it takes hundreds of steps to turn, so the path swings back and forth across the whole valley and is still far from the minimum after 100 steps.",
        ),
    ),
    "More momentum is not always better: beta sets how long the optimizer remembers, and too long a memory overshoots.",
)

# --------------------------------------------------------------- 04: Adam


def _adam_first_step() -> float:
    opt = O.adam(lr=0.1)
    theta = np.zeros(1)
    new, _ = opt.update(np.array([0.001]), opt.init(theta), theta)
    return float(abs(new[0] - theta[0]))


PREDICT_ADAM_FIRST = _question(
    "predict_adam_first_step",
    "how far Adam's first update (lr = 0.1, with bias correction) moves a parameter whose gradient is 0.001",
    "answer_adam_first_step",
    _adam_first_step,
    (
        _wrong(
            1e-4,
            "That is plain gradient descent, lr * g. Adam divides the (corrected) average gradient by the square root of the (corrected) average squared gradient: on the first step that is g / |g| = 1, whatever the size of g.",
        ),
        _wrong(
            0.1 * math.sqrt(1000) / 10,
            "That is the step *without* bias correction. With it, m_hat = g and s_hat = g**2 on the first step, so the step is lr * g / |g|.",
        ),
    ),
    "Adam's first step moves every parameter by about lr, whether its gradient is 1000 or 0.001.",
)


def _uncorrected_ratio() -> float:
    """Step size / lr of Adam's first update if m and s were not corrected (gradient 1)."""
    opt = O.adam(lr=1.0)
    _, state = opt.update(np.ones(1), opt.init(np.zeros(1)), np.zeros(1))
    return float(state.mu[0] / np.sqrt(state.nu[0]))


def _uncorrected_note() -> str:
    """The note on Adam without bias correction, its numbers computed (gradient 1 at every step):
    the step is m_t / sqrt(s_t) = (1 - beta1^t) / sqrt(1 - beta2^t) times the corrected one."""
    t = np.arange(1, 101)
    ratio = (1 - 0.9**t) / np.sqrt(1 - 0.999**t)
    worst = int(np.argmax(ratio))
    return (
        f"Without the correction the first step is about {ratio[0]:.1f} times too long, and later steps"
        f" up to {ratio[worst]:.1f} times (step {t[worst]}): the division by sqrt(s) over-corrects m's"
        " shrinkage."
    )


PREDICT_ADAM_UNCORRECTED = _question(
    "predict_adam_uncorrected",
    "the size of Adam's first step, in units of lr, without bias correction (beta1 = 0.9, beta2 = 0.999)",
    "answer_uncorrected",
    _uncorrected_ratio,
    (
        _wrong(
            0.1,
            "You counted m = 0.1 g, too small by 10, but forgot that s = 0.001 g**2 is too small as well, and its square root, 0.0316 |g|, divides the step.",
        ),
        _wrong(
            1.0,
            "That is the step *with* the correction (m_hat = g, s_hat = g**2). Without it, m = (1 - beta1) g and s = (1 - beta2) g**2.",
        ),
        _wrong(
            1 / math.sqrt(0.001),
            "You used s = 0.001 g**2 but forgot that m = 0.1 g is also too small: the step is 0.1 / sqrt(0.001).",
        ),
    ),
    _uncorrected_note(),
)

# ------------------------------------------------------------- 05: schedules


PREDICT_STEP_DECAY = _question(
    "predict_step_decay_value",
    "the learning rate of step_decay(lr0=0.1, step_size=30, gamma=0.5) at step 75",
    "answer_lr_at_75",
    lambda: S.step_decay(0.1, 30, 0.5)(75),
    (
        _wrong(
            0.1 * 0.5**2.5,
            "The rate drops in steps, not smoothly: the exponent is 75 // 30 = 2 (rounded down), not 75 / 30 = 2.5.",
        ),
        _wrong(
            0.0125,
            "Three drops would be 0.1 * 0.5**3; at step 75 only two have happened (at steps 30 and 60).",
        ),
        _wrong(0.05, "One drop would be 0.1 * 0.5; at step 75 two have happened (at steps 30 and 60)."),
    ),
    "Reading a schedule is reading floor(t / step_size): the number of drops so far.",
)

# ------------------------------------------------------------------ 06: the race


#: The rates of the question: the saddle's row of ``explore.optimization.SUGGESTED_LR``.
SADDLE_RATES = {"sgd": 0.1, "momentum": 0.03, "adam": 0.1}


def _saddle_first() -> str:
    surface = saddle()
    first = {}
    for name, lr in SADDLE_RATES.items():
        path = trajectory(O.OPTIMIZERS[name](lr), surface, steps=300)
        first[name] = int(np.argmax(np.abs(path[:, 1]) > 0.5))
    return min(first, key=first.get)


def _saddle_note() -> str:
    """The note on the saddle, its numbers computed: how long each adaptive method's first step
    along theta_2 is, in units of its rate, and after how many steps it leaves (|theta_2| > 0.5)."""
    from ...explore.optimization import SUGGESTED_LR

    surface, leave, first = saddle(), {}, {}
    for name in ("adagrad", "rmsprop", "adam"):
        lr = SUGGESTED_LR["saddle"][name]
        path = trajectory(O.OPTIMIZERS[name](lr), surface, steps=300)
        leave[name] = int(np.argmax(np.abs(path[:, 1]) > 0.5))
        first[name] = abs(path[1, 1] - path[0, 1]) / lr
    at_least = min(first.values()) >= 0.999  # Adam: lr g / (|g| + eps), a hair under lr
    pair = (
        f"AdaGrad and RMSprop leave in {leave['adagrad']} steps"
        if leave["adagrad"] == leave["rmsprop"]
        else f"AdaGrad leaves in {leave['adagrad']} steps, RMSprop in {leave['rmsprop']}"
    )
    return (
        "Dividing by the gradient's own size makes a step along a nearly flat direction as large as any"
        " other: the adaptive methods' first step off the ridge is already"
        f" {'about eta long or more' if at_least else 'shorter than eta'}; {pair}, Adam in {leave['adam']}."
    )


PREDICT_SADDLE = _question(
    "predict_saddle_escape",
    'which of "sgd", "momentum" and "adam" first leaves the saddle (|theta_2| > 0.5)',
    "answer_saddle",
    _saddle_first,
    (
        _wrong(
            "sgd",
            "Near the saddle the gradient along theta_2 is tiny (about 0.01), so gradient descent's steps along it are tiny too: it lingers for dozens of steps.",
        ),
        _wrong(
            "momentum",
            "Momentum does build up speed along theta_2, but it starts from the same tiny gradient; an optimizer that divides each gradient by its own size moves away at full speed from the first step.",
        ),
    ),
    _saddle_note(),
)

EXERCISES = (
    PREDICT_MAX_LR,
    PREDICT_BEHAVIOUR,
    PREDICT_UPDATES,
    PREDICT_NOISE,
    PREDICT_CONVENTION,
    PREDICT_HEAVY_MOMENTUM,
    PREDICT_ADAM_FIRST,
    PREDICT_ADAM_UNCORRECTED,
    PREDICT_STEP_DECAY,
    PREDICT_SADDLE,
)
