r"""One optimisation loop: run an optimizer, keep the path, stop on divergence.

Who uses it: :func:`course_utils.landscapes.trajectory` (the 2-D surfaces of
``02_optimization``), :func:`course_utils.network.train` (the 2-2-1 network of
``03_backprop``), :func:`course_utils.mlp.train_epoch` (one run per epoch, continued from the
previous epoch's ``state``), the explorers of :mod:`course_utils.explore.optimization` and
the checks of part 2. Anything that repeats "gradient, update, remember where we are" should
call :func:`descend` rather than write the loop again.

::

    from course_utils.descent import descend
    from course_utils.optimizers import adam

    run = descend(adam(0.1), surface.grad, start, steps=200, value_fn=surface.value)
    run.path       # [k + 1, 2]: theta_0 (the start) ... theta_k
    run.values     # [k + 1]: J(theta_0) ... J(theta_k)
    run.diverged   # True if the run stopped early because theta left the finite region

Conventions: ``path[0]`` is the start and ``path[t]`` the parameters after ``t`` updates;
a run that diverges stops *before* its first non-finite (or too large) iterate, so every
point of ``path`` is finite and ``len(path) - 1`` updates were kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from ._validate import as_float_array
from .optimizers import Optimizer, Params

__all__ = ["Descent", "descend", "DIVERGE_ABOVE"]

#: A run has diverged when a parameter's magnitude reaches this (or stops being finite).
DIVERGE_ABOVE = 1e6


class Descent(NamedTuple):
    """The record of a run of :func:`descend`."""

    #: ``[k + 1, *shape]`` (or a dict of such arrays): the start, then the parameters after
    #: each kept update; ``k = steps`` unless the run diverged.
    path: Params
    #: ``[k + 1]``: ``value_fn`` at each point of the path, or ``None`` without a ``value_fn``.
    values: np.ndarray | None
    #: whether the run stopped early because the parameters left the finite region.
    diverged: bool
    #: the optimizer's state after the last kept update (to continue the run).
    state: Any

    @property
    def params(self) -> Params:
        """The last parameters of the path (the end of the run, or the last finite point)."""
        if isinstance(self.path, dict):
            return {k: v[-1] for k, v in self.path.items()}
        return self.path[-1]


def _leaves(params: Params) -> list[np.ndarray]:
    return list(params.values()) if isinstance(params, dict) else [params]


def _is_diverged(params: Params, diverge_above: float) -> bool:
    with np.errstate(invalid="ignore"):
        return not all(np.all(np.abs(p) < diverge_above) for p in _leaves(params))


def descend(
    optimizer: Optimizer,
    grad_fn: Callable[..., Params],
    params: Any,
    steps: int,
    *,
    value_fn: Callable[[Params], float] | None = None,
    diverge_above: float = DIVERGE_ABOVE,
    with_step: bool = False,
    state: Any = None,
) -> Descent:
    r"""Run ``optimizer`` from ``params`` for ``steps`` updates, keeping the path.

    For :math:`t = 0, 1, \ldots, \text{steps} - 1`:

    .. math::
        g_t &= \nabla J(\theta_t) \\
        \theta_{t+1}, \text{state} &= \text{update}(g_t, \text{state}, \theta_t)

    stopping early, before keeping :math:`\theta_{t+1}`, if one of its entries is not finite or
    has a magnitude of ``diverge_above`` or more.

    Parameters
    ----------
    optimizer : Optimizer
        From :mod:`course_utils.optimizers` (its learning rate may be a schedule).
    grad_fn : callable
        ``grad_fn(params) -> grads`` (same shape or keys as ``params``); with
        ``with_step=True``, ``grad_fn(params, t)`` where ``t = 0, 1, ...`` is the update
        number, e.g. to pick the ``t``-th mini-batch.
    params : array_like or dict of array_like
        The start :math:`\theta_0`.
    steps : int
        The number of updates, ``>= 0``.
    value_fn : callable, optional
        ``value_fn(params) -> float``, recorded at every point of the path (the cost, say).
    diverge_above : float
        The magnitude at which the run counts as diverged (``np.inf``: stop only on NaN/inf).
    with_step : bool
        Whether ``grad_fn`` takes the update number as its second argument.
    state : optional
        The optimizer state to start from, to continue a run (the next epoch, say: pass the
        previous run's ``state``); by default ``optimizer.init(params)``. ``t`` still counts
        from 0 in this run.

    Returns
    -------
    Descent
        ``path`` (``[k + 1, *shape]``, or a dict of such), ``values`` (``[k + 1]`` or ``None``),
        ``diverged`` and the final optimizer ``state``; ``k == steps`` unless it diverged.
    """
    if isinstance(steps, bool) or int(steps) != steps or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")
    if not diverge_above > 0:
        raise ValueError(f"diverge_above must be > 0, got {diverge_above!r}")
    steps = int(steps)
    theta: Params
    if isinstance(params, dict):
        theta = {k: as_float_array(v, f"params[{k!r}]") for k, v in params.items()}
    else:
        theta = as_float_array(params, "params")
    if _is_diverged(theta, np.inf):
        raise ValueError("the start params must be finite")

    path = [theta]
    if state is None:
        state = optimizer.init(theta)
    diverged = False
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps):
            grads = grad_fn(theta, t) if with_step else grad_fn(theta)
            new, new_state = optimizer.update(grads, state, theta)
            if _is_diverged(new, diverge_above):
                diverged = True
                break
            theta, state = new, new_state
            path.append(theta)

    stacked: Params
    if isinstance(theta, dict):
        stacked = {k: np.array([p[k] for p in path]) for k in theta}
    else:
        stacked = np.array(path)
    values = None if value_fn is None else np.array([float(value_fn(p)) for p in path])
    return Descent(stacked, values, diverged, state)
