"""Learners' answers to part 3's later exercises (``04_activations_and_initialisation``,
``05_validation``, ``06_gradient_checking``, ``07_sanity_checks``) and part 2's derived
bias-correction factor: right variants and mistakes, including the blind review's false passes.

Same format as :mod:`.corpus_losses`: ``ANSWERS[exercise_id] = {"right": [source, ...],
"wrong": [(source, words), ...]}``.
"""

from __future__ import annotations

ANSWERS: dict[str, dict] = {}

ANSWERS["relu_grad"] = {
    "right": [
        "def relu_grad(z):\n    return (np.asarray(z, float) > 0).astype(float)",
        "def relu_grad(z):\n    z = np.asarray(z, float)\n    return np.where(z > 0, 1.0, 0.0)",
        "def relu_grad(z):\n    z = np.asarray(z, dtype=np.float64)\n    out = np.zeros_like(z)\n    out[z > 0] = 1.0\n    return out",
    ],
    "wrong": [
        ("def relu_grad(z):\n    return (np.asarray(z, float) >= 0).astype(float)", ["kink", "z > 0"]),
        ("def relu_grad(z):\n    return np.maximum(0.0, np.asarray(z, float))", ["activation"]),
        ("def relu_grad(z):\n    return np.sign(np.asarray(z, float))", ["sign of z"]),
        # the blind review's false passes: the right 0s and 1s, but not floats
        ("def relu_grad(z):\n    return np.asarray(z) > 0", ["booleans", "floats"]),
        ("def relu_grad(z):\n    return np.where(np.asarray(z) > 0, 1, 0)", ["integers", "floats"]),
    ],
}

_HE = "import math\n\n"
ANSWERS["he_init"] = {
    "right": [
        "def he_init(fan_in, fan_out, rng):\n    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_out, fan_in))",
        "def he_init(fan_in, fan_out, rng):\n    std = (2 / fan_in) ** 0.5\n    return rng.normal(loc=0, scale=std, size=(fan_out, fan_in))",
        "def he_init(fan_in, fan_out, rng):\n    return np.sqrt(2.0 / fan_in) * rng.standard_normal((fan_out, fan_in))",
    ],
    "wrong": [
        (
            "def he_init(fan_in, fan_out, rng):\n    return rng.normal(0.0, np.sqrt(1.0 / fan_in), size=(fan_out, fan_in))",
            ["1 / fan_in", "2 / fan_in"],
        ),
        (
            "def he_init(fan_in, fan_out, rng):\n    return rng.normal(0.0, np.sqrt(2.0 / fan_out), size=(fan_out, fan_in))",
            ["fan_out"],
        ),
        (
            "def he_init(fan_in, fan_out, rng):\n    return rng.normal(0.0, 2.0 / fan_in, size=(fan_out, fan_in))",
            ["standard deviation", "sqrt(2 / fan_in)"],
        ),
        (
            "def he_init(fan_in, fan_out, rng):\n    return rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=(fan_out, fan_in))",
            ["Xavier"],
        ),
        (
            "def he_init(fan_in, fan_out, rng):\n    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))",
            ["transposed"],
        ),
        (
            "def he_init(fan_in, fan_out, rng):\n    return rng.normal(0.0, np.sqrt(2.0 / fan_in), (fan_in, fan_out)).T",
            ["transposed", "order"],
        ),
        (
            "def he_init(fan_in, fan_out, rng):\n    return np.random.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_out, fan_in))",
            ["did not draw from the generator rng"],
        ),
    ],
}

ANSWERS["relative_error"] = {
    "right": [
        "def relative_error(a, b):\n    a, b = np.asarray(a, float), np.asarray(b, float)\n"
        "    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12))",
        "def relative_error(a, b):\n    a, b = np.ravel(a).astype(float), np.ravel(b).astype(float)\n"
        "    num = np.sqrt(np.sum((a - b) ** 2))\n    den = np.sqrt(np.sum(a * a)) + np.sqrt(np.sum(b * b))\n"
        "    return 0.0 if den == 0 else float(num / den)",
        "def relative_error(a, b):\n    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)\n"
        "    den = np.linalg.norm(a) + np.linalg.norm(b)\n    return float(np.linalg.norm(a - b) / max(den, 1e-300))",
    ],
    "wrong": [
        (
            "def relative_error(a, b):\n    a, b = np.asarray(a, float), np.asarray(b, float)\n"
            "    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))",
            ["0 by 0", "guard"],
        ),
        (
            "def relative_error(a, b):\n    a, b = np.asarray(a, float), np.asarray(b, float)\n"
            "    return float(np.linalg.norm(a - b) / max(np.linalg.norm(b), 1e-12))",
            ["‖b‖ alone"],
        ),
        (
            "def relative_error(a, b):\n    a, b = np.asarray(a, float), np.asarray(b, float)\n"
            "    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a), 1e-12))",
            ["‖a‖ alone"],
        ),
        (
            "def relative_error(a, b):\n    a, b = np.asarray(a, float), np.asarray(b, float)\n"
            "    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b), 1e-12))",
            ["max(‖a‖, ‖b‖)"],
        ),
        (
            "def relative_error(a, b):\n    a, b = np.asarray(a, float), np.asarray(b, float)\n"
            "    return float(np.abs(a - b).sum() / max(np.abs(a).sum() + np.abs(b).sum(), 1e-12))",
            ["Euclidean"],
        ),
    ],
}

