"""nbgrader's metadata validation with the schema checked once: the same verdicts, the same errors."""

from __future__ import annotations

import copy

import jsonschema
import pytest
from nbformat.v4 import new_code_cell
from nbgrader.nbgraderformat import MetadataValidator

from course_utils.grading import nbgrader_speedups

GOOD = {
    "grade": True,
    "grade_id": "mse-tests",
    "locked": True,
    "points": 2,
    "schema_version": 3,
    "solution": False,
}
BAD = [
    {**GOOD, "points": "two"},  # wrong type
    {**GOOD, "grade": "yes"},
    {**GOOD, "schema_version": "3"},
    {**GOOD, "locked": None},
]


@pytest.fixture(scope="module")
def schema():
    return MetadataValidator().schema


def test_does_valid_metadata_pass(schema):
    nbgrader_speedups.validate(copy.deepcopy(GOOD), schema)
    jsonschema.validate(copy.deepcopy(GOOD), schema)


@pytest.mark.parametrize("metadata", BAD)
def test_is_invalid_metadata_refused_with_the_error_jsonschema_gives(schema, metadata):
    with pytest.raises(jsonschema.ValidationError) as theirs:
        jsonschema.validate(metadata, schema)
    with pytest.raises(jsonschema.ValidationError) as ours:
        nbgrader_speedups.validate(metadata, schema)
    assert str(ours.value) == str(theirs.value)


def test_does_nbgrader_refuse_bad_cell_metadata_after_install():
    nbgrader_speedups.install()
    validator = MetadataValidator()
    cell = new_code_cell("x = 1", metadata={"nbgrader": copy.deepcopy(GOOD)})
    validator.validate_cell(cell)
    cell.metadata["nbgrader"]["points"] = "two"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate_cell(cell)


def test_is_a_schema_that_is_itself_invalid_still_refused():
    with pytest.raises(jsonschema.SchemaError):
        nbgrader_speedups.validate({}, {"type": "no such type"})
