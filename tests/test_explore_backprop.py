"""Tests of the explorers of part 3 (``course_utils.explore.backprop``), without a display.

Each explorer is built and moved as a learner would (``Explorer.set``); the tests check that
the image changes, that the readout carries the control's new value and the right number
(computed here independently, with ``math`` or a few lines of NumPy), and that the artists
hold the right data.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_utils.explore import backprop as E
from course_utils.widgets import figure, render_png

X_NOTES = (1.0, 0.0)
W_NOTES = dict(w11=0.2, w21=0.4, b1=0.1, w12=0.3, w22=0.1, b2=0.2, w13=0.7, w23=0.5, b3=0.3)


def _sig(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _notes_step(w: dict, lr: float) -> tuple[dict, dict]:
    """One iteration of the notes' example, written out with scalars: (values, new weights)."""
    x1, x2 = X_NOTES
    z1 = w["w11"] * x1 + w["w21"] * x2 + w["b1"]
    z2 = w["w12"] * x1 + w["w22"] * x2 + w["b2"]
    a1, a2 = _sig(z1), _sig(z2)
    z3 = w["w13"] * a1 + w["w23"] * a2 + w["b3"]
    y_hat = _sig(z3)
    d3 = y_hat - 1.0
    d1, d2 = w["w13"] * d3 * a1 * (1 - a1), w["w23"] * d3 * a2 * (1 - a2)
    g = dict(
        w11=d1 * x1, w21=d1 * x2, b1=d1, w12=d2 * x1, w22=d2 * x2, b2=d2, w13=d3 * a1, w23=d3 * a2, b3=d3
    )
    values = dict(z1=z1, a1=a1, z2=z2, a2=a2, z3=z3, y_hat=y_hat, loss=-math.log(y_hat), d3=d3, d1=d1, d2=d2)
    return values, {k: w[k] - lr * g[k] for k in w}


# ------------------------------------------------------------- the chain rule


def test_neuron_chain_is_the_product_of_three_slopes():
    c = E.neuron_chain(0.5, x=2.0, y=1.0, b=-0.5)
    y_hat = _sig(0.5 * 2.0 - 0.5)
    assert c.y_hat == pytest.approx(y_hat)
    assert c.dL_dyhat == pytest.approx(-1.0 / y_hat)  # -y / y_hat for y = 1
    assert c.dyhat_dz == pytest.approx(y_hat * (1 - y_hat))
    assert c.dL_dw == pytest.approx((y_hat - 1.0) * 2.0)


def test_chain_rule_explorer_moves_the_tangent_and_the_bars():
    ex = E.chain_rule_explorer(w=0.5)
    before = ex.image.value
    after = ex.set(w=-1.5)
    assert after != before
    y_hat = _sig(-1.5 * 2.0 - 0.5)
    slope = (y_hat - 1.0) * 2.0
    assert "w = -1.50" in ex.readout_text
    assert f"{slope:.3f}" in ex.readout_text
    xs, ys = ex.state["tangent"].get_data()
    assert (ys[1] - ys[0]) / (xs[1] - xs[0]) == pytest.approx(slope)
    px, py = ex.state["point"].get_data()
    assert px[0] == -1.5 and py[0] == pytest.approx(-math.log(y_hat))
    heights = [bar.get_height() for bar in ex.state["bars"]]
    assert heights[1] == pytest.approx(y_hat * (1 - y_hat)) and heights[2] == pytest.approx(2.0)
    assert heights[3] == pytest.approx(slope)


# ------------------------------------------------------------ the graph


def test_stage_labels_hold_the_hand_computed_values():
    from course_utils import network

    X, y, params = network.worked_example()
    v, new = _notes_step(W_NOTES, 0.5)
    fwd = E.stage_labels("forward pass", X, y, params, 0.5)["values"]
    for key in ("z1", "a1", "z2", "a2", "z3", "y_hat"):
        assert fwd[key] == pytest.approx(v[key], rel=1e-12)
    assert E.stage_labels("loss", X, y, params, 0.5)["values"]["loss"] == pytest.approx(v["loss"], rel=1e-12)
    back = E.stage_labels("backward pass", X, y, params, 0.5)["values"]
    assert back["dL_dz3"] == pytest.approx(v["d3"]) and back["delta1"] == pytest.approx(v["d1"])
    assert back["delta2"] == pytest.approx(v["d2"])
    upd = E.stage_labels("update", X, y, params, 0.5)["values"]
    for key in W_NOTES:
        assert upd[key] == pytest.approx(new[key], rel=1e-12), key


def test_stage_labels_reject_an_unknown_stage():
    from course_utils import network

    with pytest.raises(ValueError, match="stage must be one of"):
        E.stage_labels("sideways pass", *network.worked_example(), 0.5)


def test_draw_graph_draws_every_node_and_edge():
    fig = figure()
    ax = fig.add_subplot()
    art = E.draw_graph(ax)
    assert set(art.circles) == set(E.NODES) and set(art.edges) == set(E.EDGES)
    assert art.edge_texts["w21"].get_text() == "$w_{21}$"


