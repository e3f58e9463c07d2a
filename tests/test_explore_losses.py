"""Tests of ``course_utils.explore.losses``, the interactive figures of part 1.

Each explorer's ``setup``/``update`` pair is called on a figure without a display. The
expected numbers are worked out here, by hand or with a few lines of plain NumPy, never
read back from the code under test.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.colors import to_hex

from course_utils.explore import losses as X
from course_utils.plots import color
from course_utils.widgets import figure, render_png


def _fig():
    return figure(9.0, 3.6)


# ------------------------------------------------------------------ loss and cost


def test_cost_update_moves_the_bar_and_the_cost_line():
    """Does moving prediction 4 to 2.0 give its loss (2 - 3.5)^2 and the new mean?"""
    fig = _fig()
    state = X.cost_setup(fig)
    before = render_png(fig)
    text = X.cost_update(state, 2.0)
    # targets 1, 2.5, 2, 3.5, 3, 4.5; predictions 1.3, 2.2, 2.4, [2.0], 3.1, 4.1
    losses = [0.09, 0.09, 0.16, 2.25, 0.01, 0.16]
    cost = sum(losses) / 6
    assert "prediction 4 = 2.00" in text
    assert "its loss = 2.250" in text and f"cost = mean of the 6 losses = {cost:.3f}" in text
    assert state["bars"][3].get_height() == pytest.approx(2.25)
    assert state["cost_line"].get_ydata()[0] == pytest.approx(cost)
    assert list(state["moved"].get_data()[1]) == [2.0]
    assert render_png(fig) != before


def test_cost_explorer_rejects_a_sample_that_does_not_exist():
    """Is a wrong sample index a clear ValueError?"""
    with pytest.raises(ValueError, match="sample index from 0 to 5"):
        X.cost_explorer(moving=6)


# ---------------------------------------------------------- regression curves


def test_regression_curves_mark_each_loss_and_redraw_huber_for_delta():
    """At r = 2 and delta = 1.5: MSE 4 (slope 4), MAE 2 (slope 1), Huber 1.5 (2 - 0.75) (slope 1.5)?"""
    fig = _fig()
    state = X.regression_curves_setup(fig)
    before = render_png(fig)
    text = X.regression_curves_update(state, 2.0, 1.5)
    assert text.startswith("r = 2.00, delta = 1.50")
    assert "MSE 4.000 (slope 4.00)" in text
    assert "MAE 2.000 (slope 1.00)" in text
    assert "Huber 1.875 (slope 1.50)" in text
    r = state["r"]
    huber_curve = state["curves"][2].get_ydata()
    # by hand: 0.5 r^2 inside delta, 1.5 (|r| - 0.75) outside
    expected = np.where(np.abs(r) <= 1.5, 0.5 * r**2, 1.5 * (np.abs(r) - 0.75))
    np.testing.assert_allclose(huber_curve, expected)
    np.testing.assert_allclose(state["slopes"][2].get_ydata(), np.clip(r, -1.5, 1.5))
    assert state["dots"][0].get_data()[1][0] == pytest.approx(4.0)
    assert render_png(fig) != before


# --------------------------------------------------------- outliers and line fits


def _brute_force_minimum(x, y, per_sample):
    w, b = np.meshgrid(np.linspace(0.0, 4.0, 401), np.linspace(-1.0, 3.0, 401))
    cost = per_sample(w[..., None] * x + b[..., None] - y).mean(axis=-1)
    return float(cost.min())


def test_fit_lines_reaches_each_minimum():
    """Does the Adam fit match least squares for MSE, and the brute-force minimum for MAE and Huber?"""
    rng = np.random.default_rng(5)
    x = np.sort(rng.uniform(-2, 2, 15))
    y = 2.0 * x + 1.0 + 0.3 * rng.standard_normal(15)
    y[-1] += 10.0
    fits = X.fit_lines(x, y, {"MSE": ("mse", {}), "MAE": ("mae", {}), "Huber": ("huber", {"delta": 1.0})})
    np.testing.assert_allclose(fits["MSE"], np.polyfit(x, y, 1), atol=1e-3)
    huber = lambda r: np.where(np.abs(r) <= 1, 0.5 * r**2, np.abs(r) - 0.5)  # noqa: E731
    for name, per_sample in (("MAE", np.abs), ("Huber", huber)):
        w, b = fits[name]
        reached = float(per_sample(w * x + b - y).mean())
        assert reached <= _brute_force_minimum(x, y, per_sample) + 1e-4, name
    # the robust fits stay near the true slope, the MSE fit does not
    assert abs(fits["MAE"][0] - 2.0) < 0.3 and abs(fits["MSE"][0] - 2.0) > 0.6


def test_outlier_update_refits_and_moves_lines_and_bars():
    """Does moving the outlier refit all three lines, and changing delta only Huber's?"""
    fig = _fig()
    state = X.outlier_setup(fig)
    before = render_png(fig)
    text = X.outlier_update(state, 10.0, 2.0)
    x_all = np.append(state["x"], X.OUTLIER_X)
    y_all = np.append(state["y"], 10.0)
    w_mse, b_mse = np.polyfit(x_all, y_all, 1)
    assert text.startswith("outlier y = 10.0, delta = 2.00")
    assert f"MSE {w_mse:.2f}" in text
    assert state["bars"][0].get_height() == pytest.approx(w_mse, abs=1e-3)
    xs, ys = state["lines"]["MSE"].get_data()
    np.testing.assert_allclose(ys, w_mse * np.asarray(xs) + b_mse, atol=5e-3)
    assert list(state["outlier"].get_data()[1]) == [10.0]
    n = len(X.OUTLIER_HEIGHTS)
    assert len(state["cache"]) == 3 * n  # three fits for every height the slider offers
    mse_fits = {k: v for k, v in state["cache"].items() if k[0] == "MSE"}
    X.outlier_update(state, 10.0, 1.0)
    assert len(state["cache"]) == 4 * n  # only the Huber fits were made again, for the new delta
    assert all(state["cache"][k] is v for k, v in mse_fits.items())
    assert render_png(fig) != before


