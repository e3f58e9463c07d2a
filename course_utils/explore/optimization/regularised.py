r"""Weight decay in Adam: L2 against AdamW's decoupled decay (``02_optimization/08_weight_decay``).

The experiment: two weights whose gradient is pure noise, :math:`g_i = \sigma_i\xi`, with
:math:`\sigma = (10, 0.01)` (a weight with large gradients and one with tiny gradients), start
at 1. Only the decay pulls them toward 0, so their mean over many seeds shows what the decay
does by itself.

* :func:`decay_experiment`: the mean of each weight per step, from real runs of the course's
  ``adam(weight_decay=)`` (L2, coupled) or ``adamw`` (decoupled);
* :func:`expected_decay`: the prediction. AdamW multiplies every weight by
  :math:`1 - \eta\omega` per step, and its noise term has mean 0, so the mean is exactly
  :math:`(1 - \eta\omega)^t`. Adam with L2 divides the decay :math:`\omega\theta` by
  :math:`\sqrt{\hat s}`, with :math:`s` the average of :math:`g^2 = (\sigma\xi + \omega\theta)^2`,
  whose mean is :math:`\sigma^2 + \omega^2\theta^2`: run Adam's recursion on these expected
  moments;
* :func:`weight_decay_explorer`: η and ω sliders, the method, measurement beside prediction.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ..._validate import require_choice, require_positive
from ...optimizers import adam, adamw
from ...plots import color, simplify_for_redraw
from ...widgets import Explorer, figure, log_slider, toggle

__all__ = ["METHODS", "SIGMAS", "decay_experiment", "expected_decay", "weight_decay_explorer"]

#: The two ways to add weight decay to Adam, by the names the explorer shows.
METHODS = ("Adam + L2", "AdamW")
#: The gradient noise of the two weights: large and tiny.
SIGMAS = (10.0, 0.01)


def _optimizer(method: str, lr: float, weight_decay: float):
    require_choice(method, METHODS, "method")
    if method == "AdamW":
        return adamw(lr, weight_decay=weight_decay)
    return adam(lr, weight_decay=weight_decay)


def decay_experiment(
    method: str,
    lr: float,
    weight_decay: float,
    *,
    sigmas: tuple[float, ...] = SIGMAS,
    steps: int = 500,
    seeds: int = 100,
    seed: int = 0,
    noise: np.ndarray | None = None,
) -> np.ndarray:
    r"""The mean over ``seeds`` runs of each weight per step, shape ``[steps + 1, len(sigmas)]``.

    Each weight starts at 1 and gets the gradient :math:`\sigma_i\xi_t` with :math:`\xi_t`
    standard normal (mean 0: only the decay has a direction). ``noise`` (shape
    ``[steps, seeds, len(sigmas)]``) replaces the seeded draws, so that an explorer draws them once.
    """
    opt = _optimizer(method, lr, weight_decay)
    sig = np.asarray(sigmas, dtype=float)
    if noise is None:
        noise = np.random.default_rng(seed).standard_normal((int(steps), int(seeds), sig.size))
    theta = np.ones(noise.shape[1:])
    state = opt.init(theta)
    means = np.empty((noise.shape[0] + 1, sig.size))
    means[0] = 1.0
    for t, xi in enumerate(noise, start=1):
        theta, state = opt.update(sig * xi, state, theta)
        means[t] = theta.mean(axis=0)
    return means


def expected_decay(
    method: str,
    lr: float,
    weight_decay: float,
    sigma: float,
    steps: int,
    *,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> np.ndarray:
    r"""The predicted mean of a weight started at 1 whose gradient is noise of size ``sigma``.

    AdamW: :math:`\mathbb E[\theta_t] = (1 - \eta\omega)^t`, whatever :math:`\sigma`.
    Adam + L2: Adam's recursion on the expected moments,

    .. math::
        m &\leftarrow \beta_1 m + (1 - \beta_1)\,\omega\theta, \qquad
        s \leftarrow \beta_2 s + (1 - \beta_2)\,(\sigma^2 + \omega^2\theta^2), \\
        \theta &\leftarrow \theta - \eta\,\hat m / (\sqrt{\hat s} + \epsilon),

    so the decay moves a weight by about :math:`\eta\omega\theta/\sigma` per step when
    :math:`\sigma \gg \omega\theta`, and by about :math:`\eta`, whatever :math:`\omega`, when
    :math:`\sigma \ll \omega\theta`. Returns shape ``[steps + 1]``.
    """
    require_choice(method, METHODS, "method")
    lr, weight_decay = require_positive(lr, "lr"), require_positive(weight_decay, "weight_decay")
    t = np.arange(int(steps) + 1)
    if method == "AdamW":
        return (1.0 - lr * weight_decay) ** t
    theta, m, s = 1.0, 0.0, 0.0
    out = np.empty(int(steps) + 1)
    out[0] = theta
    for k in range(1, int(steps) + 1):
        g = weight_decay * theta
        m = beta1 * m + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * (sigma**2 + g * g)
        theta = theta - lr * (m / (1 - beta1**k)) / (np.sqrt(s / (1 - beta2**k)) + eps)
        out[k] = theta
    return out


def _setup(fig: Figure, steps: int, seeds: int) -> dict:
    ax = fig.subplots()
    t = np.arange(steps + 1)
    measured, predicted = [], []
    for i, sigma in enumerate(SIGMAS):
        (m,) = ax.plot([], [], color=color(i), linewidth=2, label=f"σ = {sigma:g}: mean of {seeds} runs")
        (p,) = ax.plot(
            [], [], color=color(i), linestyle="--", linewidth=1.2, label=f"σ = {sigma:g}: predicted"
        )
        measured.append(m)
        predicted.append(p)
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set(xlim=(0, steps), ylim=(-0.1, 1.05), xlabel="step t", ylabel="mean weight θ")
    title = ax.set_title("")
    ax.legend(loc="center right", fontsize=8)
    ax.grid(alpha=0.3)
    simplify_for_redraw(ax)
    noise = np.random.default_rng(0).standard_normal((steps, seeds, len(SIGMAS)))
    return {
        "t": t,
        "noise": noise,
        "measured": measured,
        "predicted": predicted,
        "title": title,
        "steps": steps,
        "cache": {},  # (method, lr, weight_decay) -> (measured means, predictions), per slider value
    }


def _curves(state: dict, method: str, lr: float, weight_decay: float) -> tuple[np.ndarray, list[np.ndarray]]:
    """The measured means and the predictions for these values, computed once per value."""
    cache, key = state["cache"], (method, float(lr), float(weight_decay))
    if key not in cache:
        if len(cache) >= 1024:  # forget the oldest
            cache.pop(next(iter(cache)))
        means = decay_experiment(method, lr, weight_decay, noise=state["noise"])
        predictions = [expected_decay(method, lr, weight_decay, sigma, state["steps"]) for sigma in SIGMAS]
        cache[key] = (means, predictions)
    return cache[key]


def _update(state: dict, lr: float, weight_decay: float, method: str) -> str:
    means, predictions = _curves(state, method, lr, weight_decay)
    ends = []
    for i, (sigma, pred) in enumerate(zip(SIGMAS, predictions)):
        state["measured"][i].set_data(state["t"], means[:, i])
        state["predicted"][i].set_data(state["t"], pred)
        ends.append(f"σ = {sigma:g}: {means[-1, i]:.3f} (predicted {pred[-1]:.3f})")
    state["title"].set_text(f"{method}, η = {lr:.3g}, ω = {weight_decay:.3g}: the decay alone")
    return f"mean weight after {state['steps']} steps · " + " · ".join(ends)


def weight_decay_explorer(
    lr: float = 0.01,
    weight_decay: float = 0.1,
    method: str = "Adam + L2",
    *,
    steps: int = 300,
    seeds: int = 100,
) -> Explorer:
    """η and ω sliders and the method: two weights under decay alone, measured beside predicted."""
    require_choice(method, METHODS, "method")
    return Explorer(
        lambda fig: _setup(fig, steps, seeds),
        _update,
        {
            "lr": log_slider(lr, 1e-3, 0.1, "learning rate η"),
            "weight_decay": log_slider(weight_decay, 1e-3, 1.0, "weight decay ω"),
            "method": toggle(list(METHODS), method, "method"),
        },
        fig=figure(8.0, 3.6),
        title="weight decay in Adam: L2 against AdamW",
    )
