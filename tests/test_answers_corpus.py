"""The corpus of learners' answers (tests/answers/): no false pass, no false fail, no misleading
message (issue 12, §4).

For every function exercise the corpus holds at least three right answers written the way
learners write them (loops, float32, lists, another eps, an equivalent formula), which must
pass, and at least five realistic mistakes, which must fail with a message containing the
given words. The answers are data, separate from the catalog: none calls the course's
reference (the own-work rule is on, as for a learner).
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import tests.answers as answers_pkg
from course_utils.checks.engine import run
from course_utils.checks.registry import all_exercises

#: The catalog modules whose function exercises must each have a full corpus. A new catalog
#: module adds its corpus (tests/answers/corpus_<part>.py) and its name here.
CORPUS_MODULES = (
    "start",
    "losses_regression",
    "losses_binary",
    "losses_softmax",
    "losses_distributions",
    "losses_hinge",
    "losses_landscapes",
    "optimization",
    "backprop",
    "backprop_derive",
    "backprop_depth",
    "backprop_gradcheck",
    "backprop_sanity",
    "backprop_validation",
    "losses_derive",
    "losses_multiclass_hinge",
    "momentum_theory",
    "optimization_derive",
    "warmup_plateau",
    "weight_decay",
)


def _ids_of(module_names) -> set[str]:
    return {
        ex.id
        for name in module_names
        for ex in importlib.import_module(f"course_utils.checks.catalog.{name}").EXERCISES
        if ex.takes_function
    }


def _corpus() -> dict[str, dict]:
    found: dict[str, dict] = {}
    for info in pkgutil.iter_modules(answers_pkg.__path__):
        if info.name.startswith("corpus_"):
            module = importlib.import_module(f"{answers_pkg.__name__}.{info.name}")
            for key, value in module.ANSWERS.items():
                assert key not in found, f"{key} twice in the corpus"
                found[key] = value
    return found


CORPUS = _corpus()
EXERCISES = all_exercises()
RIGHT = [(ex_id, i) for ex_id, entry in sorted(CORPUS.items()) for i in range(len(entry["right"]))]
WRONG = [(ex_id, i) for ex_id, entry in sorted(CORPUS.items()) for i in range(len(entry["wrong"]))]


def learner_function(ex_id: str, source: str):
    """The function a learner's source defines, named as in the exercise's signature."""
    namespace: dict = {}
    exec(compile("import numpy as np\n" + source, f"<answer to {ex_id}>", "exec"), namespace)
    return namespace[EXERCISES[ex_id].signature.split("(")[0]]


@pytest.mark.parametrize("ex_id, i", RIGHT, ids=[f"{e}-right{i}" for e, i in RIGHT])
def test_a_right_answer_written_differently_passes(ex_id, i):
    """Does this correct variant, written as a learner would, pass?"""
    report = run(EXERCISES[ex_id], learner_function(ex_id, CORPUS[ex_id]["right"][i]), timeout=5.0)
    assert report.passed, report.text()


@pytest.mark.parametrize("ex_id, i", WRONG, ids=[f"{e}-wrong{i}" for e, i in WRONG])
def test_a_realistic_mistake_fails_with_a_message_that_names_it(ex_id, i):
    """Does this realistic mistake fail, with the words that name it?"""
    source, words = CORPUS[ex_id]["wrong"][i]
    report = run(EXERCISES[ex_id], learner_function(ex_id, source), timeout=5.0)
    assert not report.passed, f"a wrong answer passed:\n{source}"
    text = report.text()
    missing = [w for w in words if w.lower() not in text.lower()]
    assert not missing, f"{missing} not in:\n{text}"


def test_every_function_exercise_has_a_full_corpus():
    """Has every function exercise of the covered modules 3+ right and 5+ wrong answers?"""
    required = _ids_of(CORPUS_MODULES)
    short = {
        ex_id
        for ex_id in required
        if len(CORPUS.get(ex_id, {}).get("right", ())) < 3 or len(CORPUS.get(ex_id, {}).get("wrong", ())) < 5
    }
    assert not short, sorted(short)
    function_ids = {ex_id for ex_id, ex in EXERCISES.items() if ex.takes_function}
    assert not (set(CORPUS) - function_ids), sorted(set(CORPUS) - function_ids)
