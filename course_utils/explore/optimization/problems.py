"""The models and data sets that part 2's mini-batch runs train (``02_optimization/02_batch_sizes``,
``05_schedules``).

* :class:`Problem`: a model, its data, and the lowest cost it can reach;
* :func:`regression_problem`: a seeded linear or logistic regression;
* :func:`problem_cost`: the full-data cost at many parameter vectors at once.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..._validate import require_choice
from ...data import linear_regression_data, logistic_data
from ...losses import LOSSES
from ...optimizers import sgd

__all__ = ["Problem", "PROBLEMS", "regression_problem", "problem_cost", "problem_grad"]


class Problem(NamedTuple):
    """A model and its data: prediction :math:`z = A\\theta` with :math:`A = [X, 1]` (the bias last)."""

    name: str
    A: np.ndarray  # [n_samples, n_params]
    y: np.ndarray  # [n_samples]
    loss: str  # a key of course_utils.losses.LOSSES
    best_cost: float  # the lowest cost this model can reach on this data
    best_theta: np.ndarray  # [n_params], where it is reached


PROBLEMS = ("linear regression", "logistic regression")


def regression_problem(kind: str = "linear regression", *, n: int = 4096, seed: int = 0) -> Problem:
    """A seeded data set and its model (``02_optimization/02_batch_sizes``).

    * ``"linear regression"``: :func:`course_utils.data.linear_regression_data` (2 features),
      :math:`\\hat y = X w + b`, mean squared error.
    * ``"logistic regression"``: :func:`course_utils.data.logistic_data` (1 feature),
      :math:`\\hat p = \\sigma(w x + b)`, binary cross-entropy (computed from the logit).

    ``best_cost`` is found by least squares (linear) or by full-batch gradient descent run
    until the gradient vanishes (logistic).
    """
    require_choice(kind, PROBLEMS, "kind")
    if kind == "linear regression":
        X, y, _ = linear_regression_data(n, seed=seed)
        A = np.column_stack([X, np.ones(n)])
        theta = np.linalg.lstsq(A, y, rcond=None)[0]
        problem = Problem(kind, A, y, "mse", 0.0, theta)
        return problem._replace(best_cost=float(LOSSES["mse"][0](y, A @ theta)))
    x, y = logistic_data(n, seed=seed)
    A = np.column_stack([x, np.ones(n)])
    problem = Problem(kind, A, y, "binary_cross_entropy_with_logits", 0.0, np.zeros(2))
    # The curvature of the cost is at most that of A^T A / n times sigma' <= 1/4, so a rate
    # of 1 / that bound is below 2 / curvature everywhere: plain descent cannot diverge.
    opt = sgd(4.0 / np.linalg.eigvalsh(A.T @ A / n).max())
    theta, state = np.zeros(2), opt.init(np.zeros(2))
    for _ in range(5000):
        g = problem_grad(problem, theta, A, y)
        if np.abs(g).max() < 1e-12:
            break
        theta, state = opt.update(g, state, theta)
    problem = problem._replace(best_theta=theta)
    return problem._replace(best_cost=float(problem_cost(problem, theta[None])[0]))


def problem_grad(problem: Problem, theta: np.ndarray, A: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Gradient of the mean loss over the rows ``(A, y)``: the chain rule through z = A theta."""
    return A.T @ LOSSES[problem.loss][1](y, A @ theta)


def problem_cost(problem: Problem, thetas: np.ndarray, *, chunk: int = 256) -> np.ndarray:
    r"""The full-data cost at each row of ``thetas`` (shape ``[k, n_params]``); returns ``[k]``.

    For the mean squared error of a linear model it uses the exact identity
    :math:`J(\theta) = J^\ast + (\theta - \theta^\ast)^\top H (\theta - \theta^\ast)`,
    :math:`H = A^\top A / n`, which costs nothing per sample (the explorers redraw with it).
    """
    thetas = np.atleast_2d(np.asarray(thetas, dtype=np.float64))
    if problem.loss == "mse":
        d = thetas - problem.best_theta
        hessian_half = problem.A.T @ problem.A / len(problem.y)
        return problem.best_cost + np.einsum("ki,ij,kj->k", d, hessian_half, d)
    loss = LOSSES[problem.loss][0]
    out = np.empty(len(thetas))
    for start in range(0, len(thetas), chunk):
        z = problem.A @ thetas[start : start + chunk].T  # [n, k]
        per = loss(np.broadcast_to(problem.y[:, None], z.shape), z, reduction="none")
        out[start : start + chunk] = per.mean(axis=0)
    return out
