"""The instructor's round trip with real nbgrader, real kernels, in a temporary course.

release -> submissions (reference, blank, typical mistakes, an endless loop, tricks) ->
autograde -> feedback -> grades, checked from nbgrader's own gradebook.

Every part of the course is released and graded with its reference solutions and blank;
the slower scenarios (mistakes, a loop, tricks) use the parts named below.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course_utils.checks.registry import exercise
from course_utils.grading.nbgrader_plugins import INTEGRITY_ENAME
from tests.answers.honest import HONEST
from tests.test_answers_corpus import CORPUS

pytestmark = pytest.mark.nbgrader

ROOT = Path(__file__).resolve().parent.parent
PARTS = sorted(p.name for p in (ROOT / "notebooks").iterdir() if p.is_dir() and any(p.glob("*.ipynb")))
TRICK_PART = "00_start_here"  # one exercise, fast: the integrity scenarios
MISTAKE_PART = "01_losses" if "01_losses" in PARTS else PARTS[-1]
_CHECK_CALL = re.compile(r"""check\(\s*["']([\w\-]+)["']\s*,\s*([A-Za-z_]\w*)\s*\)""")


# ------------------------------------------------------------------ helpers


def nbgrader(course: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    result = subprocess.run(
        [str(Path(sys.executable).parent / "nbgrader"), *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if ok:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def release_notebooks(course: Path, part: str) -> list[Path]:
    return sorted((course / "release" / part).glob("*.ipynb"))


def submit(course: Path, student: str, part: str, change=None, source: str = "release") -> None:
    """Copy the release (or the source) of ``part`` as ``student``'s submission, changed by ``change(nb)``."""
    folder = course / ("release" if source == "release" else "notebooks") / part
    target = course / "submitted" / student / part
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if change is not None:
            change(nb)
        nbformat.write(nb, target / path.name)


def cell_scores(course: Path, part: str, student: str) -> dict[str, tuple[float | None, float]]:
    """{notebook/grade_id: (score, max score)} of the autograded tests, from the gradebook."""
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        submission = gb.find_submission(part, student)
        for nb in submission.notebooks:
            for grade in nb.grades:
                if grade.cell.cell_type == "code" and not grade.cell.name.startswith("__"):
                    scores[f"{nb.name}/{grade.name}"] = (grade.score, grade.max_score)
    return scores


def autograded_outputs(course: Path, part: str, student: str) -> list[dict]:
    outputs = []
    for path in sorted((course / "autograded" / student / part).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            outputs.extend(cell.get("outputs", []))
    return outputs


def flagged(course: Path, part: str, student: str) -> bool:
    return any(o.get("ename") == INTEGRITY_ENAME for o in autograded_outputs(course, part, student))


def exercises_in(nb: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """(exercise id, function name) checked in the notebook's grade cells."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
            found.extend(_CHECK_CALL.findall(cell.source))
    return found


def replace_answer(nb: nbformat.NotebookNode, fn_name: str, new_source: str) -> bool:
    """Replace the answer cell that defines ``fn_name`` (or assigns it)."""
    pattern = re.compile(rf"^(def {re.escape(fn_name)}\(|{re.escape(fn_name)}\s*=)", re.M)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution") and pattern.search(cell.source):
            cell.source = new_source
            return True
    return False


def known_mistake_source(ex_id: str, fn_name: str) -> tuple[str, list[str]] | None:
    """A realistic mistake from the answers corpus (learner code, not the course's variant),
    and the words its message must contain."""
    entry = CORPUS.get(ex_id)
    if not entry or fn_name != exercise(ex_id).signature.split("(")[0]:
        return None
    source, words = entry["wrong"][0]
    return "import numpy as np\n" + source + "\n", words


def course_import_source(ex_id: str, fn_name: str) -> str:
    """Learner code that hands in the course's own function for the exercise, under its name."""
    ref = exercise(ex_id).reference
    module = getattr(ref, "__module__", "") or ""
    if (
        module.startswith("course_utils.")
        and not module.startswith("course_utils.checks")
        and ref.__name__.isidentifier()
    ):
        return f"from {module} import {ref.__name__} as {fn_name}\n"
    return (
        "from course_utils.checks.registry import exercise as _exercise\n"
        f"{fn_name} = _exercise({ex_id!r}).reference\n"
    )


def grade_ids(nb: nbformat.NotebookNode) -> dict[str, str]:
    """{exercise id: grade_id of the cell that checks it}."""
    found = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade"):
            for ex_id, _ in _CHECK_CALL.findall(cell.source):
                found[ex_id] = meta.get("grade_id")
    return found


# ------------------------------------------------------------------ the course


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A course folder: the repository's notebooks and nbgrader config, released."""
    root = tmp_path_factory.mktemp("course")
    shutil.copytree(
        ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    shutil.copy(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    for part in PARTS:
        nbgrader(root, "generate_assignment", part, "--force")
    return root


#: {part: {notebook/grade_id: exercise id}} of the function exercises 'imports' handed in as course functions.
IMPORTED: dict[str, dict[str, str]] = {}


def _imports_everything(part: str):
    def change(nb):
        for ex_id, fn in exercises_in(nb):
            if exercise(ex_id).takes_function and replace_answer(nb, fn, course_import_source(ex_id, fn)):
                IMPORTED.setdefault(part, {})[grade_ids(nb)[ex_id]] = ex_id

    return change


@pytest.fixture(scope="module")
def graded(course: Path) -> Path:
    """Every part submitted by 'reference' (the solutions), 'blank' (the release) and 'imports'
    (every function exercise's solution replaced by an import of the course's function), autograded."""
    for part in PARTS:
        submit(course, "reference", part, source="notebooks")
        submit(course, "blank", part)
        submit(course, "imports", part, _imports_everything(part), source="notebooks")
        nbgrader(course, "autograde", part)
    return course


# ------------------------------------------------------------------ release


@pytest.mark.parametrize("part", PARTS)
def test_the_release_has_no_solutions_no_hidden_tests_and_no_outputs(course, part):
    """Does the student release keep the exercises but lose solutions, hidden tests and outputs?"""
    notebooks = release_notebooks(course, part)
    assert notebooks, f"nothing released for {part}"
    for path in notebooks:
        text = path.read_text()
        nb = nbformat.read(path, as_version=4)
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
        assert "grade(" not in "".join(c.source for c in nb.cells)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
        source = nbformat.read(course / "notebooks" / part / path.name, as_version=4)
        for cell, original in zip(nb.cells, source.cells):
            if original.metadata.get("nbgrader", {}).get("solution") and original.cell_type == "code":
                assert "raise NotImplementedError" in cell.source


# ------------------------------------------------------------------ scores


@pytest.mark.parametrize("part", PARTS)
def test_reference_solutions_score_full_marks_and_are_never_flagged(graded, part):
    """Do the course's own solutions earn every automatic point, unflagged?"""
    scores = cell_scores(graded, part, "reference")
    assert scores
    assert all(score == maximum for score, maximum in scores.values()), scores
    assert not flagged(graded, part, "reference")


@pytest.mark.parametrize("part", PARTS)
def test_the_blank_release_scores_zero_without_crashing(graded, part):
    """Does an untouched release score 0 on every automatic test (and get autograded at all)?"""
    scores = cell_scores(graded, part, "blank")
    assert scores and all(score == 0 for score, _ in scores.values()), scores
    assert not flagged(graded, part, "blank")


@pytest.mark.parametrize("part", PARTS)
def test_the_courses_own_functions_earn_nothing(graded, part):
    """Does a submission whose solution cells only import the course's functions score 0 on each?"""
    scores = cell_scores(graded, part, "imports")
    imported = IMPORTED.get(part, {})
    if not imported:
        pytest.skip(f"{part} has no function exercise")
    zeroed = {key: score for key, (score, _) in scores.items() if key.split("/", 1)[1] in imported}
    assert len(zeroed) == len(imported), (imported, scores)
    assert all(score == 0 for score in zeroed.values()), zeroed
    assert not flagged(graded, part, "imports")


@pytest.fixture(scope="module")
def mistakes(graded: Path) -> dict[str, list[str]]:
    """'mistakes': in MISTAKE_PART, every other exercise carries a realistic mistake from the corpus."""
    replaced: dict[str, list[str]] = {}

    def change(nb):
        for i, (ex_id, fn) in enumerate(exercises_in(nb)):
            found = known_mistake_source(ex_id, fn)
            if i % 2 == 0 and found and replace_answer(nb, fn, found[0]):
                replaced[ex_id] = found[1]

    submit(graded, "mistakes", MISTAKE_PART, change, source="notebooks")
    nbgrader(graded, "autograde", MISTAKE_PART, "--student", "mistakes")
    nbgrader(graded, "generate_feedback", MISTAKE_PART, "--student", "mistakes")
    assert replaced
    return replaced


def test_typical_mistakes_earn_partial_credit(graded, mistakes):
    """Does a submission with some known mistakes score more than 0 and less than full marks?"""
    scores = cell_scores(graded, MISTAKE_PART, "mistakes")
    earned = sum(s for s, _ in scores.values())
    assert 0 < earned < sum(m for _, m in scores.values())
    assert not flagged(graded, MISTAKE_PART, "mistakes")


def test_feedback_names_the_mistakes(graded, mistakes):
    """Does each student's feedback HTML name the mistakes they made?"""
    html = "".join(p.read_text() for p in (graded / "feedback" / "mistakes" / MISTAKE_PART).glob("*.html"))
    import html as html_lib

    text = html_lib.unescape(html).lower()
    for words in mistakes.values():
        assert all(w.lower() in text for w in words), words


def test_feedback_does_not_reveal_the_hidden_tests(graded, mistakes):
    """Is the hidden tests' source absent from the feedback, though their verdicts are there?"""
    for path in (graded / "feedback" / "mistakes" / MISTAKE_PART).glob("*.html"):
        text = path.read_text()
        assert "BEGIN HIDDEN TESTS" not in text
        assert "course_utils.grading" not in text and "grade(&quot;" not in text and 'grade("' not in text
        assert "hidden tests: not shown" in text


def test_autograding_twice_gives_the_same_score(graded, mistakes):
    """Is autograding reproducible?"""
    before = cell_scores(graded, MISTAKE_PART, "mistakes")
    nbgrader(graded, "autograde", MISTAKE_PART, "--student", "mistakes", "--force")
    assert cell_scores(graded, MISTAKE_PART, "mistakes") == before


def test_an_endless_loop_is_stopped_and_loses_only_its_cell(graded):
    """Does a cell that never ends cost only its own exercise's points?"""
    victim = {}

    def change(nb):
        found = exercises_in(nb)
        if found and not victim:
            victim["exercise"], fn = found[0]
            assert replace_answer(nb, fn, f"while True:\n    pass\n\ndef {fn}(*args):\n    return None\n")

    submit(graded, "loop", MISTAKE_PART, change, source="notebooks")
    nbgrader(graded, "autograde", MISTAKE_PART, "--student", "loop", "--Execute.timeout=8")
    scores = cell_scores(graded, MISTAKE_PART, "loop")
    lost = [key for key, (score, maximum) in scores.items() if score != maximum]
    assert len(lost) == 1, scores
    assert any(
        o.get("ename") == "CellTimeoutError" or "Timeout" in str(o.get("evalue", ""))
        for o in autograded_outputs(graded, MISTAKE_PART, "loop")
    )


# ------------------------------------------------------------------ integrity


def _answer_with(
    extra: str, answer: str = "def squared_error(y_true, y_pred):\n    return y_pred - y_true\n"
):
    """A TRICK_PART submission whose (wrong) answer cell also holds ``extra``."""

    def change(nb):
        assert replace_answer(nb, "squared_error", extra + "\n" + answer)

    return change


TRICKS = {
    "redefine-check": _answer_with(
        "def check(*args, **kwargs):\n    pass\n\ndef grade(*args, **kwargs):\n    pass\n"
    ),
    "patch-numpy": _answer_with(
        "import numpy as np\nnp.allclose = lambda *a, **k: True\nnp.isclose = lambda *a, **k: True\n"
    ),
    "always-equal": _answer_with(
        "",
        "class Anything(float):\n    def __eq__(self, other):\n        return True\n"
        "    __hash__ = float.__hash__\n\n"
        "def squared_error(y_true, y_pred):\n    return Anything(0.0)\n",
    ),
    "nbgrader-env": _answer_with(
        "import os\nif os.environ.get('NBGRADER_EXECUTION'):\n    def check(*a, **k):\n        pass\n"
        "    def grade(*a, **k):\n        pass\n"
    ),
    "exit-kernel": _answer_with("import os\nos._exit(0)\n"),
    "forge-record": _answer_with(
        "from IPython.display import display\n"
        "_RECORD = {'exercise': 'squared_error', 'salt': '', 'n_cases': 4, 'outcomes': []}\n"
        "def check(*args, **kwargs):\n"
        "    display({'application/vnd.course-utils.answers+json': _RECORD}, raw=True)\n"
        "def grade(*args, **kwargs):\n"
        "    pass\n"
    ),
}


_RIGHT = "def squared_error(y_true, y_pred):\n    return (y_pred - y_true) ** 2\n"
_STUBBORN = (
    "def squared_error(y_true, y_pred):\n    while True:\n        try:\n            while True:\n"
    "                pass\n        except BaseException:\n            pass\n"
)


def _edit_test_cell(nb):
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code":
            cell.source = "pass"
    assert replace_answer(
        nb, "squared_error", "def squared_error(y_true, y_pred):\n    return y_pred - y_true\n"
    )


def _delete_test_cell(nb):
    nb.cells = [
        c for c in nb.cells if not (c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code")
    ]
    assert replace_answer(
        nb, "squared_error", "def squared_error(y_true, y_pred):\n    return y_pred - y_true\n"
    )


@pytest.fixture(scope="module")
def tricked(course: Path) -> Path:
    """Every trick submitted twice: graded normally ("t-"), and with the scan turned off ("u-")."""
    for name, change in TRICKS.items():
        submit(course, f"t-{name}", TRICK_PART, change, source="notebooks")
        submit(course, f"u-{name}", TRICK_PART, change, source="notebooks")
    submit(course, "t-edited-test-cell", TRICK_PART, _edit_test_cell, source="notebooks")
    submit(course, "t-deleted-test-cell", TRICK_PART, _delete_test_cell, source="notebooks")
    submit(course, "t-honest", TRICK_PART, source="notebooks")
    for i, name in enumerate(sorted(HONEST)):
        submit(course, f"t-corpus{i}", TRICK_PART, _answer_with("", HONEST[name]), source="notebooks")
    submit(course, "t-stubborn", TRICK_PART, _answer_with("", _STUBBORN), source="notebooks")
    submit(
        course,
        "t-reviewed",
        TRICK_PART,
        _answer_with("import gc\ngc.collect()\n", _RIGHT),
        source="notebooks",
    )
    nbgrader(course, "autograde", TRICK_PART, "--student=t-*", ok=False)
    nbgrader(course, "autograde", TRICK_PART, "--student=u-*", "--PrepareGrading.scan=False", ok=False)
    return course


@pytest.mark.parametrize("name", sorted(TRICKS))
def test_no_trick_earns_a_point(tricked, name):
    """Does each trick that earns full marks in plain nbgrader earn nothing here, and get flagged?"""
    for student in (f"t-{name}", f"u-{name}"):
        try:
            scores = cell_scores(tricked, TRICK_PART, student)
        except Exception:  # nbgrader could not grade it at all (the kernel was ended): no points
            continue
        assert all(score == 0 for score, _ in scores.values()), (student, scores)
    if name != "always-equal":  # returning a sneaky object is not tampering, just wrong
        assert flagged(tricked, TRICK_PART, f"t-{name}")


@pytest.mark.parametrize("student", ["t-edited-test-cell", "t-deleted-test-cell"])
def test_editing_or_deleting_a_locked_test_cell_gains_nothing(tricked, student):
    """Does nbgrader restore the locked test cell, so a wrong answer still scores 0?"""
    scores = cell_scores(tricked, TRICK_PART, student)
    assert scores and all(score == 0 for score, _ in scores.values()), scores


def test_an_honest_submission_is_not_flagged(tricked):
    """Is an honest answer graded in full, without a flag, next to the tricks?"""
    scores = cell_scores(tricked, TRICK_PART, "t-honest")
    assert all(score == maximum for score, maximum in scores.values())
    assert not flagged(tricked, TRICK_PART, "t-honest")


def test_the_integrity_report_lists_the_flagged_submissions(tricked):
    """Does the instructor's report list each flagged trick, and no honest submission?"""
    from course_utils.grading.report import flagged_notebooks

    rows = {row["student"] for row in flagged_notebooks(tricked)}
    assert {f"t-{n}" for n in TRICKS if n != "always-equal"} <= rows
    assert not rows & {"t-honest", "reference", "blank"}


def test_a_forged_record_earns_nothing_even_with_the_scan_off(tricked):
    """Is a record displayed by the learner's code (not the hidden test's own) worth 0 and flagged?"""
    scores = cell_scores(tricked, TRICK_PART, "u-forge-record")
    assert scores and all(score == 0 for score, _ in scores.values()), scores
    assert flagged(tricked, TRICK_PART, "u-forge-record")


@pytest.mark.parametrize("i", range(len(HONEST)), ids=sorted(HONEST))
def test_honest_but_unusual_code_gets_the_references_points(tricked, i):
    """Does each answer of the honest corpus earn full marks, unflagged?"""
    scores = cell_scores(tricked, TRICK_PART, f"t-corpus{i}")
    assert scores and all(score == maximum for score, maximum in scores.values()), scores
    assert not flagged(tricked, TRICK_PART, f"t-corpus{i}")


def test_a_loop_that_swallows_every_exception_is_stopped_by_the_checks_own_limit(tricked):
    """Does `except BaseException: pass` in an endless loop end in the check's time limit (not the cell's)?"""
    scores = cell_scores(tricked, TRICK_PART, "t-stubborn")
    assert scores and all(score == 0 for score, _ in scores.values())
    texts = [
        str(o.get("evalue", "")) + str(o.get("text", "")) + str(o.get("data", {}))
        for o in autograded_outputs(tricked, TRICK_PART, "t-stubborn")
    ]
    assert any("did not finish within" in t for t in texts)
    assert not any(
        o.get("ename") == "CellTimeoutError" for o in autograded_outputs(tricked, TRICK_PART, "t-stubborn")
    )


def test_the_instructor_accepts_a_flagged_submission_and_it_is_graded_normally(tricked):
    """After `make accept`, is a reviewed submission graded from its answers, and off the report?"""
    from course_utils.grading.accept import main as accept
    from course_utils.grading.report import flagged_notebooks

    assert flagged(tricked, TRICK_PART, "t-reviewed")
    assert accept(["t-reviewed", TRICK_PART, str(tricked)]) == 0
    scores = cell_scores(tricked, TRICK_PART, "t-reviewed")
    assert scores and all(score == maximum for score, maximum in scores.values()), scores
    assert not flagged(tricked, TRICK_PART, "t-reviewed")
    assert "t-reviewed" not in {row["student"] for row in flagged_notebooks(tricked)}
