"""All exercises of the course, by id, collected from the ``catalog`` modules."""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from functools import cache

from .engine import Exercise

__all__ = ["exercise", "exercise_ids", "all_exercises"]


@cache
def all_exercises() -> dict[str, Exercise]:
    """Every exercise of every catalog module (one per part, each defining ``EXERCISES``)."""
    from . import catalog

    found: dict[str, Exercise] = {}
    for info in sorted(
        (m for m in pkgutil.iter_modules(catalog.__path__) if not m.name.startswith("_")),
        key=lambda m: m.name,
    ):
        module = importlib.import_module(f"{catalog.__name__}.{info.name}")
        for ex in module.EXERCISES:
            if ex.id in found:
                raise RuntimeError(f"exercise id {ex.id!r} is defined twice")
            found[ex.id] = ex
    return found


def exercise_ids() -> list[str]:
    """The ids of all exercises."""
    return sorted(all_exercises())


def exercise(exercise_id: str) -> Exercise:
    """The exercise with this id; a ``ValueError`` suggests the closest ids otherwise."""
    table = all_exercises()
    if exercise_id in table:
        return table[exercise_id]
    close = difflib.get_close_matches(str(exercise_id), table, n=3)
    suggestion = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise ValueError(f"There is no exercise called {exercise_id!r}.{suggestion}")
