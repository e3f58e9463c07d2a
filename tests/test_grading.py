"""Unit tests of the grading layer: records, hidden cases, the tampering scan, and the
nbgrader preprocessors run on in-memory notebooks (no kernel, no nbgrader run).

The end-to-end round trip with real nbgrader is in test_nbgrader_roundtrip.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from course_utils.checks.engine import collect
from course_utils.checks.hidden import hidden_cases
from course_utils.checks.registry import all_exercises, exercise
from course_utils.grading import salt_digest
from course_utils.grading.nbgrader_plugins import (
    INTEGRITY_ENAME,
    HideHiddenTests,
    PrepareGrading,
    VerifyAnswers,
    hidden_grade_calls,
    scan_notebook,
)
from course_utils.grading.record import MIME, decode, decode_outcome, encode, encode_outcome
from course_utils.grading.scan import scan_source
from course_utils.losses import mse

ROOT = Path(__file__).resolve().parent.parent


def own_mse(y_true, y_pred):
    """A learner's MSE (the course's own earns nothing)."""
    return float(np.mean((np.asarray(y_pred, float) - np.asarray(y_true, float)) ** 2))


def own_mse_sum(y_true, y_pred):
    """A learner's MSE that sums instead of averaging."""
    return float(np.sum((np.asarray(y_pred, float) - np.asarray(y_true, float)) ** 2))


# ------------------------------------------------------------------ records


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        3,
        2.5,
        float("nan"),
        float("-inf"),
        "mse",
        np.float64(0.25),
        np.int64(4),
        np.arange(6.0).reshape(2, 3),
        np.array([1, 0, 2]),
        [1.0, 2.0],
        (np.zeros(2), np.ones(3)),
        {"W1": np.eye(2), "b1": np.zeros(2), "nested": {"m": [1.0, (2, 3)]}},
    ],
)
def test_plain_values_survive_the_trip_out_of_the_kernel(value):
    """Does decode(encode(x)) give back the same plain value, through JSON?"""
    back = decode(json.loads(json.dumps(encode(value))))
    if isinstance(value, tuple):
        assert isinstance(back, tuple) and all(np.array_equal(a, b) for a, b in zip(value, back))
    elif isinstance(value, (float, np.floating)) and np.isnan(value):
        assert np.isnan(back)
    elif isinstance(value, dict):
        assert back.keys() == value.keys() and np.array_equal(back["W1"], value["W1"])
        assert back["nested"] == {"m": [1.0, (2, 3)]}
    else:
        assert (
            np.array_equal(np.asarray(back), np.asarray(value))
            if isinstance(value, np.ndarray)
            else back == value
        )


def test_objects_that_only_claim_to_be_numbers_are_recorded_by_type_name():
    """Is a float subclass whose == is always true recorded as something that equals nothing?"""

    class Liar(float):
        def __eq__(self, other):
            return True

        __hash__ = float.__hash__

    class FakeArray(np.ndarray):
        pass

    for sneaky in (Liar(0.04), np.zeros(3).view(FakeArray)):
        data = encode(sneaky)
        assert data["t"] == "X"
        back = decode(data)
        assert not isinstance(back, (float, np.ndarray)) and back != 0.04


def test_outcomes_keep_errors_and_values():
    """Does an outcome record keep what went wrong, or the value, and nothing else?"""
    ex = exercise("mse")
    outcomes = collect(ex, lambda yt, yp: 1 / 0, ex.cases[:1]) + collect(ex, own_mse, ex.cases[:1])
    back = [decode_outcome(json.loads(json.dumps(encode_outcome(o)))) for o in outcomes]
    assert back[0].error == "raised" and back[0].exc_type == "ZeroDivisionError"
    assert back[1].ok and back[1].value == pytest.approx(0.04)


# ------------------------------------------------------------------ hidden cases


def _equal(x, y) -> bool:
    """Structural equality of case arguments (arrays, lists, dicts, tuples, scalars)."""
    if isinstance(x, dict) and isinstance(y, dict):
        return x.keys() == y.keys() and all(_equal(x[k], y[k]) for k in x)
    if isinstance(x, (tuple, list)) or isinstance(y, (tuple, list)):
        return type(x) is type(y) and len(x) == len(y) and all(_equal(a, b) for a, b in zip(x, y))
    if isinstance(x, np.random.Generator) or isinstance(y, np.random.Generator):
        return type(x) is type(y)
    try:
        return bool(np.array_equal(np.asarray(x), np.asarray(y)))
    except Exception:
        return x == y


