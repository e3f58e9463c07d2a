"""The lowest versions pyproject.toml admits, as pip requirements (for ``make test-min``).

    python -m tools.lowest numpy pytest hypothesis
    numpy==1.26.*
    pytest==8.0.*
    hypothesis==6.100.*

Each named package's lower bound in ``[project] dependencies`` or the ``dev`` extra becomes a
pin: ``>=X.Y`` gives ``==X.Y.*`` (the lowest release series declared, with its bug fixes) and
``>=X.Y.Z`` gives ``==X.Y.Z``. The bounds are read from pyproject.toml, so the test of the
lower bounds cannot drift from what the package declares. Only the standard library is used
(``tomllib``, Python 3.11), so it runs before any virtual environment exists.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lower_bounds(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, str]:
    """Each declared package (normalized name) mapped to its ``>=`` lower bound."""
    project = tomllib.loads(pyproject.read_text())["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["dev"]
    bounds = {}
    for requirement in requirements:
        match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][0-9A-Za-z.]*)", requirement)
        if match:
            bounds[_normal(match.group(1))] = match.group(2)
    return bounds


def lowest(names: list[str], pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """``name==X.Y.*`` for each of ``names``; ``ValueError`` if one has no lower bound."""
    bounds = lower_bounds(pyproject)
    missing = [n for n in names if _normal(n) not in bounds]
    if missing:
        raise ValueError(f"no '>=' lower bound in pyproject.toml for {missing}; declared: {sorted(bounds)}")
    return [_pin(name, bounds[_normal(name)]) for name in names]


def _pin(name: str, bound: str) -> str:
    """``>=1.26`` admits 1.26.0 first: ``==1.26.*`` (its bug fixes); ``>=0.9.3``: ``==0.9.3``."""
    return f"{name}=={bound}.*" if bound.count(".") == 1 else f"{name}=={bound}"


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        print("\n".join(lowest(argv)))
    except ValueError as err:
        print(f"tools.lowest: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
