"""Exercises of ``02_optimization/09_warmup_and_plateaus``: the warm-up-cosine rate, the plateau rule.

References: :func:`course_utils.schedules.warmup_cosine` and
:func:`course_utils.schedules.reduce_on_plateau`; the prediction runs the quartic of
:mod:`course_utils.explore.optimization.warmup`. Each known mistake is an off-by-one or a
forgotten term that a learner writes, with the message that names it.
"""

from __future__ import annotations

import math

import numpy as np

from ... import schedules as S
from ...explore.optimization.warmup import quartic_run
from ..engine import Case, Exercise, Mistake
from .optimization_questions import _question, _wrong


def _t(t) -> np.ndarray:
    return np.asarray(t, dtype=np.float64)


# ------------------------------------------------------------- warmup_cosine_lr


def _warmup_cosine(t, lr0, warmup_steps, total_steps, eta_min=0.0):
    return S.warmup_cosine(lr0, warmup_steps=warmup_steps, total_steps=total_steps, eta_min=eta_min)(t)


def _cos(lr0, eta_min, frac):
    return eta_min + 0.5 * (lr0 - eta_min) * (1 + np.cos(np.pi * frac))


def _variant(warm, frac, *, warm_through_w=False):
    """A wrong schedule: ``warm(t, lr0, w)`` for t < w (t <= w with ``warm_through_w``), else the
    cosine at ``frac(t, w, T)``."""

    def schedule(t, lr0, warmup_steps, total_steps, eta_min=0.0):
        tt = _t(t)
        w, big_t = warmup_steps, total_steps
        in_warmup = (tt <= w) if warm_through_w else (tt < w)
        out = np.where(in_warmup, warm(tt, lr0, max(w, 1)), _cos(lr0, eta_min, frac(tt, w, big_t)))
        return float(out) if out.ndim == 0 else out

    return schedule


_right_warm = lambda t, lr0, w: lr0 * (t + 1) / w
_right_frac = lambda t, w, big_t: np.clip(t - w, 0, big_t - w) / (big_t - w)

WARMUP_COSINE = Exercise(
    id="warmup_cosine_lr",
    title="the learning rate of linear warm-up followed by cosine decay",
    signature="warmup_cosine_lr(t, lr0, warmup_steps, total_steps, eta_min=0.0)",
    reference=_warmup_cosine,
    cases=(
        Case((0, 1.0, 4, 10), {}, "the first update, t = 0"),
        Case((np.arange(13), 1.0, 4, 10), {}, "every update from 0 to 12, past the end"),
        Case(([3, 4, 7], 0.5, 4, 10), {"eta_min": 0.1}, "a list, with a floor eta_min = 0.1"),
        Case((np.array([[0, 5], [10, 20]]), 2.0, 0, 20), {}, "a 2-D array, no warm-up"),
    ),
    arg_names=("t", "lr0", "warmup_steps", "total_steps"),
    output="array",
    mistakes=(
        Mistake(
            _variant(lambda t, lr0, w: lr0 * t / w, _right_frac),
            "Your warm-up starts at 0: the first update (t = 0) would not move at all. The course (and "
            "optax, PyTorch's LinearLR with a start factor) uses lr0 * (t + 1) / warmup_steps.",
        ),
        Mistake(
            _variant(_right_warm, _right_frac, warm_through_w=True),
            "Your warm-up runs one update too long (t <= warmup_steps): at t = warmup_steps it gives"
            " lr0 * (warmup_steps + 1) / warmup_steps, above lr0. The warm-up covers t = 0 ..."
            " warmup_steps - 1 (t < warmup_steps); the cosine starts at lr0 at t = warmup_steps.",
        ),
        Mistake(
            _variant(_right_warm, lambda t, w, big_t: np.clip(t, 0, big_t) / big_t),
            "Your cosine starts at t = 0 instead of at the end of the warm-up: use (t - warmup_steps) / "
            "(total_steps - warmup_steps), so the decay begins at lr0.",
        ),
        Mistake(
            _variant(_right_warm, lambda t, w, big_t: np.clip(t - w, 0, big_t) / big_t),
            "Your cosine runs over total_steps updates after the warm-up: it must reach eta_min at "
            "total_steps, so divide by total_steps - warmup_steps.",
        ),
        Mistake(
            _variant(_right_warm, lambda t, w, big_t: np.maximum(t - w, 0) / (big_t - w)),
            "Past total_steps your rate rises again (the cosine keeps turning): hold eta_min after the end, "
            "e.g. by clipping t - warmup_steps to total_steps - warmup_steps.",
        ),
        Mistake(
            lambda t, lr0, warmup_steps, total_steps, eta_min=0.0: _variant(_right_warm, _right_frac)(
                t, lr0, warmup_steps, total_steps, 0.0
            ),
            "Your cosine ends at 0 instead of eta_min: eta_min + (lr0 - eta_min) (1 + cos(pi x)) / 2.",
        ),
    ),
    success="The rate climbs for warmup_steps updates, then glides down to eta_min at total_steps.",
)

# ---------------------------------------------------------------- plateau_update


def _plateau(lr, best, bad_epochs, value, factor=0.5, patience=5, threshold=1e-4, min_lr=0.0):
    rule = S.reduce_on_plateau(factor=factor, patience=patience, threshold=threshold, min_lr=min_lr)
    return tuple(rule.update(S.PlateauState(float(lr), float(best), int(bad_epochs)), value))


