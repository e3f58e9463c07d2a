"""nbgrader preprocessors that make the course's grades trustworthy.

Configured in the course's ``nbgrader_config.py``; they run inside nbgrader's own process,
never in the learner's kernel:

* :class:`PrepareGrading` (before the notebook is executed): scans the learner's cells for
  tampering (:mod:`.scan`), comments out the flagged cells so they cannot run, and gives
  the hidden tests the class's salt;
* :class:`VerifyAnswers` (right after execution): judges each grade cell again from the
  answers its hidden tests recorded, with a pristine copy of the references, and replaces
  the cell's outputs by an error when they are wrong, missing, or the notebook was flagged.
  nbgrader then scores the cell 0, exactly as for a failing test. A cell that already
  failed in the kernel keeps its own message (it scores 0 either way);
* :class:`HideHiddenTests` (when feedback is generated): removes the hidden tests' source
  and tracebacks from what the learner gets back.
"""

from __future__ import annotations

import re

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

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        findings = scan_notebook(nb) if self.scan else []
        resources["course_integrity"] = findings
        who = resources.get("nbgrader", {})
        for number, finding in findings:
            self.log.warning(
                "Integrity: %s/%s/%s cell %d %s",
                who.get("student"),
                who.get("assignment"),
                who.get("notebook"),
                number,
                finding,
            )
        # A flagged cell is not run (it could end the kernel and abort the whole grading run);
        # it stays readable, commented out, in the autograded notebook.
        for number in sorted({number for number, _ in findings}):
            cell = nb.cells[number - 1]
            cell.source = "# Flagged for review: this cell was not run during grading.\n" + "\n".join(
                "# " + line for line in cell.source.splitlines()
            )
        if self.salt:
            salt = self.salt.replace("\\", "\\\\").replace('"', '\\"')
            for cell in nb.cells:
                if _is_test_cell(cell):
                    cell.source = _HIDDEN.sub(
                        lambda m: m.group(0).replace(
                            m.group(1), _GRADE_CALL.sub(rf'grade("\1", \2, salt="{salt}")', m.group(1))
                        ),
                        cell.source,
                    )
        return nb, resources


class VerifyAnswers(NbGraderPreprocessor):
    """After execution: judge each grade cell from its recorded answers, in this process."""

    salt = Unicode("", help="The salt given to PrepareGrading.").tag(config=True)
    timeout = Float(5.0, help="Seconds a known mistake's variant may take when explaining.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        findings = resources.get("course_integrity", [])
        for cell in nb.cells:
            if not _is_test_cell(cell):
                continue
            if findings:
                cell.outputs = [_error(INTEGRITY_ENAME, self._integrity_text(findings))]
                continue
            if any(out.get("output_type") == "error" for out in cell.get("outputs", [])):
                continue  # the cell failed in the kernel (the visible check): 0 points, its message stays
            failures = [f for f in (self._judge(i, cell) for i in hidden_grade_calls(cell.source)) if f]
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

    def _judge(self, ex_id: str, cell: NotebookNode) -> Report | str | None:
        """None if the recorded answers to ``ex_id`` are right, else what is wrong."""
        try:
            ex = exercise(ex_id)
        except ValueError as err:
            return f"The hidden tests name an unknown exercise: {err}"
        records = [
            out["data"][MIME]
            for out in cell.get("outputs", [])
            if out.get("output_type") == "display_data" and MIME in out.get("data", {})
        ]
        record = next((r for r in records if isinstance(r, dict) and r.get("exercise") == ex_id), None)
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
