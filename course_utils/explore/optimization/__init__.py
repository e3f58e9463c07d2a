r"""The interactive figures of part 2, ``02_optimization``, and the runs they show.

Each explorer is a ``setup(fig) -> state`` / ``update(state, **values) -> readout`` pair
wrapped by :class:`course_utils.widgets.Explorer`. What does not depend on the controls
(contour grids, data sets, mini-batch runs, the lowest cost of a surface) is computed
once, in ``setup`` or before it; ``update`` reruns only the optimizers whose settings
changed and moves existing artists.

One module per concept, in the order of the notebooks. The runs behind the figures are
plain functions, used by the notebooks as well:

* :mod:`.learning_rate` (``01``): :func:`parabola_path`, gradient descent on
  :math:`J(\theta) = \tfrac{a}{2}\theta^2`, and :func:`learning_rate_explorer`;
* :mod:`.problems` (``02``, ``05``): :func:`regression_problem`, a seeded linear or logistic
  regression, and :func:`problem_cost`, its full-data cost;
* :mod:`.batch_sizes` (``02``): :func:`train_minibatch`, :func:`batch_size_runs`: the
  problems trained with mini-batches of any size, and :func:`batch_size_explorer`;
* :mod:`.momentum` (``03``): :func:`momentum_explorer`, and :func:`valley_title`, the valley's
  formula in the course's notation (``01``, ``03``);
* :mod:`.adaptive` (``04``): :func:`rates_along`, the per-parameter effective learning rate
  of an optimizer, and :func:`adaptive_explorer`;
* :mod:`.schedules` (``05``): :func:`schedule_run`, mini-batch SGD driven by a
  learning-rate schedule, and :func:`schedule_explorer`;
* :mod:`.optimizer_race` (``06``): :func:`race`, several optimizers on one surface, in
  lockstep, and :func:`race_explorer`;
* :mod:`.momentum_theory` (``07``): :func:`rate_map`, momentum's rate over (η, β) on a
  quadratic, and :func:`momentum_theory_explorer`;
* :mod:`.regularised` (``08``): :func:`decay_experiment`, weight decay alone in Adam (L2) and
  AdamW, :func:`expected_decay`, its prediction, and :func:`weight_decay_explorer`;
* :mod:`.warmup` (``09``): the quartic bowl (:func:`quartic_cost`, ...), runs with a schedule
  (:func:`quartic_run`) or cut on a plateau (:func:`plateau_run`), and :func:`warmup_explorer`;
* :mod:`._common`: helpers shared by the explorers.

Every name the notebooks and tests use is re-exported here:
``from course_utils.explore.optimization import race``.
"""

from __future__ import annotations

from .adaptive import adaptive_explorer, effective_rate, rates_along
from .batch_sizes import BatchRun, after_epochs, batch_size_explorer, batch_size_runs, train_minibatch
from .learning_rate import behaviour, learning_rate_explorer, parabola_path
from .momentum import momentum_explorer, valley_title
from .momentum_theory import momentum_theory_explorer, rate_map
from .optimizer_race import SUGGESTED_LR, lowest_value, race, race_explorer
from .problems import PROBLEMS, Problem, problem_cost, regression_problem
from .regularised import decay_experiment, expected_decay, weight_decay_explorer
from .schedules import make_schedule, schedule_explorer, schedule_run
from .warmup import plateau_run, quartic_cost, quartic_curvature, quartic_grad, quartic_run, warmup_explorer

__all__ = [
    "parabola_path",
    "behaviour",
    "learning_rate_explorer",
    "Problem",
    "PROBLEMS",
    "BatchRun",
    "regression_problem",
    "problem_cost",
    "train_minibatch",
    "batch_size_runs",
    "after_epochs",
    "batch_size_explorer",
    "momentum_explorer",
    "valley_title",
    "effective_rate",
    "rates_along",
    "adaptive_explorer",
    "make_schedule",
    "schedule_run",
    "schedule_explorer",
    "race",
    "lowest_value",
    "SUGGESTED_LR",
    "race_explorer",
    "rate_map",
    "momentum_theory_explorer",
    "decay_experiment",
    "expected_decay",
    "weight_decay_explorer",
    "quartic_cost",
    "quartic_grad",
    "quartic_curvature",
    "quartic_run",
    "plateau_run",
    "warmup_explorer",
]
