"""nbgrader preprocessors that make the course's grades trustworthy.

Configured in the course's ``nbgrader_config.py``; they run inside nbgrader's own process,
never in the learner's kernel:

* :class:`PrepareGrading` (before the notebook is executed): scans the learner's cells for
  tampering (:mod:`.scan`), comments out the flagged cells so they cannot run (unless the
  instructor accepted the submission after review, see :mod:`.accept`), and gives each
  hidden ``grade(...)`` call the class's salt and a one-time token;
* :class:`VerifyAnswers` (right after execution): judges each grade cell again from the
  record its hidden test wrote (the one carrying its token), with a pristine copy of the
  references, and replaces the cell's outputs by an error when the answers are wrong,
  missing, or the notebook was flagged. Any other output of the cell shaped like a record
  (printed, displayed, or carrying another token) earns the cell 0 and flags it in the
  integrity report. nbgrader then scores the cell 0, exactly as for a failing test. A cell
  that already failed in the kernel keeps its own message (it scores 0 either way);
* :class:`HideHiddenTests` (when feedback is generated): removes the hidden tests' source
  and tracebacks from what the learner gets back.
"""

from __future__ import annotations

import csv
import re
import secrets
from pathlib import Path

from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.utils import is_grade, is_solution
from traitlets import Bool, Float, Unicode

from ..checks.engine import evaluate
from ..checks.hidden import hidden_cases
from ..checks.registry import exercise
from ..checks.report import Report
from . import salt_digest
from .record import MIME, decode_outcome
from .scan import Finding, imported_names, scan_source

__all__ = ["PrepareGrading", "VerifyAnswers", "HideHiddenTests", "INTEGRITY_ENAME"]

#: ``ename`` of the error output that marks a notebook flagged for tampering.
INTEGRITY_ENAME = "IntegrityFlag"

_HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n?(.*?)### END HIDDEN TESTS\n?", re.S)
_GRADE_CALL = re.compile(r"""\bgrade\(\s*["']([\w\-]+)["']\s*,\s*([A-Za-z_]\w*)\s*(?:,[^)]*)?\)""")
#: Text that only a grading record (or a copy of one) contains.
_RECORD_TEXT = re.compile(re.escape(MIME) + r"""|["']outcomes["']\s*:|["']n_cases["']\s*:""")


def accepted_submissions(path: str | Path) -> set[tuple[str, str]]:
    """(student, assignment) pairs the instructor accepted after review (see :mod:`.accept`)."""
    path = Path(path)
    if not path.is_file():
        return set()
    with path.open(newline="") as f:
        return {(row["student"], row["assignment"]) for row in csv.DictReader(f)}


def _is_test_cell(cell: NotebookNode) -> bool:
    return cell.cell_type == "code" and is_grade(cell) and not is_solution(cell)


def _is_learner_code(cell: NotebookNode) -> bool:
    """Code the learner wrote or could change: answer cells and cells they added."""
    if cell.cell_type != "code":
        return False
    meta = cell.metadata.get("nbgrader", {})
    restored_by_nbgrader = meta.get("locked", False) or (
        meta.get("grade", False) and not meta.get("solution", False)
    )
    return not restored_by_nbgrader


def hidden_grade_calls(source: str) -> list[str]:
    """Exercise ids graded by the hidden tests of a cell's source."""
    return [m.group(1) for block in _HIDDEN.findall(source) for m in _GRADE_CALL.finditer(block)]


def scan_notebook(nb: NotebookNode) -> list[tuple[int, Finding]]:
    """(cell number, finding) for every suspicious construct in the learner's cells."""
    sources = [cell.source for cell in nb.cells if cell.cell_type == "code"]
    modules, protected = imported_names(sources)
    protected |= {"check", "grade"}
    found = []
    for number, cell in enumerate(nb.cells, start=1):
        if _is_learner_code(cell):
            found.extend((number, f) for f in scan_source(cell.source, modules, protected))
    return found


def _error(ename: str, text: str) -> NotebookNode:
    return new_output("error", ename=ename, evalue=text, traceback=[f"{ename}: {text}"])


def _report_output(report: Report) -> NotebookNode:
    return new_output("display_data", data={"text/html": report.html(), "text/plain": report.text()})


