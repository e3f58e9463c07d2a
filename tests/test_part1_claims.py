"""Do part 1's claims guard its prose? (issue 13, §2)

A fixture perturbs one result behind a claim, in the kernel and never in the notebook: a cell
put before the notebook's own cells makes the course's MSE gradient point the wrong way. Run
top to bottom, the notebook must then fail exactly where its prose relies on that result, with
the claim's own statement in the error, while the unperturbed notebook passes (nbval).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tools.nbtools import run

pytestmark = pytest.mark.notebooks

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "01_losses" / "01_loss_and_cost.ipynb"

PERTURB = """
import course_utils.losses as _losses

_true_mse_grad = _losses.mse_grad
_losses.mse_grad = lambda *args, **kwargs: -_true_mse_grad(*args, **kwargs)  # the wrong way
"""


def test_a_perturbed_result_turns_the_claims_that_rely_on_it_red():
    """With the MSE gradient negated, do the two claims built on it fail, and only those?"""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(PERTURB))
    run(nb, NOTEBOOK.parent, allow_errors=True)
    failed = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        for out in cell.get("outputs", []):
            if out.output_type == "error" and not meta.get("grade"):
                failed[meta.get("grade_id")] = f"{out.ename}: {out.evalue}"
    assert set(failed) == {"grad_values", "roles_1_2_code"}, failed
    assert all(text.startswith("ClaimFailed") for text in failed.values()), failed
    assert "a prediction that is too high gets a positive derivative" in failed["grad_values"]
    assert "every gradient step lowers the cost" in failed["roles_1_2_code"]
