"""Tests of the training diagnostics of ``course_utils.mlp`` (``03_backprop/04`` to ``07``).

Initialization schemes, per-layer deltas and gradient norms, update ratios, the validation split,
early stopping and training with a validation set. Values by hand, by finite differences and by
properties.
"""

from __future__ import annotations

import numpy as np
import pytest

from course_utils import mlp
from course_utils.data import two_moons
from course_utils.gradcheck import numerical_gradient
from course_utils.optimizers import adam, sgd

# ------------------------------------------------------------------ initialization


@pytest.mark.parametrize(
    ("scheme", "variance"),
    [("xavier", 2.0 / (400 + 300)), ("he", 2.0 / 400), ("normal", 0.05**2)],
)
def test_init_weights_have_the_scheme_s_variance(scheme, variance):
    """Do 120,000 weights of each scheme have mean 0 and the scheme's variance (within 2%)?"""
    W = mlp.init_weights(400, 300, np.random.default_rng(0), scheme=scheme, scale=0.05)
    assert W.shape == (300, 400)
    assert abs(W.mean()) < 0.02 * np.sqrt(variance)  # the mean of 120,000 draws: about 0.003 std
    assert W.var() == pytest.approx(variance, rel=0.02)


def test_init_weights_draw_from_the_given_generator():
    """Does the same seed give the same weights, and does drawing advance the caller's generator?"""
    rng = np.random.default_rng(5)
    first = mlp.init_weights(3, 2, rng, scheme="he")
    second = mlp.init_weights(3, 2, rng, scheme="he")
    assert not np.array_equal(first, second)
    assert np.array_equal(first, mlp.init_weights(3, 2, np.random.default_rng(5), scheme="he"))


def test_init_default_is_xavier_and_schemes_differ_only_in_scale():
    """Is init's default Xavier's, and are He's weights Xavier's rescaled (same draws, same seed)?"""
    sizes = [2, 8, 4, 1]
    default = mlp.init(sizes, seed=3)
    xavier = mlp.init(sizes, seed=3, scheme="xavier")
    he = mlp.init(sizes, seed=3, scheme="he")
    for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        assert np.array_equal(default[f"W{layer}"], xavier[f"W{layer}"])
        factor = np.sqrt(2.0 / fan_in) / np.sqrt(2.0 / (fan_in + fan_out))
        np.testing.assert_allclose(he[f"W{layer}"], factor * xavier[f"W{layer}"], rtol=1e-12)
        assert not np.any(he[f"b{layer}"])


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: mlp.init_weights(3, 2, np.random.default_rng(0), scheme="kaiming"), "scheme must be one of"),
        (lambda: mlp.init_weights(0, 2, np.random.default_rng(0)), "fan_in must be a whole number"),
        (lambda: mlp.init_weights(3, 2.5, np.random.default_rng(0)), "fan_out must be a whole number"),
        (lambda: mlp.init_weights(3, 2, 0), "rng must be a NumPy Generator"),
        (lambda: mlp.init_weights(3, 2, np.random.default_rng(0), scheme="normal", scale=-1), "scale"),
        (lambda: mlp.init([2, 3, 1], seed=0, scheme="glorot"), "scheme must be one of"),
    ],
)
def test_bad_initialization_arguments_get_a_clear_message(call, words):
    """Is a wrong scheme, size, generator or scale refused with a message naming it?"""
    with pytest.raises(ValueError, match=words):
        call()


# ----------------------------------------------------------- deltas, norms, ratios


@pytest.fixture(scope="module")
def moons():
    return two_moons(30, noise=0.2, seed=0)


@pytest.mark.parametrize("activation", sorted(mlp.ACTIVATIONS))
def test_layer_deltas_are_the_gradients_of_the_cost_with_respect_to_z(moons, activation):
    """Is the mean over samples of delta[l] the derivative of the cost with respect to b[l]?"""
    X, y = moons
    params = mlp.init([2, 5, 4, 1], seed=2, scheme="he")
    deltas = mlp.layer_deltas(params, X, y, activation=activation)
    assert [d.shape for d in deltas] == [(30, 5), (30, 4), (30, 1)]
    for layer, delta in enumerate(deltas, start=1):
        numeric = numerical_gradient(
            lambda b, k=f"b{layer}": mlp.cost({**params, k: b}, X, y, activation=activation),
            params[f"b{layer}"],
        )
        np.testing.assert_allclose(delta.mean(axis=0), numeric, rtol=1e-5, atol=1e-9)