class PrepareGrading(NbGraderPreprocessor):
    """Before execution: scan the learner's code, and salt the hidden tests."""

    salt = Unicode(
        "",
        help="Secret that selects the hidden cases. Set the same value on VerifyAnswers.",
    ).tag(config=True)
    scan = Bool(
        True, help="Scan the learner's code for tampering (off only to test the other defences)."
    ).tag(config=True)
    accepted_file = Unicode(
        "integrity_accepted.csv",
        help="CSV (student, assignment, ...) of flagged submissions the instructor accepted after review.",
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        findings = scan_notebook(nb) if self.scan else []
        who = resources.get("nbgrader", {})
        accepted = (who.get("student"), who.get("assignment")) in accepted_submissions(self.accepted_file)
        resources["course_accepted"] = accepted
        for number, finding in findings:
            self.log.warning(
                "Integrity: %s/%s/%s cell %d %s%s",
                who.get("student"),
                who.get("assignment"),
                who.get("notebook"),
                number,
                finding,
                " (accepted after review: graded normally)" if accepted else "",
            )
        if accepted:
            findings = []
        resources["course_integrity"] = findings
        # A flagged cell is not run (it could end the kernel and abort the whole grading run);
        # it stays readable, commented out, in the autograded notebook.
        for number in sorted({number for number, _ in findings}):
            cell = nb.cells[number - 1]
            cell.source = "# Flagged for review: this cell was not run during grading.\n" + "\n".join(
                "# " + line for line in cell.source.splitlines()
            )
        # Each hidden grade() call gets the salt and a one-time token, known only to this
        # process and to the call itself: the grader counts only the record carrying it.
        salt = self.salt.replace("\\", "\\\\").replace('"', '\\"')
        tokens: dict[int, dict[str, set[str]]] = {}
        for index, cell in enumerate(nb.cells):
            if not _is_test_cell(cell):
                continue

            def mark(call: re.Match, index: int = index) -> str:
                token = secrets.token_hex(16)
                tokens.setdefault(index, {}).setdefault(call.group(1), set()).add(token)
                salted = f', salt="{salt}"' if self.salt else ""
                return f'grade("{call.group(1)}", {call.group(2)}{salted}, token="{token}")'

            cell.source = _HIDDEN.sub(
                lambda m: m.group(0).replace(m.group(1), _GRADE_CALL.sub(mark, m.group(1))), cell.source
            )
        resources["course_tokens"] = tokens
        return nb, resources


class VerifyAnswers(NbGraderPreprocessor):
    """After execution: judge each grade cell from its recorded answers, in this process."""

    salt = Unicode("", help="The salt given to PrepareGrading.").tag(config=True)
    timeout = Float(5.0, help="Seconds a known mistake's variant may take when explaining.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        findings = resources.get("course_integrity", [])
        tokens = resources.get("course_tokens")
        accepted = resources.get("course_accepted", False)
        for index, cell in enumerate(nb.cells):
            if not _is_test_cell(cell):
                continue
            if findings:
                cell.outputs = [_error(INTEGRITY_ENAME, self._integrity_text(findings))]
                continue
            expected = tokens.get(index, {}) if tokens is not None else None
            records, stray = _records(cell, expected)
            if stray and not accepted:
                self.log.warning("Integrity: cell %d has output shaped like a record: %s", index + 1, stray)
                cell.outputs = [_error(INTEGRITY_ENAME, _stray_text(index + 1, stray))]
                continue
            if any(out.get("output_type") == "error" for out in cell.get("outputs", [])):
                continue  # the cell failed in the kernel (the visible check): 0 points, its message stays
            failures = [f for f in (self._judge(i, records) for i in hidden_grade_calls(cell.source)) if f]
            if failures:
                reports = [f for f in failures if isinstance(f, Report)]
                texts = [f.text() if isinstance(f, Report) else f for f in failures]
                cell.outputs = [_report_output(r) for r in reports] + [
                    _error("AssertionError", "\n\n".join(texts))
                ]
        return nb, resources

    @staticmethod
    def _integrity_text(findings: list[tuple[int, Finding]]) -> str:
        lines = "\n".join(f"  cell {number}, {finding}" for number, finding in findings)
        return (
            "This notebook was flagged for review: its code changes how it is graded, so its"
            " automatic tests earn no points until the instructor has looked at it.\n" + lines
        )

    def _judge(self, ex_id: str, records: dict[str, dict]) -> Report | str | None:
        """None if the recorded answers to ``ex_id`` are right, else what is wrong."""
        try:
            ex = exercise(ex_id)
        except ValueError as err:
            return f"The hidden tests name an unknown exercise: {err}"
        record = records.get(ex_id)
        if record is None:
            return (
                f"[{ex_id}] No answers were recorded for grading: the cell did not run to its end"
                " (an error or a stopped kernel before the hidden tests)."
            )
        if record.get("salt") != salt_digest(self.salt):
            return f"[{ex_id}] The recorded answers are for other cases than the ones graded."
        if "not_callable" in record:
            return f"[{ex_id}] There was no function to grade (found a {record['not_callable']})."
        cases = hidden_cases(ex, self.salt)
        raw = record.get("outcomes")
        if not isinstance(raw, list) or len(raw) > len(cases):
            return f"[{ex_id}] The recorded answers are malformed."
        try:
            outcomes = [decode_outcome(r) for r in raw]
        except Exception:  # a forged record
            return f"[{ex_id}] The recorded answers are malformed."
        report = evaluate(ex, outcomes, cases, timeout=self.timeout)
        return None if report.passed else report


def _output_text(out: NotebookNode) -> str:
    """Every piece of text an output carries (stream text, error text, each MIME type's data)."""
    parts = [str(out.get("text", "")), str(out.get("evalue", ""))]
    for key, value in out.get("data", {}).items():
        if key != MIME:
            parts.append(value if isinstance(value, str) else repr(value))
    return "\n".join(parts)


def _records(cell: NotebookNode, expected: dict[str, set[str]] | None) -> tuple[dict[str, dict], list[str]]:
    """The records the cell's hidden tests wrote ({exercise: record}), and every other
    output shaped like a record (described in words).

    ``expected`` is {exercise: tokens} given by :class:`PrepareGrading`; None when it did not
    run (then the first record of each exercise counts, as before tokens existed).
    """
    records: dict[str, dict] = {}
    stray: list[str] = []
    for number, out in enumerate(cell.get("outputs", []), start=1):
        data = out.get("data", {})
        if MIME in data and out.get("output_type") == "display_data":
            record = data[MIME]
            ex_id = record.get("exercise") if isinstance(record, dict) else None
            token = record.get("token") if isinstance(record, dict) else None
            if expected is None:
                ok = isinstance(ex_id, str) and ex_id not in records
            else:
                ok = isinstance(ex_id, str) and ex_id not in records and token in expected.get(ex_id, ())
            if ok:
                records[ex_id] = record
            else:
                stray.append(f"output {number}: a record for {ex_id!r} that its hidden test did not write")
        elif MIME in data:
            stray.append(
                f"output {number}: a record shown as {out.get('output_type')}, not by the hidden test"
            )
        elif _RECORD_TEXT.search(_output_text(out)):
            stray.append(f"output {number}: {out.get('output_type')} text shaped like a grading record")
    return records, stray


def _stray_text(number: int, stray: list[str]) -> str:
    lines = "\n".join(f"  cell {number}, {what}" for what in stray)
    return (
        "This cell shows output shaped like a grading record that its hidden test did not write,"
        " so it earns no points until the instructor has looked at it.\n" + lines
    )


class HideHiddenTests(NbGraderPreprocessor):
    """For feedback: show that hidden tests ran, not what they are."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        for cell in nb.cells:
            if cell.cell_type != "code" or "### BEGIN HIDDEN TESTS" not in cell.source:
                continue
            cell.source = _HIDDEN.sub("# (hidden tests: not shown)\n", cell.source).rstrip()
            kept = []
            for out in cell.get("outputs", []):
                if out.get("output_type") == "display_data" and MIME in out.get("data", {}):
                    continue  # the raw record is for the grader
                if out.get("output_type") == "error":
                    out["traceback"] = [f"{out.get('ename', 'Error')}: {out.get('evalue', '')}"]
                kept.append(out)
            cell.outputs = kept
        return nb, resources