def test_a_kept_fit_equals_a_fresh_fit():
    """Are the fits kept for every height (made all at once) the fits fit_lines makes for one
    data set alone, at a height on the slider and one between its steps?"""
    state = X.outlier_setup(_fig())
    X.outlier_update(state, 18.0, 0.7)
    x_all = np.append(state["x"], X.OUTLIER_X)
    specs = {"MSE": ("mse", {}), "MAE": ("mae", {}), "Huber": ("huber", {"delta": 0.7})}
    for height in (-8.0, 3.5, 20.0):
        fresh = X.fit_lines(x_all, np.append(state["y"], height), specs)
        for name, key in (
            ("MSE", ("MSE", height)),
            ("MAE", ("MAE", height)),
            ("Huber", ("Huber", height, 0.7)),
        ):
            np.testing.assert_allclose(state["cache"][key], fresh[name], rtol=0, atol=1e-12)
    text = X.outlier_update(state, 3.3, 0.7)  # not on the slider: fitted alone
    fresh = X.fit_lines(x_all, np.append(state["y"], 3.3), specs)
    assert f"MAE {fresh['MAE'][0]:.2f}" in text and ("MAE", 3.3) in state["cache"]
    assert ("MAE", 3.4) not in state["cache"]


# --------------------------------------------------- classification loss curves


def test_classification_curves_for_a_confident_wrong_answer():
    """q = 0.99 for label 0: BCE = -ln 0.01, squared error 0.99^2, hinge 1 + ln 99?"""
    fig = _fig()
    state = X.classification_curves_setup(fig)
    text = X.classification_curves_update(state, 0, 0.99)
    assert text.startswith("label = 0, q = 0.990 (logit z = 4.60)")
    assert f"BCE = {-math.log(0.01):.3f}" in text
    assert f"squared error = {0.99**2:.3f}" in text
    assert f"hinge = {1 + math.log(99):.3f}" in text


