"""Carrying a learner's answers out of their kernel as plain data, and back in.

:func:`encode` turns what the learner's function returned (or raised) into JSON made of
numbers, strings and lists, with an exact type tag for each value: an object that merely
*claims* to be a number or an array (a subclass, an object whose ``==`` is always true)
is not a float or an ``ndarray`` and is recorded by its type name only. :func:`decode`
rebuilds plain NumPy values (and an opaque marker for anything else) in the grader's own,
pristine process, where the answers are judged.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..checks.sandbox import Outcome

__all__ = ["MIME", "encode", "decode", "encode_outcome", "decode_outcome"]

#: The MIME type of the display output that carries a grade cell's recorded answers.
MIME = "application/vnd.course-utils.answers+json"

_MAX_ITEMS = 100_000


def _number(x: float) -> Any:
    return x if math.isfinite(x) else repr(x)  # "nan", "inf", "-inf" survive JSON


def _unnumber(x: Any) -> float:
    return float(x)  # float("nan"), float("inf") parse the strings back


def encode(value: Any, _depth: int = 0) -> dict:
    """Plain-JSON form of a value, with exact type checks (no subclasses, no duck typing)."""
    if _depth > 20:
        return {"t": "X", "type": "deeply nested object"}
    kind = type(value)
    if value is None:
        return {"t": "none"}
    if kind is bool or kind is np.bool_:
        return {"t": "bool", "v": bool(value)}
    if kind is int or (isinstance(value, np.integer) and kind.__module__ == "numpy"):
        return {"t": "int", "v": int(value)}
    if kind is float or kind in (np.float64, np.float32, np.float16):
        return {"t": "float", "v": _number(float(value))}
    if kind is str:
        return {"t": "str", "v": value[:1000]}
    if kind is np.ndarray and value.dtype.kind in "biuf" and value.size <= _MAX_ITEMS:
        flat = [_number(float(x)) for x in value.astype(np.float64).ravel().tolist()]
        return {"t": "array", "shape": list(value.shape), "dtype": value.dtype.kind, "v": flat}
    if kind in (list, tuple) and len(value) <= _MAX_ITEMS:
        return {"t": kind.__name__, "v": [encode(v, _depth + 1) for v in value]}
    if kind is dict and len(value) <= _MAX_ITEMS and all(type(k) is str for k in value):
        return {"t": "dict", "v": {k[:200]: encode(v, _depth + 1) for k, v in value.items()}}
    return {"t": "X", "type": kind.__name__}


class _Unreadable:
    """Stands for a learner's object that was not plain data; never equal to anything."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object>"


def decode(data: dict) -> Any:
    """The value an :func:`encode` record stands for, as plain Python/NumPy data."""
    t = data.get("t")
    if t == "none":
        return None
    if t == "bool":
        return bool(data["v"])
    if t == "int":
        return int(data["v"])
    if t == "float":
        return _unnumber(data["v"])
    if t == "str":
        return str(data["v"])
    if t == "array":
        dtype = {"b": bool, "i": np.int64, "u": np.int64}.get(data.get("dtype"), np.float64)
        values = np.array([_unnumber(x) for x in data["v"]], dtype=np.float64)
        return values.reshape([int(n) for n in data["shape"]]).astype(dtype)
    if t in ("list", "tuple"):
        items = [decode(v) for v in data["v"]]
        return items if t == "list" else tuple(items)
    if t == "dict" and isinstance(data.get("v"), dict):
        return {str(k): decode(v) for k, v in data["v"].items()}
    # anything else: an object of the learner's own making, recorded by type name only
    name = str(data.get("type", "object"))
    safe = "".join(ch for ch in name if ch.isalnum() or ch == "_") or "object"
    return type(safe, (_Unreadable,), {})()


def encode_outcome(out: Outcome) -> dict:
    """Plain-JSON form of one call's outcome (its value, or what went wrong)."""
    record = {"error": out.error, "printed": bool(out.printed), "changed": [str(c) for c in out.changed]}
    if out.uses_course:
        record["uses_course"] = out.uses_course[:200]
    if out.error:
        record.update(exc_type=out.exc_type[:100], exc_message=out.exc_message[:500], where=out.where[:300])
    else:
        record["value"] = encode(out.value)
    return record


def decode_outcome(record: dict) -> Outcome:
    """The :class:`Outcome` a record stands for."""
    changed = tuple(int(c) if str(c).isdigit() else str(c) for c in record.get("changed", ()))
    if record.get("error"):
        return Outcome(
            error=str(record["error"]),
            exc_type=str(record.get("exc_type", "")),
            exc_message=str(record.get("exc_message", "")),
            where=str(record.get("where", "")),
            changed=changed,
            uses_course=str(record.get("uses_course", "")),
        )
    return Outcome(
        value=decode(record.get("value", {"t": "none"})),
        printed="x" * bool(record.get("printed")),
        changed=changed,
        uses_course=str(record.get("uses_course", "")),
    )
