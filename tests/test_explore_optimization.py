"""Tests of ``course_utils.explore.optimization``: the runs behind part 2's figures, and
the explorers themselves, driven without a display.

Expected values are recomputed here independently: by hand on a parabola or a bowl, with
plain NumPy loops for the optimizers and mini-batch runs, or with a second route (least
squares for the best cost, central differences for a zero gradient). An explorer test moves
a control as a learner would (``Explorer.set``) and checks that the picture changed, that the
readout shows the new value and the right number, and that the artists hold the right data.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_utils.checks.catalog.optimization_questions import SADDLE_RATES
from course_utils.explore import optimization as E
from course_utils.explore.optimization.adaptive import ADAPTIVE
from course_utils.explore.optimization.optimizer_race import MAX_STEPS, _race_optimizer
from course_utils.gradcheck import numerical_gradient
from course_utils.landscapes import SURFACES, bowl, elongated_valley, saddle, several_minima, trajectory
from course_utils.optimizers import OPTIMIZERS, adagrad, adam, rmsprop, sgd
from course_utils.schedules import SCHEDULES

# ------------------------------------------------------------------ 01: parabola


@pytest.mark.parametrize("lr", [0.01, 0.3, 0.5, 0.9, 1.2])
def test_parabola_path_multiplies_by_one_minus_lr_times_curvature(lr):
    """Is every step of gradient descent on theta**2 a multiplication by 1 - 2 lr?"""
    path = E.parabola_path(lr, curvature=2.0, theta0=3.0, steps=8)
    np.testing.assert_allclose(path, 3.0 * (1 - 2 * lr) ** np.arange(9), rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize(
    "factor, words",
    [
        (0.5, "smoothly"),
        (0.0, "one step"),
        (-0.5, "oscillates"),
        (-1.0, "never settles"),
        (-1.1, "diverges"),
        (1.3, "diverges"),
    ],
)
def test_behaviour_names_each_regime(factor, words):
    """Does each factor 1 - eta a get the right words?"""
    assert words in E.behaviour(factor)


def test_learning_rate_explorer_moves_both_paths():
    """Does moving eta redraw, say the new eta and factors, and move the points to the hand-computed ones?"""
    ex = E.learning_rate_explorer(lr=0.3)
    png = ex.set(lr=1.2)
    assert png != ex.default_png
    text = ex.readout_text
    assert "η = 1.2" in text
    assert "θ × -1.40 per step, diverges" in text  # parabola: 1 - 2 * 1.2
    assert "θ × -0.20 per step, oscillates" in text  # bowl: 1 - 1.2
    np.testing.assert_allclose(ex.state["path1"].get_xdata(), 3.0 * (-1.4) ** np.arange(21))
    start = np.array(bowl().start)
    expected = start * (-0.2) ** np.arange(21)[:, None]
    np.testing.assert_allclose(np.column_stack(ex.state["path2"].get_data()), expected, atol=1e-15)


def test_learning_rate_explorer_reports_a_bowl_run_that_leaves_the_plot():
    """When the bowl diverges, does the readout say after how many steps, instead of a cost?"""
    ex = E.learning_rate_explorer()
    ex.set(lr=3.0)  # factor -2 on the bowl: |theta| passes 1e6 after about 19 steps
    steps_kept = len(ex.state["path2"].get_xdata()) - 1
    assert steps_kept < 20
    assert f"left the plot after {steps_kept} steps" in ex.readout_text


# ------------------------------------------------------- 02: problems and batches


@pytest.fixture(scope="module")
def small_problems():
    return {kind: E.regression_problem(kind, n=256, seed=3) for kind in E.PROBLEMS}


def test_linear_problem_best_cost_is_the_least_squares_cost(small_problems):
    """Is the stored optimum the least-squares solution, with its mean squared residual?"""
    p = small_problems["linear regression"]
    assert p.A.shape == (256, 3) and np.all(p.A[:, -1] == 1.0)
    theta, *_ = np.linalg.lstsq(p.A, p.y, rcond=None)
    np.testing.assert_allclose(p.best_theta, theta, rtol=1e-10)
    assert p.best_cost == pytest.approx(np.mean((p.A @ theta - p.y) ** 2), rel=1e-12)


def test_logistic_problem_best_theta_has_zero_gradient(small_problems):
    """Does the logistic optimum have a vanishing gradient, by central differences?"""
    p = small_problems["logistic regression"]

    def bce(theta):
        z = p.A @ theta
        return np.mean(np.logaddexp(0.0, z) - p.y * z)

    assert np.abs(numerical_gradient(bce, p.best_theta)).max() < 1e-6
    assert p.best_cost == pytest.approx(bce(p.best_theta), rel=1e-12)


@pytest.mark.parametrize("kind", E.PROBLEMS)
def test_problem_cost_matches_the_cost_computed_directly(small_problems, kind):
    """Does the vectorized cost (the quadratic identity for MSE) agree with a direct computation?"""
    p = small_problems[kind]
    thetas = np.random.default_rng(0).normal(size=(7, p.A.shape[1])) * 2
    z = thetas @ p.A.T  # [7, n]
    if kind == "linear regression":
        direct = np.mean((z - p.y) ** 2, axis=1)
    else:
        direct = np.mean(np.logaddexp(0.0, z) - p.y * z, axis=1)
    np.testing.assert_allclose(E.problem_cost(p, thetas), direct, rtol=1e-10)


def test_unknown_problem_kind_is_a_clear_error():
    with pytest.raises(ValueError, match="kind must be one of"):
        E.regression_problem("ridge")


def _plain_minibatch_sgd(p, batch_size, lr, epochs, seed):
    """Mini-batch SGD on the MSE written out with NumPy: gradient 2/b A_b^T (A_b theta - y_b)."""
    rng = np.random.default_rng(seed)
    theta = np.zeros(p.A.shape[1])
    for _ in range(epochs):
        order = rng.permutation(len(p.y))
        for start in range(0, len(p.y), batch_size):
            rows = order[start : start + batch_size]
            A_b, y_b = p.A[rows], p.y[rows]
            theta = theta - lr * 2.0 / len(rows) * A_b.T @ (A_b @ theta - y_b)
    return theta


def test_train_minibatch_is_plain_minibatch_sgd(small_problems):
    """Does a run end where the same algorithm, written out by hand, ends?"""
    p = small_problems["linear regression"]
    run = E.train_minibatch(p, 24, lr=0.05, epochs=2, seed=5)
    np.testing.assert_allclose(run.theta, _plain_minibatch_sgd(p, 24, 0.05, 2, 5), rtol=1e-10)
    assert run.updates_per_epoch == math.ceil(256 / 24) == 11
    assert run.updates[0] == 0 and run.updates[-1] == 22
    assert run.cost[0] == pytest.approx(np.mean(p.y**2))  # theta = 0 predicts 0
    assert E.after_epochs(run, 1) == pytest.approx(run.cost[run.updates == 11][0])
    np.testing.assert_allclose(run.epochs, run.updates / 11)


def test_train_minibatch_keeps_every_epoch_end_among_few_checkpoints(small_problems):
    """With fewer checkpoints than updates, are the epoch ends still measured?"""
    run = E.train_minibatch(small_problems["linear regression"], 1, lr=0.01, epochs=2, checkpoints=20)
    assert {0, 256, 512} <= set(run.updates.tolist())
    assert len(run.updates) <= 20 + 3


def test_train_minibatch_says_when_it_diverges(small_problems):
    """Does a rate far too large end in a message that names the rate, not in NaN costs?"""
    with pytest.raises(
        ValueError, match=r"lr = 1000.0 and batch size 4 diverged after \d+ updates: lower lr"
    ):
        E.train_minibatch(small_problems["linear regression"], 4, lr=1000.0, epochs=1)


def test_train_minibatch_rejects_a_bad_batch_size(small_problems):
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        E.train_minibatch(small_problems["linear regression"], 0, lr=0.1)


def test_after_epochs_says_when_the_run_is_too_short(small_problems):
    run = E.train_minibatch(small_problems["linear regression"], 64, lr=0.1, epochs=1)
    with pytest.raises(ValueError, match="no checkpoint after 2 epochs"):
        E.after_epochs(run, 2)


@pytest.fixture(scope="module")
def batch_explorer(small_problems):
    runs = {
        k: E.batch_size_runs(p, lr=0.05, epochs=2, batch_sizes=(1, 16)) for k, p in small_problems.items()
    }
    return E.batch_size_explorer(runs, small_problems, batch_size=16), runs


def test_batch_size_runs_add_the_full_batch(batch_explorer):
    _, runs = batch_explorer
    assert list(runs["linear regression"]) == [1, 16, 256]
    assert runs["linear regression"][256].updates_per_epoch == 1


def test_batch_size_explorer_highlights_the_chosen_size(batch_explorer, small_problems):
    """Does choosing b = 1 redraw, name b = 1 with its updates per epoch, and bring its line forward?"""
    ex, runs = batch_explorer
    before = ex.set(batch_size=16)
    png = ex.set(batch_size=1)
    assert png != before
    text = ex.readout_text
    p = small_problems["linear regression"]
    r = runs["linear regression"][1]
    assert text.startswith("batch size = 1 (linear regression): 256 updates per epoch")
    assert f"after 2 epochs (512 updates) = {r.cost[-1] - p.best_cost:.2e}" in text
    faded, other = ex.state["lines"][1][0], ex.state["lines"][16][0]
    chosen = ex.state["chosen"][0]  # drawn over every faded curve
    np.testing.assert_array_equal(chosen.get_ydata(), faded.get_ydata())
    assert chosen.get_color() == faded.get_color() and not faded.get_visible() and other.get_visible()
    assert chosen.get_alpha() in (None, 1.0) and other.get_alpha() < 1.0
    assert chosen.get_linewidth() > other.get_linewidth()
    assert chosen.get_zorder() > other.get_zorder()


def test_batch_size_explorer_limits_hold_every_problem(batch_explorer, small_problems):
    """Are the axes' limits the same for both problems, and does every curve of both fit inside?"""
    ex, runs = batch_explorer
    ax1, ax2 = ex.state["axes"]
    limits = []
    for problem in ("linear regression", "logistic regression"):
        ex.set(problem=problem)
        limits.append((ax1.get_xlim(), ax1.get_ylim(), ax2.get_xlim()))
        lo, hi = ax1.get_ylim()
        for r in runs[problem].values():
            excess = r.cost - small_problems[problem].best_cost
            assert lo < max(excess.min(), 1e-12) and excess.max() < hi
    assert limits[0] == limits[1]
    ex.set(problem="linear regression")


