"""Tests of the explorers of ``03_backprop/04`` to ``07`` and of the runs behind them, without a display."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils import mlp
from course_utils.explore.backprop import (
    BUGS,
    STEPS,
    band,
    delta_profile,
    depth_explorer,
    diagnosis,
    early_stopping_explorer,
    logistic_problem,
    loss_curve_explorer,
    mystery_runs,
    numerical_partials,
    overfit_run,
    predicted_step_errors,
    sanity_run,
    step_errors,
    step_size_explorer,
)

# -------------------------------------------------------------------------- 04


@pytest.mark.parametrize(
    ("activation", "scheme", "factor"), [("sigmoid", "xavier", 0.25), ("relu", "he", 1.0)]
)
def test_the_predicted_factor_per_layer_is_the_formula(activation, scheme, factor):
    """Is the predicted factor per hidden layer sqrt(h s^2 c): 1/4 for sigmoid-Xavier, 1 for ReLU-He?"""
    prof = delta_profile(activation, scheme)
    np.testing.assert_allclose(prof.predicted[:-2] / prof.predicted[1:-1], factor, rtol=1e-12)
    assert prof.predicted[-1] == prof.measured[-1]


def test_the_measurement_follows_the_prediction_while_units_are_not_saturated():
    """Is every measured layer within a factor 1.5 of the prediction for sigmoid-Xavier and ReLU-He?"""
    for activation, scheme in (("sigmoid", "xavier"), ("relu", "he")):
        prof = delta_profile(activation, scheme)
        ratio = prof.measured / prof.predicted
        assert np.all((ratio > 1 / 1.5) & (ratio < 1.5)), ratio


def test_depth_explorer_moves_its_lines_to_the_chosen_depth():
    """Does the depth slider change the number of layers drawn, and the readout name the setting?"""
    ex = depth_explorer()
    ex.set(hidden_layers=3, activation="relu", scheme="he")
    xs, ys = ex.state["measured"].get_data()
    assert len(xs) == 4 and np.all(np.isfinite(ys))
    assert "relu, he" in ex.readout_text
    with pytest.raises(ValueError, match="activation must be one of"):
        delta_profile("swish", "he")


def test_does_the_depth_axis_hold_both_lines_and_keep_still_between_activations():
    """Is there a decade of room around both lines, and are the three activations drawn on one scale?"""
    ex = depth_explorer(activation="sigmoid", scheme="xavier", hidden_layers=6)
    limits = ex.state["ax"].get_ylim()
    for activation in ("tanh", "relu", "sigmoid"):
        ex.set(activation=activation)
        assert ex.state["ax"].get_ylim() == limits, activation
        for line in (ex.state["measured"], ex.state["predicted"]):
            _, ys = line.get_data()
            assert limits[0] * 10 <= ys.min() and ys.max() * 10 <= limits[1]
    ex.set(scheme="normal", scale=0.001, hidden_layers=10)  # the signal vanishes: 1e-30 or so
    bottom, _ = ex.state["ax"].get_ylim()
    _, ys = ex.state["measured"].get_data()
    assert bottom * 10 <= ys.min() < 1e-20


# -------------------------------------------------------------------------- 05


def test_overfit_run_overfits_and_early_stopping_keeps_the_best_epoch():
    """Does the 40-sample run's validation cost rise after its best epoch while its training cost falls?"""
    run, (X_tr, y_tr, X_val, y_val) = overfit_run(40)
    assert len(y_tr) == 40 and len(y_val) == 200
    best = run.best_epoch
    assert 0 < best < len(run.costs) - 1
    assert run.val_costs[-1] > run.val_costs[best] and run.costs[-1] < run.costs[best]
    with pytest.raises(ValueError, match="n_train"):
        overfit_run(33)


def test_early_stopping_explorer_marks_the_kept_epoch():
    """Does the star sit on the validation curve at the epoch early stopping keeps?"""
    ex = early_stopping_explorer(patience=5)
    run, _ = overfit_run(40)
    kept = mlp.early_stopping_epoch(run.val_costs, 5)
    xs, ys = ex.state["best"].get_data()
    assert list(xs) == [kept] and ys[0] == run.val_costs[kept]
    assert f"keeps epoch {kept}" in ex.readout_text


def test_does_moving_the_sample_toggle_train_nothing_and_show_a_fresh_run():
    """Are the four runs trained when the explorer is built, and is a cached run a fresh one?"""
    ex = early_stopping_explorer()
    misses = overfit_run.cache_info().misses
    ex.set(n_train=160)
    ex.set(n_train=20)
    assert overfit_run.cache_info().misses == misses
    fresh, _ = overfit_run.__wrapped__(160)
    cached, _ = overfit_run(160)
    np.testing.assert_array_equal(cached.val_costs, fresh.val_costs)
    np.testing.assert_array_equal(cached.costs, fresh.costs)


# -------------------------------------------------------------------------- 06


def test_bands_at_their_edges():
    """Are 1e-6 and 1e-3 'look closer', and just beyond them 'agree' and 'wrong'?"""
    assert band(0.0) == "agree" and band(9.9e-7) == "agree"
    assert band(1e-6) == "look closer" and band(1e-3) == "look closer"
    assert band(1.01e-3) == "wrong"


