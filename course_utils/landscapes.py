r"""Two-parameter cost surfaces, with exact gradients, for plots and optimizer races.

A :class:`Surface` maps parameters :math:`\theta = (\theta_1, \theta_2)` to a cost.
``value`` and ``grad`` take an array of shape ``[..., 2]``, so a whole grid is
evaluated in one call (``surface.grid()`` does it for contour plots), and a single
point is just shape ``[2]``.

The test surfaces (``02_optimization``): :func:`bowl`, :func:`elongated_valley`,
:func:`rosenbrock`, :func:`saddle`, :func:`several_minima`. The model surfaces
(``01_losses``): :func:`line_fit_surface` (the cost of :math:`\hat y = w x + b` under
any regression loss) and :func:`logistic_surface` (binary cross-entropy of
:math:`\sigma(w x + b)`), both over :math:`\theta = (w, b)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ._validate import as_float_array, require_finite, require_positive
from .descent import descend
from .losses import LOSSES
from .optimizers import Optimizer

__all__ = [
    "Surface",
    "bowl",
    "elongated_valley",
    "rosenbrock",
    "saddle",
    "several_minima",
    "line_fit_surface",
    "logistic_surface",
    "trajectory",
    "SURFACES",
]


@dataclass(frozen=True)
class Surface:
    """A 2-D cost surface: ``value([..., 2]) -> [...]`` and ``grad([..., 2]) -> [..., 2]``."""

    name: str
    formula: str
    value_fn: Callable[[np.ndarray, np.ndarray], np.ndarray] = field(repr=False)
    grad_fn: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] = field(repr=False)
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    start: tuple[float, float]
    minima: tuple[tuple[float, float], ...] = ()
    labels: tuple[str, str] = (r"$\theta_1$", r"$\theta_2$")

    @staticmethod
    def _split(theta: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        t = as_float_array(theta, "theta")
        if t.shape[-1:] != (2,):
            raise ValueError(f"theta must have shape [..., 2] (two parameters), got {t.shape}")
        return t[..., 0], t[..., 1]

    def value(self, theta: ArrayLike) -> np.ndarray:
        """Cost at ``theta`` (shape ``[..., 2]``); returns shape ``[...]``."""
        return self.value_fn(*self._split(theta))

    def grad(self, theta: ArrayLike) -> np.ndarray:
        """Gradient at ``theta`` (shape ``[..., 2]``); returns shape ``[..., 2]``."""
        gx, gy = self.grad_fn(*self._split(theta))
        return np.stack(np.broadcast_arrays(gx, gy), axis=-1)

    def grid(self, n: int = 120) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(X, Y, Z)`` on an ``n x n`` grid over ``xlim x ylim``, for ``contour``."""
        xs = np.linspace(*self.xlim, n)
        ys = np.linspace(*self.ylim, n)
        gx, gy = np.meshgrid(xs, ys)
        return gx, gy, self.value_fn(gx, gy)


# ---------------------------------------------------------------- test surfaces


def bowl() -> Surface:
    r"""Round bowl :math:`f = \tfrac12(\theta_1^2 + \theta_2^2)`: every method's easy case."""
    return Surface(
        "bowl",
        r"$\frac{1}{2}(\theta_1^2 + \theta_2^2)$",
        lambda x, y: 0.5 * (x * x + y * y),
        lambda x, y: (x, y),
        xlim=(-3.0, 3.0),
        ylim=(-3.0, 3.0),
        start=(-2.5, 2.0),
        minima=((0.0, 0.0),),
    )