def _plateau_variant(*, cut_at_patience=False, improves=None, reset=True, floor=True):
    def update(lr, best, bad_epochs, value, factor=0.5, patience=5, threshold=1e-4, min_lr=0.0):
        test = improves or (lambda v, b, th: v < b * (1 - th))
        if test(value, best, threshold):
            best, bad_epochs = value, 0
        else:
            bad_epochs += 1
        if (bad_epochs >= patience) if cut_at_patience else (bad_epochs > patience):
            lr = max(factor * lr, min_lr) if floor else factor * lr
            bad_epochs = 0 if reset else bad_epochs
        return (float(lr), float(best), int(bad_epochs))

    return update


def _plateau_hidden(rng: np.random.Generator) -> tuple[Case, ...]:
    cases = []
    for _ in range(6):
        best = float(rng.uniform(0.1, 2.0))
        value = best * float(rng.choice([0.5, 0.99995, 1.0, 1.3]))
        patience = int(rng.integers(0, 4))
        cases.append(
            Case(
                (float(rng.uniform(1e-3, 0.5)), best, int(rng.integers(0, patience + 1)), value),
                {
                    "patience": patience,
                    "factor": float(rng.choice([0.1, 0.5])),
                    "min_lr": float(rng.choice([0, 1e-3])),
                },
                "a hidden case",
            )
        )
    return tuple(cases)


PLATEAU = Exercise(
    id="plateau_update",
    title="one epoch of the reduce-on-plateau rule",
    signature="plateau_update(lr, best, bad_epochs, value, factor=0.5, patience=5, threshold=1e-4, min_lr=0.0)",
    reference=_plateau,
    cases=(
        Case((0.1, math.inf, 0, 1.3), {}, "the first epoch: best is still inf"),
        Case((0.1, 1.0, 3, 0.8), {}, "an improvement resets the count"),
        Case((0.1, 1.0, 4, 1.2), {}, "no improvement, the count reaches the patience"),
        Case((0.1, 1.0, 5, 1.2), {}, "no improvement, past the patience: cut the rate"),
        Case(
            (0.1, 1.0, 2, 0.99995), {"patience": 2}, "better by less than the threshold: not an improvement"
        ),
        Case((0.1, 1.0, 2, 0.99995), {"patience": 2, "threshold": 1e-5}, "a smaller threshold"),
        Case(
            (0.1, 10.0, 1, 9.9995), {"patience": 1}, "a cost of 10, lower by less than the relative threshold"
        ),
        Case(
            (0.002, 1.0, 0, 1.5),
            {"patience": 0, "factor": 0.1, "min_lr": 0.001},
            "patience 0, the floor min_lr",
        ),
    ),
    arg_names=("lr", "best", "bad_epochs", "value"),
    output="tuple",
    output_names=("new lr", "new best", "new bad_epochs"),
    mistakes=(
        Mistake(
            _plateau_variant(cut_at_patience=True),
            "You cut the rate when bad_epochs reaches patience: it waits patience epochs without "
            "improvement and cuts on the next one, when bad_epochs > patience (PyTorch's rule).",
        ),
        Mistake(
            _plateau_variant(improves=lambda v, b, th: v < b),
            "You counted any decrease as an improvement: it must beat best by the relative threshold, "
            "value < best * (1 - threshold), as PyTorch's rule does.",
        ),
        Mistake(
            _plateau_variant(improves=lambda v, b, th: v < b - b * th),
            "Your test never sees the first epoch as an improvement: with best = inf, best - best * threshold "
            "is inf - inf = nan, and no value is smaller than nan. Write it as value < best * (1 - threshold).",
        ),
        Mistake(
            _plateau_variant(improves=lambda v, b, th: v < b - th),
            "Your threshold is absolute (best - threshold); the course's (PyTorch's default 'rel' mode) "
            "is relative: value < best * (1 - threshold).",
        ),
        Mistake(
            _plateau_variant(reset=False),
            "After a cut, start counting again: set bad_epochs to 0, or the rate is cut at every epoch "
            "that follows.",
        ),
        Mistake(
            _plateau_variant(floor=False),
            "You let the rate fall below min_lr: the new rate is max(factor * lr, min_lr).",
        ),
    ),
    success="This rule is PyTorch's ReduceLROnPlateau in mode 'min', without the cooldown.",
    hidden=_plateau_hidden,
)

# ------------------------------------------------------------ a prediction


def _constant_peak_fate() -> str:
    path, _ = quartic_run(0.5, 50)
    return "diverges" if not np.all(np.isfinite(path)) else "converges"


PREDICT_CONSTANT_PEAK = _question(
    "predict_constant_peak",
    "gradient descent at the peak rate from a steep start",
    "answer_constant_peak",
    _constant_peak_fate,
    (
        _wrong(
            "converges",
            "Near the minimum, where the curvature is 1, eta = 0.5 is safe; at the start the curvature is "
            "3 * 3**2 + 1 = 28, and the first step alone is 0.5 * (27 + 3) = 15.",
        ),
    ),
    "Stability is local: the safe rate depends on where the run is (for the distance to the minimum to "
    "shrink here, eta < 2 / (theta^2 + 1), 0.2 at the start), not only on the minimum.",
)

EXERCISES = (WARMUP_COSINE, PLATEAU, PREDICT_CONSTANT_PEAK)
