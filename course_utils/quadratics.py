r"""Why momentum works: gradient descent and momentum on a quadratic, solved exactly.

Introduced in ``02_optimization/07_why_momentum_works``. On the quadratic cost

.. math:: J(\theta) = \tfrac12\, \theta^\top A\, \theta, \qquad A = Q\,\operatorname{diag}(\lambda)\,Q^\top,

the gradient is :math:`A\theta`, and in the eigen-coordinates :math:`\tilde\theta = Q^\top\theta` every
method of the heavy-ball family splits into independent one-dimensional problems, one per
eigenvalue :math:`\lambda_i` (a curvature). This module holds the theory of those problems:

* :func:`rotated_quadratic`: :math:`A` from its eigenvalues and a rotation;
* :func:`gd_rate`, :func:`best_eta`, :func:`best_gd_rate`: gradient descent multiplies the
  error along eigenvector :math:`i` by :math:`1 - \eta\lambda_i` per step;
* :func:`momentum_matrix`, :func:`momentum_rate`, :func:`momentum_regime`,
  :func:`best_momentum`: momentum is a 2x2 linear map per eigen-direction, whose spectral
  radius is the rate;
* :func:`quadratic_run`, :func:`measured_rate`: the course's optimizers run on the same
  quadratic (optionally with noisy gradients), and the rate read off the run;
* :func:`noise_floor`: the stationary mean squared error that gradient noise leaves.

Conventions: momentum is PyTorch's, :math:`v \leftarrow \beta v + g`,
:math:`\theta \leftarrow \theta - \eta v` (as in :func:`course_utils.optimizers.momentum`);
``beta = 0`` is plain gradient descent. A *rate* is the factor by which the error shrinks per
step in the long run: below 1 converges, above 1 diverges.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._validate import as_float_array, require_finite, require_fraction, require_positive
from .optimizers import momentum as _momentum_optimizer

__all__ = [
    "Quadratic",
    "rotated_quadratic",
    "gd_rate",
    "best_eta",
    "best_gd_rate",
    "momentum_matrix",
    "momentum_rate",
    "momentum_regime",
    "critical_eta",
    "best_momentum",
    "best_momentum_rate",
    "quadratic_run",
    "measured_rate",
    "noise_floor",
]


class Quadratic(NamedTuple):
    r"""The quadratic :math:`J(\theta) = \tfrac12\theta^\top A\theta` and its eigen-decomposition.

    ``A`` has shape ``[d, d]``; ``eigenvalues`` shape ``[d]`` (ascending); ``eigenvectors``
    shape ``[d, d]``, one unit eigenvector per **column** (``A @ Q[:, i] = lam[i] * Q[:, i]``).
    """

    A: np.ndarray
    eigenvalues: np.ndarray
    eigenvectors: np.ndarray

    def value(self, theta: ArrayLike) -> np.ndarray:
        r""":math:`J(\theta) = \tfrac12\theta^\top A\theta` for ``theta`` of shape ``[..., d]``."""
        t = as_float_array(theta, "theta")
        return 0.5 * np.einsum("...i,ij,...j->...", t, self.A, t)

    def grad(self, theta: ArrayLike) -> np.ndarray:
        r""":math:`\nabla J = A\theta` for ``theta`` of shape ``[..., d]`` (``A`` is symmetric)."""
        return as_float_array(theta, "theta") @ self.A


def rotated_quadratic(eigenvalues: ArrayLike = (1.0, 25.0), angle: float = np.pi / 6) -> Quadratic:
    r"""A 2-D quadratic bowl whose axes are rotated by ``angle`` (radians).

    .. math:: A = Q \begin{pmatrix}\lambda_1 & 0\\ 0 & \lambda_2\end{pmatrix} Q^\top, \qquad
              Q = \begin{pmatrix}\cos\alpha & -\sin\alpha\\ \sin\alpha & \cos\alpha\end{pmatrix}

    so ``Q[:, 0] = (cos a, sin a)`` is the eigenvector of :math:`\lambda_1`. With eigenvalues
    ``(1, kappa)`` this is :func:`course_utils.landscapes.elongated_valley` ``(kappa, angle)``
    (whose :math:`u, v` are the eigen-coordinates). ``eigenvalues`` must be two positive
    numbers; they are stored ascending.
    """
    lam = np.sort(as_float_array(eigenvalues, "eigenvalues"))
    if lam.shape != (2,):
        raise ValueError(f"eigenvalues must be two numbers (a 2-D bowl), got shape {lam.shape}")
    require_finite(lam, "eigenvalues")
    if lam[0] <= 0:
        raise ValueError(f"eigenvalues must be > 0 (a bowl with a single minimum), got {lam.tolist()}")
    c, s = np.cos(float(angle)), np.sin(float(angle))
    Q = np.array([[c, -s], [s, c]])
    A = Q @ np.diag(lam) @ Q.T
    return Quadratic(A, lam, Q)


def _etas(eta: ArrayLike) -> np.ndarray:
    arr = as_float_array(eta, "eta")
    if not (np.all(np.isfinite(arr)) and np.all(arr > 0)):
        raise ValueError(f"eta must be finite and > 0, got {eta!r}")
    return arr


def _lams(lam: ArrayLike) -> np.ndarray:
    arr = as_float_array(lam, "lam")
    require_finite(arr, "lam")
    return arr


def gd_rate(eta: ArrayLike, lam: ArrayLike) -> np.ndarray | float:
    r"""The factor by which one step of gradient descent multiplies the error along an
    eigenvector of curvature :math:`\lambda`:

    .. math:: \tilde\theta \leftarrow \tilde\theta - \eta\lambda\tilde\theta
              = (1 - \eta\lambda)\,\tilde\theta, \qquad
              \text{rate} = \lvert 1 - \eta\lambda \rvert .

    ``eta`` and ``lam`` broadcast (an array of rates gives a curve); the result has their
    broadcast shape (a float when both are scalars).
    """
    r = np.abs(1.0 - _etas(eta) * _lams(lam))
    return float(r) if r.ndim == 0 else r


def best_eta(lam_min: float, lam_max: float) -> float:
    r"""The learning rate that makes gradient descent's slowest direction as fast as possible:

    .. math:: \eta^\ast = \frac{2}{\lambda_{\min} + \lambda_{\max}},

    where :math:`1 - \eta\lambda_{\min} = -(1 - \eta\lambda_{\max})`: the flattest direction
    shrinks as fast as the steepest one flips sign.
    """
    lo, hi = require_positive(lam_min, "lam_min"), require_positive(lam_max, "lam_max")
    if lo > hi:
        raise ValueError(f"lam_min must not exceed lam_max, got lam_min={lam_min!r} > lam_max={lam_max!r}")
    return 2.0 / (lo + hi)


def best_gd_rate(kappa: float) -> float:
    r"""Gradient descent's rate at :func:`best_eta`: :math:`(\kappa - 1)/(\kappa + 1)`, with
    :math:`\kappa = \lambda_{\max}/\lambda_{\min} \ge 1` the condition number."""
    k = require_positive(kappa, "kappa")
    if k < 1:
        raise ValueError(f"kappa = lam_max / lam_min must be >= 1, got {kappa!r}")
    return (k - 1.0) / (k + 1.0)


def momentum_matrix(eta: float, beta: float, lam: float) -> np.ndarray:
    r"""The 2x2 matrix that maps :math:`(\tilde\theta_t, \tilde v_t)` to
    :math:`(\tilde\theta_{t+1}, \tilde v_{t+1})`, the eigen-coordinates of the position and of the
    velocity along one eigenvector of curvature :math:`\lambda` (gradient :math:`\lambda\tilde\theta`):

    .. math:: \tilde v_{t+1} = \beta \tilde v_t + \lambda \tilde\theta_t,\quad
              \tilde\theta_{t+1} = \tilde\theta_t - \eta \tilde v_{t+1}
              \;\Longrightarrow\;
              \begin{pmatrix} \tilde\theta_{t+1} \\ \tilde v_{t+1} \end{pmatrix} =
              \begin{pmatrix} 1 - \eta\lambda & -\eta\beta \\ \lambda & \beta \end{pmatrix}
              \begin{pmatrix} \tilde\theta_t \\ \tilde v_t \end{pmatrix}.

    Its trace is :math:`1 + \beta - \eta\lambda` and its determinant :math:`\beta`.
    """
    eta = require_positive(eta, "eta")
    beta = require_fraction(beta, "beta")
    lam = float(_lams(lam))
    return np.array([[1.0 - eta * lam, -eta * beta], [lam, beta]])


def momentum_rate(eta: ArrayLike, beta: ArrayLike, lam: ArrayLike) -> np.ndarray | float:
    r"""The spectral radius of :func:`momentum_matrix`: momentum's rate along a direction of
    curvature :math:`\lambda`.

    The eigenvalues :math:`\mu` of the matrix solve
    :math:`\mu^2 - (1 + \beta - \eta\lambda)\,\mu + \beta = 0`, so with
    :math:`a = 1 + \beta - \eta\lambda` and the discriminant :math:`\Delta = a^2 - 4\beta`,

    .. math:: \text{rate} = \max\left\lvert \frac{a \pm \sqrt{\Delta}}{2} \right\rvert =
              \begin{cases} \sqrt{\beta} & \Delta < 0 \text{ (complex pair: oscillation)} \\
              (\lvert a\rvert + \sqrt{\Delta})/2 & \Delta \ge 0. \end{cases}

    ``beta = 0`` gives gradient descent's :math:`\lvert 1 - \eta\lambda\rvert`. The three
    arguments broadcast (a grid of ``eta`` and ``beta`` gives a rate map); the result has
    their broadcast shape (a float when all three are scalars).
    """
    eta_arr = _etas(eta)
    beta_arr = as_float_array(beta, "beta")
    if not (np.all(beta_arr >= 0) and np.all(beta_arr < 1)):
        raise ValueError(f"beta must lie in [0, 1), got {beta!r}")
    a = 1.0 + beta_arr - eta_arr * _lams(lam)
    disc = a * a - 4.0 * beta_arr
    real_pair = (np.abs(a) + np.sqrt(np.maximum(disc, 0.0))) / 2.0
    r = np.where(disc < 0.0, np.sqrt(beta_arr) + 0.0 * a, real_pair)
    return float(r) if r.ndim == 0 else r


def critical_eta(beta: ArrayLike, lam: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""The three boundaries, in :math:`\eta`, of momentum's behaviour along curvature :math:`\lambda`.

    .. math:: \eta_{\text{low}} = \frac{(1 - \sqrt\beta)^2}{\lambda},\quad
              \eta_{\text{high}} = \frac{(1 + \sqrt\beta)^2}{\lambda},\quad
              \eta_{\text{div}} = \frac{2(1 + \beta)}{\lambda}.

    Below :math:`\eta_{\text{low}}` both eigenvalues are real and positive (monotone
    decay); :math:`\eta_{\text{low}}` is **critical damping**; between the first two the pair
    is complex (oscillation, rate :math:`\sqrt\beta`); up to :math:`\eta_{\text{div}}` the
    dominant eigenvalue is real and negative (the sign flips each step); beyond, divergence.
    Returns ``(eta_low, eta_high, eta_div)``, each with the shape of ``beta``.
    """
    b = as_float_array(beta, "beta")
    if b.size and not (np.all(b >= 0) and np.all(b < 1)):
        raise ValueError("beta must lie in [0, 1)")
    lam = require_positive(lam, "lam")
    root = np.sqrt(b)
    return (1 - root) ** 2 / lam, (1 + root) ** 2 / lam, 2 * (1 + b) / lam