def test_the_label_toggle_swaps_every_curve():
    """Does label 1 draw -log q, and label 0 -log(1 - q)?"""
    fig = _fig()
    state = X.classification_curves_setup(fig)
    q = state["q"]
    X.classification_curves_update(state, 1, 0.3)
    np.testing.assert_allclose(state["lines"]["bce"].get_ydata(), -np.log(q), rtol=1e-9)
    label_1 = render_png(fig)
    X.classification_curves_update(state, 0, 0.3)
    np.testing.assert_allclose(state["lines"]["bce"].get_ydata(), -np.log(1 - q), rtol=1e-9)
    z = state["z"]
    np.testing.assert_allclose(state["lines"]["hinge"].get_ydata(), np.maximum(0, 1 + z))
    assert render_png(fig) != label_1
    with pytest.raises(ValueError, match="label must be 0 or 1"):
        X.classification_curves_update(state, -1, 0.3)


# ------------------------------------------------------------------- softmax


def test_softmax_update_with_equal_logits_gives_log_3():
    """Equal logits over three classes: each probability 1/3, the loss ln 3?"""
    fig = _fig()
    state = X.softmax_setup(fig)
    text = X.softmax_update(state, temperature=1.0, true_class="dog", z_cat=1.0, z_dog=1.0, z_bird=1.0)
    assert f"q(dog) = {1 / 3:.3f}, loss = {math.log(3):.3f}" in text
    assert [bar.get_height() for bar in state["p_bars"]] == pytest.approx([1 / 3] * 3)
    assert to_hex(state["p_bars"][1].get_facecolor()) == color(1).lower()


def test_temperature_divides_the_logits():
    """With T = 2, logits (2, 0, 0) act as (1, 0, 0): q(cat) = e / (e + 2)?"""
    fig = _fig()
    state = X.softmax_setup(fig)
    before = render_png(fig)
    text = X.softmax_update(state, temperature=2.0, true_class="cat", z_cat=2.0, z_dog=0.0, z_bird=0.0)
    p_cat = math.e / (math.e + 2)
    assert "T = 2.00" in text and f"q(cat) = {p_cat:.3f}" in text and f"loss = {-math.log(p_cat):.3f}" in text
    assert [bar.get_height() for bar in state["z_bars"]] == pytest.approx([1.0, 0.0, 0.0])
    assert render_png(fig) != before
    with pytest.raises(ValueError, match="z_bird"):
        X.softmax_update(state, temperature=1.0, true_class="cat", z_cat=1.0, z_dog=1.0)


