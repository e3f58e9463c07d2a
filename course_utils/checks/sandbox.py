"""Calling a learner's function safely: copies in, time limit, output hidden, errors caught.

Whatever the learner's code does (raise, print, loop forever, mutate its inputs,
call ``exit()``), :func:`call_safely` returns an :class:`Outcome` and never lets
the learner's exception escape. Only ``KeyboardInterrupt`` (the learner pressing
stop) goes through.
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Outcome", "call_safely", "inputs_changed"]

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class _TimeLimit(BaseException):
    """Raised inside the learner's code when its time is up.

    A ``BaseException``, so that a learner's ``except Exception:`` cannot swallow it.
    """


@dataclass
class Outcome:
    """What one call of the learner's function produced."""

    value: Any = None
    error: str | None = None  # "raised", "timeout" or "exit"
    exc_type: str = ""
    exc_message: str = ""
    where: str = ""  # "line 3: return np.mean(d)" in the learner's code
    printed: str = ""
    seconds: float = 0.0
    changed: tuple = ()  # positions / names of the arguments the call modified in place

    @property
    def ok(self) -> bool:
        return self.error is None


def _learner_frame(tb: Any) -> str:
    """Describe the deepest frame of the traceback that is the learner's own code."""
    frames = traceback.extract_tb(tb)
    mine = [
        f
        for f in frames
        if not f.filename.startswith(_PACKAGE_DIR)
        and "site-packages" not in f.filename
        and "dist-packages" not in f.filename
        and not f.filename.startswith(os.path.dirname(os.__file__))
    ]
    if not mine:
        return ""
    f = mine[-1]
    code = (f.line or "").strip()
    return f"line {f.lineno}" + (f": {code}" if code else "")


def _copy(value: Any) -> Any:
    try:
        return copy.deepcopy(value)
    except Exception:  # an uncopyable object (a generator, say): hand over as is
        return value


@contextlib.contextmanager
def _alarm(seconds: float):
    """Raise :class:`_TimeLimit` in the main thread after ``seconds`` (POSIX only)."""

    def on_alarm(signum: int, frame: Any) -> None:
        raise _TimeLimit()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _can_use_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _plain_call(fn: Callable[..., Any], args: tuple, kwargs: dict) -> Any:
    return fn(*args, **kwargs)


def _run(call: Callable[..., Any], fn: Callable[..., Any], args: tuple, kwargs: dict, out: Outcome) -> None:
    buffer = io.StringIO()
    try:
        with (
            contextlib.redirect_stdout(buffer),
            contextlib.redirect_stderr(buffer),
            np.errstate(all="ignore"),
        ):
            out.value = call(fn, args, kwargs)
    except _TimeLimit:
        out.error = "timeout"
    except SystemExit as err:
        out.error, out.exc_type, out.exc_message = "exit", "SystemExit", str(err.code)
    except KeyboardInterrupt:
        raise
    except BaseException as err:  # the learner's own exception, whatever it is
        out.error = "raised"
        out.exc_type = type(err).__name__
        out.exc_message = str(err)
        out.where = _learner_frame(err.__traceback__)
    finally:
        out.printed = buffer.getvalue()


def call_safely(
    fn: Callable[..., Any],
    args: tuple = (),
    kwargs: dict | None = None,
    *,
    timeout: float = 5.0,
    call: Callable[[Callable[..., Any], tuple, dict], Any] | None = None,
) -> Outcome:
    """Call ``fn(*copies of args, **copies of kwargs)`` with a time limit; never raise.

    ``call(fn, args, kwargs)``, if given, makes the call instead (to consume a generator,
    say), inside the same time limit. ``Outcome.changed`` lists the positions (and
    keyword names) of the arguments that the call modified in place.

    In the main thread on POSIX (a Jupyter kernel, a script, nbgrader) a call that runs
    past ``timeout`` seconds is interrupted. Elsewhere it runs in a helper thread that is
    abandoned when the time is up (Python cannot stop a thread), and reported the same way.
    """

    out = Outcome()
    kwargs = kwargs or {}
    given_args, given_kwargs = _copy(args), _copy(kwargs)
    start = time.perf_counter()
    if _can_use_alarm():
        try:
            with _alarm(timeout):
                _run(call or _plain_call, fn, given_args, given_kwargs, out)
        except _TimeLimit:  # the alarm fired just after the call returned
            out.error = "timeout"
    else:
        worker = threading.Thread(
            target=_run, args=(call or _plain_call, fn, given_args, given_kwargs, out), daemon=True
        )
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            out = Outcome(error="timeout")
    out.seconds = time.perf_counter() - start
    if out.error != "timeout":
        out.changed = tuple(i for i, (a, b) in enumerate(zip(args, given_args)) if inputs_changed(a, b))
        out.changed += tuple(k for k in kwargs if inputs_changed(kwargs[k], given_kwargs[k]))
    return out


def inputs_changed(before: Any, after: Any) -> bool:
    """True if ``after`` (inputs as the learner left them) differs from ``before``."""
    if isinstance(before, np.ndarray) or isinstance(after, np.ndarray):
        try:
            a, b = np.asarray(before), np.asarray(after)
            return a.shape != b.shape or not np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
        except Exception:
            return True
    if isinstance(before, (list, tuple)) and isinstance(after, (list, tuple)):
        return len(before) != len(after) or any(inputs_changed(x, y) for x, y in zip(before, after))
    if isinstance(before, dict) and isinstance(after, dict):
        return before.keys() != after.keys() or any(inputs_changed(before[k], after[k]) for k in before)
    return False