def test_does_the_bare_graph_have_no_legend_of_colours_it_does_not_draw():
    fig = figure()
    ax = fig.add_subplot()
    art = E.draw_graph(ax)
    assert ax.get_legend() is None and art.stage_key is None
    assert {line.get_color() for line in art.edges.values()} == {E.STAGE_COLOURS["idle"]}


def test_step_through_explorer_shows_each_stage():
    ex = E.step_through_explorer("forward pass", lr=0.5)
    v, new = _notes_step(W_NOTES, 0.5)
    assert f"a1 = {v['a1']:.4f}" in ex.readout_text and "stage = forward pass" in ex.readout_text
    pngs = {ex.image.value}
    for stage in ("loss", "backward pass", "update"):
        pngs.add(ex.set(stage=stage))
        assert f"stage = {stage}" in ex.readout_text
        assert ex.state["art"].title.get_text() == f"Stage {E.STAGES.index(stage) + 1} of 4: {stage}"
    assert len(pngs) == 4  # each stage draws something different
    assert f"w13 = {new['w13']:.4f}" in ex.readout_text
    ex.set(stage="backward pass")
    assert f"δ1 = {v['d1']:+.4f}" in ex.readout_text
    assert ex.state["art"].edge_texts["w13"].get_text() == f"∂ℓ/∂w13 = {v['d3'] * v['a1']:+.4f}"
    assert ex.state["art"].edges["w11"].get_color() == E.STAGE_COLOURS["backward pass"]


@pytest.mark.parametrize("stage", ["forward pass", "loss", "backward pass", "update"])
def test_does_the_step_through_legend_name_the_one_colour_drawn(stage):
    ex = E.step_through_explorer(stage, lr=0.5)
    line, text = ex.state["art"].stage_key
    drawn = {edge.get_color() for edge in ex.state["art"].edges.values()} - {E.STAGE_COLOURS["idle"]}
    assert drawn == {E.STAGE_COLOURS[stage]} == {line.get_color()}
    assert text.get_text() == f"{stage}: highlighted"
    assert len(ex.state["art"].edges["w11"].axes.get_legend().get_texts()) == 1


# ------------------------------------------------------ many iterations


def test_learning_rate_explorer_follows_gradient_descent():
    ex = E.learning_rate_explorer(lr=0.5, steps=50)
    before = ex.image.value
    after = ex.set(lr=2.0, steps=20)
    assert after != before
    w, losses = dict(W_NOTES), []
    for _ in range(20):
        v, w = _notes_step(w, 2.0)
        losses.append(v["loss"])
    final, _ = _notes_step(w, 2.0)
    assert "lr = 2, iterations = 20" in ex.readout_text
    assert f"→ {final['loss']:.4f}" in ex.readout_text
    t, curve = ex.state["loss"].get_data()
    assert len(t) == 21
    np.testing.assert_allclose(curve[:20], losses, rtol=1e-10)
    _, w13 = ex.state["weights"]["w13"].get_data()
    assert w13[-1] == pytest.approx(w["w13"], rel=1e-10)
    _, w21 = ex.state["weights"]["w21"].get_data()
    assert np.all(w21 == 0.4)  # x2 = 0: w21 never moves


def test_is_a_run_grown_move_by_move_the_run_trained_in_one_go():
    """Does growing the cached run 7, then 50, then 200 iterations give network.train's numbers?"""
    from course_utils import network
    from course_utils.explore.backprop import worked_example

    runs: dict = {}
    for steps in (7, 50, 20, 200):
        run = worked_example._worked_run(runs, 0.5, steps)
        assert len(run.costs) == max(steps, 50 if steps == 20 else steps) + 1
    X, y, params = network.worked_example()
    fresh = network.train(params, X, y, lr=0.5, steps=200)
    np.testing.assert_array_equal(run.costs, fresh.costs)
    np.testing.assert_array_equal(run.y_hat, fresh.y_hat)
    for key in fresh.params:
        np.testing.assert_array_equal(run.params[key], fresh.params[key])


def test_do_small_moves_keep_the_axes_so_only_the_curves_are_redrawn():
    """From 60 to 80 iterations, do the axes stay put, and is every frame after the first two blitted?"""
    ex = E.learning_rate_explorer(lr=0.5, steps=50)
    assert ex.state["ax"].get_xlim() == (0.0, 50.0)  # the default figure ends at its iterations
    ex.set(steps=60)  # new limits: a full redraw
    ex.set(steps=65)  # the curves that changed become the only ones drawn over a cached background
    limits = ex.state["wax"].get_ylim()
    for steps in (70, 75, 80):
        ex.set(steps=steps)
        assert ex.renderer.blitted, steps
    assert ex.state["wax"].get_xlim() == (0.0, 200.0) and ex.state["wax"].get_ylim() == limits
    _, w13 = ex.state["weights"]["w13"].get_data()
    assert limits[0] < 0.0 and w13.max() < limits[1]


# ---------------------------------------------------------- the playground


