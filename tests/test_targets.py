"""Tests of ``course_utils.targets``: one-hot rows and label smoothing."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_utils.targets import one_hot, smooth_labels


def test_one_hot_by_hand():
    np.testing.assert_array_equal(
        one_hot([0, 2, 1, 2], 3),
        [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
    )


def test_one_hot_accepts_whole_number_floats_and_returns_float64():
    out = one_hot(np.array([1.0, 0.0]), 2)
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [[0.0, 1.0], [1.0, 0.0]])


def test_one_hot_of_no_samples_has_shape_0_by_k():
    assert one_hot(np.array([], dtype=int), 4).shape == (0, 4)


@given(labels=st.lists(st.integers(0, 6), max_size=10), extra=st.integers(0, 3))
def test_one_hot_rows_hold_a_single_one_at_the_label(labels, extra):
    k = (max(labels) + 1 if labels else 1) + extra
    y = one_hot(labels, k)
    assert y.shape == (len(labels), k)
    np.testing.assert_array_equal(y.sum(axis=1), 1.0)
    np.testing.assert_array_equal(y.argmax(axis=1), labels)


def test_one_hot_index_out_of_range_raises_with_the_valid_range():
    message = r"class index 3, but there are 3 classes \(valid indices 0 to 2\)"
    with pytest.raises(ValueError, match=message):
        one_hot([0, 3], 3)
    with pytest.raises(ValueError, match=r"class index -1"):
        one_hot([0, -1], 3)


@pytest.mark.parametrize("n_classes", [0, -2, 2.5])
def test_one_hot_needs_a_positive_integer_number_of_classes(n_classes):
    with pytest.raises(ValueError, match="n_classes must be a positive integer"):
        one_hot([0], n_classes)


def test_one_hot_rejects_fractional_labels_and_2d_labels():
    with pytest.raises(ValueError, match="whole-number class indices"):
        one_hot([0.5, 1.0], 3)
    with pytest.raises(ValueError, match=r"1-D array of class indices, got shape \(2, 1\)"):
        one_hot([[0], [1]], 3)


def test_label_smoothing_0_1_over_4_classes_by_hand():
    # (1 - 0.1) * 1 + 0.1 / 4 = 0.925 for the true class; 0.1 / 4 = 0.025 for the others
    smoothed = smooth_labels([[0.0, 1.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]], 0.1)
    np.testing.assert_allclose(
        smoothed, [[0.025, 0.925, 0.025, 0.025], [0.925, 0.025, 0.025, 0.025]], rtol=1e-15
    )


@given(
    labels=st.lists(st.integers(0, 4), min_size=1, max_size=8),
    eps=st.floats(0.0, 1.0, exclude_max=True),
)
def test_smoothed_rows_still_sum_to_one_and_keep_the_argmax(labels, eps):
    smoothed = smooth_labels(one_hot(labels, 5), eps)
    np.testing.assert_allclose(smoothed.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all(smoothed >= eps / 5 - 1e-15)
    # the true class keeps 1 - eps + eps/5 > eps/5 (below eps ~ 1, where rounding may tie them)
    if eps < 0.999:
        np.testing.assert_array_equal(smoothed.argmax(axis=1), labels)


def test_smoothing_zero_changes_nothing():
    y = one_hot([2, 0], 3)
    np.testing.assert_array_equal(smooth_labels(y, 0.0), y)


@pytest.mark.parametrize("eps", [1.0, -0.1, 1.5])
def test_smoothing_outside_zero_one_raises(eps):
    with pytest.raises(ValueError, match=r"eps must lie in \[0, 1\)"):
        smooth_labels(one_hot([0], 2), eps)


def test_smoothing_class_indices_raises_and_points_to_one_hot():
    with pytest.raises(ValueError, match=r"one_hot\(y, n_classes\)"):
        smooth_labels([0, 2, 1], 0.1)


def test_smoothing_rows_that_are_not_distributions_raises():
    with pytest.raises(ValueError, match="summing to 1"):
        smooth_labels([[1.0, 1.0, 0.0]], 0.1)
    with pytest.raises(ValueError, match=r"in \[0, 1\]"):
        smooth_labels([[1.5, -0.5]], 0.1)
