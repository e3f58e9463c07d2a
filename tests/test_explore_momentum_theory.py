"""Tests of the momentum rate-map explorer (``02_optimization/07_why_momentum_works``), without a display.

A test moves the sliders as a learner would (``Explorer.set``) and checks that the point on the
map, the measured run and the predicted decay moved to the right places, and that the readout
states the rate and regimes computed independently here.
"""

from __future__ import annotations

import numpy as np
import pytest

from course_utils import quadratics as Q
from course_utils.explore.optimization.momentum_theory import momentum_theory_explorer, rate_map


def test_rate_map_is_the_worse_of_the_two_directions():
    """Is each entry of the map the larger of the two spectral radii, computed one by one?"""
    etas, betas = np.array([0.01, 0.05, 0.1]), np.array([0.0, 0.5, 0.9])
    rates = rate_map(1.0, 25.0, etas, betas)
    assert rates.shape == (3, 3)
    for i, beta in enumerate(betas):
        for j, eta in enumerate(etas):
            matrices = [Q.momentum_matrix(eta, beta, lam) for lam in (1.0, 25.0)]
            radii = [np.abs(np.linalg.eigvals(M)).max() for M in matrices]
            assert rates[i, j] == pytest.approx(max(radii), rel=1e-6)


def test_the_map_is_lowest_at_the_optimum():
    """On a fine grid, is no (eta, beta) faster than the optimum's (sqrt(kappa) - 1)/(sqrt(kappa) + 1)?"""
    rates = rate_map(1.0, 25.0, np.geomspace(0.01, 0.2, 200), np.linspace(0, 0.99, 200))
    assert rates.min() >= Q.best_momentum_rate(25.0) - 1e-9
    assert rates.min() < Q.best_momentum_rate(25.0) + 0.02


@pytest.fixture(scope="module")
def explorer():
    return momentum_theory_explorer(steps=150)


def test_moving_the_sliders_moves_the_point_and_the_run(explorer):
    """After set(lr, beta), is the point at (log10 lr, beta) and the run the one quadratic_run makes?"""
    before = explorer.image.value
    explorer.set(lr=0.02, beta=0.8)
    state = explorer.state
    x, y = state["point"].get_data()
    assert (x[0], y[0]) == pytest.approx((np.log10(0.02), 0.8))
    run = Q.quadratic_run(state["quadratic"], 0.02, 0.8, steps=150)
    np.testing.assert_allclose(state["measured"].get_ydata(), np.linalg.norm(run[:, 0], axis=-1))
    assert explorer.image.value != before


def test_the_prediction_line_is_the_start_times_the_rate_to_the_power_t(explorer):
    """Is the dashed line e_0 r^t with r the worse spectral radius of the two directions?"""
    explorer.set(lr=0.05, beta=0.3)
    state = explorer.state
    rate = max(Q.momentum_rate(0.05, 0.3, 1.0), Q.momentum_rate(0.05, 0.3, 25.0))
    e0 = state["measured"].get_ydata()[0]
    np.testing.assert_allclose(state["predicted"].get_ydata(), e0 * rate ** np.arange(151), rtol=1e-9)


@pytest.mark.parametrize(
    "lr, beta, words",
    [
        (0.01, 0.9, ["flat direction (λ = 1): oscillating", "steep direction (λ = 25): oscillating"]),
        (0.005, 0.1, ["flat direction (λ = 1): monotone", "steep direction (λ = 25): monotone"]),
        (0.17, 0.1, ["steep direction (λ = 25): divergent"]),
    ],
)
def test_the_readout_names_each_directions_regime(explorer, lr, beta, words):
    """Does the readout name the regimes that momentum_regime gives for each direction?"""
    explorer.set(lr=lr, beta=beta)
    for w in words:
        assert w in explorer.readout_text


def test_the_readout_states_the_predicted_and_measured_rates(explorer):
    """Are both rates in the readout, and within 1 % of each other off the optimum?"""
    explorer.set(lr=0.04, beta=0.6)
    predicted = max(Q.momentum_rate(0.04, 0.6, 1.0), Q.momentum_rate(0.04, 0.6, 25.0))
    assert f"predicted rate {predicted:.3f}" in explorer.readout_text
    measured = float(explorer.readout_text.split("measured ")[1].split(" ")[0])
    assert measured == pytest.approx(predicted, rel=0.01)


def test_a_condition_number_below_one_is_refused():
    """Is kappa < 1 (not a condition number) refused with a message?"""
    with pytest.raises(ValueError, match="kappa"):
        momentum_theory_explorer(kappa=0.5)