def test_probability_grid_is_the_network_on_a_grid():
    from course_utils import mlp

    params = mlp.init([2, 4, 1], seed=0)
    grid = E.probability_grid(params, (-1.0, 1.0), (-2.0, 2.0), n=5)
    assert grid.shape == (5, 5) and np.all((grid > 0) & (grid < 1))
    # row 0 is y = -2, column 4 is x = 1
    assert grid[0, 4] == pytest.approx(mlp.predict_proba(params, np.array([[1.0, -2.0]]))[0])


def test_playground_runs_are_cached_grown_and_reproducible():
    cache: dict = {}
    run = E.playground_run(4, 0.1, "adam", 3, cache=cache)
    first = [{k: v.copy() for k, v in p.items()} for p in run.snapshots]
    assert E.playground_run(4, 0.1, "adam", 6, cache=cache) is run and len(run.snapshots) == 7
    for p, q in zip(first, run.snapshots):
        for k in p:
            np.testing.assert_array_equal(p[k], q[k])
    fresh = E.playground_run(4, 0.1, "adam", 6, cache={})
    np.testing.assert_array_equal(fresh.snapshots[6]["W1"], run.snapshots[6]["W1"])
    with pytest.raises(ValueError, match="optimizer must be one of"):
        E.playground_run(4, 0.1, "lbfgs", 3)


def test_training_playground_redraws_for_each_control():
    ex = E.training_playground(width=8, lr=0.1, optimizer="adam", epochs=10)
    seen = {ex.image.value}
    seen.add(ex.set(width=3))
    assert "hidden width = 3" in ex.readout_text
    seen.add(ex.set(optimizer="momentum"))
    assert "optimizer = momentum" in ex.readout_text
    seen.add(ex.set(epochs=12))
    assert "epochs = 12" in ex.readout_text
    seen.add(ex.set(lr=0.5))
    assert "lr = 0.5" in ex.readout_text
    assert len(seen) == 5
    run = E.playground_run(3, 0.5, "momentum", 12, cache=ex.state["cache"])
    params = run.snapshots[12]
    np.testing.assert_allclose(
        ex.state["image"].get_array(), E.probability_grid(params, ex.state["xlim"], ex.state["ylim"])
    )
    # the accuracy in the readout, recomputed from the probabilities with a 0.5 threshold
    from course_utils import mlp

    accuracy = np.mean((mlp.predict_proba(params, run.X) >= 0.5) == (run.y == 1.0))
    assert f"accuracy = {100 * accuracy:.1f}%" in ex.readout_text
    _, costs = ex.state["curve"].get_data()
    assert len(costs) == 13 and costs[-1] == pytest.approx(run.costs[12])


def test_does_the_loss_axis_depend_only_on_the_costs_drawn():
    """At lr 3 the cost jumps above 1: does the axis grow to a round value over it, and come back?"""
    ex = E.training_playground(width=8, lr=3.0, optimizer="adam", epochs=0)
    assert ex.state["cax"].get_ylim() == (0.0, 1.0)
    ex.set(epochs=60)
    _, costs = ex.state["curve"].get_data()
    top = ex.state["cax"].get_ylim()[1]
    assert costs.max() > 1.0 and 1.05 * costs.max() <= top < 2 * 1.05 * costs.max()
    assert top in (1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 10.0, 15.0, 20.0)
    ex.set(epochs=0)  # the run is now trained to 60 epochs, but only epoch 0 is drawn
    assert ex.state["cax"].get_ylim() == (0.0, 1.0)


def test_draw_boundary_returns_an_image_over_the_data():
    from course_utils import mlp
    from course_utils.data import two_moons

    X, y = two_moons(50, seed=1)
    fig = figure()
    ax = fig.add_subplot()
    image = E.draw_boundary(ax, mlp.init([2, 3, 1], seed=0), X, y, n=20, title="t")
    left, right, bottom, top = image.get_extent()
    assert left < X[:, 0].min() and right > X[:, 0].max() and bottom < X[:, 1].min() and top > X[:, 1].max()
    assert image.get_array().shape == (20, 20)
    assert ax.get_title() == "t" and ax.get_xlabel() and ax.get_ylabel()
    assert len(render_png(fig)) > 1000


def test_does_a_decision_map_carry_a_colour_bar_for_its_probabilities():
    from course_utils import mlp
    from course_utils.data import two_moons

    X, y = two_moons(50, seed=1)
    fig = figure()
    ax = fig.add_subplot()
    image = E.draw_boundary(ax, mlp.init([2, 3, 1], seed=0), X, y, n=20)
    (bar_ax,) = [a for a in fig.axes if a is not ax]
    assert image.colorbar is not None and image.colorbar.ax is bar_ax
    assert r"\hat y" in bar_ax.get_ylabel() and image.get_clim() == (0.0, 1.0)
    plain = figure().add_subplot()
    image = E.draw_boundary(plain, mlp.init([2, 3, 1], seed=0), X, y, n=20, colorbar=False)
    assert image.colorbar is None and len(plain.figure.axes) == 1


def test_does_the_playground_map_have_a_colour_bar():
    ex = E.training_playground(width=2, lr=0.1, optimizer="adam", epochs=1)
    assert ex.state["image"].colorbar is not None
