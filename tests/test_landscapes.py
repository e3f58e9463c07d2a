"""Tests of ``course_utils.landscapes``: the cost surfaces, their gradients, and the
optimizer trajectories drawn on them."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_utils.data import line_data, logistic_data
from course_utils.gradcheck import gradcheck
from course_utils.landscapes import (
    SURFACES,
    bowl,
    elongated_valley,
    line_fit_surface,
    logistic_surface,
    rosenbrock,
    saddle,
    several_minima,
    trajectory,
)
from course_utils.optimizers import OPTIMIZERS, adam, momentum, sgd

X_LINE, Y_LINE = line_data(20, seed=3)
X_LOGISTIC, Y_LOGISTIC = logistic_data(30, seed=3)

ALL_SURFACES = {
    **{name: make() for name, make in SURFACES.items()},
    "rotated valley": elongated_valley(condition=8.0, angle=0.6),
    "Rosenbrock a=2 b=10": rosenbrock(a=2.0, b=10.0),
    "line fit mse": line_fit_surface(X_LINE, Y_LINE, "mse"),
    "line fit mae": line_fit_surface(X_LINE, Y_LINE, "mae"),
    "line fit huber": line_fit_surface(X_LINE, Y_LINE, "huber", delta=0.5),
    "logistic": logistic_surface(X_LOGISTIC, Y_LOGISTIC),
}


def test_surfaces_registry():
    assert set(SURFACES) == {"bowl", "elongated valley", "Rosenbrock", "saddle", "several minima"}
    for name, make in SURFACES.items():
        assert make().name == name


# ---------------------------------------------------------------- values by hand


def test_bowl_by_hand():
    surface = bowl()
    # 0.5 (3^2 + 4^2) = 12.5; gradient (3, 4)
    assert surface.value([3.0, 4.0]) == pytest.approx(12.5)
    np.testing.assert_allclose(surface.grad([3.0, 4.0]), [3.0, 4.0])


def test_elongated_valley_by_hand():
    aligned = elongated_valley(condition=20.0)
    # angle 0: u = x, v = y: 0.5 * 1 at (1, 0); 0.5 * 20 at (0, 1)
    assert aligned.value([1.0, 0.0]) == pytest.approx(0.5)
    assert aligned.value([0.0, 1.0]) == pytest.approx(10.0)
    # rotated by 90 degrees the steep direction is x: u = y, v = -x
    turned = elongated_valley(condition=20.0, angle=math.pi / 2)
    assert turned.value([1.0, 0.0]) == pytest.approx(10.0)
    assert turned.value([0.0, 1.0]) == pytest.approx(0.5)


def test_rosenbrock_by_hand():
    surface = rosenbrock()
    # minimum 0 at (a, a^2) = (1, 1) with zero gradient; at the origin (1 - 0)^2 = 1
    assert surface.value([1.0, 1.0]) == 0.0
    np.testing.assert_array_equal(surface.grad([1.0, 1.0]), [0.0, 0.0])
    assert surface.value([0.0, 0.0]) == pytest.approx(1.0)
    # at (0, 1): (1 - 0)^2 + 100 (1 - 0)^2 = 101; gradient (-2, 200)
    assert surface.value([0.0, 1.0]) == pytest.approx(101.0)
    np.testing.assert_allclose(surface.grad([0.0, 1.0]), [-2.0, 200.0])
    assert surface.minima == ((1.0, 1.0),)


def test_saddle_by_hand():
    surface = saddle()
    # minima (0, +-1): 1/4 - 1/2 = -1/4 with zero gradient; a flat saddle point at the origin
    for y in (-1.0, 1.0):
        assert surface.value([0.0, y]) == pytest.approx(-0.25)
        np.testing.assert_array_equal(surface.grad([0.0, y]), [0.0, 0.0])
    np.testing.assert_array_equal(surface.grad([0.0, 0.0]), [0.0, 0.0])
    assert surface.value([0.0, 0.5]) < surface.value([0.0, 0.0]) < surface.value([0.5, 0.0])


def test_several_minima_deepest_well_is_the_global_minimum():
    """Does descent from near each well settle in it, with the well near (1.5, 1) deepest?"""
    surface = several_minima()
    bottoms = []
    for centre in surface.minima:
        path = trajectory(sgd(0.2), surface, start=centre, steps=500)
        assert np.linalg.norm(surface.grad(path[-1])) < 1e-8
        assert np.linalg.norm(path[-1] - centre) < 0.5
        bottoms.append(surface.value(path[-1]))
    assert surface.minima[int(np.argmin(bottoms))] == (1.5, 1.0)


def test_logistic_surface_at_the_origin_is_log_2():
    # w = b = 0: sigma(0) = 1/2 for every sample, BCE = log 2 whatever the labels;
    # gradient = mean((1/2 - y) x), mean(1/2 - y)
    surface = logistic_surface(X_LOGISTIC, Y_LOGISTIC)
    assert surface.value([0.0, 0.0]) == pytest.approx(math.log(2))
    residual = [0.5 - y for y in Y_LOGISTIC]
    expected = [
        sum(r * x for r, x in zip(residual, X_LOGISTIC)) / len(residual),
        sum(residual) / len(residual),
    ]
    np.testing.assert_allclose(surface.grad([0.0, 0.0]), expected, rtol=1e-12)


def test_line_fit_surface_value_is_the_mean_squared_residual():
    surface = line_fit_surface([0.0, 1.0, 2.0], [1.0, 2.0, 5.0])
    # w = 2, b = 1: predictions 1, 3, 5; residuals 0, 1, 0 -> MSE 1/3
    assert surface.value([2.0, 1.0]) == pytest.approx(1 / 3)
    # gradient: (2/3) * [sum r x, sum r] = (2/3) * [1, 1]
    np.testing.assert_allclose(surface.grad([2.0, 1.0]), [2 / 3, 2 / 3])


def test_line_fit_surface_minimum_under_mse_matches_polyfit():
    slope, intercept = np.polyfit(X_LINE, Y_LINE, 1)
    surface = line_fit_surface(X_LINE, Y_LINE, "mse")
    best = np.array([slope, intercept])
    # the gradient vanishes at the least-squares line ...
    np.testing.assert_allclose(surface.grad(best), [0.0, 0.0], atol=1e-12)
    # ... and every step away from it costs more
    for direction in ([1, 0], [0, 1], [1, 1], [1, -1]):
        step = 1e-3 * np.array(direction, dtype=float)
        assert surface.value(best + step) > surface.value(best)
        assert surface.value(best - step) > surface.value(best)
    # and gradient descent lands there from the surface's own start
    path = trajectory(sgd(0.2), surface, steps=500)
    np.testing.assert_allclose(path[-1], best, atol=1e-8)


def test_line_fit_surface_with_mae_is_pulled_less_by_outliers_than_mse():
    x, y = line_data(30, n_outliers=4, outlier_shift=12.0, seed=0)
    fits = {}
    for loss in ("mse", "mae"):
        path = trajectory(adam(0.05), line_fit_surface(x, y, loss), steps=3000)
        fits[loss] = path[-1]
    # the true intercept is 1; the outliers drag the squared-error intercept up much further
    assert abs(fits["mae"][1] - 1.0) < abs(fits["mse"][1] - 1.0)


def test_line_fit_surface_rejects_classification_losses_and_bad_data():
    with pytest.raises(ValueError, match="'mse', 'mae' or 'huber'"):
        line_fit_surface([0.0, 1.0], [0.0, 1.0], "hinge")
    with pytest.raises(ValueError, match="same length"):
        line_fit_surface([0.0, 1.0], [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="x must be finite"):
        line_fit_surface([0.0, float("nan")], [0.0, 1.0])


# ----------------------------------------------------- gradients by finite differences


@pytest.mark.parametrize("name", list(ALL_SURFACES))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_surface_grad_matches_finite_differences_of_value(name, seed):
    surface = ALL_SURFACES[name]
    rng = np.random.default_rng(seed)
    theta = np.array([rng.uniform(*surface.xlim), rng.uniform(*surface.ylim)])
    assert gradcheck(surface.value, surface.grad, theta) < 1e-6


# --------------------------------------------------------------- shapes and grids


@pytest.mark.parametrize("name", list(ALL_SURFACES))
def test_value_and_grad_accept_grids_of_points(name):
    """Does value([..., 2]) give [...] and grad give [..., 2], pointwise?"""
    surface = ALL_SURFACES[name]
    rng = np.random.default_rng(0)
    points = np.stack(
        [rng.uniform(*surface.xlim, size=(4, 3)), rng.uniform(*surface.ylim, size=(4, 3))], axis=-1
    )
    values, grads = surface.value(points), surface.grad(points)
    assert values.shape == (4, 3)
    assert grads.shape == (4, 3, 2)
    for i in range(4):
        for j in range(3):
            assert values[i, j] == pytest.approx(float(surface.value(points[i, j])), rel=1e-12)
            np.testing.assert_allclose(grads[i, j], surface.grad(points[i, j]), rtol=1e-12)


def test_bowl_value_on_a_grid_by_hand():
    points = np.array([[[0.0, 0.0], [1.0, 0.0]], [[1.0, 1.0], [-2.0, 2.0]]])
    # 0.5 (x^2 + y^2): 0, 0.5, 1, 4
    np.testing.assert_allclose(bowl().value(points), [[0.0, 0.5], [1.0, 4.0]])


@pytest.mark.parametrize("name", list(ALL_SURFACES))
def test_grid_covers_the_limits_with_n_by_n_points(name):
    surface = ALL_SURFACES[name]
    x, y, z = surface.grid(n=7)
    assert x.shape == y.shape == z.shape == (7, 7)
    assert (x.min(), x.max()) == pytest.approx(surface.xlim)
    assert (y.min(), y.max()) == pytest.approx(surface.ylim)
    np.testing.assert_allclose(z, surface.value(np.stack([x, y], axis=-1)), rtol=1e-12)


def test_theta_without_a_last_axis_of_two_raises():
    with pytest.raises(ValueError, match=r"theta must have shape \[\.\.\., 2\].*\(3,\)"):
        bowl().value([1.0, 2.0, 3.0])


# ------------------------------------------------------------------- trajectories


@pytest.mark.parametrize("name", list(ALL_SURFACES))
def test_trajectory_has_steps_plus_one_points_and_starts_at_start(name):
    surface = ALL_SURFACES[name]
    path = trajectory(sgd(1e-3), surface, steps=25)
    assert path.shape == (26, 2)
    np.testing.assert_array_equal(path[0], surface.start)
    path = trajectory(sgd(1e-3), surface, start=(0.3, -0.2), steps=4)
    assert path.shape == (5, 2)
    np.testing.assert_array_equal(path[0], [0.3, -0.2])


def test_gradient_descent_on_the_bowl_shrinks_by_one_minus_lr_each_step():
    # theta <- theta - 0.1 theta = 0.9 theta, so theta_k = 0.9^k theta_0
    start = np.array([-2.5, 2.0])
    path = trajectory(sgd(0.1), bowl(), start=start, steps=200)
    for k in (1, 2, 10, 50):
        np.testing.assert_allclose(path[k], 0.9**k * start, rtol=1e-12)
    # 0.9^200 * 3.2 ~ 2e-9: converged to the minimum
    np.testing.assert_allclose(path[-1], [0.0, 0.0], atol=1e-8)


@pytest.mark.parametrize(
    "optimizer",
    [
        OPTIMIZERS["sgd"](0.1),
        momentum(0.05),
        OPTIMIZERS["nesterov"](0.05),
        OPTIMIZERS["adagrad"](0.5),
        OPTIMIZERS["rmsprop"](0.01),
        adam(0.05),
    ],
    ids=lambda opt: opt.name,
)
def test_every_optimizer_gets_close_to_the_bowls_minimum(optimizer):
    path = trajectory(optimizer, bowl(), steps=1000)
    assert np.linalg.norm(path[-1]) < 0.05 * np.linalg.norm(path[0])


def test_divergence_ends_the_path_early_at_the_last_finite_point():
    """Does sgd(2.5) on the bowl stop where |theta| would pass 1e6, all points finite?"""
    path = trajectory(sgd(2.5), bowl(), steps=100)
    # theta <- theta - 2.5 theta = -1.5 theta: |theta_k|_max = 2.5 * 1.5^k, below 1e6 while
    # k < log(4e5) / log(1.5) = 31.8, so theta_0 .. theta_31 are kept: 32 points
    assert path.shape == (32, 2)
    assert np.all(np.isfinite(path))
    np.testing.assert_allclose(path[-1], (-1.5) ** 31 * np.array([-2.5, 2.0]), rtol=1e-12)


def test_trajectory_with_zero_steps_is_the_start_alone():
    np.testing.assert_array_equal(trajectory(sgd(0.1), bowl(), steps=0), [bowl().start])


def test_trajectory_bad_arguments_raise():
    with pytest.raises(ValueError, match=r"start must be a point"):
        trajectory(sgd(0.1), bowl(), start=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="steps must be a non-negative integer"):
        trajectory(sgd(0.1), bowl(), steps=-1)
    with pytest.raises(ValueError, match="steps must be a non-negative integer"):
        trajectory(sgd(0.1), bowl(), steps=2.5)


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_each_surface_formula_can_be_drawn_by_matplotlib(name):
    """Does matplotlib's mathtext accept every surface's formula (used as a plot title)?"""
    mathtext = pytest.importorskip("matplotlib.mathtext")  # make test-min runs without matplotlib
    MathTextParser = mathtext.MathTextParser

    MathTextParser("agg").parse(SURFACES[name]().formula)
