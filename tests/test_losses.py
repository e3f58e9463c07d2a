"""Tests of ``course_utils.losses``.

Three independent checks of every loss, as the course's rules ask:

1. values worked out by hand (the arithmetic is in the comments) or by a second,
   deliberately naive formula written here with ``math`` on scalars;
2. every ``*_grad`` against central finite differences of its loss, for the reductions
   "mean", "sum" and "none" (for "none", the gradient of the sum of the losses);
3. properties over many inputs with hypothesis: non-negative, zero (or minimal) at a
   perfect prediction, finite at extreme inputs, "sum" = n * "mean", the shape of "none".

Then the error messages a learner sees when an argument is wrong.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_utils.gradcheck import gradcheck
from course_utils.losses import (
    LOSSES,
    binary_cross_entropy,
    binary_cross_entropy_grad,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    categorical_cross_entropy,
    categorical_cross_entropy_grad,
    hinge,
    hinge_grad,
    huber,
    huber_grad,
    kl_divergence,
    kl_divergence_grad,
    mae,
    mae_grad,
    mse,
    mse_grad,
    multiclass_hinge,
    multiclass_hinge_grad,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
)
from course_utils.targets import one_hot, smooth_labels

ALL_LOSSES = [
    "mse",
    "mae",
    "huber",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "categorical_cross_entropy",
    "softmax_cross_entropy",
    "hinge",
    "multiclass_hinge",
    "kl_divergence",
]
REDUCTIONS = ["mean", "sum", "none"]


def naive_softmax(row):
    """Softmax of one short row by explicit exp and sum (no max shift: small inputs only)."""
    exps = [math.exp(v) for v in row]
    total = sum(exps)
    return [e / total for e in exps]


def test_losses_registry_lists_every_loss_with_its_gradient():
    """Does LOSSES map each loss name to (loss, loss_grad), so no loss escapes the checks below?"""
    assert sorted(LOSSES) == sorted(ALL_LOSSES)
    for name, (loss, grad) in LOSSES.items():
        assert loss.__name__ == name
        assert grad.__name__ == name + "_grad"


# ---------------------------------------------------------------- values by hand


def test_squared_error_of_0_8_against_1_is_0_04():
    # (0.8 - 1.0)^2 = 0.2^2 = 0.04
    assert mse([1.0], [0.8]) == pytest.approx(0.04, abs=1e-15)


def test_mse_mean_sum_none_by_hand():
    y, y_hat = [1.0, 2.0, 3.0], [1.5, 2.0, 2.0]
    # residuals 0.5, 0, -1 -> squares 0.25, 0, 1 -> sum 1.25, mean 1.25 / 3
    np.testing.assert_allclose(mse(y, y_hat, reduction="none"), [0.25, 0.0, 1.0])
    assert mse(y, y_hat, reduction="sum") == pytest.approx(1.25)
    assert mse(y, y_hat) == pytest.approx(1.25 / 3)
    # d/dy_hat of the mean: 2 r / n = (2/3) * [0.5, 0, -1]
    np.testing.assert_allclose(mse_grad(y, y_hat), [1 / 3, 0.0, -2 / 3])


def test_mse_has_no_one_half_and_averages_over_every_entry():
    """Is MSE of a [2, 2] array the mean of all four squares (PyTorch's convention, no 1/2)?"""
    y = np.zeros((2, 2))
    y_hat = np.array([[1.0, 2.0], [3.0, 4.0]])
    # (1 + 4 + 9 + 16) / 4 = 7.5
    assert mse(y, y_hat) == pytest.approx(7.5)
    # d/dy_hat = 2 r / 4
    np.testing.assert_allclose(mse_grad(y, y_hat), y_hat / 2)


def test_mae_by_hand_and_subgradient_zero_at_zero_residual():
    y, y_hat = [1.0, 2.0, 3.0], [1.5, 2.0, 2.0]
    # |0.5| + 0 + |-1| = 1.5 -> mean 0.5
    assert mae(y, y_hat) == pytest.approx(0.5)
    # sign(r) / n; sign(0) = 0 is the documented subgradient
    np.testing.assert_allclose(mae_grad(y, y_hat), [1 / 3, 0.0, -1 / 3])


def test_huber_quadratic_inside_delta_linear_outside():
    # |r| = 0.5 <= 1: 0.5 * 0.5^2 = 0.125;  |r| = 3 > 1: 1 * (3 - 0.5) = 2.5
    assert huber([0.0], [0.5]) == pytest.approx(0.125)
    assert huber([0.0], [3.0]) == pytest.approx(2.5)
    assert huber([0.0], [-3.0]) == pytest.approx(2.5)
    # delta = 2, r = 3: 2 * (3 - 1) = 4
    assert huber([0.0], [3.0], delta=2.0) == pytest.approx(4.0)


def test_huber_pieces_meet_at_delta():
    """Do the quadratic and linear pieces give the same value on both sides of |r| = delta?"""
    delta = 1.5
    below = huber([0.0], [delta - 1e-9], delta=delta)
    above = huber([0.0], [delta + 1e-9], delta=delta)
    # 0.5 * 1.5^2 = 1.125 = 1.5 * (1.5 - 0.75)
    assert below == pytest.approx(1.125, abs=1e-8)
    assert above == pytest.approx(1.125, abs=1e-8)


def test_huber_grad_is_the_clipped_residual():
    y_hat = [0.5, 3.0, -3.0]
    # r clipped to [-1, 1]: 0.5, 1, -1 (reduction "sum" leaves it unscaled)
    np.testing.assert_allclose(huber_grad([0.0] * 3, y_hat, reduction="sum"), [0.5, 1.0, -1.0])


def test_bce_of_0_99_with_label_0_is_about_4_6():
    # -log(1 - 0.99) = -log(0.01) = 4.605170185988091
    assert binary_cross_entropy([0.0], [0.99]) == pytest.approx(4.605170185988091, rel=1e-12)
    # label 1: -log(0.99) = 0.01005033585350145
    assert binary_cross_entropy([1.0], [0.99]) == pytest.approx(0.01005033585350145, rel=1e-12)
    # d/dp of -log(1 - p) = 1 / (1 - p) = 100
    np.testing.assert_allclose(binary_cross_entropy_grad([0.0], [0.99]), [100.0], rtol=1e-10)


def test_bce_matches_math_log_on_scalars_with_soft_labels():
    y = [0.0, 1.0, 0.3, 0.8]
    p = [0.2, 0.6, 0.5, 0.9]
    expected = [-(t * math.log(q) + (1 - t) * math.log(1 - q)) for t, q in zip(y, p)]
    np.testing.assert_allclose(binary_cross_entropy(y, p, reduction="none"), expected, rtol=1e-12)


def test_bce_of_a_certain_wrong_prediction_is_large_but_finite():
    """Is a prediction of exactly 0 for label 1 clipped to -log(1e-12) instead of inf?"""
    # -log(1e-12) = 12 * log(10) = 27.631021115928547
    assert binary_cross_entropy([1.0], [0.0]) == pytest.approx(27.631021115928547, rel=1e-9)


def test_bce_with_logits_of_zero_logit_is_log_2():
    # sigma(0) = 1/2, so the loss is -log(1/2) = log 2 whatever the label
    np.testing.assert_allclose(
        binary_cross_entropy_with_logits([0.0, 1.0, 0.3], [0.0, 0.0, 0.0], reduction="none"),
        [math.log(2)] * 3,
        rtol=1e-12,
    )


def test_bce_with_logits_equals_bce_of_the_sigmoid():
    y = [0.0, 1.0, 0.25, 1.0]
    z = [-2.0, 0.7, 1.5, -0.3]
    probs = [1 / (1 + math.exp(-v)) for v in z]
    expected = [-(t * math.log(q) + (1 - t) * math.log(1 - q)) for t, q in zip(y, probs)]
    np.testing.assert_allclose(binary_cross_entropy_with_logits(y, z, reduction="none"), expected, rtol=1e-12)
    # d/dz = sigma(z) - y
    np.testing.assert_allclose(
        binary_cross_entropy_with_logits_grad(y, z, reduction="none"),
        [q - t for t, q in zip(y, probs)],
        rtol=1e-12,
    )


def test_bce_with_logits_at_logits_of_1e4_is_exact():
    # label 1, z = 1e4: max(z, 0) - z + log1p(e^-1e4) = 0
    # label 0, z = 1e4: 1e4 - 0 + 0 = 1e4 (a naive log(1 - sigmoid) would be -log 0 = inf)
    losses = binary_cross_entropy_with_logits([1.0, 0.0, 0.0], [1e4, 1e4, -1e4], reduction="none")
    np.testing.assert_allclose(losses, [0.0, 1e4, 0.0], atol=1e-12)


def test_categorical_cross_entropy_by_hand():
    y = [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    p = [[0.7, 0.2, 0.1], [0.3, 0.6, 0.1]]
    # only the true class counts: -log 0.7 = 0.35667494393873245, -log 0.1 = 2.302585092994046
    np.testing.assert_allclose(
        categorical_cross_entropy(y, p, reduction="none"),
        [0.35667494393873245, 2.302585092994046],
        rtol=1e-12,
    )
    # d/dp = -y / p, divided by n = 2 for the mean
    np.testing.assert_allclose(
        categorical_cross_entropy_grad(y, p),
        [[-1 / 0.7 / 2, 0.0, 0.0], [0.0, 0.0, -1 / 0.1 / 2]],
        rtol=1e-12,
    )


def test_softmax_cross_entropy_of_equal_logits_is_log_k():
    # equal logits -> uniform 1/4 -> -log(1/4) = log 4, for any class
    assert softmax_cross_entropy([0, 3], np.zeros((2, 4))) == pytest.approx(math.log(4))
    # gradient: softmax - one-hot = [1/4 - 1, 1/4, 1/4, 1/4] for class 0 (one sample, "sum")
    np.testing.assert_allclose(
        softmax_cross_entropy_grad([0], np.zeros((1, 4)), reduction="sum"),
        [[-0.75, 0.25, 0.25, 0.25]],
    )


def test_softmax_cross_entropy_matches_naive_softmax_then_log():
    z = [[0.5, -1.0, 2.0], [1.0, 1.5, -0.5]]
    labels = [2, 0]
    expected = [-math.log(naive_softmax(row)[c]) for row, c in zip(z, labels)]
    np.testing.assert_allclose(softmax_cross_entropy(labels, z, reduction="none"), expected, rtol=1e-12)
    # the same loss from one-hot rows instead of indices
    np.testing.assert_allclose(
        softmax_cross_entropy(one_hot(labels, 3), z, reduction="none"), expected, rtol=1e-12
    )


def test_softmax_cross_entropy_with_label_smoothing_by_hand():
    # logits log 1, log 2, log 5 -> softmax 1/8, 2/8, 5/8.
    # eps = 0.3 over K = 3, true class 2: targets 0.1, 0.1, 0.7 + 0.1 = 0.8.
    z = [[0.0, math.log(2), math.log(5)]]
    expected = -(0.1 * math.log(1 / 8) + 0.1 * math.log(2 / 8) + 0.8 * math.log(5 / 8))
    # 0.1 log 8 + 0.1 log 4 + 0.8 log 1.6 = 0.20794415 + 0.13862944 + 0.37600290
    assert expected == pytest.approx(0.72257649368, rel=1e-10)
    assert softmax_cross_entropy([2], z, label_smoothing=0.3) == pytest.approx(expected, rel=1e-12)
    # gradient: softmax - targets
    np.testing.assert_allclose(
        softmax_cross_entropy_grad([2], z, label_smoothing=0.3),
        [[1 / 8 - 0.1, 2 / 8 - 0.1, 5 / 8 - 0.8]],
        atol=1e-15,
    )


def test_softmax_cross_entropy_smooths_0_1_over_4_classes_to_0_925_and_0_025():
    # equal logits: softmax 1/4 each; targets (1 - 0.1) + 0.1/4 = 0.925 and 0.1/4 = 0.025,
    # so the gradient softmax - targets is [0.25 - 0.925, 0.25 - 0.025, ...]
    np.testing.assert_allclose(
        softmax_cross_entropy_grad([0], np.zeros((1, 4)), label_smoothing=0.1),
        [[-0.675, 0.225, 0.225, 0.225]],
        rtol=1e-14,
    )


def test_softmax_cross_entropy_smoothing_equals_cce_of_smoothed_targets():
    """Is label_smoothing=eps the categorical cross-entropy of smooth_labels(one_hot(y), eps)?"""
    rng = np.random.default_rng(3)
    z = rng.normal(size=(5, 4))
    labels = np.array([0, 3, 1, 1, 2])
    probs = np.array([naive_softmax(row) for row in z])
    targets = smooth_labels(one_hot(labels, 4), 0.1)
    np.testing.assert_allclose(
        softmax_cross_entropy(labels, z, label_smoothing=0.1, reduction="none"),
        categorical_cross_entropy(targets, probs, reduction="none"),
        rtol=1e-12,
    )


def test_hinge_by_hand():
    # y = +1, s = 0.3: max(0, 1 - 0.3) = 0.7;  y = -1, s = 0.3: 1 + 0.3 = 1.3;  y = +1, s = 2: 0
    np.testing.assert_allclose(hinge([1.0, -1.0, 1.0], [0.3, 0.3, 2.0], reduction="none"), [0.7, 1.3, 0.0])
    # gradient -y inside the margin, 0 outside
    np.testing.assert_allclose(
        hinge_grad([1.0, -1.0, 1.0], [0.3, 0.3, 2.0], reduction="sum"), [-1.0, 1.0, 0.0]
    )


def test_multiclass_hinge_cs231n_example_by_hand():
    """Does the CS231n three-image example (cat, car, frog) give 2.9, 0 and 12.9?"""
    scores = [
        [3.2, 5.1, -1.7],  # cat image, true class 0
        [1.3, 4.9, 2.0],  # car image, true class 1
        [2.2, 2.5, -3.1],  # frog image, true class 2
    ]
    # cat:  max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1) = 2.9 + 0 = 2.9
    # car:  max(0, 1.3 - 4.9 + 1) + max(0, 2.0 - 4.9 + 1) = 0 + 0 = 0
    # frog: max(0, 2.2 + 3.1 + 1) + max(0, 2.5 + 3.1 + 1) = 6.3 + 6.6 = 12.9
    np.testing.assert_allclose(
        multiclass_hinge([0, 1, 2], scores, reduction="none"), [2.9, 0.0, 12.9], atol=1e-12
    )
    assert multiclass_hinge([0, 1, 2], scores) == pytest.approx(15.8 / 3)
    # cat row: the car margin is active (+1), the true class gets -1, the frog margin is not
    # frog row: both wrong classes active (+1 each), the true class -2
    np.testing.assert_allclose(
        multiclass_hinge_grad([0, 1, 2], scores, reduction="sum"),
        [[-1.0, 1.0, 0.0], [0.0, 0.0, 0.0], [1.0, 1.0, -2.0]],
    )


def kl_by_loops(p, q):
    """D_KL(p || q) by an explicit loop, with 0 log 0 = 0."""
    total = 0.0
    for pk, qk in zip(p, q):
        if pk > 0:
            total += pk * math.log(pk / qk)
    return total


def test_kl_divergence_of_two_small_distributions_by_hand():
    p, q = [0.5, 0.5], [0.9, 0.1]
    # KL(p||q) = 0.5 log(0.5/0.9) + 0.5 log(0.5/0.1) = 0.5 log(25/9) = log(5/3)
    #          = 0.5108256237659907
    assert kl_divergence(p, q) == pytest.approx(0.5108256237659907, rel=1e-12)
    # KL(q||p) = 0.9 log 1.8 + 0.1 log 0.2 = 0.52900804 - 0.16094379 = 0.3680642071684971
    assert kl_divergence(q, p) == pytest.approx(0.3680642071684971, rel=1e-12)
    # d/dq = -p / q = [-0.5/0.9, -0.5/0.1]
    np.testing.assert_allclose(kl_divergence_grad(p, q), [-5 / 9, -5.0], rtol=1e-12)


def test_kl_divergence_is_not_symmetric():
    p, q = [0.5, 0.5], [0.9, 0.1]
    assert abs(kl_divergence(p, q) - kl_divergence(q, p)) > 0.1  # 0.511 vs 0.368


def test_kl_divergence_zero_mass_in_p_contributes_nothing():
    # 0 log 0 = 0: KL([1, 0] || [0.5, 0.5]) = 1 * log(1 / 0.5) = log 2
    assert kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(math.log(2), rel=1e-12)


def test_kl_divergence_rows_match_explicit_loops():
    rng = np.random.default_rng(7)
    p = rng.dirichlet(np.ones(4), size=3)
    q = rng.dirichlet(np.ones(4), size=3)
    expected = [kl_by_loops(pr, qr) for pr, qr in zip(p, q)]
    np.testing.assert_allclose(kl_divergence(p, q, reduction="none"), expected, rtol=1e-12)
    assert kl_divergence(p, q) == pytest.approx(sum(expected) / 3, rel=1e-12)


def test_kl_divergence_of_a_distribution_with_itself_is_exactly_zero():
    """Is KL(p || p) = 0 even when p holds a probability smaller than the clipping eps?"""
    p = [1e-13, 1.0 - 1e-13]
    # every term is p_k (log p_k - log p_k) = 0; flooring q at eps alone would give
    # 1e-13 * (log 1e-13 - log 1e-12) = -2.3e-13 instead
    assert kl_divergence(p, p) == 0.0


def test_kl_divergence_stays_non_negative_when_q_is_zero_under_a_tiny_p():
    """Is KL(p || q) >= 0 when q is exactly 0 where p is below eps?"""
    assert kl_divergence([1e-13, 1.0 - 1e-13], [0.0, 1.0]) >= 0.0


# ------------------------------------------------ gradients by finite differences


def _away_from(values, kinks, gap, rng):
    """Move every value at least ``gap`` away from each kink (so finite differences are valid)."""
    values = np.array(values, dtype=float)
    for kink in kinks:
        close = np.abs(values - kink) < gap
        values[close] = kink + rng.choice([-1.0, 1.0], size=close.sum()) * rng.uniform(
            gap, 2 * gap, size=close.sum()
        )
    return values


def random_inputs(name, rng, n=6, k=4):
    """Valid (y_true, y_pred) for a loss, with y_pred away from any kink of the loss."""
    if name in ("mse", "mae", "huber"):
        y = rng.normal(size=(n, 2))
        residual = _away_from(rng.normal(scale=1.5, size=(n, 2)), [0.0, -1.0, 1.0], 0.05, rng)
        return y, y + residual
    if name == "binary_cross_entropy":
        y = np.concatenate([[0.0, 1.0], rng.uniform(size=n - 2)])  # hard and soft labels
        return y, rng.uniform(0.05, 0.95, size=n)
    if name == "binary_cross_entropy_with_logits":
        y = np.concatenate([[0.0, 1.0], rng.uniform(size=n - 2)])
        return y, rng.normal(scale=3.0, size=n)
    if name == "categorical_cross_entropy":
        soft = rng.dirichlet(np.ones(k), size=n)
        soft[: n // 2] = one_hot(rng.integers(0, k, n // 2), k)
        return soft, rng.dirichlet(np.ones(k), size=n)
    if name == "softmax_cross_entropy":
        return rng.integers(0, k, n), rng.normal(scale=2.0, size=(n, k))
    if name == "hinge":
        y = rng.choice([-1.0, 1.0], size=n)
        margin = _away_from(rng.normal(loc=1.0, scale=1.5, size=n), [1.0], 0.05, rng)
        return y, y * margin  # y * s = margin
    if name == "multiclass_hinge":
        labels = rng.integers(0, k, n)
        while True:
            scores = rng.normal(size=(n, k))
            margins = scores - scores[np.arange(n), labels][:, None] + 1.0
            margins[np.arange(n), labels] = 1.0  # the true class has no margin
            if np.all(np.abs(margins) > 0.05):
                return labels, scores
    if name == "kl_divergence":
        p = rng.dirichlet(np.ones(k), size=n)
        p[0, 0] = 0.0  # exercise 0 log 0
        p[0] /= p[0].sum()
        return p, rng.dirichlet(np.ones(k), size=n)
    raise KeyError(name)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", ALL_LOSSES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_loss_grad_matches_finite_differences(name, reduction, seed):
    loss, grad = LOSSES[name]
    y_true, y_pred = random_inputs(name, np.random.default_rng(seed))
    if reduction == "none":  # the gradient of the sum of the per-sample losses

        def f(q):
            return loss(y_true, q, reduction="none").sum()
    else:

        def f(q):
            return loss(y_true, q, reduction=reduction)

    error = gradcheck(f, lambda q: grad(y_true, q, reduction=reduction), y_pred)
    assert error < 1e-6


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_huber_grad_with_other_delta_matches_finite_differences(reduction):
    rng = np.random.default_rng(4)
    y = rng.normal(size=8)
    y_hat = y + _away_from(rng.normal(scale=1.0, size=8), [0.0, -0.5, 0.5], 0.05, rng)

    def f(q):
        return np.sum(huber(y, q, delta=0.5, reduction=reduction))

    error = gradcheck(f, lambda q: huber_grad(y, q, delta=0.5, reduction=reduction), y_hat)
    assert error < 1e-6


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_softmax_cross_entropy_grad_with_smoothing_matches_finite_differences(reduction):
    rng = np.random.default_rng(5)
    labels, z = rng.integers(0, 5, 6), rng.normal(size=(6, 5))

    def f(q):
        return np.sum(softmax_cross_entropy(labels, q, label_smoothing=0.2, reduction=reduction))

    def g(q):
        return softmax_cross_entropy_grad(labels, q, label_smoothing=0.2, reduction=reduction)

    assert gradcheck(f, g, z) < 1e-6


# ------------------------------------------------------------ properties (hypothesis)

real = st.floats(-1e3, 1e3)
logit = st.one_of(st.floats(-1e4, 1e4), st.sampled_from([-1e4, 1e4]))
probability = st.one_of(st.floats(0.0, 1.0), st.sampled_from([0.0, 1.0]))
label01 = st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0.0, 1.0))


@st.composite
def distributions(draw, n, k):
    """n rows of k probabilities summing to 1: one-hot rows (exact 0s and 1s) or mixtures.

    Mixture entries are 0 or at least 1e-3 / k: far above the loss's clipping eps = 1e-12
    (the behaviour below eps is the bug tested in test_kl_divergence_of_a_distribution_with_
    itself_is_exactly_zero).
    """
    rows = np.zeros((n, k))
    for i in range(n):
        weights = np.array(draw(st.lists(st.just(0.0) | st.floats(1e-3, 1.0), min_size=k, max_size=k)))
        if draw(st.booleans()) or weights.sum() == 0:
            rows[i, draw(st.integers(0, k - 1))] = 1.0
        else:
            rows[i] = weights / weights.sum()
    return rows


@st.composite
def loss_inputs(draw, name):
    """Valid (y_true, y_pred, n) for a loss; n is the number of per-sample losses."""
    n = draw(st.integers(1, 6))
    k = draw(st.integers(2, 5))
    if name in ("mse", "mae", "huber"):
        shape = draw(st.sampled_from([(n,), (n, 3)]))
        y = draw(hnp.arrays(np.float64, shape, elements=real))
        y_hat = draw(hnp.arrays(np.float64, shape, elements=real))
        return y, y_hat, y.size
    if name == "binary_cross_entropy":
        y = draw(hnp.arrays(np.float64, n, elements=label01))
        return y, draw(hnp.arrays(np.float64, n, elements=probability)), n
    if name == "binary_cross_entropy_with_logits":
        y = draw(hnp.arrays(np.float64, n, elements=label01))
        return y, draw(hnp.arrays(np.float64, n, elements=logit)), n
    if name == "categorical_cross_entropy":
        return draw(distributions(n, k)), draw(distributions(n, k)), n
    if name == "softmax_cross_entropy":
        labels = draw(hnp.arrays(np.int64, n, elements=st.integers(0, k - 1)))
        return labels, draw(hnp.arrays(np.float64, (n, k), elements=logit)), n
    if name == "hinge":
        y = draw(hnp.arrays(np.float64, n, elements=st.sampled_from([-1.0, 1.0])))
        return y, draw(hnp.arrays(np.float64, n, elements=real)), n
    if name == "multiclass_hinge":
        labels = draw(hnp.arrays(np.int64, n, elements=st.integers(0, k - 1)))
        return labels, draw(hnp.arrays(np.float64, (n, k), elements=real)), n
    if name == "kl_divergence":
        return draw(distributions(n, k)), draw(distributions(n, k)), n
    raise KeyError(name)


@pytest.mark.parametrize("name", ALL_LOSSES)
@given(data=st.data())
def test_losses_are_non_negative(name, data):
    y_true, y_pred, _ = data.draw(loss_inputs(name))
    losses = LOSSES[name][0](y_true, y_pred, reduction="none")
    if name == "kl_divergence":
        # sum_k p_k (log p_k - log q_k) may round to about -1e-16 when q is within
        # rounding of p, though the exact value is >= 0 (entries here are 0 or >= 2e-4,
        # so each log is below 9 in size and the sum's rounding error below 1e-14)
        assert np.all(losses >= -1e-14)
    else:
        assert np.all(losses >= 0.0)


@pytest.mark.parametrize("name", ALL_LOSSES)
@given(data=st.data())
def test_losses_and_grads_are_finite_even_at_extreme_inputs(name, data):
    """Are losses and gradients finite, without overflow or division warnings, for logits of
    +-1e4 and for probabilities of exactly 0 and 1?"""
    loss, grad = LOSSES[name]
    y_true, y_pred, _ = data.draw(loss_inputs(name))
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        assert np.all(np.isfinite(loss(y_true, y_pred, reduction="none")))
        assert np.all(np.isfinite(grad(y_true, y_pred, reduction="mean")))


@pytest.mark.parametrize("name", ALL_LOSSES)
@given(data=st.data())
def test_sum_is_n_times_mean(name, data):
    loss, grad = LOSSES[name]
    y_true, y_pred, n = data.draw(loss_inputs(name))
    total = loss(y_true, y_pred, reduction="sum")
    mean = loss(y_true, y_pred, reduction="mean")
    assert isinstance(total, float) and isinstance(mean, float)
    assert total == pytest.approx(n * mean, rel=1e-12, abs=1e-300)
    np.testing.assert_allclose(  # atol: a subnormal gradient loses digits when divided by n
        grad(y_true, y_pred, reduction="sum"),
        n * grad(y_true, y_pred, reduction="mean"),
        rtol=1e-12,
        atol=1e-300,
    )


NONE_SHAPE = {  # the documented shape of reduction="none", from y_pred's shape
    "mse": lambda shape: shape,
    "mae": lambda shape: shape,
    "huber": lambda shape: shape,
    "binary_cross_entropy": lambda shape: shape,
    "binary_cross_entropy_with_logits": lambda shape: shape,
    "categorical_cross_entropy": lambda shape: shape[:1],
    "softmax_cross_entropy": lambda shape: shape[:1],
    "hinge": lambda shape: shape,
    "multiclass_hinge": lambda shape: shape[:1],
    "kl_divergence": lambda shape: shape[:-1],
}


@pytest.mark.parametrize("name", ALL_LOSSES)
@given(data=st.data())
def test_reduction_none_has_the_documented_shape_and_grads_match_y_pred(name, data):
    loss, grad = LOSSES[name]
    y_true, y_pred, _ = data.draw(loss_inputs(name))
    shape = np.shape(y_pred)
    assert np.shape(loss(y_true, y_pred, reduction="none")) == NONE_SHAPE[name](shape)
    for reduction in REDUCTIONS:
        assert np.shape(grad(y_true, y_pred, reduction=reduction)) == shape


def test_kl_divergence_of_a_single_distribution_reduces_to_a_scalar():
    # shape [n_classes]: "none" gives shape () (p.shape[:-1]); "mean" and "sum" the same number
    value = kl_divergence([0.5, 0.5], [0.9, 0.1], reduction="none")
    assert np.shape(value) == ()
    assert kl_divergence([0.5, 0.5], [0.9, 0.1], reduction="sum") == pytest.approx(float(value))


@pytest.mark.parametrize("name", ["mse", "mae", "huber"])
@given(y=hnp.arrays(np.float64, hnp.array_shapes(max_dims=2, max_side=5), elements=real))
def test_regression_losses_are_zero_at_a_perfect_prediction(name, y):
    loss, grad = LOSSES[name]
    assert loss(y, y.copy(), reduction="sum") == 0.0
    assert np.all(grad(y, y.copy()) == 0.0)


@given(
    labels=hnp.arrays(np.float64, st.integers(1, 6), elements=st.sampled_from([-1.0, 1.0])),
    extra=st.floats(0.0, 1e3),
)
def test_hinge_is_zero_beyond_the_margin(labels, extra):
    """Is the hinge loss zero once y * s >= 1, i.e. right with a margin of at least 1?"""
    scores = labels * (1.0 + extra)
    assert hinge(labels, scores, reduction="sum") == 0.0
    assert np.all(hinge_grad(labels, scores) == 0.0)


@given(data=st.data())
def test_multiclass_hinge_is_zero_when_the_true_class_leads_by_the_margin(data):
    n, k = data.draw(st.integers(1, 5)), data.draw(st.integers(2, 5))
    scores = data.draw(hnp.arrays(np.float64, (n, k), elements=real))
    labels = data.draw(hnp.arrays(np.int64, n, elements=st.integers(0, k - 1)))
    # a lead of 1 exactly can round to 1 - 1e-16 in (max + lead) - max; 1.001 is beyond rounding
    lead = data.draw(st.floats(1.001, 10.0))
    scores[np.arange(n), labels] = scores.max(axis=1) + lead
    assert multiclass_hinge(labels, scores, reduction="sum") == 0.0


@given(labels=st.lists(st.integers(0, 3), min_size=1, max_size=6))
def test_cross_entropies_are_zero_at_a_certain_correct_prediction(labels):
    targets = one_hot(labels, 4)
    assert categorical_cross_entropy(targets, targets.copy(), reduction="sum") == 0.0
    # logits 1e4 for the true class, 0 for the others: log-softmax is exactly 0
    assert softmax_cross_entropy(labels, 1e4 * targets, reduction="sum") == 0.0
    binary = targets[:, 0]
    assert binary_cross_entropy_with_logits(binary, 2e4 * binary - 1e4, reduction="sum") == 0.0


@given(labels=hnp.arrays(np.float64, st.integers(1, 6), elements=st.sampled_from([0.0, 1.0])))
def test_bce_of_a_certain_correct_probability_is_about_zero(labels):
    # the prediction is clipped to [1e-12, 1 - 1e-12], so the loss is -log(1 - 1e-12) ~ 1e-12
    assert binary_cross_entropy(labels, labels.copy()) < 1e-11


@given(y=st.floats(0.0, 1.0), p=st.floats(0.0, 1.0))
def test_bce_with_a_soft_label_is_smallest_when_the_prediction_equals_the_label(y, p):
    at_label = binary_cross_entropy([y], [y])
    assert binary_cross_entropy([y], [p]) >= at_label - 1e-12 * max(1.0, at_label)


@given(data=st.data())
def test_softmax_cross_entropy_is_smallest_at_logits_log_of_the_target(data):
    """With a soft target t, is the loss at logits log t (softmax = t) below the loss elsewhere?"""
    k = data.draw(st.integers(2, 5))
    weights = np.array(data.draw(st.lists(st.floats(0.05, 1.0), min_size=k, max_size=k)))
    target = (weights / weights.sum())[None, :]
    other = data.draw(hnp.arrays(np.float64, (1, k), elements=st.floats(-20, 20)))
    at_target = softmax_cross_entropy(target, np.log(target))
    assert softmax_cross_entropy(target, other) >= at_target - 1e-12


@given(p=distributions(3, 4))
def test_kl_divergence_of_a_distribution_with_itself_is_zero(p):
    assert kl_divergence(p, p.copy(), reduction="sum") == 0.0


# -------------------------------------------------------------------- bad input

VALID = {  # name -> (y_true, y_pred), a valid call
    "mse": ([1.0, 2.0, 3.0], [1.5, 2.0, 2.5]),
    "mae": ([1.0, 2.0, 3.0], [1.5, 2.0, 2.5]),
    "huber": ([1.0, 2.0, 3.0], [1.5, 2.0, 2.5]),
    "binary_cross_entropy": ([0.0, 1.0, 1.0], [0.2, 0.7, 0.9]),
    "binary_cross_entropy_with_logits": ([0.0, 1.0, 1.0], [-1.0, 0.5, 2.0]),
    "categorical_cross_entropy": (
        [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]],
        [[0.7, 0.2, 0.1], [0.3, 0.6, 0.1], [0.2, 0.5, 0.3]],
    ),
    "softmax_cross_entropy": ([0, 2, 1], [[1.0, 0.5, -1.0], [0.0, 2.0, 1.0], [0.3, 0.3, 0.3]]),
    "hinge": ([1.0, -1.0, 1.0], [0.3, -2.0, 1.5]),
    "multiclass_hinge": ([0, 2, 1], [[1.0, 0.5, -1.0], [0.0, 2.0, 1.0], [0.3, 0.3, 0.3]]),
    "kl_divergence": (
        [[0.5, 0.5, 0.0], [0.2, 0.3, 0.5], [1.0, 0.0, 0.0]],
        [[0.7, 0.2, 0.1], [0.3, 0.6, 0.1], [0.2, 0.5, 0.3]],
    ),
}
# What the message says when y_pred has one row fewer than y_true.
SHAPE_MESSAGE = {
    "softmax_cross_entropy": r"3 class indices but y_pred has 2 rows",
    "multiclass_hinge": r"one class index per sample, shape \(2,\), got \(3,\)",
    "kl_divergence": r"p and q must have the same shape, got \(3, 3\) and \(2, 3\)",
    "categorical_cross_entropy": r"same shape, got \(3, 3\) and \(2, 3\)",
}
BOTH = [  # (name, 0) is the loss, (name, 1) its gradient
    pytest.param(name, i, id=name + ("_grad" if i else "")) for name in ALL_LOSSES for i in (0, 1)
]