@pytest.mark.parametrize("ex", sorted(all_exercises().values(), key=lambda e: e.id), ids=lambda e: e.id)
def test_hidden_cases_include_the_visible_ones_and_are_reproducible(ex):
    """Are hidden cases a superset of the visible ones, the same for the same salt?"""
    first, again = hidden_cases(ex, "salt"), hidden_cases(ex, "salt")
    assert first[: len(ex.cases)] == tuple(ex.cases)
    assert len(first) == len(again)
    for a, b in zip(first, again):
        assert _equal(a.args, b.args)


@pytest.mark.parametrize(
    "ex",
    [e for e in sorted(all_exercises().values(), key=lambda e: e.id) if e.takes_function],
    ids=lambda e: e.id,
)
def test_hidden_cases_are_fresh_and_the_reference_passes_them(ex):
    """Does a different salt give different fresh cases, which the reference passes and each known
    mistake fails?"""
    from course_utils.checks.engine import run

    a, b = hidden_cases(ex, "one"), hidden_cases(ex, "two")
    assert len(a) > len(ex.cases)
    fresh_a, fresh_b = a[len(ex.cases) :], b[len(ex.cases) :]
    assert any(not _equal(ca.args, cb.args) for ca, cb in zip(fresh_a, fresh_b))
    assert run(ex, ex.reference, cases=a, own_work=False).passed
    for mistake in ex.mistakes:
        if not mistake.accept:
            assert not run(ex, mistake.variant, cases=a).passed, mistake.message


# ------------------------------------------------------------------ the scan

TRICKS = {
    "redefine the checker": "def check(*args, **kwargs):\n    pass",
    "rebind grade": "grade = print",
    "patch numpy": "import numpy as np\nnp.allclose = lambda *a, **k: True",
    "patch through a call": "__import__('numpy').isclose = None",
    "patch builtins": "import builtins\nbuiltins.abs = lambda x: 0",
    "read NBGRADER_EXECUTION": "import os\nGRADING = 'NBGRADER_EXECUTION' in os.environ",
    "getenv": "from os import getenv\nx = getenv('NBGRADER_VALIDATING')",
    "IPython hook": "get_ipython().events.register('post_run_cell', print)",
    "os._exit": "import os\nos._exit(0)",
    "sys.exit": "import sys\nsys.exit()",
    "sys.modules": "import sys\nsys.modules['course_utils.checks'] = None",
    "frames": "import sys\nf = sys._getframe(1)",
    "exec": "exec('x = 1')",
    "magic env": "%env NBGRADER_EXECUTION=",
    "code inside a timing magic": "%timeit np.allclose = 3",
    "setattr": "import numpy\nsetattr(numpy, 'allclose', None)",
}


@pytest.mark.parametrize("name", sorted(TRICKS))
def test_each_trick_is_flagged_with_its_line(name):
    """Is each way of reaching the grading machinery flagged, with the offending line?"""
    findings = scan_source(TRICKS[name])
    assert findings, name
    assert all(f.line >= 1 and f.code for f in findings)


def _solution_sources() -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "notebooks").glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("solution"):
                found.append((f"{path.parent.name}/{path.stem}:{meta.get('grade_id')}", cell.source))
    return found


@pytest.mark.parametrize("where, source", _solution_sources(), ids=[w for w, _ in _solution_sources()])
def test_the_reference_solutions_are_never_flagged(where, source):
    """Is every honest answer of the course free of findings?"""
    assert scan_source(source) == []


def test_ordinary_learner_code_is_not_flagged():
    """Are imports, helpers, prints, plots and timing magics left alone?"""
    honest = (
        "import numpy as np\nimport matplotlib.pyplot as plt\n"
        "from course_utils.losses import mse as reference\n"
        "def mse(y_true, y_pred):\n    r = np.asarray(y_pred, float) - np.asarray(y_true, float)\n"
        "    print('debug', r.shape)\n    return float(np.mean(r ** 2))\n"
        "fig, ax = plt.subplots()\nax.plot([1, 2])\nplt.rcParams\n%timeit mse([1.0], [2.0])\n"
    )
    assert scan_source(honest) == []


# --------------------------------------------------- preprocessors, in memory


def _grade_cell(source: str, outputs=()) -> nbformat.NotebookNode:
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": False,
        "locked": True,
        "points": 2,
        "grade_id": "t",
        "schema_version": 3,
    }
    cell.outputs = [out for out in outputs if not callable(out)]
    _PENDING[id(cell)] = list(outputs)
    return cell


#: Outputs of a grade cell that the "kernel" (_run_cell) writes once it knows the run's token.
_PENDING: dict[int, list] = {}


