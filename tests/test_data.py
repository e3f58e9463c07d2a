"""Tests of ``course_utils.data``: reproducible by seed, shapes and labels as documented."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.data import line_data, linear_regression_data, logistic_data, two_moons, xor

MAKERS = {
    "line_data": line_data,
    "logistic_data": logistic_data,
    "linear_regression_data": linear_regression_data,
    "two_moons": two_moons,
    "xor": xor,
}


@pytest.mark.parametrize("name", list(MAKERS))
def test_same_seed_gives_identical_arrays(name):
    make = MAKERS[name]
    first, second = make(seed=11), make(seed=11)
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", list(MAKERS))
def test_different_seeds_give_different_samples(name):
    make = MAKERS[name]
    assert not np.array_equal(make(seed=0)[0], make(seed=1)[0])


@pytest.mark.parametrize("name", list(MAKERS))
def test_making_data_does_not_touch_numpys_global_random_state(name):
    # the legacy global generator is what this test watches, hence the noqa
    np.random.seed(123)  # noqa: NPY002
    expected = np.random.random()  # noqa: NPY002
    np.random.seed(123)  # noqa: NPY002
    MAKERS[name](seed=5)
    assert np.random.random() == expected  # noqa: NPY002


def test_line_data_shapes_range_and_order():
    x, y = line_data(25, seed=2)
    assert x.shape == y.shape == (25,)
    assert np.all((x >= -2.0) & (x <= 2.0))
    assert np.all(np.diff(x) >= 0)


def test_line_data_without_noise_lies_on_the_line():
    x, y = line_data(10, slope=-3.0, intercept=0.5, noise=0.0, seed=0)
    np.testing.assert_allclose(y, -3.0 * x + 0.5, rtol=1e-15)


def test_line_data_noise_has_the_requested_spread():
    x, y = line_data(4000, slope=2.0, intercept=1.0, noise=0.5, seed=0)
    residual = y - (2.0 * x + 1.0)
    assert residual.std() == pytest.approx(0.5, rel=0.05)
    assert abs(residual.mean()) < 0.05


def test_line_data_outliers_are_the_last_points_moved_up():
    x, y = line_data(30, n_outliers=3, outlier_shift=12.0, seed=4)
    x0, y0 = line_data(30, seed=4)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(y[:-3], y0[:-3])
    np.testing.assert_allclose(y[-3:] - y0[-3:], 12.0, rtol=1e-12)


def test_logistic_data_shapes_range_and_labels():
    x, y = logistic_data(50, seed=1)
    assert x.shape == y.shape == (50,)
    assert np.all((x >= -3.0) & (x <= 3.0))
    assert np.all(np.diff(x) >= 0)
    assert set(np.unique(y)) <= {0.0, 1.0}
    assert y.dtype == np.float64


def test_logistic_data_labels_follow_the_sigmoid():
    """With a steep sigmoid at x = 0.5, are labels 1 right of it and 0 left of it?"""
    x, y = logistic_data(400, weight=50.0, bias=-25.0, seed=0)
    # P(y = 1 | x) = sigma(50 (x - 0.5)): below 1e-4 for x < 0.3, above 1 - 1e-4 for x > 0.7
    assert np.all(y[x < 0.3] == 0.0)
    assert np.all(y[x > 0.7] == 1.0)


def test_linear_regression_data_shapes_and_recoverable_weights():
    x, y, w_true = linear_regression_data(4096, 3, noise=0.5, seed=0)
    assert x.shape == (4096, 3) and y.shape == (4096,) and w_true.shape == (3,)
    # least squares with an intercept column recovers w_true and the intercept 1
    # (standard error about 0.5 / sqrt(4096) = 0.008 per coefficient)
    design = np.column_stack([x, np.ones(len(x))])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    np.testing.assert_allclose(coef[:3], w_true, atol=0.05)
    assert coef[3] == pytest.approx(1.0, abs=0.05)


@pytest.mark.parametrize("n", [200, 7])
def test_two_moons_shapes_and_label_counts(n):
    x, y = two_moons(n, seed=0)
    assert x.shape == (n, 2) and y.shape == (n,)
    # n // 2 points in the upper moon (label 0), the rest in the lower one (label 1)
    assert np.sum(y == 0.0) == n // 2
    assert np.sum(y == 1.0) == n - n // 2


def test_two_moons_upper_moon_is_label_0_and_roughly_centred():
    x, y = two_moons(2000, noise=0.05, seed=0)
    assert x[y == 0.0, 1].mean() > x[y == 1.0, 1].mean() + 0.5
    np.testing.assert_allclose(x.mean(axis=0), [0.0, 0.0], atol=0.1)
    # shuffled: the labels are not in two blocks
    assert 0.0 < y[: len(y) // 2].mean() < 1.0


def test_xor_shapes_and_labels_follow_the_signs():
    x, y = xor(400, seed=0)
    assert x.shape == (400, 2) and y.shape == (400,)
    assert set(np.unique(y)) == {0.0, 1.0}
    # noise 0.2 around (+-1, +-1): a point crosses an axis with probability ~6e-7
    exactly_one_positive = (x[:, 0] > 0) != (x[:, 1] > 0)
    np.testing.assert_array_equal(y, exactly_one_positive.astype(float))