#: The names :func:`momentum_regime` returns, in order of increasing learning rate.
REGIMES = ("monotone", "oscillating", "sign-flipping", "divergent")


def momentum_regime(eta: float, beta: float, lam: float) -> str:
    r"""How the error along curvature :math:`\lambda` behaves: one of :data:`REGIMES`.

    ``"monotone"`` (eigenvalues real, the dominant one positive: no overshoot),
    ``"oscillating"`` (a complex pair: a damped spiral), ``"sign-flipping"`` (dominant
    eigenvalue real and negative), ``"divergent"`` (rate :math:`\ge 1`). See :func:`critical_eta`.
    """
    rate = momentum_rate(eta, beta, lam)
    if rate >= 1.0:
        return "divergent"
    a = 1.0 + beta - eta * float(lam)
    if a * a - 4.0 * beta < 0.0:
        return "oscillating"
    return "monotone" if a > 0 else "sign-flipping"


def best_momentum(lam_min: float, lam_max: float) -> tuple[float, float]:
    r"""The learning rate and momentum that make momentum's slowest direction fastest
    (Polyak, 1964):

    .. math:: \eta^\ast = \left(\frac{2}{\sqrt{\lambda_{\min}} + \sqrt{\lambda_{\max}}}\right)^2,
              \qquad \beta^\ast = \left(\frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}\right)^2.

    Both extreme directions then sit exactly on a boundary of the oscillating region
    (:func:`critical_eta`), and every direction has the rate :math:`\sqrt{\beta^\ast}`.
    """
    lo, hi = require_positive(lam_min, "lam_min"), require_positive(lam_max, "lam_max")
    if lo > hi:
        raise ValueError(f"lam_min must not exceed lam_max, got lam_min={lam_min!r} > lam_max={lam_max!r}")
    eta = (2.0 / (np.sqrt(lo) + np.sqrt(hi))) ** 2
    return float(eta), best_momentum_rate(hi / lo) ** 2


