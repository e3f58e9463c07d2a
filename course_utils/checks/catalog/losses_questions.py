"""The "predict before you run" questions of part 1 (``01_losses``).

Each is a value exercise (``output="value"``, ``reveal=False``): the learner assigns an
answer (``answer = "mse"``, ``answer = 2.3``) before running the code that computes it,
and the check says whether the prediction was right without giving the answer away.

* Numerical answers are computed with :mod:`course_utils` and compared with a relative
  tolerance of 1 %, so a value worked out by hand to two or three digits passes.
* Answers chosen from a few words are compared after normalising case, spaces,
  underscores, hyphens and "KL(...)" (``"Binary cross-entropy"`` is ``"binary_cross_entropy"``);
  each known wrong choice has its own explanation.

As for every value exercise, the reference and each known wrong answer are functions of no
arguments that return the answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np

from ... import losses as L
from ... import targets
from ..engine import Exercise
from ..kinds import choice_prediction, numeric_prediction

_ONE_PERCENT = {"rtol": 1e-2, "atol": 1e-4}


def _number(
    id: str, title: str, signature: str, value: float, wrong: Mapping[float, str], success: str
) -> Exercise:
    """A question whose answer is one number, ``value`` (computed by the course's code)."""
    return numeric_prediction(
        id, float(value), title=title, variable=signature, near_misses=wrong, success=success, **_ONE_PERCENT
    )


def _normal(text: str) -> str:
    """Lower case, no spaces, underscores or hyphens, "‖" as "||", and "KL(p||q)" as "p||q"."""
    t = re.sub(r"[\s_\-]", "", text.lower()).replace("‖", "||")
    match = re.fullmatch(r"(?:kl|dkl)?\((.*)\)", t)
    return match.group(1) if match else t


def _choice(
    id: str,
    title: str,
    signature: str,
    answer: str,
    choices: tuple[str, ...],
    wrong: Mapping[str, str],
    success: str,
    aliases: tuple[str, ...] = (),
) -> Exercise:
    """A question answered by one of a few words: ``answer`` (or an alias) is right."""
    return choice_prediction(
        id,
        answer,
        choices=choices,
        title=title,
        variable=signature,
        aliases=aliases,
        wrong=wrong,
        normalise=_normal,
        success=success,
    )


# -------------------------------------------------------------- 01: loss and cost

#: The data of the "compute it by hand" question.
HAND_TRUE = np.array([1.0, 2.0, 3.0, 4.0])
HAND_PRED = np.array([1.5, 2.0, 2.0, 4.0])

PREDICT_MSE_BY_HAND = _number(
    "predict_mse_by_hand",
    "the MSE of four predictions, worked out by hand",
    "answer_mse_by_hand",
    L.mse(HAND_TRUE, HAND_PRED),
    {
        L.mse(
            HAND_TRUE, HAND_PRED, reduction="sum"
        ): "You added the squared errors; the cost is their mean: divide by the number of samples.",
        L.mae(
            HAND_TRUE, HAND_PRED
        ): "You averaged the absolute errors (that is the MAE); the MSE averages their squares.",
        float(
            np.mean(HAND_PRED - HAND_TRUE)
        ): "You averaged the errors without squaring them: positive and negative errors cancel out.",
        float(
            np.sqrt(L.mse(HAND_TRUE, HAND_PRED))
        ): "You took the square root of the mean (that is the RMSE); the MSE stops before the root.",
    },
    "Two residuals are zero; the other two, squared, are added and divided by four.",
)

PREDICT_DUPLICATED = _choice(
    "predict_cost_duplicated",
    "what happens to the mean cost when every sample appears twice",
    "answer_duplicated",
    "same",
    ("same", "double", "half"),
    {
        "double": "Twice is what happens to the *sum* of the losses. The mean also divides by twice as many samples, so it stays the same.",
        "half": "The number of samples doubles, but so does the total loss: their ratio, the mean, does not change.",
    },
    "The mean cost measures the typical loss, whatever the size of the data set; the sum grows with it.",
    aliases=("the same", "unchanged"),
)

# ------------------------------------------------------------ 02: regression losses

#: Five targets; predictions with one outlier, and predictions with only small errors.
REG_TRUE = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
REG_PRED_OUTLIER = np.array([1.2, 1.8, 3.1, 3.9, 11.0])
REG_PRED_SMALL = np.array([1.2, 1.8, 3.1, 3.9, 5.5])

PREDICT_OUTLIER_COST = _choice(
    "predict_outlier_cost",
    "which loss gives the larger cost on a data set with an outlier",
    "answer_outlier",
    "mse",
    ("mse", "mae"),
    {
        "mae": "The outlier's residual is 6: the MAE counts it as 6, the MSE as 6 squared, which dominates the four small ones."
    },
    "Squaring magnifies the one large residual: the outlier alone outweighs everything else in the MSE.",
)

PREDICT_SMALL_RESIDUALS = _choice(
    "predict_small_residuals",
    "which loss gives the larger cost when every residual is below 1",
    "answer_small",
    "mae",
    ("mse", "mae"),
    {
        "mse": "Squaring a number between 0 and 1 makes it smaller (0.5 squared is 0.25): when every residual is below 1, each squared error is below its absolute error."
    },
    "Below 1 a square is smaller than the number itself: MSE is gentler than MAE on small errors and harsher on large ones.",
)

# -------------------------------------------------------- 03: classification losses

PREDICT_CONFIDENT_WRONG = _number(
    "predict_confident_wrong",
    "the binary cross-entropy of predicting 0.99 for a label of 0",
    "answer_confident_wrong",
    L.binary_cross_entropy([0.0], [0.99]),
    {
        L.binary_cross_entropy(
            [1.0], [0.99]
        ): "You used the label-1 term -log(p). For a label of 0 only the other term is left: -log(1 - p).",
        float(
            -np.log10(0.01)
        ): "You used the logarithm in base 10; cross-entropy uses the natural logarithm, ln.",
        L.mse([0.0], [0.99]): "That is the squared error (0.99 - 0)^2; cross-entropy is -log(1 - 0.99).",
    },
    "Almost all the probability went to the wrong label, and -log of what is left is large: confident mistakes cost the most.",
)

PREDICT_UNIFORM = _number(
    "predict_uniform_cross_entropy",
    "the cross-entropy of a prediction spread evenly over 10 classes",
    "answer_uniform",
    L.softmax_cross_entropy([3], np.zeros((1, 10))),
    {
        0.1: "0.1 is the probability given to the true class; the loss is -log of it.",
        float(
            -np.log10(0.1)
        ): "You used the logarithm in base 10; cross-entropy uses the natural logarithm, ln.",
        0.0: "Equal logits do not mean zero loss: they give every class, the true one included, a probability of 1/10.",
        float(
            np.log2(10)
        ): "You used the logarithm in base 2 (bits); cross-entropy uses the natural logarithm, ln (nats): ln 10.",
    },
    "-log(1/K) = log K is the loss of a model that knows nothing: a useful first check of an untrained classifier.",
)

# ---------------------------------------------------- 04: distributions and targets

#: The two distributions of the KL question: p spreads over two outcomes, q favours one.
KL_P = np.array([0.49, 0.49, 0.02])
KL_Q = np.array([0.98, 0.01, 0.01])

PREDICT_KL_LARGER = _choice(
    "predict_kl_larger",
    "which direction of the KL divergence is larger",
    "answer_kl",
    "p||q",
    ("p||q", "q||p", "equal"),
    {
        "q||p": "KL(q || p) weighs the log-ratio log(q / p) by q, and q's mass sits where p also has plenty. KL(p || q) weighs by p, and p puts 0.49 on an outcome where q has only 0.01.",
        "equal": "KL is not symmetric: KL(p || q) averages log(p / q) under p, KL(q || p) averages log(q / p) under q.",
    },
    "KL(p || q) is large where p has mass that q neglects: a model q that misses part of the target pays for it.",
)

PREDICT_SMOOTHED_TARGET = _number(
    "predict_smoothed_target",
    "the smoothed target of the true class, eps = 0.1 and 10 classes",
    "answer_smoothed",
    float(targets.smooth_labels(targets.one_hot([0], 10), 0.1)[0, 0]),
    {
        0.9: "You took eps away from the true class but gave it none back: eps is spread over all K classes, the true class included, so it keeps 1 - eps + eps / K.",
        0.01: "That is the target of each *other* class, eps / K; the true class keeps 1 - eps + eps / K.",
    },
    "Every class gets eps / K, and the true class keeps the rest: each row still sums to 1.",
)

# ------------------------------------------------------ 05: landscapes and choosing

PREDICT_KINKED = _choice(
    "predict_kinked_surface",
    "which line-fit cost surface has creases",
    "answer_kinked",
    "mae",
    ("mse", "mae", "huber"),
    {
        "mse": "The MSE surface is a sum of squares of (w x + b - y): a smooth quadratic bowl with no creases.",
        "huber": "Huber's two pieces meet with the same slope at |r| = delta, so its surface bends there without a crease.",
    },
    "Each |w x_i + b - y_i| has a crease along the line where that point's residual is 0: the MAE surface is a patchwork of flat facets.",
)

PREDICT_SEPARABLE = _choice(
    "predict_separable_minimum",
    "whether the logistic-regression cost has a lowest point on separable data",
    "answer_separable",
    "no",
    ("yes", "no"),
    {
        "yes": "Once every point is on its right side, multiplying w and b by 2 pushes every probability closer to its label, so the cost keeps falling towards 0 without ever reaching it."
    },
    "The cost approaches 0 as |w| grows but never gets there: a valley that never ends, which is why such models need regularisation or early stopping.",
)

CHOOSE_LOSS = _choice(
    "choose_loss_probability",
    "the loss for a model that outputs the probability of one of two classes",
    "answer_choose",
    "binary_cross_entropy",
    ("mse", "mae", "huber", "binary_cross_entropy", "hinge", "kl_divergence"),
    {
        "mse": "MSE on a probability costs at most 1 for a confident wrong answer, and behind a sigmoid its gradient vanishes exactly there: learning stalls when it is most needed.",
        "mae": "MAE is a regression loss; on a probability it gives no extra penalty for confidence and a constant pull that ignores how wrong the answer is.",
        "huber": "Huber is a regression loss for noisy targets; a probability of a class is learned with cross-entropy.",
        "hinge": "The hinge loss trains raw scores with a margin (an SVM); it does not make the output a probability.",
        "kl_divergence": "KL compares two whole distributions; with a 0/1 label it reduces to binary cross-entropy, so name that.",
    },
    "A sigmoid output with binary cross-entropy: its gradient with respect to the logit is simply q - y, with q = sigmoid(z).",
    aliases=(
        "bce",
        "binary cross entropy",
        "log loss",
        "binary_cross_entropy_with_logits",
        "categorical_cross_entropy",
    ),
)

EXERCISES = (
    PREDICT_MSE_BY_HAND,
    PREDICT_DUPLICATED,
    PREDICT_OUTLIER_COST,
    PREDICT_SMALL_RESIDUALS,
    PREDICT_CONFIDENT_WRONG,
    PREDICT_UNIFORM,
    PREDICT_KL_LARGER,
    PREDICT_SMOOTHED_TARGET,
    PREDICT_KINKED,
    PREDICT_SEPARABLE,
    CHOOSE_LOSS,
)