@pytest.mark.parametrize(("name", "which"), BOTH)
def test_valid_reference_call_succeeds(name, which):
    """Are the VALID inputs below really valid (so each error test fails for its own reason)?"""
    y_true, y_pred = VALID[name]
    assert np.all(np.isfinite(LOSSES[name][which](y_true, y_pred)))


@pytest.mark.parametrize(("name", "which"), BOTH)
def test_shape_mismatch_raises_and_names_both_shapes(name, which):
    y_true, y_pred = VALID[name]
    message = SHAPE_MESSAGE.get(name, r"y_true and y_pred must have the same shape, got \(3,\) and \(2,\)")
    with pytest.raises(ValueError, match=message):
        LOSSES[name][which](y_true, y_pred[:-1])


def test_shape_mismatch_with_equal_sizes_suggests_a_reshape():
    """Is a column y_pred against a flat y_true refused (not broadcast to [n, n]) with a hint?"""
    with pytest.raises(ValueError, match=r"reshape.*\(3,\)") as err:
        mse([1.0, 2.0, 3.0], [[1.0], [2.0], [3.0]])
    assert "Broadcasting" in str(err.value)


def _with_nan(values):
    arr = np.array(values, dtype=float)
    arr.flat[1] = np.nan
    return arr


@pytest.mark.parametrize(("name", "which"), BOTH)
def test_nan_in_y_pred_raises_and_points_at_it(name, which):
    y_true, y_pred = VALID[name]
    arg = "q" if name == "kl_divergence" else "y_pred"
    with pytest.raises(ValueError, match=rf"{arg}\[[0-9, ]+\] = nan"):
        LOSSES[name][which](y_true, _with_nan(y_pred))


