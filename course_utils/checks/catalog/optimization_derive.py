r"""The "derive, don't transcribe" exercises of part 2 (``02_optimization/04_adaptive_rates``):
Adam's bias-correction factor, from the expectation of its first moment.

Adam's first moment starts at :math:`m_0 = 0` and averages the gradients,
:math:`m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t`. Unrolled,
:math:`m_t = (1 - \beta_1)\sum_{i=1}^{t} \beta_1^{t-i} g_i`, so for gradients of a stationary mean
:math:`\mathbb E[m_t] = (1 - \beta_1^t)\,\mathbb E[g]`: the factor :math:`1 - \beta_1^t` is what
:math:`\hat m = m / (1 - \beta_1^t)` divides away. The notebook gives the recursion and asks for
the factor; the formula is not shown before the learner has written it.

* ``predict_bias_factor``: the factor for :math:`\beta_1 = 0.9` after :math:`t = 3` updates,
  worked out by hand (a value question, answer not revealed);
* ``bias_correction``: ``bias_correction(beta, t)``, the factor for any :math:`\beta` and
  :math:`t = 1, 2, \dots` (an integer or an array of them).

Both references are *measured* from the course's own :func:`course_utils.optimizers.adam`: its
first moment after ``t`` updates of the gradient 1 is exactly the factor.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...optimizers import adam
from ..engine import Case, Exercise, Mistake
from ..kinds import prediction_answer


def _first_moment_after(beta: float, t: Any) -> np.ndarray:
    """The first moment of the course's Adam (decay ``beta``) after ``t`` updates of the gradient 1."""
    steps = np.asarray(t)
    if steps.size == 0 or steps.min() < 1:
        raise ValueError("t counts Adam's updates from 1")
    opt = adam(1e-3, beta1=float(beta))
    theta, state = np.zeros(1), opt.init(np.zeros(1))
    history = [np.nan]  # the moment after 0 updates is not asked for
    for _ in range(int(steps.max())):
        theta, state = opt.update(np.ones(1), state, theta)
        history.append(float(state.mu[0]))
    return np.asarray(history)[steps]


# ------------------------------------------------------------ predict the factor


def _wrong(value: float, message: str) -> Mistake:
    return Mistake(lambda: value, message)


PREDICT_BIAS_FACTOR = Exercise(
    id="predict_bias_factor",
    title="the factor c in E[m_3] = c E[g] for Adam's first moment, beta1 = 0.9 (beta2 = 0.999)",
    signature="answer_bias_factor",
    reference=lambda: float(_first_moment_after(0.9, 3)),
    cases=(Case(label="your answer, answer_bias_factor"),),
    output="value",
    reveal=False,
    call=prediction_answer,
    rtol=1e-2,
    mistakes=(
        _wrong(
            0.9**3,
            "You found beta1^t, the weight the zero start still carries after t updates. The mean of"
            " m_t is what the gradients have filled in: the rest, 1 - beta1^t.",
        ),
        _wrong(
            1 - 0.9**2,
            "You counted one update too few: m_1 already holds (1 - beta1) g, so after t = 3 updates"
            " there are three terms in the sum, not two.",
        ),
        _wrong(
            1 - 0.9**4,
            "You counted one update too many: m_0 = 0 is the start, and t = 3 updates add three"
            " terms (1 - beta1) beta1^(3 - i) g_i, i = 1, 2, 3.",
        ),
        _wrong(
            1 - 0.999**3,
            "You used beta2 = 0.999, the decay of the squared gradients s. The first moment m decays"
            " with beta1 = 0.9.",
        ),
        _wrong(
            1 / (1 - 0.9**3),
            "That is what m_hat divides by, inverted: the question asks how much smaller E[m_3] is"
            " than E[g], a factor below 1.",
        ),
    ),
    success="Right: m_3 = 0.1 g_3 + 0.09 g_2 + 0.081 g_1, and these weights sum to 0.271. The average"
    " starts far too small, because m_0 = 0 still carries the rest of the weight.",
)


# -------------------------------------------------------- the factor as a function


def _reference(beta, t):
    return _first_moment_after(beta, t)


BIAS_CORRECTION = Exercise(
    id="bias_correction",
    title="Adam's bias-correction factor c_t, with E[m_t] = c_t E[g], derived from the recursion of m",
    signature="bias_correction(beta, t)",
    reference=_reference,
    cases=(
        Case((0.9, 1), label="beta = 0.9, the first update"),
        Case((0.9, 3), label="beta = 0.9, t = 3"),
        Case((0.999, 10), label="beta = 0.999 (beta2's default), t = 10"),
        Case((0.5, np.array([1, 2, 3, 4])), label="beta = 0.5, t an array of updates"),
        Case((0.9, np.array([[1, 10], [100, 1000]])), label="beta = 0.9, t a 2-D array"),
        Case((0.0, np.array([1, 5])), label="beta = 0: no memory, no bias"),
    ),
    arg_names=("beta", "t"),
    output="array",
    mistakes=(
        Mistake(
            lambda beta, t: np.asarray(beta, dtype=float) ** np.asarray(t),
            "You returned beta^t, the weight the zero start m_0 still carries. The gradients fill in"
            " the rest: the factor in front of E[g] is 1 - beta^t.",
        ),
        Mistake(
            lambda beta, t: 1 - np.asarray(beta, dtype=float) ** (np.asarray(t) - 1),
            "Your t is off by one (one term too few): t counts the updates from 1, and after t"
            " updates the sum (1 - beta) sum_i beta^(t - i) has t terms.",
        ),
        Mistake(
            lambda beta, t: 1 - np.asarray(beta, dtype=float) ** (np.asarray(t) + 1),
            "Your t is off by one (one term too many): m_0 = 0 is the start, not an update; after t"
            " updates the sum has t terms, i = 1 .. t.",
        ),
        Mistake(
            lambda beta, t: 1 / (1 - np.asarray(beta, dtype=float) ** np.asarray(t)),
            "You returned 1 / (1 - beta^t), what m_hat multiplies m by. The function asks for c_t in"
            " E[m_t] = c_t E[g], which is below 1.",
        ),
    ),
    success="E[m_t] = (1 - beta^t) E[g]: the geometric sum of the weights (1 - beta) beta^(t - i). Dividing"
    " by it, m_hat is an unbiased estimate from the first update on.",
)

EXERCISES = (PREDICT_BIAS_FACTOR, BIAS_CORRECTION)
