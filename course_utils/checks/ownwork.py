"""The course's own functions earn nothing: finding an answer that is, wraps or calls the reference.

An exercise asks the learner to write a function that ``course_utils`` already has (``mse``,
``softmax``, an optimizer's step). An answer that hands back the course's function, wraps
it, or calls it (imported under any name, reached through a module attribute, or left in
the notebook's namespace because the learner skipped their cell) must not pass.

Which course functions an answer may not use is declared with the exercise:

* by default, the **reference** itself and the public ``course_utils`` functions the
  reference calls *directly* (for a catalog wrapper such as ``_sgd``, the optimizer it is
  built from), since those compute the answer for the learner;
* ``forbidden=`` adds more;
* ``allowed=`` lifts the ban from functions the notebook offers on purpose (``sigmoid``
  inside ``backward_221``). Whatever an allowed function calls inside itself is allowed too.

How it is observed
------------------
Two layers, both outside the learner's namespace (nothing of the learner's is patched, no
frame of theirs is read):

1. **Identity**: the answer object itself (or what a ``functools.partial``, a bound method
   or ``functools.wraps`` points to) has a forbidden function's code object.
2. **Calls**: while the answer runs, a ``sys.setprofile`` observer, installed only for that
   call and removed right after it, watches which Python code objects are entered. The first
   forbidden one entered outside an allowed function is recorded; the check then fails with
   a message naming it. The observer costs one Python callback per function call made
   inside the answer, during checks only.

A learner's code in the same kernel can switch the observer off (``sys.setprofile(None)``);
the grading scan (:mod:`course_utils.grading.scan`) flags any code that touches profilers or
tracers, so that is caught in autograding, in a separate process.
"""

from __future__ import annotations

import copy
import functools
import os
import sys
import threading
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["Rules", "rules_for", "identity_use", "Observer", "describe", "own_work_message"]

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_MACHINERY_DIR = os.path.dirname(os.path.abspath(__file__))  # course_utils/checks


def _code_of(fn: Any) -> types.CodeType | None:
    """The code object a callable runs, looking through partials, bound methods, wraps."""
    seen = 0
    while seen < 10:
        seen += 1
        if isinstance(fn, functools.partial):
            fn = fn.func
            continue
        if isinstance(fn, types.MethodType):
            fn = fn.__func__
            continue
        code = getattr(fn, "__code__", None)
        if isinstance(code, types.CodeType):
            return code
        method = type(fn).__dict__.get("__call__")  # an instance of a class with __call__
        if isinstance(method, types.FunctionType):
            return method.__code__
        return None
    return None


def _wrapped_codes(fn: Any) -> list[types.CodeType]:
    """Codes of ``fn`` and of what it declares it wraps (``__wrapped__``, partial's func)."""
    codes = []
    for _ in range(10):
        code = _code_of(fn)
        if code is not None:
            codes.append(code)
        nxt = getattr(fn, "__wrapped__", None)
        if nxt is None and isinstance(fn, functools.partial):
            nxt = fn.func
        if nxt is None:
            break
        fn = nxt
    return codes


def _is_course_code(code: types.CodeType) -> bool:
    """Code of the course's numerics (course_utils, but not this checking machinery)."""
    name = code.co_filename
    return name.startswith(_PACKAGE_DIR) and not name.startswith(_MACHINERY_DIR)


def _is_public(code: types.CodeType) -> bool:
    """A public course function: no part of its module path or name starts with "_"."""
    parts = describe(code).split(".")
    return not any(part.startswith("_") and part != "<locals>" for part in parts)


def describe(code: types.CodeType) -> str:
    """A readable name for a course function's code: ``course_utils.losses.regression.mse``."""
    rel = os.path.relpath(code.co_filename, os.path.dirname(_PACKAGE_DIR))
    module = rel[:-3].replace(os.sep, ".") if rel.endswith(".py") else rel
    if module.endswith(".__init__"):
        module = module[: -len(".__init__")]
    qual = getattr(code, "co_qualname", code.co_name)
    return f"{module}.{qual}"