@pytest.mark.parametrize(
    "name",
    [
        "mse",
        "mae",
        "huber",
        "binary_cross_entropy",
        "binary_cross_entropy_with_logits",
        "categorical_cross_entropy",
        "hinge",
        "kl_divergence",
    ],
)
def test_nan_in_y_true_raises(name):
    y_true, y_pred = VALID[name]
    arg = "p" if name == "kl_divergence" else "y_true"
    with pytest.raises(ValueError, match=rf"{arg}.*nan"):
        LOSSES[name][0](_with_nan(y_true), y_pred)


@pytest.mark.parametrize("name", ["softmax_cross_entropy", "multiclass_hinge"])
def test_nan_class_index_raises(name):
    _, y_pred = VALID[name]
    with pytest.raises(ValueError, match="whole-number class indices"):
        LOSSES[name][0]([0.0, np.nan, 1.0], y_pred)


@pytest.mark.parametrize("fn", [binary_cross_entropy, binary_cross_entropy_grad])
@pytest.mark.parametrize("bad", [1.2, -0.1])
def test_bce_probability_outside_unit_interval_raises(fn, bad):
    with pytest.raises(ValueError, match=rf"y_pred must hold probabilities in \[0, 1\].*{bad}"):
        fn([0.0, 1.0], [0.5, bad])