def test_batch_size_explorer_legend_marks_the_highlighted_size(batch_explorer):
    """Does the legend mark the chosen batch (bold, opaque, named) and keep the others distinct?"""
    ex, _ = batch_explorer
    ex.set(batch_size=16, problem="linear regression")
    legend = ex.state["legend"]
    texts = {t.get_text(): t for t in legend.get_texts()}
    assert "b = 16  ◀ shown" in texts and texts["b = 16  ◀ shown"].get_fontweight() == "bold"
    assert "b = 1" in texts and texts["b = 1"].get_fontweight() == "normal"
    alphas = [h.get_alpha() for h in legend.get_lines()]
    assert sorted(alphas)[-1] == 1.0 and min(alphas) >= 0.4
    assert len({h.get_color() for h in legend.get_lines()}) == len(alphas)


def test_batch_size_explorer_switches_problem(batch_explorer, small_problems):
    """Does the problem toggle move every curve to the other problem's costs?"""
    ex, runs = batch_explorer
    ex.set(problem="linear regression", batch_size=16)
    ex.set(problem="logistic regression")
    p = small_problems["logistic regression"]
    line = ex.state["lines"][16][1]
    np.testing.assert_allclose(
        line.get_ydata(), np.maximum(runs["logistic regression"][16].cost - p.best_cost, 1e-12)
    )
    assert "(logistic regression)" in ex.readout_text
    ex.set(problem="linear regression")


