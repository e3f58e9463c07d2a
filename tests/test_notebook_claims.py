"""The prose's conclusions are asserted by the notebooks' own code (``course_utils.claims``).

* every notebook makes at least three claims;
* the mechanism works: perturb the result behind a claim (here, in the test, never in the
  notebook) and that notebook's run turns red at that claim.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from tools.nbtools import run

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*/*.ipynb"))


def _claims(source: str) -> list[ast.Call]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "claim"
    ]


def _code_cells(path: Path) -> list[nbformat.NotebookNode]:
    nb = nbformat.read(path, as_version=4)
    return [c for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_does_every_notebook_assert_at_least_three_conclusions(path):
    count = sum(len(_claims(cell.source)) for cell in _code_cells(path))
    assert count >= 3, f"{path.name} makes {count} claim(s); every notebook asserts at least three"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_did_every_claim_hold_when_the_notebook_was_stored(path):
    """No stored output shows a failed claim (nbval would then compare against a failure)."""
    for cell in _code_cells(path):
        for out in cell.get("outputs", []):
            assert out.get("ename") != "ClaimFailed", f"{path.name}: {out.get('evalue')}"


_NOT_DATA = {"np", "math", "len", "abs", "min", "max", "bool", "float", "int", "sum", "all", "any", "round"}
_ORDER = (ast.Lt, ast.Gt, ast.LtE, ast.GtE)


def _condition(call: ast.Call) -> ast.expr:
    cond = call.args[1]
    while isinstance(cond, ast.Call) and isinstance(cond.func, ast.Name) and cond.func.id == "bool":
        cond = cond.args[0]
    return cond


def _perturbable(path: Path) -> tuple[int, list[str]] | None:
    """The first claim that orders numbers computed in earlier cells (``a < b``, ``x >= 2 * y``)."""
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        stored = {
            t.id
            for node in ast.walk(ast.parse(cell.source))
            for t in ast.walk(node)
            if isinstance(t, ast.Name) and isinstance(t.ctx, ast.Store)
        }
        for call in _claims(cell.source):
            if len(call.args) < 2:
                continue
            cond = _condition(call)
            if not (isinstance(cond, ast.Compare) and all(isinstance(op, _ORDER) for op in cond.ops)):
                continue
            names = sorted({n.id for n in ast.walk(cond) if isinstance(n, ast.Name)} - _NOT_DATA)
            if names and not set(names) & stored:
                return index, names
    return None


# Replace every number (or array of numbers) named in the claim's condition by NaN: no
# comparison with NaN holds, so an honest claim (a < b, isclose, all(...)) must now fail.
_PERTURB = """
import numpy as _np

def _nan(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, _np.integer, _np.floating)):
        return float("nan")
    if isinstance(value, _np.ndarray) and value.dtype.kind in "fiu":
        return _np.full(value.shape, _np.nan)
    if isinstance(value, (list, tuple)):
        return type(value)(_nan(v) for v in value)
    if isinstance(value, dict):
        return {k: _nan(v) for k, v in value.items()}
    return value

for _name in NAMES:
    if _name in globals():
        globals()[_name] = _nan(globals()[_name])
"""


def _one_per_part() -> list[Path]:
    chosen = {}
    for path in NOTEBOOKS:
        if path.parent.name not in chosen and _perturbable(path) is not None:
            chosen[path.parent.name] = path
    return list(chosen.values())


@pytest.mark.notebooks
@pytest.mark.parametrize("path", _one_per_part(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_does_a_perturbed_result_turn_the_notebooks_run_red(path):
    """With the numbers behind one claim perturbed, does the run fail at that claim?"""
    index, names = _perturbable(path)
    nb = nbformat.read(path, as_version=4)
    nb.cells = nb.cells[: index + 1]
    nb.cells.insert(index, nbformat.v4.new_code_cell(_PERTURB.replace("NAMES", repr(names))))
    with pytest.raises(CellExecutionError, match="ClaimFailed"):
        run(nb, path.parent)