ANSWERS["numerical_partials"] = {
    "right": [
        "def numerical_partials(f, x, idx, h=1e-6):\n    x = np.array(x, dtype=float)\n    out = []\n"
        "    for i in np.ravel(idx):\n        xp, xm = x.copy(), x.copy()\n        xp.flat[i] += h\n        xm.flat[i] -= h\n"
        "        out.append((f(xp) - f(xm)) / (2 * h))\n    return np.array(out)",
        "def numerical_partials(f, x, idx, h=1e-6):\n    x = np.asarray(x, float)\n    flat = x.ravel()\n"
        "    res = np.zeros(len(np.ravel(idx)))\n    for k, i in enumerate(np.ravel(idx)):\n        e = np.zeros_like(flat)\n        e[i] = h\n"
        "        res[k] = (f((flat + e).reshape(x.shape)) - f((flat - e).reshape(x.shape))) / (2 * h)\n    return res",
        "def numerical_partials(f, x, idx, h=1e-6):\n    x = np.array(x, dtype=np.float64)\n    def moved(i, d):\n"
        "        y = x.copy()\n        y.flat[i] = y.flat[i] + d\n        return y\n"
        "    return np.array([(f(moved(i, h)) - f(moved(i, -h))) / (2 * h) for i in np.ravel(idx)])",
    ],
    "wrong": [
        (
            "def numerical_partials(f, x, idx, h=1e-6):\n    x = np.array(x, dtype=float)\n    out = []\n"
            "    for i in np.ravel(idx):\n        xp = x.copy()\n        xp.flat[i] += h\n        out.append((f(xp) - f(x)) / h)\n"
            "    return np.array(out)",
            ["forward difference"],
        ),
        (
            "def numerical_partials(f, x, idx, h=1e-6):\n    x = np.array(x, dtype=float)\n    out = []\n"
            "    for i in np.ravel(idx):\n        xp, xm = x.copy(), x.copy()\n        xp.flat[i] += h\n        xm.flat[i] -= h\n"
            "        out.append((f(xp) - f(xm)) / h)\n    return np.array(out)",
            ["divide by 2h"],
        ),
        (
            "def numerical_partials(f, x, idx, h=1e-6):\n    x = np.array(x, dtype=float)\n    out = []\n"
            "    for i in np.ravel(idx):\n        xp, xm = x.copy(), x.copy()\n        xp.flat[i] += 1e-6\n        xm.flat[i] -= 1e-6\n"
            "        out.append((f(xp) - f(xm)) / 2e-6)\n    return np.array(out)",
            ["ignored the argument h"],
        ),
        (
            "def numerical_partials(f, x, idx, h=1e-6):\n    x = np.array(x, dtype=float)\n    out = []\n"
            "    for i in range(x.size):\n        xp, xm = x.copy(), x.copy()\n        xp.flat[i] += h\n        xm.flat[i] -= h\n"
            "        out.append((f(xp) - f(xm)) / (2 * h))\n    return np.array(out)",
            ["every coordinate"],
        ),
        # the blind review's false pass: the course's own numerical gradient, picked at idx
        (
            "from course_utils.gradcheck import numerical_gradient\n\n"
            "def numerical_partials(f, x, idx, h=1e-6):\n"
            "    return np.asarray(numerical_gradient(f, np.array(x, dtype=float), h=h)).ravel()[list(np.ravel(idx))]",
            ["course"],
        ),
    ],
}

ANSWERS["update_ratio"] = {
    "right": [
        "def update_ratio(W_before, W_after):\n    b, a = np.asarray(W_before, float), np.asarray(W_after, float)\n"
        "    return float(np.linalg.norm(a - b) / np.linalg.norm(b))",
        "def update_ratio(W_before, W_after):\n    b, a = np.asarray(W_before, float), np.asarray(W_after, float)\n"
        "    return float(np.sqrt(np.sum((a - b) ** 2) / np.sum(b ** 2)))",
        "def update_ratio(W_before, W_after):\n    step = 0.0\n    size = 0.0\n"
        "    for row_b, row_a in zip(W_before, W_after):\n        for wb, wa in zip(row_b, row_a):\n"
        "            step += (wa - wb) ** 2\n            size += wb ** 2\n    return (step / size) ** 0.5",
    ],
    "wrong": [
        (
            "def update_ratio(W_before, W_after):\n    b, a = np.asarray(W_before, float), np.asarray(W_after, float)\n"
            "    return float(np.linalg.norm(a - b) / np.linalg.norm(a))",
            ["new weights", "W_before"],
        ),
        (
            "def update_ratio(W_before, W_after):\n    b, a = np.asarray(W_before, float), np.asarray(W_after, float)\n"
            "    return float(np.mean(np.abs(a - b) / np.abs(b)))",
            ["ratios of single weights"],
        ),
        (
            "def update_ratio(W_before, W_after):\n    b, a = np.asarray(W_before, float), np.asarray(W_after, float)\n"
            "    return float(abs(np.linalg.norm(a) - np.linalg.norm(b)) / np.linalg.norm(b))",
            ["change of the norm"],
        ),
        (
            "def update_ratio(W_before, W_after):\n    b, a = np.asarray(W_before, float), np.asarray(W_after, float)\n"
            "    return float(np.linalg.norm(a - b))",
            ["alone"],
        ),
        (
            "def update_ratio(W_before, W_after):\n    b, a = np.asarray(W_before, float), np.asarray(W_after, float)\n"
            "    return float(np.linalg.norm(a - b) / np.linalg.norm(b) ** 2)",
            ["wrong value"],
        ),
    ],
}

