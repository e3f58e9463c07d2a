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
import pickle
import select
import signal
import struct
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Outcome", "call_safely", "call_many", "inputs_changed", "isolated"]

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
    uses_course: str = ""  # the course function the answer is, wraps or called (see .ownwork)

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


def _one_call(
    fn: Callable[..., Any],
    args: tuple,
    kwargs: dict,
    call: Callable[..., Any] | None,
    observer: Callable[[], Any] | None,
) -> Outcome:
    """One call on copies of the inputs, output hidden, errors caught; no time limit here."""
    out = Outcome()
    given_args, given_kwargs = _copy(args), _copy(kwargs)
    watch = observer() if observer is not None else contextlib.nullcontext()
    start = time.perf_counter()
    with watch:
        _run(call or _plain_call, fn, given_args, given_kwargs, out)
    out.seconds = time.perf_counter() - start
    out.uses_course = getattr(watch, "found", "") or ""
    if out.error != "timeout":
        out.changed = tuple(i for i, (a, b) in enumerate(zip(args, given_args)) if inputs_changed(a, b))
        out.changed += tuple(k for k in kwargs if inputs_changed(kwargs[k], given_kwargs[k]))
    return out


def call_safely(
    fn: Callable[..., Any],
    args: tuple = (),
    kwargs: dict | None = None,
    *,
    timeout: float = 5.0,
    call: Callable[[Callable[..., Any], tuple, dict], Any] | None = None,
    observer: Callable[[], Any] | None = None,
) -> Outcome:
    """Call ``fn(*copies of args, **copies of kwargs)`` with a time limit, in this process; never raise.

    ``call(fn, args, kwargs)``, if given, makes the call instead (to consume a generator,
    say), inside the same time limit. ``Outcome.changed`` lists the positions (and
    keyword names) of the arguments that the call modified in place. ``observer()``, if
    given, makes a context manager wrapped around the call whose ``found`` attribute
    becomes ``Outcome.uses_course`` (see :mod:`.ownwork`).

    In the main thread on POSIX a call that runs past ``timeout`` seconds is interrupted
    by an alarm (which a learner's ``except BaseException`` can swallow: learners' answers
    go through :func:`call_many`, which runs them in a child process where it can fork).
    Elsewhere it runs in a helper thread that is abandoned when the time is up.
    """
    kwargs = kwargs or {}
    start = time.perf_counter()
    if _can_use_alarm():
        try:
            with _alarm(timeout):
                out = _one_call(fn, args, kwargs, call, observer)
        except _TimeLimit:  # the alarm fired just after the call returned
            out = Outcome(error="timeout")
    else:
        box: list[Outcome] = []
        worker = threading.Thread(
            target=lambda: box.append(_one_call(fn, args, kwargs, call, observer)), daemon=True
        )
        worker.start()
        worker.join(timeout)
        out = box[0] if box else Outcome(error="timeout")
    out.seconds = time.perf_counter() - start
    return out


# ------------------------------------------------------------ a child process per check


def isolated() -> bool:
    """Do learners' answers run in a forked child process (Linux), killed at the time limit?

    Set ``COURSE_CHECKS_IN_PROCESS=1`` to run them in the calling process instead (the
    time limit is then an alarm, which a learner's code can swallow).
    """
    return (
        hasattr(os, "fork")
        and sys.platform.startswith("linux")
        and os.environ.get("COURSE_CHECKS_IN_PROCESS") != "1"
    )


class Unpicklable:
    """Stands for a value that could not be carried out of the child process."""

    def __init__(self, type_name: str):
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<{self.type_name} object>"


_HEADER = struct.Struct("<Q")


def _send(fd: int, out: Outcome) -> None:
    try:
        payload = pickle.dumps(out)
    except Exception:
        out.value = Unpicklable(type(out.value).__name__)
        try:
            payload = pickle.dumps(out)
        except Exception:
            payload = pickle.dumps(
                Outcome(error="raised", exc_type="TypeError", exc_message="an answer that cannot be read")
            )
    data = _HEADER.pack(len(payload)) + payload
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _child(fd: int, fn, calls, call, observer) -> None:  # pragma: no cover - runs in the child
    try:
        sys.stdout = sys.stderr = io.StringIO()  # never the kernel's own streams
        for args, kwargs in calls:
            out = _one_call(fn, args, kwargs, call, observer)
            out.printed = out.printed[:10_000]
            _send(fd, out)
    except BaseException:
        pass
    finally:
        os._exit(0)


def _receive(fd: int, buffer: bytearray, deadline: float) -> bytes | None:
    """The next message from the child; None at the deadline; b"" if the child ended."""
    while True:
        if len(buffer) >= _HEADER.size:
            (size,) = _HEADER.unpack_from(buffer)
            if len(buffer) >= _HEADER.size + size:
                message = bytes(buffer[_HEADER.size : _HEADER.size + size])
                del buffer[: _HEADER.size + size]
                return message
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b""
        buffer.extend(chunk)


def call_many(
    fn: Callable[..., Any],
    calls: list[tuple[tuple, dict]],
    *,
    timeout: float = 5.0,
    call: Callable[[Callable[..., Any], tuple, dict], Any] | None = None,
    observer: Callable[[], Any] | None = None,
) -> list[Outcome]:
    """Call ``fn`` on each ``(args, kwargs)`` in turn, each within ``timeout`` seconds.

    On Linux the calls run in one forked child process (:func:`isolated`): whatever the
    learner's code does there (catch every exception in an endless loop, end the process,
    change global state), the parent kills the child at the deadline and returns within
    the time limit. One fork per check costs a few milliseconds. A timeout ends the run:
    the next calls would most likely hang too. Elsewhere each call goes through
    :func:`call_safely`.
    """
    outcomes: list[Outcome] = []
    if not isolated():
        for args, kwargs in calls:
            out = call_safely(fn, args, kwargs, timeout=timeout, call=call, observer=observer)
            outcomes.append(out)
            if out.error == "timeout":
                break
        return outcomes
    read_fd, write_fd = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_fd)
        _child(write_fd, fn, calls, call, observer)
    os.close(write_fd)
    buffer = bytearray()
    try:
        for _ in calls:
            started = time.monotonic()
            message = _receive(read_fd, buffer, started + timeout)
            if message is None:
                outcomes.append(Outcome(error="timeout", seconds=time.monotonic() - started))
                break
            if message == b"":
                outcomes.append(
                    Outcome(error="exit", exc_type="exit", exc_message="the process ended during the call")
                )
                break
            outcomes.append(pickle.loads(message))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        os.close(read_fd)
    return outcomes


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