def _answer_cell(source: str) -> nbformat.NotebookNode:
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": False,
        "solution": True,
        "locked": False,
        "grade_id": "a",
        "schema_version": 3,
    }
    return cell


_TEST_SOURCE = (
    'check("mse", mse)\n### BEGIN HIDDEN TESTS\nfrom course_utils.grading import grade\n'
    'grade("mse", mse)\n### END HIDDEN TESTS'
)


def _record(fn, salt: str = ""):
    """The record the hidden test writes while it runs (it needs the token given to that run)."""
    ex = exercise("mse")
    cases = hidden_cases(ex, salt)
    outcomes = collect(ex, fn, cases)

    def write(token: str) -> nbformat.NotebookNode:
        data = {
            "exercise": "mse",
            "salt": salt_digest(salt),
            "n_cases": len(cases),
            "token": token,
            "outcomes": [encode_outcome(o) for o in outcomes],
        }
        return new_output("display_data", data={MIME: data, "text/plain": "(recorded)"})

    return write


def _run_cell(cell) -> None:
    """Stand in for the kernel: outputs given as functions of the token become outputs."""
    token = (re.findall(r'token="(\w+)"', cell.source) or [""])[0]
    pending = _PENDING.pop(id(cell), cell.outputs)
    cell.outputs = [out(token) if callable(out) else out for out in pending]


def _verify(cell, answer_source="def mse(a, b):\n    return 0", salt=""):
    nb = new_notebook(cells=[_answer_cell(answer_source), cell])
    resources: dict = {"nbgrader": {}}
    nb, resources = PrepareGrading(salt=salt).preprocess(nb, resources)
    _run_cell(nb.cells[1])
    nb, resources = VerifyAnswers(salt=salt).preprocess(nb, resources)
    return nb.cells[1]


def _failed(cell) -> bool:
    return any(o.get("output_type") == "error" for o in cell.outputs)


def test_right_recorded_answers_keep_the_points():
    """Is a cell whose recorded answers are right left as it is?"""
    assert not _failed(_verify(_grade_cell(_TEST_SOURCE, [_record(own_mse)])))


def test_wrong_recorded_answers_lose_the_points_even_if_the_kernel_said_pass():
    """Does a cell whose kernel claimed success, but whose answers are wrong, fail with the mistake named?"""
    cell = _verify(_grade_cell(_TEST_SOURCE, [_record(lambda yt, yp: mse(yt, yp, reduction="sum"))]))
    assert _failed(cell)
    assert "n times too large" not in cell.outputs[-1]["evalue"]  # the course's own mse earns nothing
    cell = _verify(_grade_cell(_TEST_SOURCE, [_record(own_mse_sum)]))
    assert _failed(cell)
    assert "n times too large" in cell.outputs[-1]["evalue"]


def test_missing_answers_lose_the_points():
    """Does a cell with no recorded answers (a redefined grade, a dead kernel) fail?"""
    cell = _verify(_grade_cell(_TEST_SOURCE, [new_output("stream", name="stdout", text="all good!\n")]))
    assert _failed(cell) and "No answers were recorded" in cell.outputs[-1]["evalue"]


def test_forged_records_lose_the_points():
    """Do records for other cases (another salt) or malformed ones fail?"""
    other_salt = _verify(_grade_cell(_TEST_SOURCE, [_record(own_mse, salt="elsewhere")]))
    assert _failed(other_salt)
    broken = new_output(
        "display_data", data={MIME: {"exercise": "mse", "salt": salt_digest(""), "outcomes": "lots"}}
    )
    assert _failed(_verify(_grade_cell(_TEST_SOURCE, [broken])))


def test_a_kernel_failure_keeps_its_own_message():
    """Does a cell that already failed in the kernel keep the check's message (and fail)?"""
    err = new_output("error", ename="CheckFailure", evalue="Known mistake: you summed", traceback=[])
    cell = _verify(_grade_cell(_TEST_SOURCE, [err]))
    assert cell.outputs == [err]


def test_a_flagged_notebook_loses_every_automatic_point_and_its_cell_is_not_run():
    """Does tampering zero every test cell, and comment out the flagged cell so it cannot run?"""
    nb = new_notebook(
        cells=[_answer_cell("import os\nos._exit(0)"), _grade_cell(_TEST_SOURCE, [_record(own_mse)])]
    )
    resources: dict = {"nbgrader": {}}
    nb, resources = PrepareGrading().preprocess(nb, resources)
    assert all(line.startswith("#") for line in nb.cells[0].source.splitlines())
    _run_cell(nb.cells[1])
    nb, resources = VerifyAnswers().preprocess(nb, resources)
    assert nb.cells[1].outputs[0]["ename"] == INTEGRITY_ENAME
    assert "os._exit" in nb.cells[1].outputs[0]["evalue"]


