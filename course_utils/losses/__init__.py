r"""Loss functions and their gradients (``01_losses``).

Every loss is ``name(y_true, y_pred, *, reduction="mean", ...)``:

* ``reduction="none"`` gives the per-sample **losses**;
* ``"mean"`` (default) or ``"sum"`` gives the **cost**, one number.

Every loss has a sibling ``name_grad`` with the same arguments, returning the
derivative of the reduced value with respect to ``y_pred``.
"""

from collections.abc import Callable
from typing import Any

from .classification import (
    EPS,
    binary_cross_entropy,
    binary_cross_entropy_grad,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    categorical_cross_entropy,
    categorical_cross_entropy_grad,
    hinge,
    hinge_grad,
    multiclass_hinge,
    multiclass_hinge_grad,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
)
from .divergence import kl_divergence, kl_divergence_grad
from .regression import huber, huber_grad, mae, mae_grad, mse, mse_grad

#: Each loss name mapped to its ``(loss, gradient)`` pair.
LOSSES: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {
    "mse": (mse, mse_grad),
    "mae": (mae, mae_grad),
    "huber": (huber, huber_grad),
    "binary_cross_entropy": (binary_cross_entropy, binary_cross_entropy_grad),
    "binary_cross_entropy_with_logits": (
        binary_cross_entropy_with_logits,
        binary_cross_entropy_with_logits_grad,
    ),
    "categorical_cross_entropy": (categorical_cross_entropy, categorical_cross_entropy_grad),
    "softmax_cross_entropy": (softmax_cross_entropy, softmax_cross_entropy_grad),
    "hinge": (hinge, hinge_grad),
    "multiclass_hinge": (multiclass_hinge, multiclass_hinge_grad),
    "kl_divergence": (kl_divergence, kl_divergence_grad),
}

__all__ = ["EPS", "LOSSES"] + [fn.__name__ for pair in LOSSES.values() for fn in pair]
