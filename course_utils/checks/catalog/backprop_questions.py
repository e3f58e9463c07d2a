"""A "predict before you play" question of part 3 (``03_backprop/03_training_loop``).

``predict_width_one_boundary``: a network with a single hidden tanh unit, trained on the two
moons, draws a ``"straight"`` or a ``"curved"`` boundary? The expected answer is computed, not
typed: the notebook's run (Adam, learning rate 0.1, batches of 32, 60 epochs) is repeated, and
its predictions over a grid are tested for one straight boundary, the level set of the hidden
unit's :math:`w \\cdot x + b` (sorted by that number, the predicted class changes at most once).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from ... import mlp
from ...data import two_moons
from ...optimizers import adam
from ..engine import Case, Exercise, Mistake
from ..kinds import prediction_answer

__all__ = ["WIDTH_ONE_BOUNDARY", "EXERCISES"]


def _boundary_shape(params: mlp.Params, unit: int = 0) -> str:
    """``"straight"`` if the predicted class over a grid is one side of a level line of hidden ``unit``."""
    gx, gy = np.meshgrid(np.linspace(-2.0, 3.0, 61), np.linspace(-2.0, 2.0, 61))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    along = grid @ params["W1"][unit] + params["b1"][unit]  # the hidden unit's w . x + b
    predicted = mlp.predict(params, grid)[np.argsort(along)]
    changes = int(np.count_nonzero(np.diff(predicted)))
    return "straight" if changes <= 1 else "curved"


def _moons_run(width: int) -> mlp.Params:
    """The notebook's run: two moons, Adam 0.1, batches of 32, 60 epochs; the final parameters."""
    X, y = two_moons(200, noise=0.2, seed=0)
    run = mlp.train(mlp.init([2, width, 1], seed=0), X, y, opt=adam(0.1), epochs=60, batch_size=32, seed=0)
    return run.snapshots[-1]


@cache
def _width_one_boundary() -> str:
    return _boundary_shape(_moons_run(1))


WIDTH_ONE_BOUNDARY = Exercise(
    id="predict_width_one_boundary",
    title='the boundary of a network with one hidden unit: "straight" or "curved"',
    signature="answer_width_one_boundary",
    reference=_width_one_boundary,
    cases=(Case(),),
    output="value",
    reveal=False,
    call=prediction_answer,
    mistakes=(
        Mistake(
            lambda: "curved",
            "Try it: in the playground, set the hidden width to 1 and move the epochs. However long it "
            "trains, the boundary stays a straight line; the question after the playground asks why.",
        ),
        Mistake(lambda: "linear", 'Right: "linear" means "straight" here.', accept=True),
        Mistake(lambda: "a straight line", 'Right: "straight".', accept=True),
    ),
    success="One hidden unit gives no more bends than no hidden layer at all: see it in the playground.",
)

EXERCISES = (WIDTH_ONE_BOUNDARY,)