def test_the_logit_panel_fits_every_bar_and_keeps_its_axis():
    """From T = 10 down to 0.1: is every bar z / T drawn inside the logit panel with room
    above, do its tick labels read the scale it is drawn at, and does the axis itself never
    change (a change would redraw the whole figure)? Small moves keep the scale, and the
    default (logits 2, 1, 0.1 at T = 1) is drawn at 5, as before."""
    fig = _fig()
    state = X.softmax_setup(fig)
    ax = state["ax_z"]
    limits, ticks = ax.get_ylim(), list(ax.get_yticks())
    logits = {"z_cat": 5.0, "z_dog": -5.0, "z_bird": 0.0}
    for temperature in (10.0, 1.0, 0.5, 0.2, 0.1):
        X.softmax_update(state, temperature=temperature, true_class="cat", **logits)
        assert [bar.get_height() for bar in state["z_bars"]] == pytest.approx(
            [5 / temperature, -5 / temperature, 0]
        )
        for bar in state["z_bars"]:  # drawn inside the panel, with 15% to spare
            y0, y1 = sorted(bar.get_data_transform().transform([[0, 0], [0, bar.get_height()]])[:, 1])
            bottom, top = ax.transAxes.transform([[0, 0], [0, 1]])[:, 1]
            assert bottom + 0.07 * (top - bottom) <= y0 <= y1 <= top - 0.07 * (top - bottom) + 1e-9, (
                temperature
            )
        # each tick label reads the height of the tick it sits on, in units of z / T
        for label, tick in zip(state["tick_labels"], ax.get_yticks()):
            value = float(label.get_text().replace("\N{MINUS SIGN}", "-"))
            drawn = state["z_bars"][0].get_data_transform().transform([[0, value]])[0, 1]
            assert drawn == pytest.approx(ax.transData.transform([[0, tick]])[0, 1])
        assert ax.get_ylim() == limits and list(ax.get_yticks()) == ticks
    z = {"z_cat": 2.0, "z_dog": 1.0, "z_bird": 0.1}
    X.softmax_update(state, temperature=0.40, true_class="cat", **z)  # |z / T| up to 5: 5.75 needed
    scale = state["scale"]
    X.softmax_update(state, temperature=0.45, true_class="cat", **z)  # up to 4.4: 5.1 needed
    assert state["scale"] == scale == 10.0
    X.softmax_update(state, temperature=1.0, true_class="cat", **z)
    assert state["scale"] == 5.0 and [t.get_text() for t in state["tick_labels"]] == [
        "−4",
        "−2",
        "0",
        "2",
        "4",
    ]


# ------------------------------------------------------------- margins (05)


def test_margin_curves_by_hand_before_and_after_the_margin():
    """Wrong classes at 1 and -0.5: at s0 = 0 the hinge is 2 + 0.5 with slope -2; at s0 = 2.5 both are 0?"""
    curves = X.margin_curves(np.array([0.0, 1.9, 2.5]))
    np.testing.assert_allclose(curves["hinge"], [2.5, 0.1, 0.0], atol=1e-12)
    np.testing.assert_allclose(curves["hinge_grad"], [-2.0, -1.0, 0.0])
    for s0, ce, ce_grad in zip((0.0, 1.9, 2.5), curves["ce"], curves["ce_grad"]):
        total = math.exp(s0) + math.exp(1.0) + math.exp(-0.5)
        assert ce == pytest.approx(-math.log(math.exp(s0) / total), rel=1e-12)
        assert ce_grad == pytest.approx(math.exp(s0) / total - 1.0, rel=1e-12)
    assert not np.signbit(curves["hinge_grad"][2])  # printed as 0, not -0


def test_margin_update_moves_both_dots_and_says_whether_the_margin_is_met():
    """Past s0 = 2 the readout says the margin is met and the hinge is 0; cross-entropy is not?"""
    fig = _fig()
    state = X.margin_setup(fig)
    before = render_png(fig)
    text = X.margin_update(state, 3.0)
    ce = -math.log(math.exp(3.0) / (math.exp(3.0) + math.exp(1.0) + math.exp(-0.5)))
    assert text.startswith("s_0 = 3.00 (margin met): hinge = 0.000")
    assert f"cross-entropy = {ce:.3f}" in text
    assert list(state["dots"]["hinge"].get_data()[1]) == [0.0]
    assert state["dots"]["ce"].get_data()[1][0] == pytest.approx(ce)
    assert render_png(fig) != before
    text = X.margin_update(state, 0.0)
    assert "(margin not met): hinge = 2.500 (slope -2)" in text


def test_margin_explorer_rejects_a_score_off_the_slider():
    """Is a true score outside [-3, 6] a clear ValueError?"""
    with pytest.raises(ValueError, match="s_true must lie between -3 and 6"):
        X.margin_explorer(s_true=7.0)


# ------------------------------------------------------------------------ KL


def test_bumps_is_a_distribution_peaked_at_its_centre():
    """Does a bump sum to 1, stay positive, and peak where it is centred?"""
    q = X.bumps([4.0], 1.5, 12)
    assert q.sum() == pytest.approx(1.0) and q.min() > 0 and q.argmax() == 4
    with pytest.raises(ValueError, match="width must be positive"):
        X.bumps([4.0], 0.0)