ANSWERS["early_stopping_epoch"] = {
    "right": [
        "def early_stopping_epoch(val_costs, patience):\n    best = 0\n    for e in range(1, len(val_costs)):\n"
        "        if val_costs[e] < val_costs[best]:\n            best = e\n        elif e - best >= patience:\n            break\n"
        "    return best",
        "def early_stopping_epoch(val_costs, patience):\n    best, best_cost, wait = 0, float('inf'), 0\n"
        "    for e, c in enumerate(val_costs):\n        if c < best_cost:\n            best, best_cost, wait = e, c, 0\n"
        "        else:\n            wait += 1\n            if wait >= patience:\n                break\n    return best",
        "def early_stopping_epoch(val_costs, patience):\n    v = np.asarray(val_costs, float)\n    best = 0\n    e = 1\n"
        "    while e < len(v) and e - best < patience + 1:\n        if v[e] < v[best]:\n            best = e\n"
        "        elif e - best >= patience:\n            break\n        e += 1\n    return int(best)",
    ],
    "wrong": [
        (
            "def early_stopping_epoch(val_costs, patience):\n    return int(np.argmin(val_costs))",
            ["lowest cost of the whole curve"],
        ),
        # the blind review's false pass: a patience counter never reset on improvement
        (
            "def early_stopping_epoch(val_costs, patience):\n    v = val_costs\n    best = 0\n    wait = 0\n"
            "    for e in range(1, len(v)):\n        if v[e] < v[best]:\n            best = e\n        else:\n"
            "            wait += 1\n            if wait >= patience:\n                break\n    return best",
            ["never reset"],
        ),
        (
            "def early_stopping_epoch(val_costs, patience):\n    best = 0\n    for e in range(1, len(val_costs)):\n"
            "        if val_costs[e] <= val_costs[best]:\n            best = e\n        elif e - best >= patience:\n            break\n"
            "    return best",
            ["equal to the best"],
        ),
        (
            "def early_stopping_epoch(val_costs, patience):\n    best = 0\n    for e in range(1, len(val_costs)):\n"
            "        if val_costs[e] < val_costs[best]:\n            best = e\n        elif e - best > patience:\n            break\n"
            "    return best",
            ["one epoch more than the patience"],
        ),
        (
            "def early_stopping_epoch(val_costs, patience):\n    best = 0\n    for e in range(1, len(val_costs)):\n"
            "        if val_costs[e] < val_costs[best]:\n            best = e\n        elif e - best >= patience:\n            return e\n"
            "    return best",
            ["training stops"],
        ),
    ],
}

ANSWERS["bias_correction"] = {
    "right": [
        "def bias_correction(beta, t):\n    return 1 - np.asarray(beta, float) ** np.asarray(t)",
        "def bias_correction(beta, t):\n    t = np.asarray(t)\n    out = np.zeros(t.shape)\n"
        "    for i, k in np.ndenumerate(t):\n        out[i] = sum((1 - beta) * beta ** (k - j) for j in range(1, int(k) + 1))\n"
        "    return out if t.ndim else float(out)",
        "def bias_correction(beta, t):\n    return -np.expm1(np.asarray(t) * np.log(beta)) if beta > 0 else np.ones(np.shape(t))",
    ],
    "wrong": [
        (
            "def bias_correction(beta, t):\n    return np.asarray(beta, float) ** np.asarray(t)",
            ["beta^t", "1 - beta^t"],
        ),
        (
            "def bias_correction(beta, t):\n    return 1 - np.asarray(beta, float) ** (np.asarray(t) - 1)",
            ["one term too few"],
        ),
        (
            "def bias_correction(beta, t):\n    return 1 - np.asarray(beta, float) ** (np.asarray(t) + 1)",
            ["one term too many"],
        ),
        (
            "def bias_correction(beta, t):\n    return 1 / (1 - np.asarray(beta, float) ** np.asarray(t))",
            ["m_hat"],
        ),
        ("def bias_correction(beta, t):\n    return (1 - beta) * np.asarray(t, float)", ["wrong value"]),
    ],
}