def test_the_output_delta_is_the_prediction_minus_the_label(moons):
    """Is delta of the output layer y_hat - y, per sample?"""
    X, y = moons
    params = mlp.init([2, 3, 1], seed=0)
    delta_out = mlp.layer_deltas(params, X, y)[-1][:, 0]
    np.testing.assert_allclose(delta_out, mlp.predict_proba(params, X) - y, rtol=1e-12)


def test_layer_gradient_norms_by_hand():
    """Are the norms Frobenius norms of the weight gradients only, layer by layer ([3, 4] -> 5)?"""
    grads = {
        "W1": np.array([[3.0, 4.0]]),
        "b1": np.array([100.0]),
        "W2": np.array([[1.0], [2.0], [2.0]]),
        "b2": np.zeros(3),
    }
    np.testing.assert_allclose(mlp.layer_gradient_norms(grads), [5.0, 3.0])


def test_update_ratios_by_hand():
    """Is the ratio ||after - before|| / ||before||: 0.5 / 5 for a step of 0.5 on weights [3, 4]?"""
    before = {"W1": np.array([[3.0, 4.0]]), "b1": np.zeros(1), "W2": np.array([[2.0]]), "b2": np.zeros(1)}
    after = {"W1": np.array([[3.0, 4.5]]), "b1": np.ones(1), "W2": np.array([[2.0]]), "b2": np.zeros(1)}
    np.testing.assert_allclose(mlp.update_ratios(before, after), [0.1, 0.0])
    with pytest.raises(ValueError, match="same layers"):
        mlp.update_ratios(before, {"W1": before["W1"], "b1": before["b1"]})


def test_update_ratio_of_an_all_zero_layer_is_undefined_as_the_plain_formula_says():
    """Is the ratio of weights that are all 0 nan if they stay 0 (0/0), inf if they move?"""
    before = {"W1": np.zeros((2, 2)), "b1": np.zeros(2), "W2": np.zeros((1, 2)), "b2": np.zeros(1)}
    after = dict(before, W2=np.array([[0.0, 0.5]]))
    ratios = mlp.update_ratios(before, after)
    assert np.isnan(ratios[0]) and np.isinf(ratios[1])


# -------------------------------------------------- validation, early stopping


def test_train_val_split_partitions_the_samples(moons):
    """Does the split put every sample on exactly one side, with the requested sizes, reproducibly?"""
    X, y = moons
    X_tr, y_tr, X_val, y_val = mlp.train_val_split(X, y, val_fraction=0.2, seed=4)
    assert len(y_val) == 6 and len(y_tr) == 24
    together = np.concatenate([np.column_stack([X_tr, y_tr]), np.column_stack([X_val, y_val])])
    original = np.column_stack([X, y])
    assert sorted(map(tuple, together)) == sorted(map(tuple, original))
    again = mlp.train_val_split(X, y, val_fraction=0.2, seed=4)
    assert np.array_equal(again[2], X_val)
    for bad in (0.0, 1.0, 1.5):
        with pytest.raises(ValueError, match="val_fraction"):
            mlp.train_val_split(X, y, val_fraction=bad)


@pytest.mark.parametrize(
    ("costs", "patience", "expected"),
    [
        ([1.0, 0.8, 0.7, 0.75, 0.72, 0.71, 0.9], 2, 2),  # stops at 4, keeps 2
        ([1.0, 0.5, 0.6, 0.7, 0.4], 2, 1),  # the 0.4 comes one epoch too late
        ([1.0, 0.5, 0.6, 0.7, 0.4], 3, 4),
        ([1.0, 0.5, 0.5, 0.5, 0.4], 2, 1),  # equal costs are no improvement
        ([0.9, 0.8, 0.7], 5, 2),  # never stops: the best of the whole list
        ([0.7], 1, 0),
    ],
)
def test_early_stopping_epoch_by_hand(costs, patience, expected):
    """Does early stopping keep the best epoch seen when it stops (worked out by hand)?"""
    assert mlp.early_stopping_epoch(costs, patience) == expected


@pytest.mark.parametrize(("costs", "patience"), [([], 2), ([1.0, 0.5], 0), ([1.0, 0.5], 1.5), ([[1.0]], 2)])
def test_early_stopping_refuses_bad_input(costs, patience):
    """Is an empty or 2-D cost list, or a patience that is not a whole number >= 1, refused clearly?"""
    with pytest.raises(ValueError, match="val_costs|patience"):
        mlp.early_stopping_epoch(costs, patience)


