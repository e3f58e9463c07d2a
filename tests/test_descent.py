"""Tests of ``course_utils.descent``: the one loop that runs an optimizer and keeps its path."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.descent import Descent, descend
from course_utils.optimizers import adam, momentum, sgd


def _parabola_grad(theta):
    # J = theta^2 / 2 elementwise: g = theta, so plain descent multiplies theta by (1 - lr)
    return theta


def test_does_the_path_follow_plain_descent_on_a_parabola_step_by_step():
    run = descend(sgd(0.5), _parabola_grad, [4.0, -2.0], steps=3)
    # each step multiplies theta by 1 - 0.5 = 0.5
    np.testing.assert_allclose(run.path, [[4.0, -2.0], [2.0, -1.0], [1.0, -0.5], [0.5, -0.25]])
    assert not run.diverged
    assert run.values is None
    assert run.state.count == 3
    np.testing.assert_allclose(run.params, [0.5, -0.25])


def test_are_the_values_recorded_at_every_point_including_the_start():
    run = descend(sgd(0.5), _parabola_grad, [2.0], steps=2, value_fn=lambda th: 0.5 * float(th @ th))
    # theta = 2, 1, 0.5 -> J = 2, 0.5, 0.125
    np.testing.assert_allclose(run.values, [2.0, 0.5, 0.125])


def test_does_a_diverging_run_stop_before_its_first_too_large_iterate():
    # lr = 3 multiplies theta by 1 - 3 = -2 per step: |theta| = 1, 2, 4, ... reaches 1e6 at 2^20
    run = descend(sgd(3.0), _parabola_grad, [1.0], steps=100)
    assert run.diverged
    assert len(run.path) == 20  # 2^0 ... 2^19, all below 1e6
    assert np.abs(run.path).max() < 1e6
    assert run.state.count == 19  # the state of the last kept point, ready to continue


def test_does_a_nan_gradient_count_as_divergence_even_with_no_radius():
    grads = iter([np.array([1.0]), np.array([np.nan])])
    run = descend(sgd(0.1), lambda th: next(grads), [0.0], steps=5, diverge_above=np.inf)
    assert run.diverged
    np.testing.assert_allclose(run.path, [[0.0], [-0.1]])


def test_does_grad_fn_receive_the_update_number_when_asked():
    seen = []

    def grad_fn(theta, t):
        seen.append(t)
        return np.zeros_like(theta)

    descend(sgd(0.1), grad_fn, [1.0], steps=4, with_step=True)
    assert seen == [0, 1, 2, 3]


def test_are_dict_parameters_stacked_per_key():
    params = {"w": np.array([[1.0, 2.0]]), "b": np.array([0.5])}
    run = descend(momentum(0.1, beta=0.5), lambda p: {k: np.ones_like(v) for k, v in p.items()}, params, 2)
    assert run.path["w"].shape == (3, 1, 2) and run.path["b"].shape == (3, 1)
    # v = 1 then 1.5: b = 0.5 - 0.1 = 0.4, then 0.4 - 0.15 = 0.25
    np.testing.assert_allclose(run.path["b"][:, 0], [0.5, 0.4, 0.25])
    np.testing.assert_allclose(run.params["w"], [[0.75, 1.75]])


def test_does_the_run_match_calling_the_optimizer_by_hand():
    opt = adam(0.05)
    theta = np.array([1.0, -3.0])
    state = opt.init(theta)
    manual = [theta]
    for _ in range(10):
        theta, state = opt.update(2 * theta, state, theta)
        manual.append(theta)
    run = descend(opt, lambda th: 2 * th, [1.0, -3.0], 10)
    np.testing.assert_array_equal(run.path, np.array(manual))
    assert isinstance(run, Descent)


def test_zero_steps_keep_only_the_start():
    run = descend(sgd(0.1), _parabola_grad, [1.0, 2.0], 0, value_fn=lambda th: 7.0)
    np.testing.assert_array_equal(run.path, [[1.0, 2.0]])
    np.testing.assert_array_equal(run.values, [7.0])


@pytest.mark.parametrize("steps", [-1, 2.5, True, "3"])
def test_is_a_bad_number_of_steps_refused_with_a_message(steps):
    with pytest.raises((ValueError, TypeError), match="steps"):
        descend(sgd(0.1), _parabola_grad, [1.0], steps)


def test_is_a_non_finite_start_refused():
    with pytest.raises(ValueError, match="finite"):
        descend(sgd(0.1), _parabola_grad, [np.nan], 3)


def test_does_a_run_continued_from_its_state_equal_one_long_run():
    """Two runs of 5 Adam steps, the second from the first's state, against one run of 10."""
    grad = lambda th: 2 * th - 1
    whole = descend(adam(0.1), grad, [3.0, -1.0], 10)
    first = descend(adam(0.1), grad, [3.0, -1.0], 5)
    second = descend(adam(0.1), grad, first.params, 5, state=first.state)
    np.testing.assert_array_equal(second.path, whole.path[5:])
    assert second.state.count == 10
