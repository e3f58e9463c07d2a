r"""The interactive figures of part 3 (``03_backprop``), one module per notebook.

Each explorer is a ``setup(fig) -> state`` / ``update(state, **values) -> readout`` pair
wrapped by :class:`course_utils.widgets.Explorer`; what does not depend on the controls
is computed once, and ``update`` only moves existing artists (``set_data``,
``set_text``, ``set_height``, ``set_color``). The numbers drawn come from
:mod:`course_utils.network` and :mod:`course_utils.mlp`; this package only arranges them.

===============================  ====================================  =========  ======================
name                             what it shows                         notebook   module
===============================  ====================================  =========  ======================
:func:`chain_rule_explorer`      one neuron's loss, slope, chain rule  ``01``     :mod:`.chain_rule`
:func:`draw_graph`               the 2-2-1 network as a graph          ``01-02``  :mod:`.graph`
:func:`step_through_explorer`    one iteration, stage by stage         ``02``     :mod:`.worked_example`
:func:`learning_rate_explorer`   many iterations of one example        ``02``     :mod:`.worked_example`
:func:`training_playground`      a small network on two moons          ``03``     :mod:`.training_loop`
:func:`depth_explorer`           the error signal per layer, at init   ``04``     :mod:`.depth`
:func:`early_stopping_explorer`  train/validation costs, early stop    ``05``     :mod:`.validation`
:func:`step_size_explorer`       a gradient check's error against h    ``06``     :mod:`.gradcheck`
:func:`loss_curve_explorer`      loss curves and the update ratio      ``07``     :mod:`.sanity`
===============================  ====================================  =========  ======================

Modules do not import each other's private names: what two modules share (the graph) is
public in :mod:`.graph`. Every name the notebooks and tests use is re-exported here:
``from course_utils.explore.backprop import chain_rule_explorer``.
"""

from __future__ import annotations

from .chain_rule import NeuronChain, chain_rule_explorer, neuron_chain
from .depth import SLOPE_SQUARED, DeltaProfile, delta_profile, depth_explorer  # 04
from .gradcheck import (
    BANDS,
    STEPS,
    LogisticProblem,
    band,
    logistic_problem,
    numerical_partials,
    predicted_step_errors,
    step_errors,
    step_size_explorer,
)  # 06
from .graph import EDGES, NODES, STAGE_COLOURS, STAGES, GraphArtists, apply_stage, draw_graph, stage_labels
from .sanity import BUGS, SanityRun, diagnosis, loss_curve_explorer, mystery_runs, sanity_run  # 07
from .training_loop import (
    CMAP,
    PLAYGROUND_OPTIMIZERS,
    draw_boundary,
    playground_run,
    probability_grid,
    training_playground,
)
from .validation import TRAIN_SIZES, early_stopping_explorer, overfit_run  # 05
from .worked_example import learning_rate_explorer, step_through_explorer

__all__ = [
    # 01: the chain rule
    "NeuronChain",
    "neuron_chain",
    "chain_rule_explorer",
    # 01, 02: the computational graph
    "NODES",
    "EDGES",
    "STAGE_COLOURS",
    "GraphArtists",
    "draw_graph",
    "STAGES",
    "stage_labels",
    "apply_stage",
    # 02: the worked example
    "step_through_explorer",
    "learning_rate_explorer",
    # 03: the training loop
    "CMAP",
    "probability_grid",
    "draw_boundary",
    "PLAYGROUND_OPTIMIZERS",
    "playground_run",
    "training_playground",
    # 04: activations and initialization
    "SLOPE_SQUARED",
    "DeltaProfile",
    "delta_profile",
    "depth_explorer",
    # 05: validation and early stopping
    "TRAIN_SIZES",
    "overfit_run",
    "early_stopping_explorer",
    # 06: gradient checking
    "BANDS",
    "band",
    "LogisticProblem",
    "logistic_problem",
    "STEPS",
    "step_errors",
    "predicted_step_errors",
    "step_size_explorer",
    "numerical_partials",
    # 07: sanity checks
    "BUGS",
    "SanityRun",
    "sanity_run",
    "mystery_runs",
    "diagnosis",
    "loss_curve_explorer",
]