def test_the_validation_set_never_changes_training(moons):
    """Are the parameters after each epoch the same with and without a validation set?"""
    X, y = moons
    X_tr, y_tr, X_val, y_val = mlp.train_val_split(X, y, val_fraction=0.3, seed=0)
    kwargs = dict(opt=adam(0.05), epochs=5, batch_size=8, seed=1)
    plain = mlp.train(mlp.init([2, 4, 1], seed=0), X_tr, y_tr, **kwargs)
    watched = mlp.train(mlp.init([2, 4, 1], seed=0), X_tr, y_tr, X_val=X_val, y_val=y_val, **kwargs)
    for a, b in zip(plain.snapshots, watched.snapshots):
        assert all(np.array_equal(a[k], b[k]) for k in a)
    assert plain.val_costs.size == 0 and plain.best_epoch == 5
    assert watched.val_costs.shape == (6,)
    for epoch, snapshot in enumerate(watched.snapshots):
        assert watched.val_costs[epoch] == pytest.approx(mlp.cost(snapshot, X_val, y_val), rel=1e-12)


def test_training_stops_patience_epochs_after_the_best():
    """With patience, does training end exactly patience epochs after the best validation epoch?"""
    X, y = two_moons(240, noise=0.3, seed=1)
    X_tr, y_tr, X_val, y_val = mlp.train_val_split(X, y, val_fraction=200 / 240, seed=0)
    run = mlp.train(
        mlp.init([2, 32, 32, 1], seed=0), X_tr, y_tr, opt=adam(0.01), epochs=150,
        batch_size=len(y_tr), X_val=X_val, y_val=y_val, patience=5,
    )  # fmt: skip
    done = len(run.costs) - 1
    assert done < 150
    assert done - run.best_epoch == 5
    assert run.val_costs[run.best_epoch] == run.val_costs.min()


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"patience": 3}, "needs a validation set"),
        ({"X_val": np.zeros((2, 2))}, "both X_val and y_val"),
        ({"X_val": np.zeros((2, 3)), "y_val": np.zeros(2)}, r"\[n_samples, 2\]"),
    ],
)
def test_train_with_bad_validation_arguments_gets_a_clear_message(moons, kwargs, words):
    """Is early stopping without a validation set, or a validation set of the wrong shape, refused clearly?"""
    X, y = moons
    with pytest.raises(ValueError, match=words):
        mlp.train(mlp.init([2, 3, 1], seed=0), X, y, opt=sgd(0.1), epochs=2, batch_size=10, **kwargs)


# ------------------------------------------- wrong answers found by a blind reviewer
# Each must fail, with a message that names its mistake.


def _never_reset_patience(v, p):
    best = 0
    wait = 0
    for e in range(1, len(v)):
        if v[e] < v[best]:
            best = e
        else:
            wait += 1
            if wait >= p:
                break
    return best


def _partials_from_the_course(f, x, idx, h=1e-6):
    from course_utils.gradcheck import numerical_gradient as course_gradient

    A = np.asarray
    return np.asarray(course_gradient(f, A(x, dtype=float), h=h)).ravel()[list(np.ravel(idx))]


def _relu_grad_bool(z):
    return np.asarray(z) > 0


def _relu_grad_int(z):
    return (np.asarray(z) > 0).astype(int)


def _he_init_transposed(fan_in, fan_out, rng):
    return rng.normal(0, np.sqrt(2 / fan_in), (fan_in, fan_out)).T


def _relative_error_by_b(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(b), 1e-12))


@pytest.mark.parametrize(
    ("exercise_id", "answer", "words"),
    [
        ("early_stopping_epoch", _never_reset_patience, "never reset"),
        ("numerical_partials", _partials_from_the_course, "numerical_gradient"),
        ("relu_grad", _relu_grad_bool, "booleans"),
        ("relu_grad", _relu_grad_int, "integers"),
        ("he_init", _he_init_transposed, "transposed"),
        ("relative_error", _relative_error_by_b, "‖b‖ alone"),
    ],
)
def test_a_blind_reviewer_s_wrong_answer_fails_with_its_own_message(exercise_id, answer, words):
    """Does each wrong answer that once passed (or got a vague message) now fail, naming its mistake?"""
    from course_utils.checks import exercise, run

    report = run(exercise(exercise_id), answer)
    assert not report.passed
    assert words in report.text()


def test_a_wrong_reading_of_the_curves_says_how_many_are_right_not_which():
    """Does a partly wrong answer to the four curves get a count, without naming the wrong curves?"""
    from course_utils.checks import exercise, run
    from course_utils.explore.backprop.sanity import diagnosis

    answer = [diagnosis(label) for label in "ABCD"]
    answer[1], answer[2] = answer[2], answer[1]  # two curves swapped
    answer[0], answer[3] = answer[3], answer[0]
    report = run(exercise("predict_loss_curves"), tuple(answer))
    text = report.text()
    assert not report.passed
    assert "0 of the 4" in text
    assert "curve(s)" not in text and " B" not in text.replace("run B", "")
