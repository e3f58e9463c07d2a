r"""The interactive figures of part 1 (``01_losses``).

Each explorer is three things: ``<name>_setup(fig, ...) -> state`` draws the figure once
in its default state, ``<name>_update(state, **values) -> readout`` moves its artists for
new control values, and ``<name>_explorer(...)`` wraps the two with their controls in a
:class:`~course_utils.widgets.Explorer`. The numbers drawn come from
:mod:`course_utils.losses`; this package only arranges them, one module per notebook:

=====================================  =====================================  ========  ======================
explorer                               what it shows                          notebook  module
=====================================  =====================================  ========  ======================
:func:`cost_explorer`                  one prediction's loss and the cost     ``01``    :mod:`.cost`
:func:`regression_curves_explorer`     MSE, MAE, Huber and their slopes       ``02``    :mod:`.regression`
:func:`outlier_explorer`               best-fit lines pulled by an outlier    ``02``    :mod:`.regression`
:func:`classification_curves_explorer` BCE, squared error and hinge by label  ``03``    :mod:`.classification`
:func:`softmax_explorer`               logits, temperature, probabilities     ``04``    :mod:`.classification`
:func:`margin_explorer`                multiclass hinge beside cross-entropy  ``05``    :mod:`.margins`
:func:`kl_explorer`                    KL(p||q) against KL(q||p)              ``06``    :mod:`.distributions`
:func:`smoothing_explorer`             smoothed targets, an overconfident net ``06``    :mod:`.distributions`
:func:`landscape_explorer`             cost surfaces as contours and in 3-D   ``07``    :mod:`.landscapes`
=====================================  =====================================  ========  ======================

:mod:`._common` holds the helpers they share. Every name the notebooks and tests use (the
explorers, their ``setup``/``update`` functions, the data constants) is re-exported here:
``from course_utils.explore.losses import cost_explorer``.
"""

from __future__ import annotations

from .classification import (
    classification_curves_explorer,
    classification_curves_setup,
    classification_curves_update,
    softmax_explorer,
    softmax_setup,
    softmax_update,
)
from .cost import COST_PREDICTIONS, COST_TARGETS, cost_explorer, cost_setup, cost_update
from .distributions import (
    bumps,
    kl_explorer,
    kl_setup,
    kl_update,
    smoothing_explorer,
    smoothing_setup,
    smoothing_update,
)
from .landscapes import (
    LANDSCAPE_LOSSES,
    landscape_data,
    landscape_explorer,
    landscape_setup,
    landscape_surface,
    landscape_update,
)
from .margins import (
    MARGIN_CLASSES,
    MARGIN_OTHER_SCORES,
    MARGIN_RANGE,
    margin_curves,
    margin_explorer,
    margin_setup,
    margin_update,
)
from .regression import (
    OUTLIER_HEIGHTS,
    OUTLIER_X,
    fit_lines,
    outlier_explorer,
    outlier_setup,
    outlier_update,
    regression_curves_explorer,
    regression_curves_setup,
    regression_curves_update,
)

__all__ = [
    # cost
    "COST_TARGETS",
    "COST_PREDICTIONS",
    "cost_setup",
    "cost_update",
    "cost_explorer",
    # regression
    "regression_curves_setup",
    "regression_curves_update",
    "regression_curves_explorer",
    "OUTLIER_X",
    "OUTLIER_HEIGHTS",
    "fit_lines",
    "outlier_setup",
    "outlier_update",
    "outlier_explorer",
    # classification
    "classification_curves_setup",
    "classification_curves_update",
    "classification_curves_explorer",
    "softmax_setup",
    "softmax_update",
    "softmax_explorer",
    # margins
    "MARGIN_CLASSES",
    "MARGIN_OTHER_SCORES",
    "MARGIN_RANGE",
    "margin_curves",
    "margin_setup",
    "margin_update",
    "margin_explorer",
    # distributions
    "bumps",
    "kl_setup",
    "kl_update",
    "kl_explorer",
    "smoothing_setup",
    "smoothing_update",
    "smoothing_explorer",
    # landscapes
    "LANDSCAPE_LOSSES",
    "landscape_data",
    "landscape_surface",
    "landscape_setup",
    "landscape_update",
    "landscape_explorer",
]
