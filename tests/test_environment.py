"""Do pyproject.toml, environment.yml and constraints.txt describe the same environment?"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

# conda-forge names that differ from PyPI names (none today; kept explicit on purpose)
CONDA_TO_PYPI: dict[str, str] = {}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _split(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*$", requirement)
    assert match, f"cannot parse requirement {requirement!r}"
    return _normal(match.group(1)), match.group(2).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    reqs = data["project"]["dependencies"] + data["project"]["optional-dependencies"]["dev"]
    return dict(_split(r) for r in reqs)


def environment_requirements() -> tuple[dict[str, str], list[str], list[str]]:
    """(conda packages with their bounds, pip entries, channels) of environment.yml."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip_entries = {}, []
    for item in env["dependencies"]:
        if isinstance(item, dict):  # the `- pip: [...]` entry
            pip_entries.extend(item["pip"])
        else:
            conda_name, spec = _split(item)
            conda[CONDA_TO_PYPI.get(conda_name, conda_name)] = spec
    return conda, pip_entries, env["channels"]


def test_environment_yml_lists_the_same_packages_as_pyproject():
    """Does every dependency of pyproject.toml appear in environment.yml, and nothing else?"""
    conda, pip_entries, _ = environment_requirements()
    python = conda.pop("python")
    conda.pop("pip")
    conda.update(_split(entry) for entry in pip_entries if not entry.startswith("-"))
    assert python == "=3.11"
    assert set(conda) == set(pyproject_requirements()), (
        f"only in environment.yml: {sorted(set(conda) - set(pyproject_requirements()))}; "
        f"only in pyproject.toml: {sorted(set(pyproject_requirements()) - set(conda))}"
    )


@pytest.mark.parametrize("name", sorted(pyproject_requirements()))
def test_each_dependency_has_the_same_version_bound(name):
    """Does environment.yml give each package the same version bound as pyproject.toml?"""
    conda, pip_entries, _ = environment_requirements()
    conda.update(_split(entry) for entry in pip_entries if not entry.startswith("-"))
    assert conda[name] == pyproject_requirements()[name]


def test_environment_uses_conda_forge_and_installs_the_course_with_pip():
    """Is the course itself installed by pip from the repository, with conda-forge as channel?"""
    _, pip_entries, channels = environment_requirements()
    assert channels == ["conda-forge"]
    assert "-e ." in pip_entries


def test_constraints_pin_every_dependency_within_its_bound():
    """Does constraints.txt pin each dependency to a version its bound admits?"""
    from packaging.specifiers import SpecifierSet

    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[_normal(name)] = version
    for name, spec in pyproject_requirements().items():
        assert name in pins, f"{name} is not pinned in constraints.txt"
        assert pins[name] in SpecifierSet(spec), f"{name}=={pins[name]} is outside {spec}"