def test_kl_update_shows_both_directions():
    """Are the two bars sum p log(p/q) and sum q log(q/p), and unequal?"""
    fig = _fig()
    state = X.kl_setup(fig)
    before = render_png(fig)
    text = X.kl_update(state, 6.0, 12.0, 2.0)
    p = np.array([bar.get_height() for bar in state["p_bars"]])
    q = np.array([bar.get_height() for bar in state["q_bars"]])
    pq, qp = float(np.sum(p * np.log(p / q))), float(np.sum(q * np.log(q / p)))
    assert text == f"gap = 6.0, q mean = 12.0, q width = 2.0: KL(p‖q) = {pq:.3f}, KL(q‖p) = {qp:.3f}"
    assert [bar.get_height() for bar in state["kl_bars"]] == pytest.approx([pq, qp])
    assert abs(pq - qp) > 0.1
    # p's modes are at 9.5 -+ 3 = 6.5 and 12.5: symmetric about 9.5, highest on 6, 7, 12 and 13
    np.testing.assert_allclose(p, p[::-1])
    assert p[6] == pytest.approx(p[7]) and p[7] == pytest.approx(p.max())
    assert render_png(fig) != before


# ----------------------------------------------------------- label smoothing


def test_smoothing_update_for_eps_0_2():
    """K = 5, eps = 0.2: targets 0.84 and 0.04, and the losses of the model and of the best guess?"""
    fig = _fig()
    state = X.smoothing_setup(fig)
    before = render_png(fig)
    text = X.smoothing_update(state, 0.2)
    target = np.array([0.04, 0.84, 0.04, 0.04, 0.04])
    logits = np.array([0.0, 8.0, 0.0, 0.0, 0.0])
    log_p = logits - np.log(np.exp(logits).sum())
    model_loss = -float(target @ log_p)
    best = -float(target @ np.log(target))
    assert text == (
        f"eps = 0.20: target for the true class = 0.840, for each other class = 0.040;"
        f" overconfident model's loss = {model_loss:.3f}, lowest possible = {best:.3f}"
    )
    assert [bar.get_height() for bar in state["t_bars"]] == pytest.approx(target)
    c, curve = state["curve"].get_data()
    assert abs(c[np.argmin(curve)] - 0.84) < 0.005  # the curve's minimum is at the smoothed target
    assert render_png(fig) != before


# ------------------------------------------------------------- landscapes


def test_landscape_data_is_separable_only_below_7_5():
    """Is the logistic data set separable while the moved point stays left of class 1?"""
    for outlier, separable in ((0.0, True), (7.0, True), (8.0, False), (12.0, False)):
        x, y = X.landscape_data("BCE (logistic regression)", outlier)
        assert (x[y == 0].max() < x[y == 1].min()) == separable


def test_landscape_update_finds_the_grid_minimum():
    """Is the star at the lowest MSE on the grid, computed here independently?"""
    fig = figure(9.5, 3.9)
    state = X.landscape_setup(fig, n=25, outliers=(0.0, 12.0))
    text = X.landscape_update(state, "MSE", 12.0)
    x, y = X.landscape_data("MSE", 12.0)
    w, b = np.meshgrid(np.linspace(-1.0, 5.0, 25), np.linspace(-2.0, 4.0, 25))
    cost = ((w[..., None] * x + b[..., None] - y) ** 2).mean(axis=-1)
    i = np.unravel_index(np.argmin(cost), cost.shape)
    assert (
        text == f"loss = MSE, outlier = 12: lowest cost on the grid {cost[i]:.3f}"
        f" at w = {w[i]:.2f}, b = {b[i]:.2f}"
    )
    assert list(state["best"].get_data()[0]) == pytest.approx([w[i]])


