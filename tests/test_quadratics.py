"""Tests of ``course_utils.quadratics``: the theory of gradient descent and momentum on a quadratic.

Each formula is checked three ways: against values worked out by hand, against a second route
(NumPy's eigenvalues of the 2x2 matrix, central differences, a plain NumPy loop of the
iteration, a Monte Carlo estimate of the noise floor), and by properties (rates are
non-negative, below 1 exactly where the runs converge, no NaN at extreme inputs).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_utils import quadratics as Q
from course_utils.gradcheck import numerical_gradient
from course_utils.landscapes import elongated_valley

# ------------------------------------------------------------------ the quadratic


def test_rotated_quadratic_has_the_eigenvalues_and_eigenvectors_it_was_built_from():
    """Does A @ q_i equal lambda_i q_i, with q_1 = (cos a, sin a)?"""
    quad = Q.rotated_quadratic((25.0, 1.0), angle=0.5)
    np.testing.assert_allclose(quad.eigenvalues, [1.0, 25.0])
    np.testing.assert_allclose(quad.eigenvectors[:, 0], [math.cos(0.5), math.sin(0.5)])
    for i in range(2):
        np.testing.assert_allclose(
            quad.A @ quad.eigenvectors[:, i], quad.eigenvalues[i] * quad.eigenvectors[:, i], atol=1e-12
        )
    np.testing.assert_allclose(np.linalg.eigvalsh(quad.A), [1.0, 25.0])


def test_rotated_quadratic_is_the_elongated_valley_of_the_landscapes():
    """Is rotated_quadratic((1, kappa), a) the same cost and gradient as elongated_valley(kappa, a)?"""
    quad = Q.rotated_quadratic((1.0, 9.0), angle=0.7)
    valley = elongated_valley(9.0, angle=0.7)
    theta = np.random.default_rng(0).normal(size=(5, 2))
    np.testing.assert_allclose(quad.value(theta), valley.value(theta), rtol=1e-12)
    np.testing.assert_allclose(quad.grad(theta), valley.grad(theta), rtol=1e-12, atol=1e-12)


def test_the_gradient_of_the_quadratic_matches_central_differences():
    """Is A theta the gradient of theta^T A theta / 2?"""
    quad = Q.rotated_quadratic((2.0, 7.0), angle=1.1)
    theta = np.array([0.3, -1.2])
    np.testing.assert_allclose(quad.grad(theta), numerical_gradient(quad.value, theta), rtol=1e-6)


@pytest.mark.parametrize(
    "eigenvalues, words",
    [((1.0, 2.0, 3.0), "two numbers"), ((0.0, 1.0), "> 0"), ((-1.0, 1.0), "> 0"), ((1.0, np.nan), "finite")],
)
def test_a_bad_quadratic_is_refused_with_a_clear_message(eigenvalues, words):
    """Does a wrong number of eigenvalues, or a non-positive one, get a message that says so?"""
    with pytest.raises(ValueError, match=words):
        Q.rotated_quadratic(eigenvalues)


# ---------------------------------------------------------------- gradient descent


def test_gd_rate_by_hand():
    """Is the rate |1 - eta lambda|: 0.5 at eta lambda = 0.5, 0 at 1, 0.5 at 1.5, 1.5 at 2.5?"""
    np.testing.assert_allclose(Q.gd_rate(0.1, [5.0, 10.0, 15.0, 25.0]), [0.5, 0.0, 0.5, 1.5])
    assert isinstance(Q.gd_rate(0.1, 5.0), float)
    assert Q.gd_rate(0.1, np.ones((2, 3))).shape == (2, 3)
    np.testing.assert_allclose(Q.gd_rate([0.1, 0.2], 5.0), [0.5, 0.0])  # a curve over eta


@pytest.mark.parametrize("eta", [0.0, -0.1, np.nan, [0.1, 0.0]])
def test_gd_rate_refuses_a_learning_rate_that_is_not_positive(eta):
    """Is eta <= 0 or NaN, alone or in an array, refused with a message naming eta?"""
    with pytest.raises(ValueError, match="eta"):
        Q.gd_rate(eta, 1.0)


def test_gradient_descent_in_eigen_coordinates_is_one_multiplication_per_direction():
    """Does a real run of sgd, seen in eigen-coordinates, follow c_i (1 - eta lambda_i)^t?"""
    quad = Q.rotated_quadratic((1.0, 25.0), angle=0.4)
    path = Q.quadratic_run(quad, 0.05, 0.0, steps=30)[:, 0]
    coords = path @ quad.eigenvectors
    t = np.arange(31)[:, None]
    predicted = coords[0] * (1 - 0.05 * quad.eigenvalues) ** t
    np.testing.assert_allclose(coords, predicted, rtol=1e-10, atol=1e-14)


def test_best_eta_equalises_the_two_extreme_rates_and_beats_every_other_rate():
    """At eta = 2 / (lam_min + lam_max), are both rates (kappa - 1)/(kappa + 1), and no eta better?"""
    eta = Q.best_eta(1.0, 25.0)
    assert eta == pytest.approx(2 / 26)
    rates = Q.gd_rate(eta, [1.0, 25.0])
    np.testing.assert_allclose(rates, [24 / 26, 24 / 26])
    assert Q.best_gd_rate(25.0) == pytest.approx(24 / 26)
    etas = np.linspace(0.001, 0.1, 2001)
    worst = np.maximum(np.abs(1 - etas * 1.0), np.abs(1 - etas * 25.0))
    assert worst.min() >= Q.best_gd_rate(25.0) - 1e-12


@pytest.mark.parametrize("args", [(0.0, 1.0), (2.0, 1.0), (1.0, np.inf)])
def test_best_eta_refuses_curvatures_that_are_not_a_bowl(args):
    """Is lam_min <= 0, lam_min > lam_max or an infinite curvature refused with a message?"""
    with pytest.raises(ValueError, match="lam_"):
        Q.best_eta(*args)


# ------------------------------------------------------------------ momentum


def test_momentum_matrix_by_hand():
    """Is the matrix [[1 - eta lam, -eta beta], [lam, beta]], trace 1 + beta - eta lam, det beta?"""
    M = Q.momentum_matrix(0.1, 0.5, 4.0)
    np.testing.assert_allclose(M, [[0.6, -0.05], [4.0, 0.5]])
    assert np.trace(M) == pytest.approx(1.1)
    assert np.linalg.det(M) == pytest.approx(0.5)


def test_momentum_matrix_maps_one_step_of_the_course_optimizer():
    """Does M @ (position, velocity) give one step of optimizers.momentum in 1-D?"""
    from course_utils.optimizers import MomentumState, momentum

    lam, eta, beta = 3.0, 0.07, 0.8
    c, v = np.array([1.3]), np.array([-0.4])
    new_c, state = momentum(eta, beta).update(lam * c, MomentumState(0, v), c)
    expected = Q.momentum_matrix(eta, beta, lam) @ np.array([c[0], v[0]])
    np.testing.assert_allclose([new_c[0], state.velocity[0]], expected, rtol=1e-12)


@pytest.mark.parametrize("eta", [0.001, 0.01, 0.04, 0.08, 0.11, 0.15, 0.3])
@pytest.mark.parametrize("beta", [0.0, 0.3, 0.6, 0.9, 0.99])
@pytest.mark.parametrize("lam", [0.5, 1.0, 25.0])
def test_momentum_rate_is_the_spectral_radius_of_the_matrix(eta, beta, lam):
    """Does the closed form agree with the largest |eigenvalue| NumPy finds?"""
    radius = np.abs(np.linalg.eigvals(Q.momentum_matrix(eta, beta, lam))).max()
    assert Q.momentum_rate(eta, beta, lam) == pytest.approx(radius, rel=1e-6, abs=1e-7)


def test_momentum_rate_by_hand():
    """Are the rates of beta = 0, of a complex pair, and of eta lam = 4 at beta = 0.5 the ones by hand?"""
    assert Q.momentum_rate(0.1, 0.0, 5.0) == pytest.approx(0.5)
    assert Q.momentum_rate(0.05, 0.81, 1.0) == pytest.approx(0.9)  # (1.76)^2 < 3.24: complex
    # a = 1 + 0.5 - 4 = -2.5, disc = 6.25 - 2 = 4.25: rate (2.5 + sqrt(4.25)) / 2
    assert Q.momentum_rate(1.0, 0.5, 4.0) == pytest.approx((2.5 + math.sqrt(4.25)) / 2)


def test_momentum_rate_broadcasts_a_grid_and_stays_finite():
    """Does a grid of eta and beta give a map of that shape, finite even at extreme inputs?"""
    etas, betas = np.meshgrid(np.geomspace(1e-6, 1e6, 7), np.linspace(0, 0.999, 5))
    rates = Q.momentum_rate(etas, betas, 1.0)
    assert rates.shape == (5, 7)
    assert np.all(np.isfinite(rates)) and np.all(rates >= 0)


@pytest.mark.parametrize("eta, beta", [(0.0, 0.5), (-0.1, 0.5), (0.1, 1.0), (0.1, -0.2), (np.nan, 0.5)])
def test_momentum_rate_refuses_bad_settings(eta, beta):
    """Is a non-positive eta, or beta outside [0, 1), refused with a message naming it?"""
    with pytest.raises(ValueError, match="eta|beta"):
        Q.momentum_rate(eta, beta, 1.0)


def test_regimes_change_at_the_critical_learning_rates():
    """Just below and above each boundary of critical_eta, does the regime switch as stated?"""
    beta, lam = 0.49, 2.0
    low, high, div = (float(x) for x in Q.critical_eta(beta, lam))
    assert (low, high, div) == pytest.approx((0.09 / 2, 2.89 / 2, 2.98 / 2))
    assert Q.momentum_regime(low * 0.99, beta, lam) == "monotone"
    assert Q.momentum_regime(low * 1.01, beta, lam) == "oscillating"
    assert Q.momentum_regime(high * 0.99, beta, lam) == "oscillating"
    assert Q.momentum_regime(high * 1.005, beta, lam) == "sign-flipping"
    assert Q.momentum_regime(div * 1.01, beta, lam) == "divergent"


def test_the_optimum_puts_both_extreme_directions_on_the_boundary_with_rate_sqrt_beta():
    """At (eta*, beta*), is the rate (sqrt(kappa) - 1)/(sqrt(kappa) + 1) along both extreme curvatures?"""
    eta, beta = Q.best_momentum(1.0, 25.0)
    assert (eta, beta) == pytest.approx(((2 / 6) ** 2, (4 / 6) ** 2))
    assert Q.best_momentum_rate(25.0) == pytest.approx(4 / 6)
    for lam in (1.0, 5.0, 25.0):
        assert Q.momentum_rate(eta, beta, lam) == pytest.approx(4 / 6, rel=1e-6)
    low, _, _ = Q.critical_eta(beta, 1.0)
    _, high, _ = Q.critical_eta(beta, 25.0)
    assert float(low) == pytest.approx(eta) and float(high) == pytest.approx(eta)


# ---------------------------------------------------------------- runs and rates


def test_measured_rate_recovers_a_known_geometric_decay_and_its_envelope():
    """Is the rate of 0.8^t read back as 0.8, also when the error oscillates under that envelope?"""
    t = np.arange(200)
    assert Q.measured_rate(0.8**t) == pytest.approx(0.8, rel=1e-9)
    wavy = 0.9**t * (1.5 + np.cos(0.7 * t))
    assert Q.measured_rate(wavy) == pytest.approx(0.9, rel=2e-3)


def test_measured_rate_of_real_runs_matches_the_predicted_rate():
    """Does a real run of momentum off the optimum decay at its predicted spectral radius?"""
    quad = Q.rotated_quadratic((1.0, 25.0))
    for eta, beta in [(0.05, 0.3), (0.01, 0.9), (0.04, 0.6), (0.077, 0.0)]:
        errors = np.linalg.norm(Q.quadratic_run(quad, eta, beta, steps=400)[:, 0], axis=-1)
        predicted = max(Q.momentum_rate(eta, beta, 1.0), Q.momentum_rate(eta, beta, 25.0))
        assert Q.measured_rate(errors) == pytest.approx(predicted, rel=0.01)


def test_a_divergent_run_grows_without_nan():
    """Beyond the divergence boundary, does the error grow at a measured rate above 1, with no NaN?"""
    quad = Q.rotated_quadratic((1.0, 25.0))
    errors = np.linalg.norm(Q.quadratic_run(quad, 0.17, 0.1, steps=100)[:, 0], axis=-1)
    assert np.all(np.isfinite(errors))
    assert Q.measured_rate(errors) > 1.0


def test_noise_floor_of_gradient_descent_by_hand():
    """For beta = 0, is the floor eta sigma^2 / (lam (2 - eta lam)), the variance of an AR(1) process?"""
    eta, lam, sigma = 0.1, 4.0, 0.5
    assert Q.noise_floor(eta, 0.0, lam, sigma) == pytest.approx(eta * sigma**2 / (lam * (2 - eta * lam)))
    assert Q.noise_floor(eta, 0.0, lam, 0.0) == 0.0
    assert Q.noise_floor(1.0, 0.0, lam, sigma) == math.inf


def test_noise_floor_matches_a_monte_carlo_estimate():
    """Do 400 noisy runs of the course's momentum settle at the predicted mean squared error?"""
    quad = Q.rotated_quadratic((1.0, 25.0), angle=0.0)
    eta, beta, sigma = 0.02, 0.6, 1.0
    path = Q.quadratic_run(quad, eta, beta, steps=1500, noise=sigma, seeds=400, seed=3)
    coords = path[500:] @ quad.eigenvectors
    measured = (coords**2).mean(axis=(0, 1))
    predicted = [Q.noise_floor(eta, beta, lam, sigma) for lam in quad.eigenvalues]
    np.testing.assert_allclose(measured, predicted, rtol=0.05)


def test_quadratic_run_refuses_bad_arguments():
    """Are a non-integer step count and a negative noise refused with a message?"""
    quad = Q.rotated_quadratic()
    with pytest.raises(ValueError, match="steps"):
        Q.quadratic_run(quad, 0.1, steps=2.5)
    with pytest.raises(ValueError, match="noise"):
        Q.quadratic_run(quad, 0.1, noise=-1.0)
