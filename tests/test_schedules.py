"""Tests of ``course_utils.schedules``: values at chosen steps by hand, SGDR's restarts,
arrays of steps against scalars, and bad arguments."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_utils.schedules import (
    SCHEDULES,
    PlateauState,
    constant,
    cosine_annealing,
    cosine_warm_restarts,
    exponential_decay,
    inverse_time_decay,
    reduce_on_plateau,
    step_decay,
    warmup_cosine,
)

EXAMPLES = {  # one schedule of each kind, for the tests that apply to all of them
    "constant": constant(0.1),
    "step_decay": step_decay(1.0, step_size=10, gamma=0.5),
    "exponential_decay": exponential_decay(2.0, gamma=0.5),
    "inverse_time_decay": inverse_time_decay(1.0, k=0.5),
    "cosine_annealing": cosine_annealing(1.0, t_max=10, eta_min=0.2),
    "cosine_warm_restarts": cosine_warm_restarts(1.0, t_0=10, t_mult=1),
    "cosine_warm_restarts t_mult=2": cosine_warm_restarts(1.0, t_0=10, t_mult=2, eta_min=0.1),
    "cosine_warm_restarts t_mult=3": cosine_warm_restarts(0.5, t_0=3, t_mult=3),
    "warmup_cosine": warmup_cosine(0.5, warmup_steps=1, total_steps=30, eta_min=0.01),
}


def test_schedules_registry_lists_the_six_in_course_order():
    assert list(SCHEDULES) == [
        "constant",
        "step_decay",
        "exponential_decay",
        "inverse_time_decay",
        "cosine_annealing",
        "cosine_warm_restarts",
    ]


# ---------------------------------------------------------------- values by hand


def test_constant():
    assert constant(0.1)(0) == 0.1
    assert constant(0.1)(1000) == 0.1


def test_step_decay_by_hand():
    schedule = step_decay(1.0, step_size=10, gamma=0.5)
    # 0.5 ** floor(t / 10)
    assert [schedule(t) for t in (0, 9, 10, 19, 20, 25)] == pytest.approx([1.0, 1.0, 0.5, 0.5, 0.25, 0.25])


def test_exponential_decay_by_hand():
    # 2 * 0.5^3 = 0.25
    assert exponential_decay(2.0, gamma=0.5)(3) == pytest.approx(0.25)
    assert exponential_decay(2.0, gamma=0.5)(0) == pytest.approx(2.0)


def test_inverse_time_decay_by_hand():
    # 1 / (1 + 0.5 * 4) = 1/3
    assert inverse_time_decay(1.0, k=0.5)(4) == pytest.approx(1 / 3)
    # k = 0 is a constant rate
    assert inverse_time_decay(0.3, k=0.0)(100) == pytest.approx(0.3)


def test_cosine_annealing_by_hand():
    schedule = cosine_annealing(1.0, t_max=10)
    # 0.5 (1 + cos(pi t / 10)): t = 0 -> 1, t = 5 -> 0.5, t = 10 -> 0
    assert schedule(0) == pytest.approx(1.0)
    assert schedule(5) == pytest.approx(0.5)
    assert schedule(10) == pytest.approx(0.0, abs=1e-15)
    # it stays at eta_min after t_max (optax's convention, not PyTorch's climb back up)
    assert schedule(15) == pytest.approx(0.0, abs=1e-15)
    # with eta_min = 0.2: 0.2 + 0.5 * 0.8 * (1 + cos(pi / 2)) = 0.6 at t = 5, 0.2 from t = 10
    with_floor = cosine_annealing(1.0, t_max=10, eta_min=0.2)
    assert with_floor(5) == pytest.approx(0.6)
    assert with_floor(30) == pytest.approx(0.2)


def test_cosine_warm_restarts_by_hand():
    schedule = cosine_warm_restarts(1.0, t_0=10)
    # within a cycle: 0.5 (1 + cos(pi t_cur / 10))
    assert schedule(5) == pytest.approx(0.5)
    assert schedule(9) == pytest.approx(0.5 * (1 + math.cos(0.9 * math.pi)))  # 0.02447
    # the restarts, at 10, 20, 30, ...
    assert schedule(10) == 1.0
    assert schedule(15) == pytest.approx(0.5)
    assert schedule(20) == 1.0


def test_sgdr_first_restart_lands_exactly_at_t_0():
    """Is the rate back to lr0 at exactly t = t_0, and still decaying one step before?"""
    for t_mult in (1, 2, 3):
        schedule = cosine_warm_restarts(0.7, t_0=10, t_mult=t_mult)
        assert schedule(10) == 0.7
        assert schedule(9) < 0.1


def test_sgdr_with_t_mult_2_restarts_at_t_0_plus_2_t_0():
    schedule = cosine_warm_restarts(1.0, t_0=10, t_mult=2)
    # cycles [0, 10), [10, 30), [30, 70), [70, 150): restarts at 10, 10 + 20 = 30, 30 + 40 = 70
    for restart in (10, 30, 70, 150):
        assert schedule(restart) == 1.0
        assert schedule(restart - 1) < 0.05
    # halfway through the second cycle (length 20): t = 20 -> 0.5
    assert schedule(20) == pytest.approx(0.5)
    # halfway through the third (length 40): t = 50 -> 0.5
    assert schedule(50) == pytest.approx(0.5)


def test_sgdr_with_eta_min_restarts_to_lr0_and_decays_towards_eta_min():
    schedule = cosine_warm_restarts(1.0, t_0=4, eta_min=0.2)
    # t_cur = 2 of 4: 0.2 + 0.4 * (1 + cos(pi / 2)) = 0.6
    assert schedule(2) == pytest.approx(0.6)
    assert schedule(4) == 1.0


def test_sgdr_with_t_mult_3_by_hand():
    schedule = cosine_warm_restarts(1.0, t_0=5, t_mult=3, eta_min=0.0)
    # cycles [0, 5), [5, 20), [20, 65), [65, 200): lengths 5, 15, 45, 135
    for restart in (0, 5, 20, 65, 200):
        assert schedule(restart) == 1.0
    # a quarter into the third cycle, t = 20 + 45 / 4: 0.5 (1 + cos(pi / 4)) = 0.8535534
    assert schedule(31.25) == pytest.approx(0.5 * (1 + math.sqrt(0.5)), rel=1e-12)
    # halfway through the fourth, t = 65 + 67.5: 0.5
    assert schedule(132.5) == pytest.approx(0.5, rel=1e-12)
    # one step before the fifth restart (t = 605), the cycle of 405 steps is nearly over
    # 0.5 (1 + cos(pi 404 / 405)) = 0.5 (1 - cos(pi / 405)) = 1.5041e-5
    assert schedule(604) == pytest.approx(0.5 * (1 - math.cos(math.pi / 405)), rel=1e-9)


@pytest.mark.parametrize("t_mult", [1, 2, 3])
def test_sgdr_decreases_within_each_cycle_and_jumps_back_at_restarts(t_mult):
    schedule = cosine_warm_restarts(1.0, t_0=5, t_mult=t_mult, eta_min=0.05)
    rates = schedule(np.arange(2000))
    jumps = np.flatnonzero(np.diff(rates) > 0) + 1  # where the rate goes up: the restarts
    lengths = np.diff(np.concatenate([[0], jumps]))
    np.testing.assert_array_equal(lengths, 5 * t_mult ** np.arange(len(lengths)))
    np.testing.assert_array_equal(rates[jumps], 1.0)
    assert rates.min() >= 0.05


# ----------------------------------------------------------- warm-up then cosine


def test_warmup_cosine_by_hand():
    schedule = warmup_cosine(0.8, warmup_steps=4, total_steps=12, eta_min=0.1)
    # warm-up: 0.8 * (t + 1) / 4 for t = 0..3
    assert [schedule(t) for t in range(4)] == pytest.approx([0.2, 0.4, 0.6, 0.8])
    # cosine over t = 4..12 (8 steps): halfway at t = 8 is 0.1 + 0.35 * (1 + cos(pi / 2)) = 0.45
    assert schedule(4) == pytest.approx(0.8)
    assert schedule(8) == pytest.approx(0.45)
    assert schedule(12) == pytest.approx(0.1)
    assert schedule(1000) == pytest.approx(0.1)  # held after total_steps
    np.testing.assert_allclose(schedule([0, 8, 50]), [0.2, 0.45, 0.1])


def test_warmup_cosine_without_warmup_is_cosine_annealing():
    steps = np.arange(30)
    np.testing.assert_allclose(
        warmup_cosine(0.5, warmup_steps=0, total_steps=20, eta_min=0.05)(steps),
        cosine_annealing(0.5, t_max=20, eta_min=0.05)(steps),
        rtol=1e-15,
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"warmup_steps": -1, "total_steps": 10}, "warmup_steps must be a whole number >= 0"),
        ({"warmup_steps": 2.5, "total_steps": 10}, "warmup_steps must be a whole number >= 0"),
        ({"warmup_steps": 10, "total_steps": 10}, "total_steps must be a whole number > warmup_steps"),
        ({"warmup_steps": 2, "total_steps": 10, "eta_min": 2.0}, r"eta_min must lie in \[0, lr0\]"),
    ],
)
def test_warmup_cosine_refuses_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        warmup_cosine(1.0, **kwargs)


# ------------------------------------------------------------- reduce on plateau


def test_reduce_on_plateau_by_hand():
    plateau = reduce_on_plateau(factor=0.5, patience=2, threshold=0.1, min_lr=0.02)
    state = plateau.init(0.1)
    assert state == PlateauState(0.1, math.inf, 0)
    seen = []
    # 1.0 improves on inf; 0.95 is not below 1.0 * (1 - 0.1) = 0.9, nor is 0.91: 2 bad epochs;
    # 0.92 is the third bad epoch > patience: lr 0.1 -> 0.05 and the count restarts;
    # 0.5 improves (best 0.5); then three bad epochs: 0.05 -> 0.025; three more: max(0.0125, 0.02)
    for value in [1.0, 0.95, 0.91, 0.92, 0.5, 0.5, 0.46, 0.49, 0.6, 0.6, 0.6]:
        state = plateau.update(state, value)
        seen.append((state.lr, state.best, state.bad_epochs))
    assert seen == [
        (0.1, 1.0, 0),
        (0.1, 1.0, 1),
        (0.1, 1.0, 2),
        (0.05, 1.0, 0),
        (0.05, 0.5, 0),
        (0.05, 0.5, 1),
        (0.05, 0.5, 2),
        (0.025, 0.5, 0),
        (0.025, 0.5, 1),
        (0.025, 0.5, 2),
        (0.02, 0.5, 0),
    ]


def test_reduce_on_plateau_is_pure_and_nan_never_improves():
    plateau = reduce_on_plateau(patience=0)
    state = plateau.init(1.0)
    after = plateau.update(state, 3.0)
    assert state == PlateauState(1.0, math.inf, 0)  # the input state is unchanged
    assert plateau.update(after, float("nan")) == PlateauState(0.5, 3.0, 0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"factor": 1.0}, r"factor must lie in \(0, 1\)"),
        ({"factor": 0.0}, r"factor must lie in \(0, 1\)"),
        ({"patience": -1}, "patience must be a whole number >= 0"),
        ({"threshold": 1.0}, r"threshold must lie in \[0, 1\)"),
        ({"min_lr": -1.0}, "min_lr must be a finite number >= 0"),
    ],
)
def test_reduce_on_plateau_refuses_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        reduce_on_plateau(**kwargs)
    with pytest.raises(ValueError, match="lr must be a finite number > 0"):
        reduce_on_plateau().init(0.0)


# ---------------------------------------------------- arrays, scalars, bad input


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_arrays_of_steps_give_the_same_values_as_scalars(name):
    schedule = EXAMPLES[name]
    steps = np.arange(0, 200)
    values = schedule(steps)
    assert isinstance(values, np.ndarray) and values.shape == steps.shape
    scalars = [schedule(int(t)) for t in steps]
    assert all(isinstance(v, float) for v in scalars)
    np.testing.assert_array_equal(values, scalars)
    # lists and numpy integers work too
    np.testing.assert_array_equal(schedule([3, 40]), [schedule(3), schedule(40)])
    assert schedule(np.int64(7)) == schedule(7)


@pytest.mark.parametrize("name", list(EXAMPLES))
@given(step=st.integers(0, 10_000))
def test_rates_are_never_negative_nor_above_the_first_rate(name, step):
    schedule = EXAMPLES[name]
    assert 0.0 <= schedule(step) <= schedule(0)


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_negative_step_raises(name):
    with pytest.raises(ValueError, match="step must be a non-negative number of updates"):
        EXAMPLES[name](-1)
    with pytest.raises(ValueError, match="non-negative"):
        EXAMPLES[name](np.array([0, 1, -2]))


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_nan_step_raises(name):
    with pytest.raises(ValueError, match="non-negative"):
        EXAMPLES[name](float("nan"))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: constant(0.0), r"lr must be a finite number > 0"),
        (lambda: step_decay(0.1, step_size=0), r"step_size must be a positive integer"),
        (lambda: step_decay(0.1, step_size=2.5), r"step_size must be a positive integer"),
        (lambda: exponential_decay(0.1, gamma=0.0), r"gamma must be a finite number > 0"),
        (lambda: inverse_time_decay(0.1, k=-1.0), r"k must be a finite number >= 0"),
        (lambda: cosine_annealing(0.1, t_max=0), r"t_max must be a finite number > 0"),
        (lambda: cosine_annealing(0.1, t_max=10, eta_min=0.2), r"eta_min must lie in \[0, lr0\]"),
        (lambda: cosine_warm_restarts(0.1, t_0=0), r"t_0 must be a positive integer"),
        (lambda: cosine_warm_restarts(0.1, t_0=5, t_mult=0), r"t_mult must be an integer >= 1"),
        (lambda: cosine_warm_restarts(0.1, t_0=5, t_mult=1.5), r"t_mult must be an integer >= 1"),
    ],
)
def test_invalid_arguments_raise(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_schedule_names_itself():
    """Does a schedule print as the call that made it (so a plot legend can use it)?"""
    schedule = cosine_warm_restarts(0.1, t_0=5, t_mult=2)
    assert schedule.__name__ == "cosine_warm_restarts"
    assert "t_0=5" in schedule.__qualname__ and "t_mult=2" in schedule.__qualname__