def test_step_sweep_rounds_at_small_steps_and_truncates_at_large_ones():
    """Is the error V-shaped in h, lowest near 1e-5 in float64 and far higher in float32 at h = 1e-6?"""
    problem = logistic_problem()
    e64, e32 = step_errors(problem, "float64"), step_errors(problem, "float32")
    i_min = int(np.argmin(e64))
    assert 1e-7 <= STEPS[i_min] <= 1e-4
    assert e64[0] > 100 * e64[i_min] and e64[-1] > 100 * e64[i_min]
    at = int(np.argmin(np.abs(STEPS - 1e-6)))
    assert e64[at] < 1e-8 and e32[at] > 1e-2
    predicted = predicted_step_errors(problem, "float64")
    assert np.all(predicted > 0) and np.all(predicted <= 1)


def test_numerical_partials_by_hand_and_without_touching_x():
    """Are the partials of sum(x^3) at the chosen flat indices 3 x^2, with x left unchanged?"""
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    copy = x.copy()
    got = numerical_partials(lambda v: float(np.sum(v**3)), x, [3, 0])
    np.testing.assert_allclose(got, [27.0, 3.0], rtol=1e-8)
    assert np.array_equal(x, copy)


def test_step_size_explorer_marks_the_check_at_the_chosen_step():
    """Does the marker move to the chosen h, and does float32 at h = 1e-6 read 'wrong'?"""
    ex = step_size_explorer()
    ex.set(h=1e-6, dtype="float32")
    xs, _ = ex.state["marker"].get_data()
    assert xs[0] == pytest.approx(1e-6)
    assert "'wrong'" in ex.readout_text


# -------------------------------------------------------------------------- 07


def test_each_planted_bug_leaves_its_signature():
    """Flat at log 2 (shuffled labels, zero init), a steady climb (sign flipped), a descent (no bug)?"""
    runs = {bug: sanity_run(0.3, bug) for bug in BUGS}
    last = {bug: r.batch_costs[-10:].mean() for bug, r in runs.items()}
    assert last["none"] < 0.4
    assert abs(last["labels shuffled"] - np.log(2)) < 0.05
    assert abs(last["zero initialization"] - np.log(2)) < 0.02 and np.all(
        np.isnan(runs["zero initialization"].ratios)
    )
    assert last["gradient sign flipped"] > 100
    with pytest.raises(ValueError, match="bug must be one of"):
        sanity_run(0.3, "off by one")


@pytest.mark.parametrize("lr", [0.3, 30.0])
def test_is_a_sanity_run_the_loop_written_with_loss_and_grads_and_is_its_cache_fresh(lr):
    """Are the first epoch's costs, update ratios and saturations the plain SGD loop's; is the cache fresh?"""
    from course_utils.batching import iterate_minibatches
    from course_utils.data import two_moons

    X, y = two_moons(200, noise=0.2, seed=0)
    rng = np.random.default_rng(0)
    params = mlp.init([2, 16, 16, 1], rng=rng)
    costs, ratios, saturated = [], [], []
    for X_b, y_b in iterate_minibatches(X, y, 20, rng=rng):
        hidden = mlp.forward(params, X_b).zs[:-1]
        saturated.append(np.mean([np.sum(np.abs(z) > 3.0) for z in hidden]) / hidden[0].size)
        cost, grads = mlp.loss_and_grads(params, X_b, y_b)
        new = {k: params[k] - lr * grads[k] for k in params}
        costs.append(cost)
        ratios.append(mlp.update_ratios(params, new)[0])
        params = new
    run = sanity_run(lr, "none")
    np.testing.assert_allclose(run.batch_costs[:10], costs, rtol=1e-12)
    np.testing.assert_allclose(run.ratios[:10], ratios, rtol=1e-12)
    np.testing.assert_allclose(run.saturated[:10], saturated, rtol=1e-12)
    if lr > 1:
        assert max(saturated) > 0.1  # at this rate units saturate at once: the comparison is not of zeros
    fresh = sanity_run.__wrapped__(lr, "none")
    for cached, again in zip(run, fresh):
        np.testing.assert_array_equal(cached, again)


def test_the_mystery_runs_have_one_diagnosis_each():
    """Are the four runs labelled A to D, each with a different diagnosis among the four offered?"""
    assert set(mystery_runs()) == {"A", "B", "C", "D"}
    assert sorted(diagnosis(label) for label in "ABCD") == sorted(["too high", "too low", "plateau", "bug"])


def test_loss_curve_explorer_draws_every_update():
    """Does the loss curve hold one point per update, and the readout name the bug?"""
    ex = loss_curve_explorer()
    ex.set(bug="zero initialization")
    xs, ys = ex.state["cost"].get_data()
    assert len(xs) == 200 and np.all(np.isfinite(ys))
    assert "zero initialization" in ex.readout_text
    assert "never moves (0/0)" in ex.readout_text and "nan" not in ex.readout_text