def test_the_salt_reaches_the_hidden_tests():
    """Does PrepareGrading give every hidden grade() call the class's salt?"""
    nb = new_notebook(cells=[_grade_cell(_TEST_SOURCE)])
    nb, _ = PrepareGrading(salt='s"ecret').preprocess(nb, {"nbgrader": {}})
    assert re.search(r'grade\("mse", mse, salt="s\\"ecret", token="\w{32}"\)', nb.cells[0].source)
    assert hidden_grade_calls(nb.cells[0].source) == ["mse"]


def test_feedback_hides_the_hidden_tests():
    """Does the feedback keep the visible check and the verdict, but not the hidden source or tracebacks?"""
    err = new_output(
        "error",
        ename="NameError",
        evalue="name 'mse' is not defined",
        traceback=['grade("mse", mse)  <- hidden line'],
    )
    nb = new_notebook(cells=[_grade_cell(_TEST_SOURCE, [_record(own_mse)("t"), err])])
    nb, _ = HideHiddenTests().preprocess(nb, {})
    cell = nb.cells[0]
    assert "BEGIN HIDDEN TESTS" not in cell.source and "grade(" not in cell.source
    assert 'check("mse", mse)' in cell.source
    assert all(MIME not in o.get("data", {}) for o in cell.outputs)
    assert cell.outputs[-1]["traceback"] == ["NameError: name 'mse' is not defined"]


def test_scan_notebook_reads_only_the_learners_cells():
    """Are locked instructor cells and test cells left out of the scan?"""
    locked = new_code_cell("import os\nos.environ['X'] = '1'")
    locked.metadata["nbgrader"] = {
        "grade": False,
        "solution": False,
        "locked": True,
        "grade_id": "setup",
        "schema_version": 3,
    }
    nb = new_notebook(
        cells=[
            locked,
            _grade_cell(_TEST_SOURCE),
            _answer_cell("x = 1"),
            new_code_cell("import os\nos._exit(1)"),
        ]
    )
    findings = scan_notebook(nb)
    assert [number for number, _ in findings] == [4]


# ------------------------------------------ one record per exercise, written by the hidden test


@pytest.mark.parametrize(
    "extra",
    [
        lambda token: _record(own_mse)("guessed-token"),  # a second record, the wrong token
        lambda token: _record(own_mse)(token),  # a second copy of the right record
        lambda token: new_output("stream", name="stdout", text=json.dumps({MIME: {"outcomes": []}})),
        lambda token: new_output(
            "execute_result", data={"text/plain": "{'exercise': 'mse', 'outcomes': []}"}, execution_count=1
        ),
    ],
    ids=["wrong-token", "duplicate", "printed", "displayed-as-text"],
)
def test_any_other_record_shaped_output_earns_zero_and_is_flagged(extra):
    """Is a cell with record-shaped output besides its hidden test's own record scored 0 and flagged?"""
    cell = _verify(_grade_cell(_TEST_SOURCE, [extra, _record(own_mse)]))
    assert cell.outputs[0]["ename"] == INTEGRITY_ENAME
    assert "did not write" in cell.outputs[0]["evalue"] or "shaped like" in cell.outputs[0]["evalue"]


def test_a_record_without_the_token_of_its_run_earns_nothing():
    """Does a record that lacks this run's token (written before the grader gave one) count as forged?"""
    cell = _grade_cell(_TEST_SOURCE, [lambda token: _record(own_mse)("")])
    cell = _verify(cell)
    assert _failed(cell) and cell.outputs[0]["ename"] == INTEGRITY_ENAME


def test_an_accepted_submission_is_graded_normally(tmp_path):
    """After the instructor accepts a flagged submission, is it graded from its records, unflagged?"""
    accepted = tmp_path / "integrity_accepted.csv"
    accepted.write_text("student,assignment,accepted_at\nann,01_losses,now\n")
    nb = new_notebook(
        cells=[_answer_cell("import os\nos._exit(0)"), _grade_cell(_TEST_SOURCE, [_record(own_mse)])]
    )
    resources: dict = {"nbgrader": {"student": "ann", "assignment": "01_losses"}}
    nb, resources = PrepareGrading(accepted_file=str(accepted)).preprocess(nb, resources)
    assert nb.cells[0].source.startswith("import os")  # not commented out
    _run_cell(nb.cells[1])
    nb, resources = VerifyAnswers().preprocess(nb, resources)
    assert not _failed(nb.cells[1])