@dataclass(frozen=True)
class Rules:
    """The code objects an answer may not run (forbidden) and those that lift the ban (allowed)."""

    forbidden: frozenset
    allowed: frozenset

    @property
    def empty(self) -> bool:
        return not self.forbidden


def _direct_course_callees(reference: Callable[..., Any], calls: Iterable[tuple]) -> set:
    """Codes of the public course functions that ``reference`` calls directly on these calls."""
    ref_codes = set(_wrapped_codes(reference))
    found: set = set()

    def observe(frame: Any, event: str, arg: Any) -> None:
        if event != "call":
            return
        code = frame.f_code  # our own reference's frames, never a learner's
        back = frame.f_back
        if back is not None and back.f_code in ref_codes and _is_course_code(code) and _is_public(code):
            found.add(code)

    for call, args, kwargs in calls:
        args, kwargs = copy.deepcopy((args, kwargs))
        previous = sys.getprofile()
        sys.setprofile(observe)
        try:
            call(reference, args, kwargs)
        except Exception:
            pass
        finally:
            sys.setprofile(previous)
    return found


_RULES_CACHE: dict[str, Rules] = {}


def rules_for(ex: Any) -> Rules:
    """The own-work rules of an exercise (computed once per exercise and process)."""
    cached = _RULES_CACHE.get(ex.id)
    if cached is not None:
        return cached
    if not ex.takes_function:
        rules = Rules(frozenset(), frozenset())
    else:
        forbidden = set(_wrapped_codes(ex.reference))
        calls = [(ex.call, case.args, dict(case.kwargs)) for case in ex.cases]
        forbidden |= _direct_course_callees(ex.reference, calls)
        for fn in getattr(ex, "forbidden", ()):
            forbidden.update(_wrapped_codes(fn))
        allowed = set()
        for fn in getattr(ex, "allowed", ()):
            allowed.update(_wrapped_codes(fn))
        forbidden -= allowed
        rules = Rules(frozenset(forbidden), frozenset(allowed))
    _RULES_CACHE[ex.id] = rules
    return rules


def identity_use(answer: Any, rules: Rules) -> str:
    """The course function that ``answer`` *is* (or points to), or ``""``."""
    for code in _wrapped_codes(answer):
        if code in rules.forbidden:
            return describe(code)
    return ""


class Observer:
    """Records the first forbidden course function entered while active (``sys.setprofile``).

    Use as a context manager around the call of the learner's answer. Calls made from inside
    an allowed function are not counted.
    """

    def __init__(self, rules: Rules):
        self.rules = rules
        self.found = ""
        self._inside_allowed = 0
        self._previous: Any = None
        self._previous_threads: Any = None

    def _profile(self, frame: Any, event: str, arg: Any) -> None:
        if event == "call":
            code = frame.f_code
            if code in self.rules.allowed:
                self._inside_allowed += 1
            elif not self._inside_allowed and not self.found and code in self.rules.forbidden:
                self.found = describe(code)
        elif event == "return" and frame.f_code in self.rules.allowed:
            self._inside_allowed = max(0, self._inside_allowed - 1)

    def __enter__(self) -> Observer:
        if not self.rules.empty:
            self._previous = sys.getprofile()
            self._previous_threads = threading.getprofile()
            sys.setprofile(self._profile)
            threading.setprofile(self._profile)  # threads the answer starts are watched too
        return self

    def __exit__(self, *exc: Any) -> None:
        if not self.rules.empty:
            sys.setprofile(self._previous)
            threading.setprofile(self._previous_threads)


def own_work_message(name: str) -> str:
    """What the learner reads when their answer is, wraps or calls the course's function."""
    short = name.rsplit(".", 1)[-1]
    return (
        f"Your answer uses the course's own `{short}` ({name}) instead of computing the result"
        " itself. The course's functions earn no points here: write it with NumPy."
    )
