"""All exercises of the course, by id, collected from the ``catalog`` modules.

A catalog module that fails to import (a syntax error while someone edits it) does not take
down the other modules' checks: its error is kept, and asking for one of its exercises says
which module is broken and why, instead of "there is no exercise called ...".
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
import re
import traceback
from functools import cache
from pathlib import Path
from types import ModuleType

from .engine import Exercise

__all__ = ["exercise", "exercise_ids", "all_exercises", "broken_modules", "CatalogModuleBroken"]


class CatalogModuleBroken(ValueError):
    """The exercise asked for is declared in a catalog module that fails to import."""


def _catalog_package() -> ModuleType:
    from . import catalog

    return catalog


def _error_text(err: BaseException) -> str:
    """One line: the error's type and message, and the line of the catalog module it points to."""
    if isinstance(err, SyntaxError):
        return f"SyntaxError: {err.msg} (line {err.lineno})"
    frames = traceback.extract_tb(err.__traceback__)
    where = next((f" (line {f.lineno})" for f in reversed(frames) if "catalog" in f.filename), "")
    return f"{type(err).__name__}: {err}{where}"


@cache
def _load() -> tuple[dict[str, Exercise], dict[str, tuple[str, str]]]:
    """(exercises by id, {broken module name: (its file, the error)})."""
    package = _catalog_package()
    found: dict[str, Exercise] = {}
    broken: dict[str, tuple[str, str]] = {}
    for info in sorted(
        (m for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_")),
        key=lambda m: m.name,
    ):
        name = f"{package.__name__}.{info.name}"
        try:
            module = importlib.import_module(name)
            exercises = list(module.EXERCISES)
        except Exception as err:  # one broken module must not hide the others' checks
            path = str(Path(info.module_finder.path) / f"{info.name}.py")
            broken[info.name] = (path, _error_text(err))
            continue
        for ex in exercises:
            if ex.id in found:
                raise RuntimeError(f"exercise id {ex.id!r} is defined twice")
            found[ex.id] = ex
    return found, broken


def all_exercises() -> dict[str, Exercise]:
    """Every exercise of every catalog module that imports (one per topic, each defining ``EXERCISES``)."""
    return _load()[0]


def broken_modules() -> dict[str, tuple[str, str]]:
    """The catalog modules that fail to import: ``{name: (file, error)}`` (empty when all is well)."""
    return dict(_load()[1])


def exercise_ids() -> list[str]:
    """The ids of all exercises."""
    return sorted(all_exercises())


def _declared_in(exercise_id: str, path: str) -> bool:
    """Does the source of a (broken) module mention this id as a quoted string?"""
    try:
        source = Path(path).read_text(encoding="utf-8")
    except OSError:
        return False
    return re.search(r"""["']""" + re.escape(exercise_id) + r"""["']""", source) is not None


def exercise(exercise_id: str) -> Exercise:
    """The exercise with this id; a ``ValueError`` suggests the closest ids otherwise.

    Raises :class:`CatalogModuleBroken` (a ``ValueError``) when the exercise is declared in a
    catalog module that fails to import: the message names the module and its error.
    """
    table, broken = _load()
    if exercise_id in table:
        return table[exercise_id]
    for name, (path, error) in broken.items():
        if _declared_in(str(exercise_id), path):
            raise CatalogModuleBroken(
                f"The check of {exercise_id!r} cannot run: it is declared in the course's catalog"
                f" module {name!r} ({path}), which fails to import: {error}. This is a bug in the"
                " course, not in your answer; the other exercises' checks still work."
            )
    close = difflib.get_close_matches(str(exercise_id), table, n=3)
    suggestion = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    unreadable = (
        f" (The catalog module(s) {', '.join(sorted(broken))} fail to import; it may be declared there.)"
        if broken
        else ""
    )
    raise ValueError(f"There is no exercise called {exercise_id!r}.{suggestion}{unreadable}")