@pytest.mark.parametrize(
    "fn", [binary_cross_entropy, binary_cross_entropy_with_logits, binary_cross_entropy_grad]
)
def test_binary_label_outside_unit_interval_raises(fn):
    with pytest.raises(ValueError, match=r"y_true must hold labels.*\[0, 1\].*2\.0"):
        fn([0.0, 2.0], [0.5, 0.5])


@pytest.mark.parametrize("fn", [categorical_cross_entropy, categorical_cross_entropy_grad])
def test_categorical_probability_outside_unit_interval_raises(fn):
    with pytest.raises(ValueError, match=r"y_pred must hold probabilities in \[0, 1\]"):
        fn([[1.0, 0.0], [0.0, 1.0]], [[1.5, -0.5], [0.5, 0.5]])


@pytest.mark.parametrize("fn", [categorical_cross_entropy, categorical_cross_entropy_grad])
def test_categorical_rows_not_summing_to_one_suggest_softmax(fn):
    with pytest.raises(ValueError, match=r"row 0 sums to 0\.9.*softmax"):
        fn([[1.0, 0.0, 0.0]], [[0.5, 0.2, 0.2]])


@pytest.mark.parametrize("fn", [kl_divergence, kl_divergence_grad])
def test_kl_probability_outside_unit_interval_or_not_normalized_raises(fn):
    with pytest.raises(ValueError, match=r"q must hold probabilities in \[0, 1\]"):
        fn([0.5, 0.5], [1.5, -0.5])
    with pytest.raises(ValueError, match=r"each row of p must be a probability distribution"):
        fn([0.5, 0.6], [0.5, 0.5])


