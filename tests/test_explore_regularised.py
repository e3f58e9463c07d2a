"""Tests of the weight-decay explorer and its runs (``02_optimization/08_weight_decay``).

The runs are checked against a plain NumPy loop of Adam written here, the predictions against
values by hand and against the runs, and the explorer by moving its controls.
"""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.explore.optimization.regularised import (
    SIGMAS,
    decay_experiment,
    expected_decay,
    weight_decay_explorer,
)


def _adam_by_hand(theta, grads, lr, omega, decoupled, b1=0.9, b2=0.999, eps=1e-8):
    """Adam written out, with L2 (omega theta added to g) or decoupled decay (theta shrunk first)."""
    m = s = np.zeros_like(theta)
    means = [theta.mean(axis=0)]
    for t, g in enumerate(grads, start=1):
        if decoupled:
            theta = theta - lr * omega * theta
        else:
            g = g + omega * theta
        m = b1 * m + (1 - b1) * g
        s = b2 * s + (1 - b2) * g * g
        theta = theta - lr * (m / (1 - b1**t)) / (np.sqrt(s / (1 - b2**t)) + eps)
        means.append(theta.mean(axis=0))
    return np.array(means)


@pytest.mark.parametrize("method, decoupled", [("Adam + L2", False), ("AdamW", True)])
def test_decay_experiment_is_adam_written_out(method, decoupled):
    """Is the experiment's mean path the one a hand-written Adam loop gives on the same noise?"""
    noise = np.random.default_rng(5).standard_normal((40, 7, 2))
    got = decay_experiment(method, 0.05, 0.2, noise=noise)
    expected = _adam_by_hand(np.ones((7, 2)), np.array(SIGMAS) * noise, 0.05, 0.2, decoupled)
    np.testing.assert_allclose(got, expected, rtol=1e-10)


def test_adamw_prediction_by_hand():
    """Is AdamW's predicted mean (1 - eta omega)^t, the same for any sigma?"""
    np.testing.assert_allclose(expected_decay("AdamW", 0.1, 0.5, 10.0, 3), [1.0, 0.95, 0.9025, 0.857375])
    np.testing.assert_allclose(
        expected_decay("AdamW", 0.1, 0.5, 0.01, 3), expected_decay("AdamW", 0.1, 0.5, 7.0, 3)
    )


def test_adam_l2_prediction_first_step_by_hand():
    """With no noise, is Adam + L2's first step exactly eta (Adam's first step is eta times a sign)?"""
    path = expected_decay("Adam + L2", 0.01, 0.3, 0.0, 1)
    assert path[1] == pytest.approx(1.0 - 0.01, rel=1e-6)


def test_adam_l2_without_noise_ignores_omega():
    """For a weight with no gradient noise, does the prediction barely depend on omega?"""
    ends = [expected_decay("Adam + L2", 0.01, w, 0.0, 50)[-1] for w in (1e-3, 1e-2, 1e-1)]
    assert np.ptp(ends) < 1e-3


@pytest.mark.parametrize("method", ["Adam + L2", "AdamW"])
def test_predictions_match_the_runs(method):
    """Do 400 seeded runs end within 0.03 of the predicted mean, for both weights?"""
    means = decay_experiment(method, 0.01, 0.1, steps=300, seeds=400, seed=2)
    for i, sigma in enumerate(SIGMAS):
        assert means[-1, i] == pytest.approx(expected_decay(method, 0.01, 0.1, sigma, 300)[-1], abs=0.03)


def test_a_bad_method_or_rate_is_refused():
    """Are an unknown method and a non-positive rate refused with a message naming them?"""
    with pytest.raises(ValueError, match="method"):
        expected_decay("SGD", 0.1, 0.1, 1.0, 5)
    with pytest.raises(ValueError, match="lr"):
        expected_decay("AdamW", 0.0, 0.1, 1.0, 5)
    with pytest.raises(ValueError, match="method"):
        weight_decay_explorer(method="adamw")


@pytest.fixture(scope="module")
def explorer():
    return weight_decay_explorer(steps=100, seeds=20)


def test_switching_the_method_redraws_the_runs_and_the_prediction(explorer):
    """After switching to AdamW, do the dashed lines show (1 - eta omega)^t and the solid ones the runs?"""
    before = explorer.image.value
    explorer.set(method="AdamW", lr=0.02, weight_decay=0.5)
    state = explorer.state
    t = np.arange(101)
    for line in state["predicted"]:
        np.testing.assert_allclose(line.get_ydata(), (1 - 0.02 * 0.5) ** t)
    runs = decay_experiment("AdamW", 0.02, 0.5, noise=state["noise"])
    for i, line in enumerate(state["measured"]):
        np.testing.assert_allclose(line.get_ydata(), runs[:, i])
    assert "AdamW" in state["title"].get_text()
    assert explorer.image.value != before


def test_the_readout_gives_each_weights_end_and_prediction(explorer):
    """Does the readout state both weights' final means and their predictions?"""
    explorer.set(method="Adam + L2", lr=0.01, weight_decay=0.1)
    runs = decay_experiment("Adam + L2", 0.01, 0.1, noise=explorer.state["noise"])
    for i, sigma in enumerate(SIGMAS):
        pred = expected_decay("Adam + L2", 0.01, 0.1, sigma, 100)[-1]
        assert f"σ = {sigma:g}: {runs[-1, i]:.3f} (predicted {pred:.3f})" in explorer.readout_text


def test_a_revisited_value_draws_what_a_fresh_run_gives(explorer):
    """Back at values already shown (from the cache), are the curves those of a fresh experiment?"""
    explorer.set(method="AdamW", lr=0.05, weight_decay=0.3)
    explorer.set(method="Adam + L2", lr=0.002, weight_decay=0.01)
    cached = explorer.state["cache"][("AdamW", 0.05, 0.3)]
    explorer.set(method="AdamW", lr=0.05, weight_decay=0.3)
    assert explorer.state["cache"][("AdamW", 0.05, 0.3)] is cached  # not recomputed
    fresh = decay_experiment("AdamW", 0.05, 0.3, steps=100, seeds=20, seed=0)  # its own draws
    for i, sigma in enumerate(SIGMAS):
        np.testing.assert_array_equal(explorer.state["measured"][i].get_ydata(), fresh[:, i])
        np.testing.assert_array_equal(
            explorer.state["predicted"][i].get_ydata(), expected_decay("AdamW", 0.05, 0.3, sigma, 100)
        )