def test_batch_size_explorer_rejects_mismatched_runs(small_problems):
    runs = {
        "linear regression": E.batch_size_runs(
            small_problems["linear regression"], lr=0.05, epochs=1, batch_sizes=(16,)
        ),
        "logistic regression": E.batch_size_runs(
            small_problems["logistic regression"], lr=0.5, epochs=1, batch_sizes=(32,)
        ),
    }
    with pytest.raises(ValueError, match="same batch sizes"):
        E.batch_size_explorer(runs, small_problems, batch_size=16)


# ------------------------------------------------------------------ 03: momentum


def _heavy_ball_cost(lr, beta, steps, nesterov=False):
    """Momentum on 1/2 (x**2 + 25 y**2), written out: v = beta v + g; step lr v (or lr (g + beta v))."""
    theta, v = np.array(elongated_valley(25.0).start), np.zeros(2)
    curv = np.array([1.0, 25.0])
    for _ in range(steps):
        g = curv * theta
        v = beta * v + g
        theta = theta - lr * ((g + beta * v) if nesterov else v)
    return 0.5 * np.sum(curv * theta**2)


@pytest.fixture(scope="module")
def momentum_ex():
    return E.momentum_explorer(lr=0.02, beta=0.8)


@pytest.mark.parametrize("method", ["momentum", "nesterov"])
def test_momentum_explorer_readout_is_the_hand_computed_cost(momentum_ex, method):
    """Does moving beta redraw, show beta, and report the cost of momentum run by hand?"""
    ex = momentum_ex
    before = ex.set(beta=0.8, method="momentum")
    png = ex.set(beta=0.5, method=method)
    assert png != before
    text = ex.readout_text
    assert f"η = 0.020, β = 0.50 ({method})" in text
    assert f"cost after 100 steps = {_heavy_ball_cost(0.02, 0.5, 100, method == 'nesterov'):.2e}" in text
    assert f"gradient descent with the same η: {_heavy_ball_cost(0.02, 0.0, 100):.2e}" in text


def test_momentum_explorer_with_beta_zero_draws_gradient_descent_twice(momentum_ex):
    """With beta = 0, do the two paths coincide?"""
    ex = momentum_ex
    ex.set(beta=0.0, method="momentum")
    np.testing.assert_allclose(ex.state["mo"].get_xydata(), ex.state["gd"].get_xydata())


def test_momentum_explorer_reports_divergence(momentum_ex):
    ex = momentum_ex
    ex.set(lr=0.1, beta=0.9, method="momentum")
    assert "gradient descent with the same η: diverged after" in ex.readout_text
    ex.set(lr=0.02)


def test_momentum_explorer_cached_runs_are_fresh_runs(momentum_ex):
    """Back at a value already shown (from the cache), are both paths what fresh runs give?"""
    from course_utils.explore.optimization import momentum

    ex = momentum_ex
    ex.set(lr=0.05, beta=0.7, method="nesterov")
    ex.set(lr=0.03, beta=0.2, method="momentum")
    hits = momentum._valley_path.cache_info().hits
    ex.set(lr=0.05, beta=0.7, method="nesterov")
    assert momentum._valley_path.cache_info().hits == hits + 2  # both runs from the cache
    surface = elongated_valley(25.0)
    fresh_gd = trajectory(sgd(0.05), surface, steps=100)
    fresh_mo = trajectory(OPTIMIZERS["nesterov"](0.05, 0.7), surface, steps=100)
    np.testing.assert_array_equal(ex.state["gd"].get_xydata(), fresh_gd)
    np.testing.assert_array_equal(ex.state["mo"].get_xydata(), fresh_mo)
    assert f"cost after 100 steps = {float(surface.value(fresh_mo[-1])):.2e}" in ex.readout_text
    ex.set(lr=0.02, beta=0.8, method="momentum")