def test_landscape_redraws_without_piling_up_artists():
    """Does each update replace the surfaces (the figure changes, the artist count does not grow)?"""
    fig = figure(9.5, 3.9)
    state = X.landscape_setup(fig, n=20, outliers=(0.0,))
    X.landscape_update(state, "MSE", 0.0)
    mse_png = render_png(fig)
    counts = (len(state["ax2"].collections), len(state["ax3"].collections))
    text = X.landscape_update(state, "BCE (logistic regression)", 0.0)
    assert "on the edge of the grid" in text  # separable data: no minimum inside
    assert render_png(fig) != mse_png
    assert (len(state["ax2"].collections), len(state["ax3"].collections)) == counts
    assert "edge" not in X.landscape_update(state, "BCE (logistic regression)", 12.0)
    with pytest.raises(ValueError, match="loss must be one of"):
        X.landscape_update(state, "hinge", 0.0)


def test_landscape_contours_are_those_contourf_draws_for_the_surface():
    """Are the filled contours shown (one path per band, in viridis) those matplotlib's own
    contourf draws for the grid of the surface, computed here?"""
    state = X.landscape_setup(figure(9.5, 3.9), n=20, outliers=(0.0,))
    X.landscape_update(state, "Huber", 5.0)
    gx, gy, gz = X.landscape_surface("Huber", 5.0).grid(20)
    reference = figure().add_subplot().contourf(gx, gy, gz, levels=20, cmap="viridis")
    shown = state["fills"].get_paths()
    assert len(shown) == len(reference.get_paths())
    for ours, theirs in zip(shown, reference.get_paths()):
        assert np.array_equal(ours.vertices, theirs.vertices)
    assert np.allclose(state["fills"].get_facecolor(), reference.to_rgba(reference.get_array()))


def test_a_landscape_seen_before_is_shown_from_its_kept_picture_which_a_fresh_drawing_repeats():
    """Moving back to a surface: is its kept picture shown again (not redrawn), and is that
    picture (colour bar and 3-D panel) the one a fresh explorer draws for the same surface?"""
    fig = figure(9.5, 3.9)
    state = X.landscape_setup(fig, n=20, outliers=(0.0, 6.0))
    X.landscape_update(state, "MAE", 6.0)
    kept = state["pictures"][("MAE", 6.0)]
    first = render_png(fig)
    X.landscape_update(state, "BCE (logistic regression)", 0.0)
    X.landscape_update(state, "MAE", 6.0)
    assert state["pictures"][("MAE", 6.0)] is kept
    assert render_png(fig) == first
    fresh = X.landscape_setup(figure(9.5, 3.9), n=20, outliers=(6.0,))
    X.landscape_update(fresh, "MAE", 6.0)
    assert np.array_equal(fresh["pictures"][("MAE", 6.0)]["panel"], kept["panel"])
    assert (kept["panel"][..., 3] == 255).all()  # opaque: matplotlib lays it in without blending


def test_the_landscape_picture_leaves_the_contour_panel_uncovered():
    """The picture of colour bar and 3-D panel is opaque: does it start right of every tick
    label and title of the contour panel, for each loss (whose tick labels differ)?"""
    fig = figure(9.5, 3.9)
    state = X.landscape_setup(fig, n=12, outliers=())
    renderer = fig.canvas.get_renderer()
    for loss in X.LANDSCAPE_LOSSES:
        X.landscape_update(state, loss, 12.0)
        render_png(fig)
        assert state["ax2"].get_tightbbox(renderer).x1 < state["region"][0], loss


def test_landscape_colour_bar_follows_the_surface_drawn():
    """Does the contour plot's colour bar span the levels of the surface now drawn, for each loss?
    (Surfaces not drawn in advance: ``outliers=()`` leaves only the default one, MSE at 0.)"""
    fig = figure(10.0, 3.8)
    state = X.landscape_setup(fig, n=12, outliers=())
    spans = []
    for loss in ("MSE", "BCE (logistic regression)"):
        X.landscape_update(state, loss, 3.0)
        levels = state["drawn"][0].levels
        norm = state["colorbar"].mappable.norm
        assert (norm.vmin, norm.vmax) == pytest.approx((levels[0], levels[-1]))
        spans.append(norm.vmax)
    assert spans[0] != pytest.approx(spans[1])


