"""Tests of ``tools/lowest.py``: the pins ``make test-min`` installs come from pyproject's bounds."""

from __future__ import annotations

import textwrap

import pytest

from tools.lowest import lower_bounds, lowest


@pytest.fixture
def pyproject(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text(
        textwrap.dedent(
            """
            [project]
            dependencies = ["numpy>=1.26", "nbgrader >= 0.9.3", "plain"]
            [project.optional-dependencies]
            dev = ["pytest>=8.0,<10", "Jupyter_Server-MathJax>=0.2.6"]
            """
        )
    )
    return path


def test_two_part_bounds_become_a_release_series_and_three_part_bounds_an_exact_pin(pyproject):
    assert lowest(["numpy", "pytest", "nbgrader"], pyproject) == [
        "numpy==1.26.*",
        "pytest==8.0.*",
        "nbgrader==0.9.3",
    ]


def test_names_are_matched_whatever_their_spelling(pyproject):
    assert lower_bounds(pyproject)["jupyter-server-mathjax"] == "0.2.6"
    assert lowest(["jupyter_server.mathjax"], pyproject) == ["jupyter_server.mathjax==0.2.6"]


def test_a_package_without_a_lower_bound_is_refused_with_its_name(pyproject):
    with pytest.raises(ValueError, match=r"no '>=' lower bound in pyproject.toml for \['plain'\]"):
        lowest(["numpy", "plain"], pyproject)


def test_the_real_pyproject_declares_the_bounds_make_test_min_installs():
    assert [pin.split("==")[0] for pin in lowest(["numpy", "pytest", "hypothesis"])] == [
        "numpy",
        "pytest",
        "hypothesis",
    ]