def test_momentum_explorer_rejects_an_unknown_method():
    with pytest.raises(ValueError, match="method must be one of"):
        E.momentum_explorer(method="adam")


def test_momentum_explorer_default_makes_gradient_descent_zigzag():
    """At the default eta, does plain descent cross the floor at every step (1 - 25 eta < 0)?"""
    ex = E.momentum_explorer()
    ex.set(beta=0.8, method="momentum")
    theta2 = ex.state["gd"].get_xydata()[:, 1]
    assert np.all(theta2[:-1] * theta2[1:] < 0), "the sign of theta_2 should flip at every step"
    assert "factor across the valley 1 − 25η = -0.50 (zigzags)" in ex.readout_text


def test_momentum_explorer_has_a_colour_bar_and_the_course_notation():
    """Does the contour plot carry a colour bar, and its title theta_1, theta_2 instead of u, v?"""
    ex = E.momentum_explorer(lr=0.02)
    ex.set(beta=0.5)
    ax1 = ex.state["gd"].axes
    assert len(ex.fig.axes) == 3  # path, colour bar, cost
    assert r"\theta_2" in ax1.get_title() and "u^2" not in ax1.get_title()


# ------------------------------------------------------------ 04: adaptive rates


def test_effective_rate_is_the_step_divided_by_the_gradient():
    """For SGD, AdaGrad and RMSprop, is the rate exactly |step| / |gradient| after an update?"""
    theta, grad = np.array([1.0, -2.0, 0.5]), np.array([0.3, -4.0, 1e-3])
    for opt in [sgd(0.1), adagrad(0.5), rmsprop(0.01, rho=0.9)]:
        state = opt.init(theta)
        for _ in range(3):
            new, state = opt.update(grad, state, theta)
            np.testing.assert_allclose(
                E.effective_rate(opt, state), np.abs(new - theta) / np.abs(grad), rtol=1e-9
            )
            theta = new


def test_effective_rate_of_adam_is_the_step_divided_by_the_corrected_mean():
    """For Adam, is the rate |step| / |m_hat|, with m_hat corrected by hand?"""
    opt = adam(0.1)
    theta = np.array([1.0, -2.0])
    state = opt.init(theta)
    for t, g in enumerate([np.array([0.5, -3.0]), np.array([0.2, 1.0]), np.array([-0.4, 2.0])], start=1):
        new, state = opt.update(g, state, theta)
        m_hat = state.mu / (1 - 0.9**t)
        np.testing.assert_allclose(
            E.effective_rate(opt, state), np.abs(new - theta) / np.abs(m_hat), rtol=1e-9
        )
        theta = new


def test_effective_rate_follows_a_schedule():
    """With a schedule as lr, is the rate the schedule's value at the update just done?"""
    opt = sgd(lambda step: 1.0 / (step + 1))
    theta, state = np.zeros(2), opt.init(np.zeros(2))
    for step in range(3):
        theta, state = opt.update(np.ones(2), state, theta)
        np.testing.assert_allclose(E.effective_rate(opt, state), 1.0 / (step + 1))


def test_rates_along_keeps_going_after_divergence():
    path, rates = E.rates_along(sgd(0.5), elongated_valley(25.0), steps=30)
    assert path.shape == (31, 2) and rates.shape == (30, 2)
    assert np.all(rates == 0.5)


@pytest.fixture(scope="module")
def adaptive_ex():
    return E.adaptive_explorer(method="adam", lr=0.1)


def test_adaptive_explorer_shows_sgd_rates_equal_to_eta(adaptive_ex):
    """With SGD, are both rate lines flat at eta, and does the readout say so?"""
    ex = adaptive_ex
    png = ex.set(method="sgd", lr=0.05)
    assert png != ex.default_png
    assert ex.readout_text.startswith(
        "sgd, η = 0.05: after 100 steps the effective rates are θ₁ 0.05, θ₂ 0.05 (ratio 1)"
    )
    np.testing.assert_allclose(ex.state["r1"].get_ydata(), 0.05)
    # 100 steps of factors 0.95 and 1 - 25 * 0.05 = -0.25, from (-2.8, 1)
    cost = 0.5 * ((-2.8 * 0.95**100) ** 2 + 25 * (0.25**100) ** 2)
    assert f"cost = {cost:.2e}" in ex.readout_text