@pytest.mark.parametrize("fn", [hinge, hinge_grad])
def test_hinge_with_0_1_labels_suggests_2y_minus_1(fn):
    with pytest.raises(ValueError, match=r"-1 or \+1.*2 \* y - 1"):
        fn([1.0, 0.0, 1.0], [0.3, -0.2, 0.5])


@pytest.mark.parametrize("fn", [categorical_cross_entropy, categorical_cross_entropy_grad])
def test_categorical_cross_entropy_with_class_indices_mentions_one_hot(fn):
    _, y_pred = VALID["categorical_cross_entropy"]
    with pytest.raises(ValueError, match=r"class indices.*one_hot"):
        fn([0, 2, 1], y_pred)


@pytest.mark.parametrize("name", ["softmax_cross_entropy", "multiclass_hinge"])
def test_class_index_out_of_range_raises(name):
    _, y_pred = VALID[name]
    with pytest.raises(ValueError, match=r"class index 3, but there are 3 classes"):
        LOSSES[name][0]([0, 3, 1], y_pred)


def test_label_smoothing_of_one_raises():
    y_true, y_pred = VALID["softmax_cross_entropy"]
    with pytest.raises(ValueError, match=r"label_smoothing must lie in \[0, 1\)"):
        softmax_cross_entropy(y_true, y_pred, label_smoothing=1.0)


@pytest.mark.parametrize("fn", [huber, huber_grad])
def test_huber_non_positive_delta_raises(fn):
    with pytest.raises(ValueError, match=r"delta must be a finite number > 0"):
        fn([0.0], [1.0], delta=0.0)


@pytest.mark.parametrize(("name", "which"), BOTH)
def test_unknown_reduction_raises_and_lists_the_choices(name, which):
    y_true, y_pred = VALID[name]
    with pytest.raises(ValueError, match=r"reduction must be one of .*'mean'.*got 'avg'"):
        LOSSES[name][which](y_true, y_pred, reduction="avg")


def test_mean_over_zero_samples_raises():
    with pytest.raises(ValueError, match="zero samples"):
        mse([], [])
    assert mse([], [], reduction="sum") == 0.0
