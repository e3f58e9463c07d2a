"""Tests of the checks engine and of every exercise in the catalog.

The catalog-wide tests run over whatever exercises exist, so an exercise added later is
tested the moment it is registered: its reference must pass, and each known mistake must
fail with its own message (or, for an accepted alternative, pass with its note).
"""

from __future__ import annotations

import html
import re
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils.checks import CheckFailure, check
from course_utils.checks.engine import Case, Exercise, Mistake, run
from course_utils.checks.registry import all_exercises, exercise
from course_utils.checks.report import Report


def own_mse(y_true, y_pred):
    """A learner's MSE, written with NumPy."""
    return float(np.mean((np.asarray(y_pred, float) - np.asarray(y_true, float)) ** 2))


def own_mse_sum(y_true, y_pred):
    """A learner's MSE that sums instead of averaging."""
    return float(np.sum((np.asarray(y_pred, float) - np.asarray(y_true, float)) ** 2))


EXERCISES = sorted(all_exercises().values(), key=lambda ex: ex.id)
MISTAKES = [(ex, i) for ex in EXERCISES for i in range(len(ex.mistakes))]


def _mistake_id(item):
    ex, i = item
    return f"{ex.id}-{i}"


def _as_learner_answer(ex, fn):
    """What a learner hands to check: the function itself, or for a value question its value."""
    return fn if ex.takes_function else fn()


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda ex: ex.id)
def test_reference_passes(ex):
    """Does the reference implementation pass its own exercise?"""
    report = run(ex, _as_learner_answer(ex, ex.reference), own_work=False)
    assert report.passed, report.text()


@pytest.mark.parametrize("item", MISTAKES, ids=_mistake_id)
def test_each_known_mistake_is_named(item):
    """Does each wrong variant fail with its own message (or pass, if it is acceptable)?"""
    ex, i = item
    mistake = ex.mistakes[i]
    report = run(ex, _as_learner_answer(ex, mistake.variant), own_work=False)
    if mistake.accept:
        assert report.passed, report.text()
        assert mistake.message in report.notes
    else:
        assert not report.passed
        assert mistake.message in report.text(), report.text()


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda ex: ex.id)
def test_exercise_is_well_formed(ex):
    """Has every exercise a title, a signature naming its function, cases and no duplicate mistakes?"""
    assert ex.title and ex.cases
    assert ex.signature.split("(")[0].isidentifier()
    messages = [m.message for m in ex.mistakes if not m.accept]
    assert len(messages) == len(set(messages)) or ex.id in {"mse", "mae"}  # two sign orders, one message


def test_a_passing_check_returns_none_and_shows_a_confirmation(capsys):
    """Does a right answer return normally and print a confirmation in a terminal?"""
    assert (
        check("mse", lambda yt, yp: float(np.mean((np.asarray(yp, float) - np.asarray(yt, float)) ** 2)))
        is None
    )
    out = capsys.readouterr().out
    assert "Passed" in out and "[mse]" in out


def test_a_failing_check_raises_an_assertion_error_with_the_same_message(capsys):
    """Is a failure an AssertionError carrying the text that was shown?"""
    with pytest.raises(AssertionError) as info:
        check("mse", own_mse_sum)
    shown = capsys.readouterr().out.strip()
    assert str(info.value) == shown
    assert "n times too large" in shown
    assert isinstance(info.value, CheckFailure)


def test_the_ipython_traceback_is_one_line_without_the_checker_insides():
    """Does IPython show the failure in one line instead of frames from course_utils?"""
    report = run(exercise("mse"), lambda yt, yp: None)
    lines = CheckFailure(report)._render_traceback_()
    assert len(lines) == 1 and "course_utils" not in lines[0] and "mse" in lines[0]


