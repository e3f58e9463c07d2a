r"""Conclusions the prose draws, asserted by the code that computed them (every notebook).

A notebook's numbers are printed by its code, so they cannot drift. Its *conclusions*
("momentum reaches the floor in fewer steps") are words, and words drift. Each one is
followed by a ``claim``::

    from course_utils.claims import claim

    claim("momentum reaches the floor in fewer steps than plain descent",
          steps_momentum < steps_descent)

which prints one line, ``✓ momentum reaches the floor in fewer steps than plain descent``,
and fails the cell when the condition is false. nbval executes every notebook, so a change in
code, data or seed that makes an output contradict the prose turns CI red.
"""

from __future__ import annotations

import numpy as np

__all__ = ["claim", "ClaimFailed"]


class ClaimFailed(AssertionError):
    """The computation no longer supports a conclusion that the notebook's prose draws."""


def claim(statement: str, condition: bool | np.bool_, *, evidence: str = "") -> None:
    """Print ``✓ statement`` if ``condition`` holds; otherwise raise :class:`ClaimFailed`.

    Parameters
    ----------
    statement : str
        The conclusion, as the prose states it, in a few words.
    condition : bool
        A single truth value computed from the notebook's results. An array is refused
        (say ``.all()`` or ``.any()``): "is it true?" must have one answer.
    evidence : str, optional
        The numbers behind the condition, shown only when the claim fails, so a
        maintainer sees at once what changed.
    """
    if not isinstance(statement, str) or not statement.strip():
        raise TypeError("claim() needs the conclusion as a non-empty string first")
    if not isinstance(condition, (bool, np.bool_)):
        kind = (
            f"an array of shape {condition.shape}"
            if isinstance(condition, np.ndarray)
            else type(condition).__name__
        )
        raise TypeError(
            f"claim({statement!r}, ...) needs a single True/False condition, got {kind}; "
            "write .all() or .any() to say which is meant"
        )
    if not condition:
        detail = f" ({evidence})" if evidence else ""
        raise ClaimFailed(
            f"✗ the notebook says: {statement}, but its own computation now says otherwise{detail}. "
            "Fix the prose or the code so that they agree."
        )
    print(f"✓ {statement}")