def best_momentum_rate(kappa: float) -> float:
    r"""Tuned momentum's rate :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)`: :math:`\kappa`
    of :func:`best_gd_rate` has become :math:`\sqrt\kappa`."""
    best_gd_rate(kappa)  # the same checks: kappa >= 1
    root = np.sqrt(float(kappa))
    return float((root - 1.0) / (root + 1.0))


def quadratic_run(
    quadratic: Quadratic,
    eta: float,
    beta: float = 0.0,
    *,
    steps: int = 200,
    start: ArrayLike = (-2.8, 1.0),
    noise: float = 0.0,
    seeds: int = 1,
    seed: int = 0,
) -> np.ndarray:
    r"""Run the course's :func:`~course_utils.optimizers.momentum` (``beta = 0``: gradient
    descent) on ``quadratic``, with gradients :math:`g = A\theta + \sigma\xi`,
    :math:`\xi \sim \mathcal N(0, I)` and :math:`\sigma` = ``noise``.

    ``seeds`` independent runs go side by side (their noise differs; without noise they
    coincide). Returns the iterates, shape ``[steps + 1, seeds, d]``, the start included.
    Iterates beyond 1e150 are left as they are (a divergent run's error just grows).
    """
    if int(steps) != steps or steps < 1:
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    sigma = float(noise)
    if not (np.isfinite(sigma) and sigma >= 0):
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    d = quadratic.A.shape[0]
    theta = np.broadcast_to(as_float_array(start, "start"), (int(seeds), d)).copy()
    opt = _momentum_optimizer(eta, beta)
    state = opt.init(theta)
    rng = np.random.default_rng(seed)
    path = np.empty((int(steps) + 1, int(seeds), d))
    path[0] = theta
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, int(steps) + 1):
            g = quadratic.grad(theta)
            if sigma > 0:
                g = g + sigma * rng.standard_normal(theta.shape)
            new, state = opt.update(np.clip(g, -1e150, 1e150), state, theta)
            theta = np.clip(np.asarray(new), -1e150, 1e150)
            path[t] = theta
    return path


