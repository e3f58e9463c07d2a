"""Tests of the warm-up and plateau runs and explorer (``02_optimization/09_warmup_and_plateaus``).

The quartic is checked by central differences, the runs against plain loops written here,
the plateau run against the rule applied by hand, and the explorer by moving its sliders.
"""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.explore.optimization.warmup import (
    THETA0,
    plateau_run,
    quartic_cost,
    quartic_curvature,
    quartic_grad,
    quartic_run,
    warmup_explorer,
)
from course_utils.schedules import warmup_cosine


def test_the_quartics_gradient_and_curvature_match_central_differences():
    """Are J' and J'' the central differences of J and J'?"""
    theta, h = np.array([-2.0, 0.3, 3.0]), 1e-5
    np.testing.assert_allclose(
        quartic_grad(theta), (quartic_cost(theta + h) - quartic_cost(theta - h)) / (2 * h), rtol=1e-7
    )
    np.testing.assert_allclose(
        quartic_curvature(theta), (quartic_grad(theta + h) - quartic_grad(theta - h)) / (2 * h), rtol=1e-7
    )
    assert quartic_curvature(THETA0) == 28.0


def test_quartic_run_is_gradient_descent_written_out():
    """Is the noise-free run theta <- theta - eta_t (theta^3 + theta), with eta_t from the schedule?"""
    lr = warmup_cosine(0.5, warmup_steps=5, total_steps=30)
    path, etas = quartic_run(lr, 30)
    theta = THETA0
    for t in range(30):
        assert etas[t] == pytest.approx(lr(t))
        theta = theta - lr(t) * (theta**3 + theta)
        assert path[t + 1, 0] == pytest.approx(theta, rel=1e-12, abs=1e-300)


def test_a_divergent_run_is_nan_from_where_it_leaves_and_finite_before():
    """Does the constant rate 0.5 (above 2/28 at the start) diverge, leaving NaN after finite values?"""
    path, _ = quartic_run(0.5, 20)
    bad = np.flatnonzero(~np.isfinite(path[:, 0]))
    assert bad.size and np.all(np.isfinite(path[: bad[0], 0])) and np.all(~np.isfinite(path[bad[0] :, 0]))


def test_noisy_runs_are_seeded_and_differ_between_seeds():
    """Do the same seed give the same runs, and do two runs of one call differ?"""
    a, _ = quartic_run(0.05, 50, noise=0.1, seeds=2, seed=4)
    b, _ = quartic_run(0.05, 50, noise=0.1, seeds=2, seed=4)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a[:, 0], a[:, 1])


def test_plateau_run_cuts_the_rate_as_the_rule_says():
    """Replaying the rule on the run's own costs by hand, are the rates of each epoch the same?"""
    lrs, costs = plateau_run(0.06, 20, 10, factor=0.5, patience=2, threshold=1e-4, seed=1)
    lr, best, bad = 0.06, np.inf, 0
    for e in range(20):
        assert lrs[e] == pytest.approx(lr)
        if costs[e] < best * (1 - 1e-4):
            best, bad = costs[e], 0
        else:
            bad += 1
        if bad > 2:
            lr, bad = 0.5 * lr, 0
    assert lrs[-1] < lrs[0]


def test_bad_arguments_are_refused():
    """Are a non-integer step count and a negative noise refused with a message?"""
    with pytest.raises(ValueError, match="steps"):
        quartic_run(0.1, 2.5)
    with pytest.raises(ValueError, match="noise"):
        quartic_run(0.1, 5, noise=-1.0)


@pytest.fixture(scope="module")
def explorer():
    return warmup_explorer(peak=0.5, warmup_steps=20, total_steps=60)


def test_the_explorer_draws_the_schedule_and_the_limit_along_the_run(explorer):
    """After a slider move, is the blue line warmup_cosine and the dashed one 2 / lambda along the run?"""
    before = explorer.image.value
    explorer.set(peak=0.3, warmup_steps=10)
    state = explorer.state
    lr = warmup_cosine(0.3, warmup_steps=10, total_steps=60, eta_min=3e-4)
    np.testing.assert_allclose(state["eta"].get_ydata(), lr(np.arange(60)))
    path, _ = quartic_run(lr, 60)
    np.testing.assert_allclose(state["limit"].get_ydata(), 2 / quartic_curvature(path[:-1, 0]))
    assert explorer.image.value != before


def test_without_warm_up_the_readout_says_the_run_diverged(explorer):
    """With no warm-up at peak 0.5, does the readout report updates above the limit and a divergence?"""
    explorer.set(peak=0.5, warmup_steps=0)
    assert "above the limit" in explorer.readout_text and "diverged at update" in explorer.readout_text
    assert len(explorer.state["violations"].get_xdata()) > 0


def test_with_warm_up_the_readout_says_it_stayed_below_the_limit(explorer):
    """With 20 warm-up updates, does the readout say the rate stayed below the limit and give a final cost?"""
    explorer.set(peak=0.5, warmup_steps=20)
    assert "below the limit at every update" in explorer.readout_text
    assert "final cost" in explorer.readout_text
    assert len(explorer.state["violations"].get_xdata()) == 0


def test_a_revisited_slider_value_draws_what_a_fresh_run_gives(explorer):
    """Moving back to a value comes from the cache: are the curves and readout those of fresh runs?"""
    from course_utils.explore.optimization import warmup

    explorer.set(peak=0.8, warmup_steps=5)
    first = explorer.readout_text
    explorer.set(peak=0.2, warmup_steps=30)
    hits = warmup._warmup_run.cache_info().hits
    explorer.set(peak=0.8, warmup_steps=5)
    assert warmup._warmup_run.cache_info().hits == hits + 1  # from the cache this time
    assert explorer.readout_text == first
    lr = warmup_cosine(0.8, warmup_steps=5, total_steps=60, eta_min=8e-4)
    path, etas = quartic_run(lr, 60)
    np.testing.assert_array_equal(explorer.state["eta"].get_ydata(), etas)
    np.testing.assert_array_equal(
        explorer.state["cost"].get_ydata(), np.maximum(quartic_cost(path[:, 0]), 1e-300)
    )
    const_path, _ = quartic_run(0.8, 60)
    with np.errstate(over="ignore"):
        np.testing.assert_array_equal(explorer.state["const"].get_ydata(), quartic_cost(const_path[:, 0]))
