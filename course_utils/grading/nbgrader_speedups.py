"""Work nbgrader repeats for every cell of every notebook, done once (same results).

nbgrader checks each cell's ``nbgrader`` metadata with ``jsonschema.validate(metadata,
schema)``, which first checks the *schema* itself against the JSON-Schema meta-schema and
builds a new validator: about 2.6 ms per cell, most of it spent on the same constant schema,
a second or more of CPU per submission. :func:`install` makes that module's ``validate`` keep
one checked validator per schema; each cell's metadata is validated exactly as before, and
the same error is raised for the same mistake (the one ``jsonschema.validate`` picks).
Called from ``nbgrader_config.py``.
"""

from __future__ import annotations

import types
from typing import Any

import jsonschema
from jsonschema import exceptions, validators

__all__ = ["install", "validate"]

_validators: dict[int, tuple[Any, Any]] = {}  # id(schema) -> (schema, its checked validator)


def validate(instance: Any, schema: Any) -> None:
    """``jsonschema.validate(instance, schema)``, with the schema checked once, not on every call."""
    cached = _validators.get(id(schema))
    if cached is None or cached[0] is not schema:
        cls = validators.validator_for(schema)
        cls.check_schema(schema)
        cached = (schema, cls(schema))
        _validators[id(schema)] = cached
    error = exceptions.best_match(cached[1].iter_errors(instance))
    if error is not None:
        raise error


def install() -> None:
    """Make nbgrader's metadata validation use :func:`validate`."""
    from nbgrader.nbgraderformat import common

    common.jsonschema = types.SimpleNamespace(validate=validate, ValidationError=jsonschema.ValidationError)