def test_unknown_exercise_suggests_close_names():
    """Does a misspelt exercise id get a suggestion?"""
    with pytest.raises(ValueError, match="'mse'"):
        check("mes", lambda a, b: 0)


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda yt, yp: None, "returned None"),
        (lambda yt, yp: "0.04", "string"),
        (lambda yt, yp: 1 / 0, "ZeroDivisionError"),
        (lambda yt, yp: ((yt - yp) ** 2).mean(), "np.asarray"),
        (lambda yt, yp: np.array([[1.0, 2.0]]), "shape"),
        (lambda yt, yp: np.nan, "nan"),
        (lambda yt, yp: exit(), "exit()"),
        (0.04, "instead of your function"),
        (None, "instead of your function"),
    ],
)
def test_bad_answers_get_one_clear_paragraph(answer, words):
    """Does each kind of broken answer fail with a message that says what happened?"""
    report = run(exercise("mse"), answer)
    assert not report.passed
    assert words in report.text()
    assert "Traceback" not in report.text()


def test_the_learners_own_line_is_quoted():
    """Is the line of the learner's code that raised quoted in the message?"""

    def broken(y_true, y_pred):
        residual = np.asarray(y_pred) - np.asarray(y_true)
        return residual.undefined_attribute

    text = run(exercise("mse"), broken).text()
    assert "AttributeError" in text and "residual.undefined_attribute" in text


def test_an_endless_loop_is_stopped_and_reported():
    """Is a function that never returns stopped after the time limit?"""

    def forever(y_true, y_pred):
        while True:
            pass

    start = time.perf_counter()
    report = run(exercise("mse"), forever, timeout=0.3)
    assert time.perf_counter() - start < 3
    assert "did not finish within 0.3 s" in report.text()


def test_a_loop_that_catches_every_exception_is_still_stopped():
    """Can `except Exception` inside the learner's code swallow the time limit? (It must not.)"""

    def stubborn(y_true, y_pred):
        while True:
            try:
                while True:
                    pass
            except Exception:
                pass

    report = run(exercise("mse"), stubborn, timeout=0.3)
    assert "did not finish" in report.text()


def test_inputs_are_copies_so_a_mutating_answer_cannot_corrupt_the_next_case(monkeypatch):
    """Is a function that changes its input in place reported, and are later cases intact?"""
    monkeypatch.setenv("COURSE_CHECKS_IN_PROCESS", "1")  # to see, in this process, what the answer saw
    seen = []

    def mutating(y_true, y_pred):
        y_pred = np.asarray(y_pred, dtype=float)
        y_true = np.asarray(y_true, dtype=float)
        seen.append(y_pred.copy())
        y_pred -= y_true
        return float(np.mean(y_pred**2))

    ex = exercise("mse")
    report = run(ex, mutating)
    assert "changed its input y_pred in place" in report.text()
    # every case the learner saw had the original values
    assert len(seen) == len(ex.cases)
    for case, got in zip(ex.cases, seen):
        assert np.array_equal(np.asarray(case.args[1], dtype=float), got)


def test_printing_is_hidden_and_mentioned(capsys):
    """Is the learner's printing kept out of the report, with a note that it happened?"""

    def chatty(y_true, y_pred):
        print("debugging!")
        return own_mse(y_true, y_pred)

    report = run(exercise("mse"), chatty)
    assert report.passed
    assert "debugging!" not in capsys.readouterr().out
    assert any("printed" in note for note in report.notes)


def test_objects_that_claim_to_equal_everything_do_not_pass():
    """Does an object whose == is always True pass? (It must not.)"""

    class Liar:
        def __eq__(self, other):
            return True

        __hash__ = object.__hash__

    assert not run(exercise("mse"), lambda yt, yp: Liar()).passed


def test_containers_and_objects_of_the_same_type_are_not_taken_as_equal():
    """Does a value question reject a different tuple of strings, or another object of the right type?"""
    ex = Exercise(
        id="demo_tuple",
        title="a tuple",
        signature="answer",
        reference=lambda: ("mse", "mae"),
        cases=(Case(),),
        output="value",
        reveal=False,
    )
    assert run(ex, ("MSE", "mae")).passed
    assert not run(ex, ("huber", "mae")).passed
    assert not run(ex, ("mse",)).passed
    assert not run(ex, {"mse": 1}).passed