def elongated_valley(condition: float = 20.0, angle: float = 0.0) -> Surface:
    r"""Ill-conditioned quadratic :math:`f = \tfrac12(\theta_1'^2 + \kappa\, \theta_2'^2)`, with
    :math:`(\theta_1', \theta_2')` the parameters :math:`(\theta_1, \theta_2)` rotated by ``angle``
    (radians); with ``angle=0`` it is :math:`\tfrac12(\theta_1^2 + \kappa\, \theta_2^2)`.

    The curvature is :math:`\kappa` times larger across the valley than along it, so a
    learning rate small enough not to diverge across it crawls along it: the case momentum
    was made for. With ``angle=0`` the valley is aligned with the axes, which favours
    per-parameter methods (AdaGrad, RMSprop, Adam); a rotation takes that advantage away.
    """
    kappa = require_positive(condition, "condition")
    c, s = np.cos(angle), np.sin(angle)

    def value(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        u, v = c * x + s * y, -s * x + c * y
        return 0.5 * (u * u + kappa * v * v)

    def grad(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        u, v = c * x + s * y, -s * x + c * y
        return c * u - s * kappa * v, s * u + c * kappa * v

    return Surface(
        "elongated valley",
        (
            rf"$\frac{{1}}{{2}}(\theta_1^2 + {kappa:g}\,\theta_2^2)$"
            if angle == 0
            else rf"$\frac{{1}}{{2}}(\theta_1'^2 + {kappa:g}\,\theta_2'^2)$, rotated"
        ),
        value,
        grad,
        xlim=(-3.0, 3.0),
        ylim=(-1.5, 1.5),
        start=(-2.8, 1.0),
        minima=((0.0, 0.0),),
    )


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Surface:
    r"""Rosenbrock's banana :math:`f = (a - \theta_1)^2 + b(\theta_2 - \theta_1^2)^2`.

    Minimum 0 at :math:`(a, a^2)`, at the end of a long, curved, flat-bottomed valley.
    """

    def value(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return (a - x) ** 2 + b * (y - x * x) ** 2

    def grad(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        inner = y - x * x
        return -2.0 * (a - x) - 4.0 * b * x * inner, 2.0 * b * inner

    return Surface(
        "Rosenbrock",
        rf"$({a:g} - \theta_1)^2 + {b:g}(\theta_2 - \theta_1^2)^2$",
        value,
        grad,
        xlim=(-2.0, 2.0),
        ylim=(-1.0, 3.0),
        start=(-1.5, 2.5),
        minima=((a, a * a),),
    )


def saddle() -> Surface:
    r"""A saddle between two valleys.

    .. math:: f = \tfrac12\theta_1^2 + \tfrac14\theta_2^4 - \tfrac12\theta_2^2

    The origin is a saddle point (the gradient vanishes, but it is a maximum along
    :math:`\theta_2`); the minima are at :math:`(0, \pm 1)` with value :math:`-1/4`.
    Started almost exactly on the ridge, gradient descent lingers near the saddle.
    """
    return Surface(
        "saddle",
        r"$\frac{1}{2}\theta_1^2 + \frac{1}{4}\theta_2^4 - \frac{1}{2}\theta_2^2$",
        lambda x, y: 0.5 * x * x + 0.25 * y**4 - 0.5 * y * y,
        lambda x, y: (x, y**3 - y),
        xlim=(-2.0, 2.0),
        ylim=(-1.8, 1.8),
        start=(-1.8, 0.01),
        minima=((0.0, -1.0), (0.0, 1.0)),
    )


_WELLS = (  # (centre x, centre y, depth, width) of each Gaussian well
    (1.5, 1.0, 1.6, 0.8),
    (-1.4, -0.8, 1.0, 0.6),
    (-1.0, 1.6, 0.6, 0.5),
)


def several_minima() -> Surface:
    r"""A gentle bowl with three Gaussian wells of different depths:

    .. math:: f = 0.1(\theta_1^2 + \theta_2^2) - \sum_j d_j \exp\!\big(-\lVert\theta - c_j\rVert^2 / w_j\big)

    The deepest well (the global minimum) is near (1.5, 1); the others are local minima
    that can trap a method, depending on where it starts.
    """

    def value(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        f = 0.1 * (x * x + y * y)
        for cx, cy, depth, width in _WELLS:
            f = f - depth * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / width)
        return f

    def grad(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        gx, gy = 0.2 * x, 0.2 * y
        for cx, cy, depth, width in _WELLS:
            e = depth * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / width) * 2.0 / width
            gx = gx + e * (x - cx)
            gy = gy + e * (y - cy)
        return gx, gy

    return Surface(
        "several minima",
        r"$0.1\Vert\theta\Vert^2 - \sum_j d_j e^{-\Vert\theta - c_j\Vert^2 / w_j}$",
        value,
        grad,
        xlim=(-3.0, 3.0),
        ylim=(-2.5, 3.0),
        start=(-2.6, -2.2),
        minima=tuple((cx, cy) for cx, cy, _, _ in _WELLS),
    )


# --------------------------------------------------------------- model surfaces


def _data(x: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    xs = as_float_array(x, "x")
    ys = as_float_array(y, "y")
    if xs.ndim != 1 or xs.shape != ys.shape:
        raise ValueError(f"x and y must be 1-D arrays of the same length, got {xs.shape} and {ys.shape}")
    require_finite(xs, "x")
    require_finite(ys, "y")
    return xs, ys


def _linear_model_cost(
    xs: np.ndarray, ys: np.ndarray, loss: str, **loss_kwargs: Any
) -> tuple[Callable, Callable]:
    r"""Value and gradient over :math:`(w, b)` of the mean ``loss`` of the output :math:`z = w x + b`.

    .. math:: J = \frac1n \sum_i \ell(y_i, w x_i + b), \qquad
              \nabla J = \frac1n \sum_i \ell'_i\, (x_i, 1)

    Both take ``w`` and ``b`` of any (equal) shape, so a whole grid is one call.
    """
    loss_fn, grad_fn = LOSSES[loss]

    def per_sample(w: np.ndarray, b: np.ndarray, fn: Callable[..., Any]) -> np.ndarray:
        z = np.asarray(w)[..., None] * xs + np.asarray(b)[..., None]
        return fn(np.broadcast_to(ys, z.shape), z, reduction="none", **loss_kwargs)

    def value(w: np.ndarray, b: np.ndarray) -> np.ndarray:
        return per_sample(w, b, loss_fn).mean(axis=-1)

    def grad(w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        g = per_sample(w, b, grad_fn)
        return (g * xs).mean(axis=-1), g.mean(axis=-1)

    return value, grad


def _bounds(centre: float, half: float) -> tuple[float, float]:
    return (centre - half, centre + half)


def line_fit_surface(
    x: ArrayLike,
    y: ArrayLike,
    loss: str = "mse",
    *,
    xlim: tuple[float, float] | None = None,
    ylim: tuple[float, float] | None = None,
    **loss_kwargs: Any,
) -> Surface:
    r"""Cost of the line :math:`\hat y = w x + b` on data ``(x, y)``, over :math:`\theta = (w, b)`.

    .. math:: J(w, b) = \frac1n \sum_i \ell(y_i,\ w x_i + b), \qquad
              \frac{\partial J}{\partial w} = \frac1n \sum_i \ell'_i\, x_i, \quad
              \frac{\partial J}{\partial b} = \frac1n \sum_i \ell'_i

    Parameters
    ----------
    x, y : array_like, shape ``[n_samples]``
    loss : "mse", "mae" or "huber"
    **loss_kwargs
        Passed to the loss (e.g. ``delta=2.0`` for Huber).
    """
    if loss not in ("mse", "mae", "huber"):
        raise ValueError(f"loss must be 'mse', 'mae' or 'huber' for a line fit, got {loss!r}")
    xs, ys = _data(x, y)
    value, grad = _linear_model_cost(xs, ys, loss, **loss_kwargs)
    slope, intercept = np.polyfit(xs, ys, 1) if xs.size > 1 else (0.0, float(ys.mean()))
    return Surface(
        f"line fit ({loss})",
        rf"$J(w, b) = \mathrm{{{loss.upper()}}}(y,\ wx + b)$",
        value,
        grad,
        xlim=xlim or _bounds(float(slope), 3.0 + abs(float(slope))),
        ylim=ylim or _bounds(float(intercept), 3.0 + abs(float(intercept))),
        start=(float(slope) - 2.5, float(intercept) + 2.5),
        labels=("slope $w$", "intercept $b$"),
    )


def logistic_surface(
    x: ArrayLike,
    y: ArrayLike,
    *,
    xlim: tuple[float, float] = (-4.0, 8.0),
    ylim: tuple[float, float] = (-6.0, 6.0),
) -> Surface:
    r"""Binary cross-entropy of :math:`\hat p = \sigma(w x + b)` on ``(x, y)``, over :math:`(w, b)`.

    .. math:: J(w, b) = \frac1n \sum_i \mathrm{BCE}(y_i, \sigma(w x_i + b)), \qquad
              \frac{\partial J}{\partial w} = \frac1n \sum_i (\hat p_i - y_i) x_i

    Convex, but on separable data it has no minimum: the cost keeps falling as
    :math:`|w|` grows, a flat valley that never ends.

    Parameters
    ----------
    x : array_like, shape ``[n_samples]``
    y : array_like, shape ``[n_samples]``, labels 0 or 1
    """
    xs, ys = _data(x, y)
    value, grad = _linear_model_cost(xs, ys, "binary_cross_entropy_with_logits")
    return Surface(
        "logistic regression (BCE)",
        r"$J(w, b) = \mathrm{BCE}(y,\ \sigma(wx + b))$",
        value,
        grad,
        xlim=xlim,
        ylim=ylim,
        start=(-3.0, 4.0),
        labels=("weight $w$", "bias $b$"),
    )


# ------------------------------------------------------------------ trajectories


def trajectory(
    optimizer: Optimizer, surface: Surface, start: ArrayLike | None = None, steps: int = 100
) -> np.ndarray:
    """Run ``optimizer`` on ``surface`` from ``start`` for ``steps`` updates.

    Returns the path, shape ``[steps + 1, 2]`` (the start included). If the iterates
    diverge (leave a radius of 1e6 or stop being finite), the path ends at the last
    finite point, so it may be shorter. The loop is :func:`course_utils.descent.descend`'s.
    """
    theta = as_float_array(surface.start if start is None else start, "start")
    if theta.shape != (2,):
        raise ValueError(f"start must be a point (theta_1, theta_2), got shape {theta.shape}")
    if isinstance(steps, bool) or int(steps) != steps or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    path = descend(optimizer, surface.grad, theta, int(steps)).path
    assert isinstance(path, np.ndarray)
    return path


#: The optimizer-race test surfaces by name.
SURFACES: dict[str, Callable[[], Surface]] = {
    "bowl": bowl,
    "elongated valley": elongated_valley,
    "Rosenbrock": rosenbrock,
    "saddle": saddle,
    "several minima": several_minima,
}
