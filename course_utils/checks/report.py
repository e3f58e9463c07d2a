"""The message a check shows: one structure, rendered as HTML (notebook) and plain text.

Both renderings come from the same :class:`Report`, so they always carry the same
content; only the markup differs. Pass and fail differ by symbol and word as well as by
colour (Okabe-Ito bluish green and vermillion, distinguishable for colour-blind readers).
"""

from __future__ import annotations

import html as _html
from dataclasses import dataclass, field

__all__ = ["Report", "CheckFailure"]

_PASS_COLOUR = "#009E73"
_FAIL_COLOUR = "#D55E00"
_NOTE_COLOUR = "#0072B2"


@dataclass
class Report:
    """The outcome of one check, ready to show."""

    exercise: str
    passed: bool
    headline: str
    rows: list[tuple[str, str]] = field(default_factory=list)  # ("expected", "0.04"), ...
    mistake: str = ""  # the named mistake, in plain words
    hint: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def symbol(self) -> str:
        return "✓ Passed" if self.passed else "✗ Not yet"

    def text(self) -> str:
        """Plain-text form, for terminals, tracebacks and nbgrader feedback."""
        lines = [f"{self.symbol} [{self.exercise}] {self.headline}"]
        width = max((len(label) for label, _ in self.rows), default=0)
        for label, value in self.rows:
            first, *rest = value.split("\n")
            lines.append(f"  {label + ':':<{width + 1}} {first}")
            lines.extend(f"  {'':<{width + 1}} {line}" for line in rest)
        if self.mistake:
            lines.append(f"Known mistake: {self.mistake}")
        if self.hint:
            lines.append(f"Hint: {self.hint}")
        lines.extend(f"Note: {note}" for note in self.notes)
        return "\n".join(lines)

    def html(self) -> str:
        """HTML form: a small coloured block for the notebook."""
        esc = _html.escape
        colour = _PASS_COLOUR if self.passed else _FAIL_COLOUR
        parts = [
            f'<div class="course-check" data-passed="{str(self.passed).lower()}" '
            f'style="border-left: 6px solid {colour}; padding: 6px 10px; margin: 4px 0; '
            f'font-family: var(--jp-content-font-family, sans-serif); line-height: 1.4;">',
            f'<div><b style="color: {colour}">{esc(self.symbol)}</b> '
            f"<code>[{esc(self.exercise)}]</code> {esc(self.headline)}</div>",
        ]
        if self.rows:
            parts.append('<table style="margin: 4px 0; border-collapse: collapse; border: none;">')
            for label, value in self.rows:
                parts.append(
                    '<tr style="background: transparent;">'
                    '<td style="padding: 1px 8px 1px 0; vertical-align: top; text-align: left;'
                    ' border: none;">'
                    f'{esc(label)}:</td><td style="text-align: left; border: none;">'
                    f'<pre style="margin: 0; background: transparent;">{esc(value)}</pre></td></tr>'
                )
            parts.append("</table>")
        if self.mistake:
            parts.append(f'<div style="margin-top: 4px;"><b>Known mistake:</b> {esc(self.mistake)}</div>')
        if self.hint:
            parts.append(f"<div><b>Hint:</b> {esc(self.hint)}</div>")
        for note in self.notes:
            parts.append(f'<div style="color: {_NOTE_COLOUR};"><b>Note:</b> {esc(note)}</div>')
        parts.append("</div>")
        return "\n".join(parts)

    # IPython display protocol: the notebook shows the HTML, a terminal the text.
    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return self.text()


class CheckFailure(AssertionError):
    """Raised by a failing check, carrying the report's text.

    An ``AssertionError``, so nbgrader and nbval count the cell as failed. In IPython
    the traceback is replaced by one line (``_render_traceback_``): the report itself is
    displayed just above it, and the learner should read about their code, not about
    the insides of the checker. ``str(error)`` is the full text, for terminals and logs.
    """

    def __init__(self, report: Report):
        super().__init__(report.text())
        self.report = report

    def _render_traceback_(self) -> list[str]:
        red, reset = "\x1b[31m", "\x1b[0m"
        return [
            f"{red}{type(self).__name__}{reset}: [{self.report.exercise}] {self.report.headline}"
            " (details above)"
        ]