def test_a_value_exercise_compares_values():
    """Does a value ("predict before you run") exercise compare the value itself?"""
    ex = Exercise(
        id="demo_value",
        title="a value",
        signature="answer",
        reference=lambda: "mse",
        cases=(Case(),),
        output="value",
        reveal=False,
        mistakes=(Mistake(lambda: "mae", "MAE grows linearly, so the outlier counts less."),),
    )
    assert run(ex, "MSE").passed
    wrong = run(ex, "mae")
    assert not wrong.passed and "linearly" in wrong.text()
    assert "expected" not in wrong.text()  # a prediction question does not give the answer away


# ------------------------------------------------------------------ rendering


def _html_text(fragment: str) -> list[str]:
    text = re.sub(r"<[^>]+>", "\n", fragment)
    return [html.unescape(t).strip() for t in text.split("\n") if t.strip()]


@pytest.mark.parametrize("answer", [own_mse, own_mse_sum, lambda yt, yp: None])
def test_html_and_text_carry_the_same_content(answer):
    """Do the HTML and the text form show the same words and numbers?"""
    report = run(exercise("mse"), answer)
    text_words = re.findall(r"[\w.+\-]+", report.text())
    html_words = re.findall(r"[\w.+\-]+", " ".join(_html_text(report.html())))
    assert sorted(text_words) == sorted(html_words)


def test_html_escapes_the_learners_output():
    """Is a learner's string shown literally in HTML, not interpreted?"""
    report = run(exercise("mse"), lambda yt, yp: "<script>alert(1)</script>")
    assert "<script>" not in report.html() and "&lt;script&gt;" in report.html()


def test_pass_and_fail_differ_by_words_not_only_colour():
    """Can a colour-blind reader tell pass from fail?"""
    good = Report("x", True, "ok").text()
    bad = Report("x", False, "no").text()
    assert "Passed" in good and "Not yet" in bad


# -------------------------------------------------------------- property test