# ------------------------------------------------------- the explorers as widgets

_MOVES = [
    (X.cost_explorer, "y_hat", 3.0, "prediction 4 = 3.00"),
    (X.regression_curves_explorer, "delta", 2.5, "delta = 2.50"),
    (X.outlier_explorer, "y_outlier", -3.0, "outlier y = -3.0"),
    (X.classification_curves_explorer, "q", 0.25, "q = 0.250"),
    (X.softmax_explorer, "temperature", 0.5, "T = 0.50"),
    (X.margin_explorer, "s_true", 0.0, "s_0 = 0.00"),
    (X.kl_explorer, "q_mean", 13.5, "q mean = 13.5"),
    (X.smoothing_explorer, "eps", 0.3, "eps = 0.30"),
    (X.landscape_explorer, "outlier", 9.0, "outlier = 9"),
]


@pytest.mark.parametrize("make, control, value, shown", _MOVES, ids=lambda v: getattr(v, "__name__", str(v)))
def test_moving_a_control_changes_the_figure_and_the_readout(make, control, value, shown):
    """As in the browser: does moving a slider change the picture and show the new value?"""
    explorer = make()
    assert shown not in explorer.readout_text
    png = explorer.set(**{control: value})
    assert png != explorer.default_png
    assert shown in explorer.readout_text


@pytest.mark.parametrize(
    "make, kwargs, words",
    [
        (X.regression_curves_explorer, {"delta": 0.0}, "delta must lie between"),
        (X.outlier_explorer, {"y_outlier": 50.0}, "y_outlier must lie between"),
        (X.classification_curves_explorer, {"label": 2}, "label must be 0 or 1"),
        (X.softmax_explorer, {"logits": (1.0, 2.0)}, "give 3 logits"),
        (X.softmax_explorer, {"true_class": "horse"}, "true_class must be one of"),
        (X.kl_explorer, {"q_width": 0.1}, "q_width must lie between"),
        (X.smoothing_explorer, {"eps": 1.0}, "eps must lie between"),
        (X.landscape_explorer, {"loss": "hinge"}, "loss must be one of"),
        (X.landscape_explorer, {"outlier": 2.5}, "outlier must be a whole number"),
    ],
)
def test_bad_arguments_get_a_clear_message(make, kwargs, words):
    """Is a wrong argument to a factory a ValueError that says what is allowed?"""
    with pytest.raises(ValueError, match=words):
        make(**kwargs)


def _numbers(text: str) -> list[float]:
    import re

    return [float(m) for m in re.findall(r"-?\d+(?:\.\d+)?", text)]


@pytest.mark.parametrize("make", [m for m, *_ in _MOVES], ids=lambda m: m.__name__)
def test_one_step_of_the_first_slider_shows_in_the_readout(make):
    """As the browser test does: one step right on the first slider (not at its end), then its value shown?"""
    import ipywidgets as W

    explorer = make()
    name, control = next(
        (n, c)
        for n, c in explorer.controls.items()
        if isinstance(c, (W.FloatSlider, W.FloatLogSlider, W.IntSlider))
    )
    if isinstance(control, W.FloatLogSlider):
        new = 10 ** (math.log10(control.value) + control.step)
    else:
        new = control.value + control.step
    assert new <= control.max + 1e-12, f"{name} starts at its maximum: a step right cannot move it"
    before = explorer.readout_text
    explorer.set(**{name: new})
    assert explorer.readout_text != before
    assert any(abs(n - new) <= max(0.0051, 1e-3 * abs(new)) for n in _numbers(explorer.readout_text)), (
        explorer.readout_text
    )