def measured_rate(errors: ArrayLike, *, window: int = 20, floor: float = 1e-200) -> float:
    r"""The rate a run shows: the per-step factor of the error's envelope.

    .. math:: \hat r = \left(\frac{\max_{\text{last window}} e}{\max_{\text{first window}} e}
              \right)^{1/\text{gap}}

    over the part of the run where the error ``e_t`` (shape ``[steps + 1]``) is still above
    ``floor`` times its start (the iteration is linear, so floating point keeps its relative
    precision far below the start: the default floor only avoids underflow), with ``gap`` the distance between
    the two windows. Maxima over a window of ``window`` steps follow the envelope of an
    oscillating error instead of its zero crossings.
    """
    e = as_float_array(errors, "errors")
    if e.ndim != 1 or e.size < 2 * window + 1:
        raise ValueError(f"errors must be 1-D with more than {2 * window} steps, got shape {e.shape}")
    if not e[0] > 0:
        raise ValueError("the error at the start must be > 0")
    below = np.flatnonzero(e < floor * e[0])
    usable = e[: below[0]] if below.size else e
    if usable.size < 2 * window + 1:  # converged too fast to see a window: use the two ends
        n = max(usable.size - 1, 1)
        return float((max(usable[-1], floor * e[0]) / usable[0]) ** (1.0 / n))
    gap = usable.size - window
    return float((usable[-window:].max() / usable[:window].max()) ** (1.0 / gap))


def noise_floor(eta: float, beta: float, lam: float, sigma: float) -> float:
    r"""The stationary mean squared error :math:`\mathbb E[\tilde\theta^2]` along curvature :math:`\lambda`
    when each gradient carries independent noise of standard deviation :math:`\sigma`.

    The state :math:`s = (\tilde\theta, \tilde v)` follows :math:`s_{t+1} = M s_t + b\,\sigma\xi_t` with
    :math:`M` = :func:`momentum_matrix` and :math:`b = (-\eta, 1)`, so its covariance
    :math:`\Sigma` settles where

    .. math:: \Sigma = M \Sigma M^\top + \sigma^2\, b\, b^\top,

    solved here as a linear system in the four entries of :math:`\Sigma`. For gradient
    descent (:math:`\beta = 0`) it is :math:`\eta\sigma^2 / (\lambda(2 - \eta\lambda))`.
    Returns ``inf`` where the run diverges.
    """
    sigma = float(sigma)
    if not (np.isfinite(sigma) and sigma >= 0):
        raise ValueError(f"sigma must be a finite number >= 0, got {sigma!r}")
    M = momentum_matrix(eta, beta, lam)
    if momentum_rate(eta, beta, lam) >= 1.0:
        return float("inf")
    b = np.array([-float(eta), 1.0])
    lhs = np.eye(4) - np.kron(M, M)  # vec(M S M^T) = (M kron M) vec(S), row-major
    cov = np.linalg.solve(lhs, sigma**2 * np.outer(b, b).ravel()).reshape(2, 2)
    return float(cov[0, 0])
