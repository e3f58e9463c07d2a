r"""The explorer of ``03_backprop/06_gradient_checking``: the step size of a gradient check.

A central difference has two errors that pull the step :math:`h` in opposite directions:

* **truncation**: :math:`\frac{f(x+h) - f(x-h)}{2h} = f'(x) + \frac{h^2}{6} f'''(x) + O(h^4)`,
  which shrinks like :math:`h^2`;
* **rounding**: each value of :math:`f` is stored with a relative error of about the machine
  epsilon :math:`\epsilon` (:math:`2.2 \times 10^{-16}` in float64, :math:`1.2 \times 10^{-7}`
  in float32), and the difference divides it by :math:`2h`: about :math:`\epsilon |f| / h`,
  which grows like :math:`1/h`.

Their sum is smallest near :math:`h^\ast = (3 \epsilon |f| / |f'''|)^{1/3}`: about
:math:`10^{-5}` in float64 and :math:`10^{-2}` to :math:`10^{-3}` in float32 for a function
whose values and derivatives are of order 1. :func:`step_errors` measures the relative error
of a check at each step, :func:`predicted_step_errors` gives this two-term prediction, and
:func:`step_size_explorer` draws both, for float64 and float32.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from matplotlib.figure import Figure

from ..._validate import require_choice
from ...gradcheck import numerical_gradient, relative_error
from ...plots import color, simplify_for_redraw
from ...widgets import Explorer, figure, log_slider, toggle

__all__ = [
    "BANDS",
    "band",
    "LogisticProblem",
    "logistic_problem",
    "step_errors",
    "predicted_step_errors",
    "STEPS",
    "step_size_explorer",
    "numerical_partials",
]

#: The course's bands of the relative error (docs/NOTATION.md).
BANDS = ("agree", "look closer", "wrong")


def band(error: float) -> str:
    """``"agree"`` below :math:`10^{-6}`, ``"wrong"`` above :math:`10^{-3}`, ``"look closer"`` between."""
    if error < 1e-6:
        return "agree"
    if error > 1e-3:
        return "wrong"
    return "look closer"


class LogisticProblem(NamedTuple):
    """Logistic regression on 20 seeded samples of 5 features, with its analytic gradient."""

    A: np.ndarray  #: ``[20, 5]`` features
    y: np.ndarray  #: ``[20]`` labels in {-1, +1}
    w: np.ndarray  #: ``[5]`` the point where gradients are checked

    def cost(self, w: np.ndarray, dtype: type = np.float64) -> float:
        r"""Mean logistic loss :math:`\frac1n \sum_i \log(1 + e^{-y_i a_i \cdot w})`, in ``dtype``."""
        A, y, w = self.A.astype(dtype), self.y.astype(dtype), np.asarray(w).astype(dtype)
        return float(np.mean(np.logaddexp(dtype(0.0), -(A @ w) * y)))

    def grad(self, w: np.ndarray) -> np.ndarray:
        r"""Its gradient :math:`-\frac1n \sum_i y_i \sigma(-y_i a_i \cdot w)\, a_i`, in float64."""
        m = (self.A @ w) * self.y
        return -(self.A * (self.y / (1.0 + np.exp(m)))[:, None]).mean(axis=0)


def logistic_problem(seed: int = 0) -> LogisticProblem:
    """The seeded problem of the notebook and of the float32 question."""
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(20, 5))
    y = rng.integers(0, 2, 20) * 2.0 - 1.0
    return LogisticProblem(A, y, rng.normal(size=5))


#: The steps swept: 10^-10 to 10^0.
STEPS = np.logspace(-10, 0, 41)

_EPS = {"float64": float(np.finfo(np.float64).eps), "float32": float(np.finfo(np.float32).eps)}
_DTYPES = {"float64": np.float64, "float32": np.float32}


def step_errors(problem: LogisticProblem, dtype: str, steps: np.ndarray = STEPS) -> np.ndarray:
    """The relative error of a central-difference check at each step, ``f`` evaluated in ``dtype``."""
    require_choice(dtype, tuple(_DTYPES), "dtype")
    g = problem.grad(problem.w)

    def f(w: np.ndarray) -> float:
        return problem.cost(w, _DTYPES[dtype])

    return np.array([relative_error(g, numerical_gradient(f, problem.w, h=float(h))) for h in steps])


def numerical_partials(
    f: Callable[[np.ndarray], float], x: np.ndarray, idx: np.ndarray | list, *, h: float = 1e-6
) -> np.ndarray:
    r"""Central differences of ``f`` at ``x`` along the flat coordinates ``idx`` only, shape ``[len(idx)]``.

    .. math:: \frac{f(x + h e_i) - f(x - h e_i)}{2h}, \qquad i \in \text{idx}

    Two evaluations of ``f`` per coordinate, whatever the size of ``x``: the way to check a
    large gradient at a few sampled places (``03_backprop/06``). Each coordinate is a
    one-dimensional :func:`course_utils.gradcheck.numerical_gradient`.
    """
    x = np.array(x, dtype=np.float64)
    out = []
    for i in np.asarray(idx, dtype=int).ravel():

        def along(t: np.ndarray, i: int = int(i)) -> float:
            moved = x.copy()
            moved.flat[i] = t
            return f(moved)

        out.append(float(numerical_gradient(along, x.flat[i], h=h)))
    return np.array(out)


def _third_derivatives(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-2) -> np.ndarray:
    """:math:`f'''` along each coordinate, by the five-point difference (float64)."""
    out = np.empty_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h
        out[i] = (f(x + 2 * e) - 2 * f(x + e) + 2 * f(x - e) - f(x - 2 * e)) / (2 * h**3)
    return out


def predicted_step_errors(problem: LogisticProblem, dtype: str, steps: np.ndarray = STEPS) -> np.ndarray:
    r"""The prediction: truncation :math:`\frac{h^2}{6}\lVert f''' \rVert` plus rounding
    :math:`\sqrt{d}\,\epsilon |f| / (2h)`, both divided by :math:`2\lVert g \rVert` (the denominator
    of the relative error when the two gradients nearly agree)."""
    require_choice(dtype, tuple(_DTYPES), "dtype")
    g = problem.grad(problem.w)
    f0 = abs(problem.cost(problem.w))
    third = np.linalg.norm(_third_derivatives(problem.cost, problem.w))
    truncation = steps**2 / 6.0 * third
    rounding = np.sqrt(problem.w.size) * _EPS[dtype] * f0 / (2.0 * steps)
    return np.minimum((truncation + rounding) / (2.0 * np.linalg.norm(g)), 1.0)


def _setup(fig: Figure, curves: dict) -> dict:
    ax = fig.subplots()
    ax.axhspan(1e-17, 1e-6, color=color(2), alpha=0.12, lw=0)
    ax.axhspan(1e-3, 10.0, color=color(1), alpha=0.10, lw=0)
    ax.text(2e-10, 2e-7, "agree (below 1e-6)", fontsize=8, va="top")
    ax.text(2e-10, 2e-3, "wrong (above 1e-3)", fontsize=8, va="bottom")
    lines = {}
    for i, name in enumerate(("float64", "float32")):
        measured, predicted = curves[name]
        lines[name] = ax.plot(STEPS, measured, "o-", ms=3, color=color(4 * i), label=f"{name}, measured")[0]
        ax.plot(STEPS, predicted, "--", color=color(4 * i), alpha=0.8, label=f"{name}, predicted")
    (marker,) = ax.plot([], [], "o", ms=11, mfc="none", mec="black", mew=1.5, label="your step $h$")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(1e-12, 3.0)
    ax.set(
        xlabel="step $h$ of the central difference",
        ylabel="relative error of the check",
        title="A gradient check: too small a step rounds, too large a step truncates",
    )
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=7)
    simplify_for_redraw(ax)
    return {"marker": marker, "curves": curves, "problem": curves["problem"]}


def _update(state: dict, h: float, dtype: str) -> str:
    problem = state["problem"]
    g = problem.grad(problem.w)
    error = relative_error(g, numerical_gradient(lambda w: problem.cost(w, _DTYPES[dtype]), problem.w, h=h))
    state["marker"].set_data([h], [max(error, 1e-12)])
    best = STEPS[np.argmin(state["curves"][dtype][0])]
    return (
        f"{dtype}, h = {h:.1e}: relative error {error:.1e}, '{band(error)}' (the best step swept: {best:.0e})"
    )


def step_size_explorer(h: float = 1e-6, dtype: str = "float64") -> Explorer:
    """Move the step ``h`` and switch the precision; the measured error sits beside the prediction."""
    problem = logistic_problem()
    curves = {
        name: (step_errors(problem, name), predicted_step_errors(problem, name))
        for name in ("float64", "float32")
    }
    curves["problem"] = problem
    return Explorer(
        lambda fig: _setup(fig, curves),
        _update,
        {
            "h": log_slider(h, 1e-10, 1.0, "step h", fmt=".1e"),
            "dtype": toggle(["float64", "float32"], dtype, "precision"),
        },
        fig=figure(7.5, 3.8),
        title="the step of a gradient check",
    )