_garbage_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.binary(max_size=10),
    st.lists(st.floats(allow_nan=True), max_size=6),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=3),
    st.tuples(st.integers(), st.text(max_size=3)),
    st.builds(lambda n, v: np.full(n, v), st.integers(0, 5), st.floats(allow_nan=True)),
    st.builds(lambda shape: np.zeros(shape), st.tuples(st.integers(0, 3), st.integers(0, 3))),
    st.just(object()),
    st.just(np.array(["a", "b"])),
    st.just(np.array([1 + 2j])),
)
_exceptions = st.sampled_from(
    [
        ValueError,
        TypeError,
        ZeroDivisionError,
        IndexError,
        KeyError,
        RuntimeError,
        RecursionError,
        MemoryError,
        AssertionError,
        StopIteration,
        SystemExit,
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    ex_id=st.sampled_from(sorted(all_exercises())),
    value=_garbage_values,
    exc=st.one_of(st.none(), _exceptions),
)
def test_garbage_answers_end_in_a_pass_or_a_message(ex_id, value, exc):
    """Whatever a learner's function returns or raises, is the outcome a pass or an
    AssertionError with a message?"""

    def garbage(*args, **kwargs):
        if exc is not None:
            raise exc("boom")
        return value

    try:
        check(ex_id, garbage, timeout=2.0)
    except AssertionError as err:
        assert str(err).strip()


# ------------------------------------------- every parameter exercised with two values

_ABSENT = object()


def _parameters(signature: str) -> list[tuple[str, object]]:
    """(name, default or _ABSENT) for each parameter of a signature such as ``f(a, b=0.9)``."""
    inside = signature.split("(", 1)[1].rsplit(")", 1)[0]
    found = []
    for part in (p.strip() for p in inside.split(",") if p.strip()):
        name, _, default = part.partition("=")
        found.append((name.strip(), eval(default, {}) if default else _ABSENT))  # noqa: S307 - our own catalog
    return found


def _key(value) -> str:
    try:
        return repr(np.asarray(value, dtype=float).round(12).tolist())
    except (TypeError, ValueError):
        return f"{type(value).__name__}:{id(value)}"


@pytest.mark.parametrize("ex", [e for e in EXERCISES if e.takes_function], ids=lambda e: e.id)
def test_every_parameter_is_exercised_with_two_values_including_its_default(ex):
    """Could a learner hard-code one of the parameters (rho = 0.99, say) and still pass? (They must not.)"""
    for position, (name, default) in enumerate(_parameters(ex.signature)):
        seen = set()
        for case in ex.cases:
            if position < len(case.args):
                value = case.args[position]
            elif name in case.kwargs:
                value = case.kwargs[name]
            else:
                value = default
            if value is _ABSENT:
                continue
            seen.add(_key(value))
        assert len(seen) >= 2, f"{ex.id}: {name} takes only the values {seen}"
        if default is not _ABSENT:
            assert _key(default) in seen, f"{ex.id}: {name} is never left at its default {default!r}"


def test_a_wrong_number_of_arguments_gets_a_message_about_the_signature():
    """Does a function with the wrong parameters hear about the signature, not only a TypeError?"""
    text = run(exercise("mse"), lambda y_pred: 0.0).text()
    assert "parameters do not match" in text and "mse(y_true, y_pred)" in text


def test_a_number_given_as_a_string_gets_a_message_about_the_type():
    """Is "2.303" (in quotes) told it is a string, not just "wrong"?"""
    text = run(exercise("predict_uniform_cross_entropy"), "2.303").text()
    assert "string" in text and "without quotes" in text


@pytest.mark.parametrize(
    "ex_id, value, words",
    [
        ("predict_uniform_cross_entropy", float(np.log2(10)), "base 2"),
        ("predict_updates_per_epoch", 6.25, "whole number"),
    ],
)
def test_a_near_miss_prediction_says_which_form_is_expected(ex_id, value, words):
    """Does a near miss (a log2 answer, 6.25 updates) say what form the answer takes?"""
    report = run(exercise(ex_id), value)
    assert not report.passed and words in report.text()


def test_a_single_scalar_ratio_is_not_called_a_constant_factor():
    """Is "N times the expected one" said only when every failing case shows the same ratio?"""
    one_off = run(exercise("mse"), lambda yt, yp: 0.1).text()
    assert "times the expected" not in one_off
    consistent = run(
        exercise("mse_grad"), lambda yt, yp: 3 * (np.asarray(yp, float) - np.asarray(yt, float)) / np.size(yt)
    )
    assert "1.5 times the expected" in consistent.text()


# ------------------------------------------------------------- a broken catalog module


def _fake_catalog(tmp_path, monkeypatch):
    """A catalog package of two modules: one that imports, one with a syntax error."""
    import importlib
    import sys

    from course_utils.checks import registry

    pkg = tmp_path / "fake_catalog_pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "good.py").write_text(
        "from course_utils.checks.engine import Case, Exercise\n"
        "EXERCISES = [\n"
        "    Exercise('good_ex', 'a good one', 'f(x)', lambda x: x, (Case((1.0,)),), output='scalar')\n"
        "]\n"
    )
    (pkg / "bad.py").write_text(
        "from course_utils.checks.engine import Case, Exercise\n"
        "BAD = Exercise('bad_ex', 'a broken one', 'f(x)', lambda x: x, (Case((1.0,)),)\n"
        "EXERCISES = [BAD\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    monkeypatch.setattr(registry, "_catalog_package", lambda: importlib.import_module("fake_catalog_pkg"))
    registry._load.cache_clear()
    return registry, sys


def test_a_broken_catalog_module_does_not_take_down_the_others_checks(tmp_path, monkeypatch, capsys):
    """With one catalog module failing to import, do the other modules' checks still run, and
    does a check of an exercise of the broken module say which module is broken and why?"""
    registry, sys = _fake_catalog(tmp_path, monkeypatch)
    try:
        assert registry.exercise_ids() == ["good_ex"]
        assert run(registry.exercise("good_ex"), lambda x: x).passed
        assert set(registry.broken_modules()) == {"bad"}
        with pytest.raises(registry.CatalogModuleBroken) as err:
            registry.exercise("bad_ex")
        text = str(err.value)
        for words in ("'bad_ex'", "'bad'", "fails to import", "SyntaxError", "line", "not in your answer"):
            assert words in text, text
        with pytest.raises(ValueError, match="fail to import"):
            registry.exercise("nowhere_at_all")
    finally:
        registry._load.cache_clear()
        sys.modules.pop("fake_catalog_pkg", None)
        sys.modules.pop("fake_catalog_pkg.good", None)


def test_every_catalog_module_of_the_course_imports():
    """Does every catalog module import (the registry's tolerance must not hide a broken one)?"""
    from course_utils.checks.registry import broken_modules

    assert broken_modules() == {}


def test_minibatches_returning_a_list_passes_with_a_note_that_a_generator_is_expected():
    """Does a list of batches pass (lenient: same batches), with a note that the course expects yield?"""

    def minibatches(X, y, batch_size, rng):
        order = rng.permutation(len(X))
        return [
            (X[order[i : i + batch_size]], y[order[i : i + batch_size]]) for i in range(0, len(X), batch_size)
        ]

    report = run(exercise("minibatches"), minibatches)
    assert report.passed, report.text()
    assert "list of batches passes too" in report.text() and "yield" in report.text()


def _warmup_cosine_unclipped(t, lr0, warmup_steps, total_steps, eta_min=0.0):
    t = np.asarray(t, float)
    warm = lr0 * (t + 1) / max(warmup_steps, 1)
    x = np.maximum(t - warmup_steps, 0) / (total_steps - warmup_steps)
    out = np.where(t < warmup_steps, warm, eta_min + (lr0 - eta_min) * (1 + np.cos(np.pi * x)) / 2)
    return float(out) if out.ndim == 0 else out


def _plateau_any_decrease(lr, best, bad_epochs, value, factor=0.5, patience=5, threshold=1e-4, min_lr=0.0):
    if value < best:
        best, bad_epochs = value, 0
    else:
        bad_epochs += 1
    if bad_epochs > patience:
        lr, bad_epochs = max(lr * factor, min_lr), 0
    return lr, best, bad_epochs


def _plateau_no_cut(lr, best, bad_epochs, value, factor=0.5, patience=5, threshold=1e-4, min_lr=0.0):
    if value < best * (1 - threshold):
        return lr, value, 0
    return lr, best, bad_epochs + 1


@pytest.mark.parametrize(
    "ex_id, answer",
    [
        ("warmup_cosine_lr", _warmup_cosine_unclipped),  # wrong only where the expected rate is 0
        ("plateau_update", _plateau_any_decrease),  # a state tuple: best 0.99995 times the expected
        ("plateau_update", _plateau_no_cut),  # the rate never cut: 2 times, on a state
        ("bias_correction", lambda beta, t: np.asarray(beta, float) ** np.asarray(t)),  # beta^t
    ],
)
def test_the_constant_factor_hint_never_fires_by_coincidence(ex_id, answer):
    """Is "N times the expected one" kept out of failures whose ratio is 1, differs between
    cases, lies on a state tuple, or misses the entries whose expected value is 0?"""
    report = run(exercise(ex_id), answer)
    assert not report.passed
    assert "times the expected" not in report.text(), report.text()


def test_a_wrong_array_says_where_it_first_differs():
    """When the printed arrays hide the difference behind '...', does the message name the first
    differing entry, with both values?"""

    def warm_one_step_too_long(t, lr0, warmup_steps, total_steps, eta_min=0.0):
        t = np.asarray(t, float)
        x = np.clip(t - warmup_steps, 0, total_steps - warmup_steps) / (total_steps - warmup_steps)
        cos = eta_min + (lr0 - eta_min) * (1 + np.cos(np.pi * x)) / 2
        out = np.where(t <= warmup_steps, lr0 * (t + 1) / max(warmup_steps, 1), cos)
        return float(out) if out.ndim == 0 else out

    text = run(exercise("warmup_cosine_lr"), warm_one_step_too_long).text()
    assert "first at index [4]: expected 1, got 1.25" in text, text
    assert "one update too long" in text and "times the expected" not in text
