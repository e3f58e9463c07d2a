"""Tests of ``course_utils.claims.claim``: the line it prints, and the failures it raises."""

import numpy as np
import pytest

from course_utils.claims import ClaimFailed, claim


def test_does_a_true_claim_print_one_checked_line(capsys):
    claim("momentum reaches the floor first", 3 < 5)
    assert capsys.readouterr().out == "✓ momentum reaches the floor first\n"


def test_does_a_numpy_bool_count_as_a_truth_value(capsys):
    claim("the cost went down", np.float64(0.1) < np.float64(0.2))
    assert capsys.readouterr().out.startswith("✓ ")


def test_does_a_false_claim_fail_with_the_statement_and_the_evidence():
    with pytest.raises(ClaimFailed, match=r"the cost went down.*\(0\.3 > 0\.2\)"):
        claim("the cost went down", False, evidence="0.3 > 0.2")


def test_is_a_false_claim_an_assertion_error_so_nbval_reports_it_as_a_failed_cell():
    assert issubclass(ClaimFailed, AssertionError)


@pytest.mark.parametrize("condition", [np.array([True, False]), None, 1, "yes"])
def test_is_anything_but_a_single_truth_value_refused(condition):
    with pytest.raises(TypeError, match="single True/False"):
        claim("a statement", condition)


def test_is_an_empty_statement_refused():
    with pytest.raises(TypeError, match="non-empty string"):
        claim("  ", True)