def test_adaptive_explorer_adagrad_rates_by_hand(adaptive_ex):
    """Is AdaGrad's last rate lr / sqrt(sum of squared gradients), accumulated by hand?"""
    ex = adaptive_ex
    ex.set(method="adagrad", lr=0.5)
    theta, big_g = np.array([-2.8, 1.0]), np.zeros(2)
    for _ in range(100):
        g = np.array([1.0, 25.0]) * theta
        big_g = big_g + g * g
        theta = theta - 0.5 * g / (np.sqrt(big_g) + 1e-10)
    rates = 0.5 / (np.sqrt(big_g) + 1e-10)
    assert f"θ₁ {rates[0]:.3g}, θ₂ {rates[1]:.3g}" in ex.readout_text
    np.testing.assert_allclose(ex.state["r2"].get_ydata()[-1], rates[1], rtol=1e-9)


def test_adaptive_explorer_rate_axis_holds_every_rate_of_the_sliders(adaptive_ex):
    """Do all effective rates of every optimizer and slider value fit the fixed limits, kept by every move?"""
    ex = adaptive_ex
    lo, hi = ex.state["ax"].get_ylim()
    control = ex.controls["lr"]
    for method in ADAPTIVE:
        for exponent in np.arange(control.min, control.max + 1e-9, control.step):  # every slider value
            _, rates = E.rates_along(OPTIMIZERS[method](10.0**exponent), elongated_valley(25.0), steps=100)
            shown = rates[np.isfinite(rates) & (rates > 0)]
            assert lo <= shown.min() and shown.max() <= hi, (method, 10.0**exponent)
    for move in ({"method": "adagrad", "lr": 0.001}, {"method": "sgd", "lr": 3.0}):
        ex.set(**move)
        assert ex.state["ax"].get_ylim() == (lo, hi)
    ex.set(method="adam", lr=0.1)


def test_adaptive_explorer_reports_divergence(adaptive_ex):
    adaptive_ex.set(method="sgd", lr=0.2)
    assert "diverged after" in adaptive_ex.readout_text


# -------------------------------------------------------------------- 05: schedules


@pytest.mark.parametrize(
    "name, expected",
    [
        ("constant", "constant(0.1)"),
        ("step_decay", "step_decay(lr0=0.1, step_size=50, gamma=0.3)"),
        ("exponential_decay", f"exponential_decay(lr0=0.1, gamma={round(0.5 ** (1 / 50), 6)})"),
        ("inverse_time_decay", "inverse_time_decay(lr0=0.1, k=0.02)"),
        ("cosine_annealing", "cosine_annealing(lr0=0.1, t_max=50, eta_min=0.0)"),
        ("cosine_warm_restarts", "cosine_warm_restarts(lr0=0.1, t_0=50, t_mult=2, eta_min=0.0)"),
    ],
)
def test_make_schedule_maps_the_knobs(name, expected):
    assert E.make_schedule(name, 0.1, 50, gamma=0.3, t_mult=2).__qualname__ == expected


def test_make_schedule_period_halves_exponential_and_inverse_time():
    """Does `period` mean "the rate halves after this many steps" for both smooth decays?"""
    for name in ("exponential_decay", "inverse_time_decay"):
        assert E.make_schedule(name, 0.2, 40)(40) == pytest.approx(
            0.1, rel=1e-4
        )  # gamma, k rounded to 6 digits


@pytest.mark.parametrize(
    "bad, words",
    [
        ({"name": "linear"}, "name must be one of"),
        ({"lr0": -1}, "lr0 must be"),
        ({"period": 0}, "period must be"),
    ],
)
def test_make_schedule_bad_input(bad, words):
    kwargs = {"name": "step_decay", "lr0": 0.1, "period": 10, **bad}
    with pytest.raises(ValueError, match=words):
        E.make_schedule(**kwargs)


def test_schedule_run_is_minibatch_sgd_with_the_scheduled_rate(small_problems):
    """Does a scheduled run equal the same batches stepped by hand with the scheduled rates?"""
    p = small_problems["linear regression"]
    schedule = SCHEDULES["step_decay"](0.1, 5, 0.5)
    excess = E.schedule_run(p, schedule, steps=12, batch_size=8, seed=4)
    rng, theta, thetas = np.random.default_rng(4), np.zeros(3), [np.zeros(3)]
    order = rng.permutation(256)
    for t in range(12):
        rows = order[8 * t : 8 * t + 8]
        A_b, y_b = p.A[rows], p.y[rows]
        theta = theta - schedule(t) * 2.0 / 8 * A_b.T @ (A_b @ theta - y_b)
        thetas.append(theta)
    direct = np.mean((np.array(thetas) @ p.A.T - p.y) ** 2, axis=1) - p.best_cost
    np.testing.assert_allclose(excess, np.maximum(direct, 1e-12), rtol=1e-8)


def test_schedule_run_marks_a_diverged_run(small_problems):
    excess = E.schedule_run(
        small_problems["linear regression"], SCHEDULES["constant"](50.0), steps=30, batch_size=8
    )
    assert np.isinf(excess[-1]) and np.isfinite(excess[0])


@pytest.fixture(scope="module")
def schedule_ex(small_problems):
    return E.schedule_explorer(
        "step_decay", lr0=0.1, period=100, gamma=0.3, problem=small_problems["linear regression"], steps=120
    )


def test_schedule_explorer_draws_the_rate_and_names_unused_sliders(schedule_ex):
    """Switching to constant: new picture, a flat rate line, and the readout lists the ignored sliders."""
    ex = schedule_ex
    before = ex.set(name="step_decay")
    png = ex.set(name="constant")
    assert png != before
    np.testing.assert_allclose(ex.state["lr_line"].get_ydata(), 1.0)  # in units of η₀ = 0.1
    assert ex.readout_text.startswith("constant(0.1)")
    assert "not used by this schedule: period = 100, gamma = 0.30, t_mult = 1" in ex.readout_text


def test_schedule_explorer_step_decay_values(schedule_ex, small_problems):
    """After moving gamma, are the drawn rates lr0 gamma**floor(t / period), and the run's cost right?"""
    ex = schedule_ex
    ex.set(name="step_decay", period=40, gamma=0.5)
    t = np.arange(121)
    np.testing.assert_allclose(0.1 * ex.state["lr_line"].get_ydata(), 0.1 * 0.5 ** (t // 40))
    assert ex.readout_text.startswith("step_decay(lr0=0.1, step_size=40, gamma=0.5)")
    excess = E.schedule_run(
        small_problems["linear regression"], SCHEDULES["step_decay"](0.1, 40, 0.5), steps=120
    )
    assert f"mean of the last 50 steps: {np.mean(excess[-50:]):.2e}" in ex.readout_text
    assert "not used by this schedule: t_mult = 1" in ex.readout_text


@pytest.mark.parametrize("lr0", [0.005, 0.0112, 0.1, 0.355, 0.5])
def test_schedule_explorer_rate_axis_reads_as_matplotlibs_would(schedule_ex, lr0):
    """On fixed limits, are the rate axis's ticks and labels those matplotlib draws from 0 to 1.1 η₀?"""
    from course_utils.widgets import figure, render_png

    ex = schedule_ex
    ax1 = ex.state["ax1"]
    ex.set(lr0=lr0)
    lr0 = ex.values["lr0"]
    assert ax1.get_ylim() == (0, 1.1)  # fixed: a move redraws curves and labels, not the axes
    labels = [t for t in ex.state["rate_axis"]["labels"] if t.get_visible()]
    shown = [(round(t.get_position()[1] * lr0, 12), t.get_text()) for t in labels]
    marks = ex.state["rate_axis"]["marks"].get_ydata() * lr0
    np.testing.assert_allclose(marks, [y for y, _ in shown])
    reference = figure(9.0, 3.8)
    ref_ax = reference.subplots(1, 2)[0]
    ref_ax.set_ylim(0, 1.1 * lr0)
    render_png(reference)
    expected = [
        (round(y, 12), t.get_text())
        for y, t in zip(ref_ax.get_yticks(), ref_ax.get_yticklabels())
        if 0 <= y <= 1.1 * lr0
    ]
    assert shown == expected
    ex.set(lr0=0.1)


def test_schedule_explorer_shows_the_initial_rate(schedule_ex):
    ex = schedule_ex
    ex.set(name="cosine_annealing", lr0=0.2)
    assert "cosine_annealing(lr0=0.2, t_max=" in ex.readout_text and "constant η₀ = 0.2" in ex.readout_text
    ex.set(lr0=0.1)


# ------------------------------------------------------------------------ 06: race


@pytest.mark.parametrize("surface_name", list(SURFACES))
def test_race_equals_one_trajectory_per_optimizer(surface_name):
    """Do the lockstep paths equal the paths run one optimizer at a time, divergence included?"""
    surface = SURFACES[surface_name]()
    opts = [make(0.05) for make in OPTIMIZERS.values()] + [sgd(5.0)]  # the last one diverges
    for opt, path in zip(opts, E.race(surface, surface.start, opts, 60)):
        np.testing.assert_array_equal(path, trajectory(opt, surface, steps=60))


def test_race_rejects_a_bad_start():
    with pytest.raises(ValueError, match="start must be a point"):
        E.race(bowl(), [1.0, 2.0, 3.0], [sgd(0.1)], 5)


@pytest.mark.parametrize(
    "surface, value",
    [(bowl(), 0.0), (elongated_valley(), 0.0), (saddle(), -0.25), (SURFACES["Rosenbrock"](), 0.0)],
)
def test_lowest_value_of_surfaces_with_known_minima(surface, value):
    assert E.lowest_value(surface) == pytest.approx(value, abs=1e-12)


def test_lowest_value_of_several_minima_is_a_stationary_point_below_the_grid():
    """Is the polished lowest value where the gradient vanishes, and below every grid point?"""
    surface = several_minima()
    low = E.lowest_value(surface)
    gx, gy, gz = surface.grid(300)
    assert low <= gz.min()
    best = trajectory(OPTIMIZERS["adam"](1e-3), surface, start=(1.5, 1.0), steps=2000)[-1]
    assert np.abs(surface.grad(best)).max() < 1e-6
    assert low == pytest.approx(float(surface.value(best)), abs=1e-9)


@pytest.mark.parametrize("surface_name", list(SURFACES))
def test_suggested_rates_are_stable_and_make_progress(surface_name):
    """Does every suggested rate run 300 steps without diverging, and lower the cost?"""
    surface = SURFACES[surface_name]()
    for name, lr in E.SUGGESTED_LR[surface_name].items():
        path = trajectory(_race_optimizer(name, lr, 0.9), surface, steps=300)
        assert len(path) == 301, (surface_name, name)
        assert surface.value(path[-1]) < surface.value(path[0]), (surface_name, name)


def test_suggested_rates_on_rosenbrock_are_the_best_of_the_sweep():
    """Is each Rosenbrock rate within 1.2 times the best final cost over the sweep of notebook 06?"""
    surface = SURFACES["Rosenbrock"]()
    rates = 10.0 ** np.arange(-4.0, 0.01, 0.5)
    for name, make in OPTIMIZERS.items():
        finals = [
            surface.value(p[-1]) if len(p) == 301 else np.inf
            for p in (trajectory(make(lr), surface, steps=300) for lr in rates)
        ]
        chosen = surface.value(trajectory(make(E.SUGGESTED_LR["Rosenbrock"][name]), surface, steps=300)[-1])
        assert chosen <= 1.2 * min(finals), name


def test_the_saddle_question_uses_the_suggested_rates():
    for name, lr in SADDLE_RATES.items():
        assert E.SUGGESTED_LR["saddle"][name] == lr


@pytest.fixture(scope="module")
def race_ex():
    return E.race_explorer("Rosenbrock", steps=300)


def test_race_explorer_colour_bar_follows_the_surface_and_the_start_is_readable(race_ex):
    """Does the colour bar show the levels of the surface on screen, and is the step axis log after 1?"""
    ex = race_ex
    for name in ("bowl", "Rosenbrock"):
        ex.set(surface=name)
        shown = ex.state["views"][name]["contours"]
        assert ex.state["colorbar"].mappable is shown
        assert ex.state["colorbar"].vmax == pytest.approx(shown.levels.max())
    assert ex.state["ax2"].get_xscale() == "symlog"


def test_race_explorer_bowl_paths_are_geometric(race_ex):
    """On the bowl, is gradient descent's path theta0 (1 - eta)**t, and its cost in the readout?"""
    ex = race_ex
    before = ex.set(surface="Rosenbrock")
    png = ex.set(surface="bowl", steps=20, sgd_scale=2.0)
    assert png != before
    start = np.array(bowl().start)
    expected = start * (1 - 0.2) ** np.arange(21)[:, None]  # suggested 0.1, times 2
    np.testing.assert_allclose(ex.state["paths"]["sgd"].get_xydata(), expected, rtol=1e-12)
    cost = 0.5 * np.sum(expected[-1] ** 2)
    assert f"sgd (η = 0.2 = 2.00 × suggested): {cost:.2g}" in ex.readout_text
    assert ex.readout_text.startswith("bowl, start (-2.50, 2.00) = suggested + (+0.00, +0.00), 20 steps")
    ex.set(surface="Rosenbrock", steps=300, sgd_scale=1.0)


def test_race_explorer_start_shift_and_racing_selection(race_ex):
    """Does a shifted start show in the readout and the start marker, and do only racers draw?"""
    ex = race_ex
    ex.set(shift1=0.25, racing=("sgd", "adam"))
    assert "start (-1.25, 2.50) = suggested + (+0.25, +0.00)" in ex.readout_text
    np.testing.assert_allclose(ex.state["start"].get_xydata(), [[-1.25, 2.5]])
    assert ex.state["paths"]["adam"].get_visible() and not ex.state["paths"]["momentum"].get_visible()
    assert "momentum" not in ex.readout_text.split("·")[-1]
    ex.set(shift1=0.0, racing=tuple(OPTIMIZERS))


def test_race_explorer_reports_divergence_and_shows_one_contour_set(race_ex):
    """Does a too-large rate read "diverged", and is only the chosen surface's contour visible?"""
    ex = race_ex
    ex.set(surface="Rosenbrock", sgd_scale=10.0)
    assert "sgd (η = 0.01 = 10.00 × suggested): diverged at step" in ex.readout_text
    visible = [
        name for name, view in ex.state["views"].items() if any(a.get_visible() for a in view["artists"])
    ]
    assert visible == ["Rosenbrock"]
    ex.set(surface="several minima", sgd_scale=1.0)
    assert ex.state["ax1"].get_title().startswith("several minima")  # a title matplotlib can draw
    ex.set(surface="Rosenbrock")


def test_race_explorer_cost_plot_limits_are_fixed_per_surface(race_ex):
    """Do moves other than the surface keep the cost plot's limits, every reachable start under the top?"""
    ex = race_ex
    ex.set(surface="Rosenbrock")
    ax2 = ex.state["ax2"]
    limits = (ax2.get_xlim(), ax2.get_ylim())
    assert limits[0] == (0, MAX_STEPS)
    for move in ({"steps": 40}, {"shift1": -1.5, "shift2": 1.5}, {"adam_scale": 10.0}, {"racing": ("sgd",)}):
        ex.set(**move)
        assert (ax2.get_xlim(), ax2.get_ylim()) == limits, move
    legend = ax2.get_legend()  # one legend, listing the racers only
    assert [
        t.get_text() for t in legend.get_texts() if ex.state["legend_rows"][t.get_text()].get_visible()
    ] == ["sgd"]
    view = ex.state["views"]["Rosenbrock"]
    s = view["surface"]
    corners = [(s.start[0] + a, s.start[1] + b) for a in (-1.5, 1.5) for b in (-1.5, 1.5)]
    assert max(float(s.value(np.array(c))) - view["floor"] for c in corners) < limits[1][1]
    ex.set(steps=300, shift1=0.0, shift2=0.0, adam_scale=1.0, racing=tuple(OPTIMIZERS))
    ex.set(surface="bowl")
    assert ax2.get_ylim() != limits[1]  # each surface has its own
    # every surface's axis reaches below 1e-6, where 06 counts a run as having reached the lowest:
    # with beta = 0.95 on several minima, momentum's way down into the deepest well stays in view
    assert all(view["ylim"][0] <= 1e-7 for view in ex.state["views"].values())
    ex.set(surface="several minima", beta=0.95)
    lowest = ex.state["costs"]["momentum"].get_ydata().min()
    assert lowest < 1e-5 and ax2.get_ylim()[0] < lowest
    ex.set(surface="Rosenbrock", beta=0.9)


def test_race_explorer_rejects_an_unknown_surface():
    with pytest.raises(ValueError, match="surface must be one of"):
        E.race_explorer("Himmelblau")


def test_race_explorer_shorter_races_are_prefixes_of_longer_ones(race_ex):
    """After a long race, is a shorter one (from the cache) what a fresh run gives, divergence included?"""
    ex = race_ex
    ex.set(surface="Rosenbrock", sgd_scale=10.0, steps=300)
    for steps in (2, 40):  # it diverges at step 3
        ex.set(steps=steps)
        expected = trajectory(sgd(0.01), SURFACES["Rosenbrock"](), steps=steps)
        np.testing.assert_array_equal(ex.state["paths"]["sgd"].get_xydata(), expected)
    assert "sgd (η = 0.01 = 10.00 × suggested): diverged" in ex.readout_text  # within 40 steps
    ex.set(steps=300, sgd_scale=1.0)


@pytest.mark.parametrize(
    "make",
    [
        lambda: E.learning_rate_explorer(),
        lambda: E.momentum_explorer(),
        lambda: E.adaptive_explorer(),
        lambda: E.race_explorer("bowl", steps=20),
    ],
    ids=["learning_rate", "momentum", "adaptive", "race"],
)
def test_every_contour_plot_has_a_colour_bar(make):
    """Does each part-2 explorer that draws contours also draw one colour bar, labelled with the cost?"""
    ex = make()
    bars = [ax for ax in ex.fig.axes if ax.get_label() == "<colorbar>"]
    assert len(bars) == 1
    assert "cost" in bars[0].get_ylabel()


# ------------------------------------------- the prose's claims guard the story


@pytest.mark.notebooks
def test_notebook_03_turns_red_when_momentum_loses_its_memory():
    """If momentum's beta were silently ignored, would notebook 03's claims fail its run?

    The perturbation lives here, in a first cell injected into a copy of the notebook: the
    course's ``momentum`` runs with beta = 0 (plain descent). The notebook itself is unchanged.
    """
    import nbformat

    from tools.nbtools import NOTEBOOKS, run

    path = NOTEBOOKS / "02_optimization" / "03_momentum_nesterov.ipynb"
    nb = nbformat.read(path, as_version=4)
    perturb = nbformat.v4.new_code_cell(
        "import course_utils.optimizers as _o\n"
        "_momentum = _o.momentum\n"
        "_o.momentum = lambda lr, beta=0.9: _momentum(lr, 0.0)"
    )
    nb.cells.insert(0, perturb)
    run(nb, path.parent, allow_errors=True)
    errors = {  # the demo cells' errors (a check cell's reference may use the patched optimizer too)
        cell.get("id"): out
        for cell in nb.cells
        if not cell.metadata.get("nbgrader", {}).get("grade")
        for out in cell.get("outputs", [])
        if out.output_type == "error"
    }
    assert errors["story"].ename == "ClaimFailed"
    assert "momentum reaches a cost of 1e-6 in fewer steps than plain descent" in errors["story"].evalue
    assert all(out.ename == "ClaimFailed" for out in errors.values()), {k: e.ename for k, e in errors.items()}


def test_notebook_01_states_the_points_of_every_part_2_notebook():
    """Does 01's table give each part-2 notebook the points of its grade cells, and the right total?"""
    import re

    import nbformat

    from tools.nbtools import NOTEBOOKS

    folder = NOTEBOOKS / "02_optimization"
    points = {}
    for path in sorted(folder.glob("*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        meta = [c.metadata.get("nbgrader", {}) for c in cells]
        points[path.stem] = sum(m.get("points", 0) for m in meta if m.get("grade"))
    intro = nbformat.read(folder / "01_gradient_descent.ipynb", as_version=4).cells[0].source
    stated = {name: int(pts) for name, pts in re.findall(r"^\| `(\d\d_\w+)` \|.*\| (\d+) \|$", intro, re.M)}
    assert stated == points
    assert f"has {sum(points.values())} points in all" in intro
