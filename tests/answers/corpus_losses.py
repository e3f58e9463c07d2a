"""Learners' answers to the exercises of parts 0 and 1 (losses): right variants and mistakes.

``ANSWERS[exercise_id] = {"right": [source, ...], "wrong": [(source, words), ...]}``: each source
defines the learner's function (``numpy`` is imported as ``np`` before it runs); a wrong
answer's report must contain every one of its ``words``.
"""

from __future__ import annotations

A = "np.asarray"
ANSWERS: dict[str, dict] = {}

ANSWERS["squared_error"] = {
    "right": [
        "def squared_error(y_true, y_pred):\n    return (y_pred - y_true) ** 2",
        "def squared_error(y_true, y_pred):\n    d = y_true - y_pred\n    return d * d",
        "def squared_error(y_true, y_pred):\n    return float(np.square(np.float32(y_pred) - np.float32(y_true)))",
    ],
    "wrong": [
        ("def squared_error(y_true, y_pred):\n    return y_pred - y_true", ["without squaring"]),
        ("def squared_error(y_true, y_pred):\n    return abs(y_pred - y_true)", ["absolute error"]),
        ("def squared_error(y_true, y_pred):\n    return y_pred**2 - y_true**2", ["subtracted the squares"]),
        ("def squared_error(y_true, y_pred):\n    (y_pred - y_true) ** 2", ["returned None", "return"]),
        ("def squared_error(y_true):\n    return y_true ** 2", ["argument"]),
    ],
}

ANSWERS["mse"] = {
    "right": [
        "def mse(y_true, y_pred):\n    return float(np.mean((np.asarray(y_pred) - np.asarray(y_true)) ** 2))",
        "def mse(y_true, y_pred):\n    total = 0.0\n    for t, p in zip(np.ravel(y_true), np.ravel(y_pred)):\n        total += (p - t) ** 2\n    return total / np.size(y_true)",
        "def mse(y_true, y_pred):\n    r = np.asarray(y_true, dtype=np.float64) - np.asarray(y_pred, dtype=np.float64)\n    return float(np.sum(r * r) / r.size)",
    ],
    "wrong": [
        (
            "def mse(y_true, y_pred):\n    return float(np.sum((np.asarray(y_pred) - np.asarray(y_true)) ** 2))",
            ["summed"],
        ),
        (
            "def mse(y_true, y_pred):\n    return (np.asarray(y_pred) - np.asarray(y_true)) ** 2",
            ["per-sample"],
        ),
        (
            "def mse(y_true, y_pred):\n    return float(np.mean(np.abs(np.asarray(y_pred) - np.asarray(y_true))))",
            ["MAE"],
        ),
        (
            "def mse(y_true, y_pred):\n    return float(np.sqrt(np.mean((np.asarray(y_pred) - np.asarray(y_true)) ** 2)))",
            ["RMSE"],
        ),
        (
            "def mse(y_true, y_pred):\n    return 0.5 * float(np.mean((np.asarray(y_pred) - np.asarray(y_true)) ** 2))",
            ["1/2"],
        ),
        (
            "def mse(y_true, y_pred):\n    return float(np.mean(np.asarray(y_pred) - np.asarray(y_true))) ** 2",
            ["squared the mean residual"],
        ),
        ("def mse(y_true, y_pred):\n    return ((y_pred - y_true) ** 2).mean()", ["lists", A]),
    ],
}

ANSWERS["mse_grad"] = {
    "right": [
        "def mse_grad(y_true, y_pred):\n    y_true, y_pred = np.asarray(y_true, float), np.asarray(y_pred, float)\n    return 2 * (y_pred - y_true) / y_true.size",
        "def mse_grad(y_true, y_pred):\n    r = np.subtract(y_pred, y_true, dtype=float)\n    return 2.0 / r.size * r",
        "def mse_grad(y_true, y_pred):\n    n = np.size(y_true)\n    g = [2 * (p - t) / n for t, p in zip(np.ravel(y_true), np.ravel(y_pred))]\n    return np.array(g, dtype=float).reshape(np.shape(y_pred))",
    ],
    "wrong": [
        (
            "def mse_grad(y_true, y_pred):\n    return 2 * (np.asarray(y_pred, float) - np.asarray(y_true, float))",
            ["n times too large"],
        ),
        (
            "def mse_grad(y_true, y_pred):\n    r = np.asarray(y_true, float) - np.asarray(y_pred, float)\n    return 2 * r / r.size",
            ["opposite sign"],
        ),
        (
            "def mse_grad(y_true, y_pred):\n    r = np.asarray(y_pred, float) - np.asarray(y_true, float)\n    return r / r.size",
            ["dropped the 2"],
        ),
        (
            "def mse_grad(y_true, y_pred):\n    r = np.asarray(y_true, float) - np.asarray(y_pred, float)\n    return r / r.size",
            ["dropped the 2", "flipped"],
        ),
        (
            "def mse_grad(y_true, y_pred):\n    r = np.asarray(y_pred, float) - np.asarray(y_true, float)\n    return float(np.mean(2 * r))",
            ["shape"],
        ),
    ],
}

ANSWERS["mse_grad"]["wrong"].append(
    (
        "def mse_grad(y_true, y_pred):\n    r = np.asarray(y_pred, float) - np.asarray(y_true, float)\n    return 2 * r / len(r)",
        ["len(y)", "2-D"],
    )
)
ANSWERS["mse_grad"]["wrong"].append(
    (
        "def mse_grad(y_true, y_pred):\n    r = np.asarray(y_pred, float) - np.asarray(y_true, float)\n"
        "    return float(np.mean(2 * r))",
        ["one number", "no mean or sum"],
    )
)

ANSWERS["mae"] = {
    "right": [
        "def mae(y_true, y_pred):\n    return float(np.mean(np.abs(np.asarray(y_pred) - np.asarray(y_true))))",
        "def mae(y_true, y_pred):\n    return sum(abs(p - t) for t, p in zip(np.ravel(y_true), np.ravel(y_pred))) / np.size(y_true)",
        "def mae(y_true, y_pred):\n    r = np.asarray(y_true, dtype=np.float64) - np.asarray(y_pred, dtype=np.float64)\n    return float(np.linalg.norm(r.ravel(), 1) / r.size)",
    ],
    "wrong": [
        (
            "def mae(y_true, y_pred):\n    return float(np.sum(np.abs(np.asarray(y_pred) - np.asarray(y_true))))",
            ["summed"],
        ),
        (
            "def mae(y_true, y_pred):\n    return np.abs(np.asarray(y_pred) - np.asarray(y_true))",
            ["per-sample"],
        ),
        (
            "def mae(y_true, y_pred):\n    return float(np.mean((np.asarray(y_pred) - np.asarray(y_true)) ** 2))",
            ["MSE"],
        ),
        (
            "def mae(y_true, y_pred):\n    return float(np.mean(np.asarray(y_pred) - np.asarray(y_true)))",
            ["absolute value"],
        ),
        (
            "def mae(y_true, y_pred):\n    return abs(float(np.mean(np.asarray(y_pred) - np.asarray(y_true))))",
            ["absolute value of the mean"],
        ),
    ],
}

ANSWERS["mae_grad"] = {
    "right": [
        "def mae_grad(y_true, y_pred):\n    r = np.asarray(y_pred, float) - np.asarray(y_true, float)\n    return np.sign(r) / r.size",
        "def mae_grad(y_true, y_pred):\n    n = np.size(y_true)\n    g = [(1.0 if p > t else -1.0 if p < t else 0.0) / n for t, p in zip(np.ravel(y_true), np.ravel(y_pred))]\n    return np.array(g).reshape(np.shape(y_pred))",
        "def mae_grad(y_true, y_pred):\n    r = np.asarray(y_pred, float) - np.asarray(y_true, float)\n    return np.where(r > 0, 1.0, np.where(r < 0, -1.0, 0.0)) / r.size",
    ],
    "wrong": [
        (
            "def mae_grad(y_true, y_pred):\n    return np.sign(np.asarray(y_pred, float) - np.asarray(y_true, float))",
            ["n times too large"],
        ),
        (
            "def mae_grad(y_true, y_pred):\n    r = np.asarray(y_true, float) - np.asarray(y_pred, float)\n    return np.sign(r) / r.size",
            ["opposite sign"],
        ),
        (
            "def mae_grad(y_true, y_pred):\n    r = np.asarray(y_pred, float) - np.asarray(y_true, float)\n    return 2 * r / r.size",
            ["gradient of the MSE"],
        ),
        (
            "def mae_grad(y_true, y_pred):\n    r = np.asarray(y_pred, float) - np.asarray(y_true, float)\n    return r / r.size",
            ["sign(r)"],
        ),
        (
            "def mae_grad(y_true, y_pred):\n    r = np.asarray(y_pred, float) - np.asarray(y_true, float)\n    return r / np.abs(r) / r.size",
            ["nan"],
        ),
    ],
}

_HUBER_RIGHT_LOOP = """def huber(y_true, y_pred, delta=1.0):
    total = 0.0
    for t, p in zip(np.ravel(y_true), np.ravel(y_pred)):
        r = abs(p - t)
        total += 0.5 * r * r if r <= delta else delta * (r - 0.5 * delta)
    return total / np.size(y_true)"""
ANSWERS["huber"] = {
    "right": [
        "def huber(y_true, y_pred, delta=1.0):\n    r = np.abs(np.asarray(y_pred, float) - np.asarray(y_true, float))\n    return float(np.mean(np.where(r <= delta, 0.5 * r**2, delta * (r - delta / 2))))",
        _HUBER_RIGHT_LOOP,
        "def huber(y_true, y_pred, delta=1.0):\n    r = np.abs(np.subtract(y_pred, y_true, dtype=np.float32))\n    q = np.minimum(r, delta)\n    return float(np.mean(0.5 * q**2 + delta * (r - q)))",
    ],
    "wrong": [
        (
            "def huber(y_true, y_pred, delta=1.0):\n    r = np.abs(np.asarray(y_pred, float) - np.asarray(y_true, float))\n    return float(np.mean(np.where(r <= delta, r**2, delta * (r - delta / 2))))",
            ["1/2"],
        ),
        (
            "def huber(y_true, y_pred, delta=1.0):\n    r = np.abs(np.asarray(y_pred, float) - np.asarray(y_true, float))\n    return float(np.mean(np.where(r <= delta, 0.5 * r**2, delta * r)))",
            ["shift"],
        ),
        (
            "def huber(y_true, y_pred, delta=1.0):\n    r = np.abs(np.asarray(y_pred, float) - np.asarray(y_true, float))\n    return float(np.mean(np.where(r <= 1.0, 0.5 * r**2, 1.0 * (r - 0.5))))",
            ["delta"],
        ),
        (
            "def huber(y_true, y_pred, delta=1.0):\n    r = np.abs(np.asarray(y_pred, float) - np.asarray(y_true, float))\n    return float(np.sum(np.where(r <= delta, 0.5 * r**2, delta * (r - delta / 2))))",
            ["summed"],
        ),
        (
            "def huber(y_true, y_pred, delta=1.0):\n    r = np.abs(np.asarray(y_pred, float) - np.asarray(y_true, float))\n    return float(np.mean(np.where(r > delta, 0.5 * r**2, delta * (r - delta / 2))))",
            ["swapped"],
        ),
    ],
}

ANSWERS["huber_grad"] = {
    "right": [
        "def huber_grad(y_true, y_pred, delta=1.0):\n    r = np.asarray(y_pred, float) - np.asarray(y_true, float)\n    return np.clip(r, -delta, delta) / r.size",
        "def huber_grad(y_true, y_pred, delta=1.0):\n    r = np.asarray(y_pred, float) - np.asarray(y_true, float)\n    return np.where(np.abs(r) <= delta, r, delta * np.sign(r)) / r.size",
        "def huber_grad(y_true, y_pred, delta=1.0):\n    n = np.size(y_true)\n    g = [max(-delta, min(delta, p - t)) / n for t, p in zip(np.ravel(y_true), np.ravel(y_pred))]\n    return np.array(g, dtype=float).reshape(np.shape(y_pred))",
    ],
    "wrong": [
        (
            "def huber_grad(y_true, y_pred, delta=1.0):\n    r = np.asarray(y_pred, float) - np.asarray(y_true, float)\n    return np.clip(r, -delta, delta)",
            ["n times too large"],
        ),
        (
            "def huber_grad(y_true, y_pred, delta=1.0):\n    r = np.asarray(y_true, float) - np.asarray(y_pred, float)\n    return np.clip(r, -delta, delta) / r.size",
            ["opposite sign"],
        ),
        (
            "def huber_grad(y_true, y_pred, delta=1.0):\n    r = np.asarray(y_pred, float) - np.asarray(y_true, float)\n    return np.clip(r, -1, 1) / r.size",
            ["delta"],
        ),
        (
            "def huber_grad(y_true, y_pred, delta=1.0):\n    r = np.asarray(y_pred, float) - np.asarray(y_true, float)\n    return 2 * np.clip(r, -delta, delta) / r.size",
            ["twice too large"],
        ),
        (
            "def huber_grad(y_true, y_pred):\n    r = np.asarray(y_pred, float) - np.asarray(y_true, float)\n    return np.clip(r, -1, 1) / r.size",
            ["argument"],
        ),
    ],
}

_BCE = "    y = np.asarray(y_true, float)\n    p = np.clip(np.asarray(y_pred, float), eps, 1 - eps)\n"
ANSWERS["binary_cross_entropy"] = {
    "right": [
        "def binary_cross_entropy(y_true, y_pred, eps=1e-12):\n"
        + _BCE
        + "    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))",
        "def binary_cross_entropy(y_true, y_pred, eps=1e-12):\n"
        + _BCE
        + "    return float(np.mean(np.where(y == 1, -np.log(p), -np.log(1 - p))))",
        "def binary_cross_entropy(y_true, y_pred, eps=1e-7):\n"
        + _BCE
        + "    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))",
    ],
    "wrong": [
        (
            "def binary_cross_entropy(y_true, y_pred, eps=1e-12):\n"
            + _BCE
            + "    return float(-np.mean(y * np.log2(p) + (1 - y) * np.log2(1 - p)))",
            ["log", "base 2"],
        ),
        (
            "def binary_cross_entropy(y_true, y_pred, eps=1e-12):\n"
            + _BCE
            + "    return float(-np.mean(y * np.log10(p) + (1 - y) * np.log10(1 - p)))",
            ["base 10"],
        ),
        (
            "def binary_cross_entropy(y_true, y_pred, eps=1e-12):\n    y = np.asarray(y_pred, float)\n    p = np.clip(np.asarray(y_true, float), eps, 1 - eps)\n    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))",
            ["arguments", "swapped"],
        ),
        (
            "def binary_cross_entropy(y_true, y_pred, eps=1e-12):\n    y, p = np.asarray(y_true, float), np.asarray(y_pred, float)\n    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))",
            ["clipping"],
        ),
        (
            "def binary_cross_entropy(y_true, y_pred, eps=1e-12):\n"
            + _BCE
            + "    return float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))",
            ["minus sign"],
        ),
        (
            "def binary_cross_entropy(y_true, y_pred, eps=1e-12):\n"
            + _BCE
            + "    return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))",
            ["summed"],
        ),
        (
            "def binary_cross_entropy(y_true, y_pred, eps=1e-12):\n"
            + _BCE
            + "    return float(-np.mean(y * np.log(p)))",
            ["y log(q) term"],
        ),
    ],
}

ANSWERS["binary_cross_entropy_grad"] = {
    "right": [
        "def binary_cross_entropy_grad(y_true, y_pred, eps=1e-12):\n"
        + _BCE
        + "    return (p - y) / (p * (1 - p)) / y.size",
        "def binary_cross_entropy_grad(y_true, y_pred, eps=1e-12):\n"
        + _BCE
        + "    return (-y / p + (1 - y) / (1 - p)) / y.size",
        "def binary_cross_entropy_grad(y_true, y_pred, eps=1e-12):\n"
        + _BCE
        + "    n = y.size\n    g = [(-t / q + (1 - t) / (1 - q)) / n for t, q in zip(y.ravel(), p.ravel())]\n    return np.array(g).reshape(y.shape)",
    ],
    "wrong": [
        (
            "def binary_cross_entropy_grad(y_true, y_pred, eps=1e-12):\n"
            + _BCE
            + "    return (p - y) / (p * (1 - p))",
            ["n times too large"],
        ),
        (
            "def binary_cross_entropy_grad(y_true, y_pred, eps=1e-12):\n"
            + _BCE
            + "    return (y - p) / (p * (1 - p)) / y.size",
            ["opposite sign"],
        ),
        (
            "def binary_cross_entropy_grad(y_true, y_pred, eps=1e-12):\n"
            + _BCE
            + "    return (p - y) / y.size",
            ["logit"],
        ),
        (
            "def binary_cross_entropy_grad(y_true, y_pred, eps=1e-12):\n    y, p = np.asarray(y_true, float), np.asarray(y_pred, float)\n    return (p - y) / (p * (1 - p)) / y.size",
            ["nan"],
        ),
        (
            "def binary_cross_entropy_grad(y_true, y_pred, eps=1e-12):\n"
            + _BCE
            + "    return float(np.mean((p - y) / (p * (1 - p))))",
            ["shape"],
        ),
    ],
}

_Z = "    y = np.asarray(y_true, float)\n    z = np.asarray(z, float)\n"
ANSWERS["binary_cross_entropy_with_logits"] = {
    "right": [
        "def binary_cross_entropy_with_logits(y_true, z):\n"
        + _Z
        + "    return float(np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))))",
        "def binary_cross_entropy_with_logits(y_true, z):\n"
        + _Z
        + "    return float(np.mean(np.logaddexp(0, z) - y * z))",
        "def binary_cross_entropy_with_logits(y_true, z):\n"
        + _Z
        + "    return float(np.mean(y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)))",
    ],
    "wrong": [
        (
            "def binary_cross_entropy_with_logits(y_true, z):\n"
            + _Z
            + "    p = 1 / (1 + np.exp(-z))\n    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))",
            ["log(0)"],
        ),
        (
            "def binary_cross_entropy_with_logits(y_true, z):\n"
            + _Z
            + "    p = np.clip(1 / (1 + np.exp(-z)), 1e-12, 1 - 1e-12)\n    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))",
            ["clipped"],
        ),
        (
            "def binary_cross_entropy_with_logits(y_true, z):\n"
            + _Z
            + "    return float(np.mean(np.log(1 + np.exp(z)) - z * y))",
            ["overflows"],
        ),
        (
            "def binary_cross_entropy_with_logits(y_true, z):\n"
            + _Z
            + "    return float(np.sum(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))))",
            ["summed"],
        ),
        (
            "def binary_cross_entropy_with_logits(y_true, z):\n"
            + _Z
            + "    return np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))",
            ["per-sample"],
        ),
    ],
}

_SIG = "from course_utils.activations import sigmoid\n\n"
ANSWERS["binary_cross_entropy_with_logits_grad"] = {
    "right": [
        _SIG
        + "def binary_cross_entropy_with_logits_grad(y_true, z):\n"
        + _Z
        + "    return (sigmoid(z) - y) / y.size",
        "def binary_cross_entropy_with_logits_grad(y_true, z):\n"
        + _Z
        + "    p = np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))\n    return (p - y) / y.size",
        "def binary_cross_entropy_with_logits_grad(y_true, z):\n"
        + _Z
        + "    return (0.5 * (1 + np.tanh(z / 2)) - y) / y.size",
    ],
    "wrong": [
        (
            _SIG
            + "def binary_cross_entropy_with_logits_grad(y_true, z):\n"
            + _Z
            + "    return sigmoid(z) - y",
            ["n times too large"],
        ),
        (
            _SIG
            + "def binary_cross_entropy_with_logits_grad(y_true, z):\n"
            + _Z
            + "    return (y - sigmoid(z)) / y.size",
            ["opposite sign"],
        ),
        (
            "def binary_cross_entropy_with_logits_grad(y_true, z):\n" + _Z + "    return (z - y) / y.size",
            ["logit z itself"],
        ),
        (
            "def binary_cross_entropy_with_logits_grad(y_true, z):\n"
            + _Z
            + "    return (1 / (1 + np.exp(-z)) - y)",
            ["wrong value"],
        ),
        # the overflowing form the task warns against: its values round right at z = -1000,
        # with only a RuntimeWarning (a false pass in the blind review)
        (
            "def binary_cross_entropy_with_logits_grad(y_true, z):\n"
            + _Z
            + "    return (1 / (1 + np.exp(-z)) - y) / y.size",
            ["overflow encountered in exp", "cannot overflow", "np.tanh"],
        ),
        (
            "def binary_cross_entropy_with_logits_grad(y_true, z):\n"
            + _Z
            + "    p = np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))\n"
            + "    return (p - y) / y.size",
            ["overflow", "both branches"],
        ),
        (
            "def binary_cross_entropy_with_logits_grad(y_true, z):\n"
            + _Z
            + "    return float(np.mean(1 / (1 + np.exp(-z)) - y))",
            ["shape"],
        ),
    ],
}

ANSWERS["softmax"] = {
    "right": [
        "def softmax(z):\n    z = np.asarray(z, float)\n    e = np.exp(z - z.max(axis=-1, keepdims=True))\n    return e / e.sum(axis=-1, keepdims=True)",
        "def softmax(z):\n    z = np.atleast_2d(np.asarray(z, float))\n    out = np.empty_like(z)\n    for i, row in enumerate(z):\n        e = np.exp(row - np.max(row))\n        out[i] = e / np.sum(e)\n    return out.reshape(np.shape(z)) if np.ndim(z) else out",
        "def softmax(z):\n    z = np.asarray(z, float)\n    log_norm = np.log(np.sum(np.exp(z - np.max(z, axis=-1, keepdims=True)), axis=-1, keepdims=True)) + np.max(z, axis=-1, keepdims=True)\n    return np.exp(z - log_norm)",
    ],
    "wrong": [
        (
            "def softmax(z):\n    e = np.exp(np.asarray(z, float))\n    return e / e.sum(axis=-1, keepdims=True)",
            ["overflows"],
        ),
        (
            "def softmax(z):\n    z = np.asarray(z, float)\n    e = np.exp(z - z.max(axis=0, keepdims=True))\n    return e / e.sum(axis=0, keepdims=True)",
            ["column"],
        ),
        (
            "def softmax(z):\n    z = np.asarray(z, float)\n    e = np.exp(z - z.max())\n    return e / e.sum()",
            ["whole array"],
        ),
        (
            "def softmax(z):\n    z = np.asarray(z, float)\n    e = np.exp(z - z.max())\n    return e / e.sum(axis=-1, keepdims=True)",
            ["global maximum", "row"],
        ),
        (
            "def softmax(z):\n    z = np.asarray(z, float)\n    e = np.exp(z - z.max(axis=-1, keepdims=True))\n    return e / e.sum(axis=-1)",
            ["shape"],
        ),
    ],
}

_CCE = "    y = np.asarray(y_true, float)\n    p = np.clip(np.asarray(y_pred, float), eps, 1.0)\n"
ANSWERS["categorical_cross_entropy"] = {
    "right": [
        "def categorical_cross_entropy(y_true, y_pred, eps=1e-12):\n"
        + _CCE
        + "    return float(np.mean(-(y * np.log(p)).sum(axis=1)))",
        "def categorical_cross_entropy(y_true, y_pred, eps=1e-12):\n"
        + _CCE
        + "    return float(-np.sum(y * np.log(p)) / y.shape[0])",
        "def categorical_cross_entropy(y_true, y_pred, eps=1e-7):\n"
        + _CCE
        + "    return float(-np.einsum('nk,nk->', y, np.log(p)) / len(y))",
    ],
    "wrong": [
        (
            "def categorical_cross_entropy(y_true, y_pred, eps=1e-12):\n"
            + _CCE
            + "    return float(np.mean(-y * np.log(p)))",
            ["K times too small"],
        ),
        (
            "def categorical_cross_entropy(y_true, y_pred, eps=1e-12):\n"
            + _CCE
            + "    return float(-np.sum(y * np.log(p)))",
            ["summed"],
        ),
        (
            "def categorical_cross_entropy(y_true, y_pred, eps=1e-12):\n"
            + _CCE
            + "    return -(y * np.log(p)).sum(axis=1)",
            ["per-sample"],
        ),
        (
            "def categorical_cross_entropy(y_true, y_pred, eps=1e-12):\n"
            + _CCE
            + "    return float(np.mean(-(y * np.log2(p)).sum(axis=1)))",
            ["base 2"],
        ),
        (
            "def categorical_cross_entropy(y_true, y_pred, eps=1e-12):\n    y, p = np.asarray(y_true, float), np.asarray(y_pred, float)\n    return float(np.mean(-(y * np.log(p)).sum(axis=1)))",
            ["clipping"],
        ),
    ],
}

ANSWERS["categorical_cross_entropy_grad"] = {
    "right": [
        "def categorical_cross_entropy_grad(y_true, y_pred, eps=1e-12):\n"
        + _CCE
        + "    return -y / p / y.shape[0]",
        "def categorical_cross_entropy_grad(y_true, y_pred, eps=1e-12):\n"
        + _CCE
        + "    return -(y / p) / len(y)",
        "def categorical_cross_entropy_grad(y_true, y_pred, eps=1e-7):\n"
        + _CCE
        + "    return np.divide(-y, p * y.shape[0])",
    ],
    "wrong": [
        (
            "def categorical_cross_entropy_grad(y_true, y_pred, eps=1e-12):\n" + _CCE + "    return -y / p",
            ["n times too large"],
        ),
        (
            "def categorical_cross_entropy_grad(y_true, y_pred, eps=1e-12):\n"
            + _CCE
            + "    return y / p / y.shape[0]",
            ["opposite sign"],
        ),
        (
            "def categorical_cross_entropy_grad(y_true, y_pred, eps=1e-12):\n"
            + _CCE
            + "    return (p - y) / y.shape[0]",
            ["logits"],
        ),
        (
            "def categorical_cross_entropy_grad(y_true, y_pred, eps=1e-12):\n"
            + _CCE
            + "    return -y / p / y.size",
            ["K times too small"],
        ),
        (
            "def categorical_cross_entropy_grad(y_true, y_pred, eps=1e-12):\n    y, p = np.asarray(y_true, float), np.asarray(y_pred, float)\n    return -y / p / y.shape[0]",
            ["clipping"],
        ),
    ],
}

_SCE = "    y = np.asarray(y)\n    z = np.asarray(z, float)\n    n = z.shape[0]\n"
ANSWERS["softmax_cross_entropy"] = {
    "right": [
        "def softmax_cross_entropy(y, z):\n"
        + _SCE
        + "    s = z - z.max(axis=1, keepdims=True)\n    log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))\n    return float(-log_p[np.arange(n), y].mean())",
        "def softmax_cross_entropy(y, z):\n"
        + _SCE
        + "    total = 0.0\n    for i in range(n):\n        m = z[i].max()\n        total += m + np.log(np.sum(np.exp(z[i] - m))) - z[i, y[i]]\n    return total / n",
        "def softmax_cross_entropy(y, z):\n"
        + _SCE
        + "    lse = np.logaddexp.reduce(z, axis=1)\n    return float(np.mean(lse - z[np.arange(n), y]))",
    ],
    "wrong": [
        (
            "def softmax_cross_entropy(y, z):\n"
            + _SCE
            + "    e = np.exp(z)\n    p = e / e.sum(axis=1, keepdims=True)\n    return float(-np.log(p[np.arange(n), y]).mean())",
            ["overflows"],
        ),
        (
            "def softmax_cross_entropy(y, z):\n"
            + _SCE
            + "    e = np.exp(z - z.max(axis=1, keepdims=True))\n    p = e / e.sum(axis=1, keepdims=True)\n    return float(-np.log(p[np.arange(n), y]).mean())",
            ["log(softmax(z))"],
        ),
        (
            "def softmax_cross_entropy(y, z):\n"
            + _SCE
            + "    s = z - z.max(axis=1, keepdims=True)\n    log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))\n    return float(-log_p[np.arange(n), y].sum())",
            ["summed"],
        ),
        (
            "def softmax_cross_entropy(y, z):\n"
            + _SCE
            + "    s = z - z.max(axis=1, keepdims=True)\n    log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))\n    return -log_p[np.arange(n), y]",
            ["per-sample"],
        ),
        (
            "def softmax_cross_entropy(y, z):\n"
            + _SCE
            + "    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))\n    return float(-log_p[np.arange(n), y].mean())",
            ["shift"],
        ),
    ],
}

_SM = "from course_utils.activations import softmax\nfrom course_utils.targets import one_hot\n\n"
ANSWERS["softmax_cross_entropy_grad"] = {
    "right": [
        _SM
        + "def softmax_cross_entropy_grad(y, z):\n"
        + _SCE
        + "    return (softmax(z) - one_hot(y, z.shape[1])) / n",
        "def softmax_cross_entropy_grad(y, z):\n"
        + _SCE
        + "    e = np.exp(z - z.max(axis=1, keepdims=True))\n    g = e / e.sum(axis=1, keepdims=True)\n    g[np.arange(n), y] -= 1\n    return g / n",
        "def softmax_cross_entropy_grad(y, z):\n"
        + _SCE
        + "    e = np.exp(z - z.max(axis=1, keepdims=True))\n    p = e / e.sum(axis=1, keepdims=True)\n    return (p - np.eye(z.shape[1])[y]) / n",
    ],
    "wrong": [
        (
            _SM
            + "def softmax_cross_entropy_grad(y, z):\n"
            + _SCE
            + "    return softmax(z) - one_hot(y, z.shape[1])",
            ["n times too large"],
        ),
        (
            _SM
            + "def softmax_cross_entropy_grad(y, z):\n"
            + _SCE
            + "    return (one_hot(y, z.shape[1]) - softmax(z)) / n",
            ["opposite sign"],
        ),
        (_SM + "def softmax_cross_entropy_grad(y, z):\n" + _SCE + "    return softmax(z) / n", ["one-hot"]),
        (
            "def softmax_cross_entropy_grad(y, z):\n"
            + _SCE
            + "    e = np.exp(z - z.max(axis=1, keepdims=True))\n    p = e / e.sum(axis=1, keepdims=True)\n    return (p - np.eye(z.shape[1])[y])",
            ["n times too large"],
        ),
        (
            "def softmax_cross_entropy_grad(y, z):\n"
            + _SCE
            + "    e = np.exp(z - z.max(axis=1, keepdims=True))\n    p = e / e.sum(axis=1, keepdims=True)\n    return float(np.mean(p - np.eye(z.shape[1])[y]))",
            ["shape"],
        ),
    ],
}

_KL = "    p = np.asarray(p, float)\n    q = np.asarray(q, float)\n"
ANSWERS["kl_divergence"] = {
    "right": [
        "def kl_divergence(p, q):\n"
        + _KL
        + "    mask = p > 0\n    return float(np.sum(p[mask] * np.log(p[mask] / q[mask])))",
        "def kl_divergence(p, q):\n"
        + _KL
        + "    total = 0.0\n    for a, b in zip(p.ravel(), q.ravel()):\n        if a > 0:\n            total += a * np.log(a / b)\n    return total",
        "def kl_divergence(p, q):\n"
        + _KL
        + "    return float(np.sum(np.where(p > 0, p * (np.log(np.where(p > 0, p, 1)) - np.log(np.where(p > 0, q, 1))), 0.0)))",
    ],
    "wrong": [
        (
            "def kl_divergence(p, q):\n"
            + _KL
            + "    p = np.clip(p, 1e-12, 1)\n    mask = q > 0\n    return float(np.sum(q[mask] * np.log(q[mask] / p[mask])))",
            ["swapped"],
        ),
        ("def kl_divergence(p, q):\n" + _KL + "    return float(np.sum(p * np.log(p / q)))", ["0 log 0"]),
        (
            "def kl_divergence(p, q):\n"
            + _KL
            + "    mask = p > 0\n    return float(np.sum(p[mask] * np.log(q[mask] / p[mask])))",
            ["negative"],
        ),
        (
            "def kl_divergence(p, q):\n"
            + _KL
            + "    mask = p > 0\n    return float(-np.sum(p[mask] * np.log(q[mask])))",
            ["cross-entropy"],
        ),
        (
            "def kl_divergence(p, q):\n"
            + _KL
            + "    mask = p > 0\n    return float(np.sum(p[mask] * np.log2(p[mask] / q[mask])))",
            ["base 2"],
        ),
    ],
}

ANSWERS["kl_divergence_grad"] = {
    "right": [
        "def kl_divergence_grad(p, q):\n"
        + _KL
        + "    return -np.divide(p, q, out=np.zeros_like(p), where=p > 0)",
        "def kl_divergence_grad(p, q):\n"
        + _KL
        + "    return np.where(p > 0, -p / np.where(q > 0, q, 1.0), 0.0)",
        "def kl_divergence_grad(p, q):\n"
        + _KL
        + "    g = np.zeros_like(p)\n    for i in np.ndindex(p.shape):\n        if p[i] > 0:\n            g[i] = -p[i] / q[i]\n    return g",
    ],
    "wrong": [
        (
            "def kl_divergence_grad(p, q):\n"
            + _KL
            + "    return np.divide(p, q, out=np.zeros_like(p), where=p > 0)",
            ["opposite sign"],
        ),
        ("def kl_divergence_grad(p, q):\n" + _KL + "    return -p / q", ["0 / 0"]),
        ("def kl_divergence_grad(p, q):\n" + _KL + "    return -1 / np.clip(q, 1e-12, 1)", ["factor p"]),
        (
            "def kl_divergence_grad(p, q):\n"
            + _KL
            + "    return np.where(p > 0, -q / np.where(p > 0, p, 1.0), 0.0)",
            ["-q/p"],
        ),
        (
            "def kl_divergence_grad(p, q):\n"
            + _KL
            + "    return float(np.sum(-np.divide(p, q, out=np.zeros_like(p), where=p > 0)))",
            ["shape"],
        ),
    ],
}

ANSWERS["smooth_labels"] = {
    "right": [
        "def smooth_labels(y_onehot, eps):\n    y = np.asarray(y_onehot, float)\n    return (1 - eps) * y + eps / y.shape[-1]",
        "def smooth_labels(y_onehot, eps):\n    y = np.asarray(y_onehot, float)\n    k = y.shape[-1]\n    return np.where(y == 1, 1 - eps + eps / k, eps / k)",
        "def smooth_labels(y_onehot, eps):\n    y = np.array(y_onehot, dtype=np.float64)\n    return y - eps * (y - 1.0 / y.shape[-1])",
    ],
    "wrong": [
        (
            "def smooth_labels(y_onehot, eps):\n    y = np.asarray(y_onehot, float)\n    k = y.shape[-1]\n    return np.where(y == 1, 1 - eps, eps / (k - 1))",
            ["K - 1"],
        ),
        (
            "def smooth_labels(y_onehot, eps):\n    y = np.asarray(y_onehot, float)\n    return y + eps / y.shape[-1]",
            ["1 + eps"],
        ),
        (
            "def smooth_labels(y_onehot, eps):\n    y = np.asarray(y_onehot, float)\n    return (1 - eps) * y + eps",
            ["eps / K"],
        ),
        (
            "def smooth_labels(y_onehot, eps):\n    y = np.asarray(y_onehot, float)\n    return y - eps + eps / y.shape[-1]",
            ["subtract"],
        ),
        (
            "def smooth_labels(y_onehot, eps):\n    y = np.asarray(y_onehot, float)\n    return (1 - eps) * y + eps / y.size",
            ["wrong value"],
        ),
    ],
}

_H = "    y = np.asarray(y, float)\n    s = np.asarray(s, float)\n"
ANSWERS["hinge"] = {
    "right": [
        "def hinge(y, s):\n" + _H + "    return float(np.mean(np.maximum(0.0, 1.0 - y * s)))",
        "def hinge(y, s):\n"
        + _H
        + "    return sum(max(0.0, 1.0 - a * b) for a, b in zip(y.ravel(), s.ravel())) / y.size",
        "def hinge(y, s):\n" + _H + "    m = 1 - y * s\n    return float(np.mean(m * (m > 0)))",
    ],
    "wrong": [
        ("def hinge(y, s):\n" + _H + "    return float(np.mean(1.0 - y * s))", ["max(0"]),
        ("def hinge(y, s):\n" + _H + "    return float(np.mean(np.maximum(0.0, -y * s)))", ["perceptron"]),
        ("def hinge(y, s):\n" + _H + "    return float(np.sum(np.maximum(0.0, 1.0 - y * s)))", ["summed"]),
        (
            "def hinge(y, s):\n" + _H + "    return float(np.mean(np.maximum(0.0, 1.0 - y * s) ** 2))",
            ["squared hinge"],
        ),
        (
            "def hinge(y, s):\n" + _H + "    return float(np.mean(np.maximum(0.0, 1.0 - s)))",
            ["ignores", "label"],
        ),
    ],
}

ANSWERS["hinge_from_01_labels"] = {
    "right": [
        "def hinge_from_01_labels(y01, s):\n    y = 2.0 * np.asarray(y01, float) - 1.0\n    return float(np.mean(np.maximum(0, 1 - y * np.asarray(s, float))))",
        "def hinge_from_01_labels(y01, s):\n    y = np.where(np.asarray(y01) == 1, 1.0, -1.0)\n    return float(np.mean(np.maximum(0, 1 - y * np.asarray(s, float))))",
        "from course_utils.losses import hinge\n\ndef hinge_from_01_labels(y01, s):\n    return hinge(2 * np.asarray(y01, float) - 1, s)",
    ],
    "wrong": [
        (
            "def hinge_from_01_labels(y01, s):\n    y = np.asarray(y01, float)\n    return float(np.mean(np.maximum(0, 1 - y * np.asarray(s, float))))",
            ["{0, 1} labels"],
        ),
        (
            "def hinge_from_01_labels(y01, s):\n    y = 1.0 - 2.0 * np.asarray(y01, float)\n    return float(np.mean(np.maximum(0, 1 - y * np.asarray(s, float))))",
            ["wrong way round"],
        ),
        (
            "def hinge_from_01_labels(y01, s):\n    y = 2.0 * np.asarray(y01, float) - 1.0\n    return float(np.sum(np.maximum(0, 1 - y * np.asarray(s, float))))",
            ["wrong value"],
        ),
        (
            "def hinge_from_01_labels(y01, s):\n    y = 2.0 * np.asarray(y01, float) - 1.0\n    return np.maximum(0, 1 - y * np.asarray(s, float))",
            ["shape"],
        ),
        (
            "def hinge_from_01_labels(y01, s):\n    y = 2.0 * y01 - 1.0\n    return float(np.mean(np.maximum(0, 1 - y * s)))",
            ["lists"],
        ),
    ],
}

ANSWERS["hinge_grad"] = {
    "right": [
        "def hinge_grad(y, s):\n" + _H + "    return np.where(y * s < 1.0, -y, 0.0) / s.size",
        "def hinge_grad(y, s):\n" + _H + "    return -y * (y * s < 1) / s.size",
        "def hinge_grad(y, s):\n"
        + _H
        + "    n = s.size\n    g = [-a / n if a * b < 1 else 0.0 for a, b in zip(y.ravel(), s.ravel())]\n    return np.array(g).reshape(s.shape)",
    ],
    "wrong": [
        ("def hinge_grad(y, s):\n" + _H + "    return np.where(y * s < 1.0, -y, 0.0)", ["n times too large"]),
        (
            "def hinge_grad(y, s):\n" + _H + "    return np.where(y * s < 1.0, y, 0.0) / s.size",
            ["opposite sign"],
        ),
        ("def hinge_grad(y, s):\n" + _H + "    return -y / s.size", ["beyond the margin"]),
        (
            "def hinge_grad(y, s):\n" + _H + "    return np.where(s < 1.0, -1.0, 0.0) / s.size",
            ["wrong value"],
        ),
        (
            "def hinge_grad(y, s):\n" + _H + "    return float(np.mean(np.where(y * s < 1.0, -y, 0.0)))",
            ["shape"],
        ),
    ],
}

_LF = "    x = np.asarray(x, float)\n    y = np.asarray(y, float)\n    r = w * x + b - y\n"
ANSWERS["line_fit_grad"] = {
    "right": [
        "def line_fit_grad(w, b, x, y):\n"
        + _LF
        + "    return float(np.mean(2 * r * x)), float(np.mean(2 * r))",
        "def line_fit_grad(w, b, x, y):\n"
        + _LF
        + "    n = len(x)\n    return 2 * (r @ x) / n, 2 * r.sum() / n",
        "def line_fit_grad(w, b, x, y):\n    gw = gb = 0.0\n    for xi, yi in zip(x, y):\n        r = w * xi + b - yi\n        gw += 2 * r * xi / len(x)\n        gb += 2 * r / len(x)\n    return gw, gb",
    ],
    "wrong": [
        (
            "def line_fit_grad(w, b, x, y):\n"
            + _LF
            + "    return float(np.mean(2 * r)), float(np.mean(2 * r))",
            ["grad_w equals grad_b"],
        ),
        (
            "def line_fit_grad(w, b, x, y):\n" + _LF + "    return float(np.mean(r * x)), float(np.mean(r))",
            ["half"],
        ),
        (
            "def line_fit_grad(w, b, x, y):\n"
            + _LF
            + "    return float(np.mean(-2 * r * x)), float(np.mean(-2 * r))",
            ["opposite sign"],
        ),
        (
            "def line_fit_grad(w, b, x, y):\n"
            + _LF
            + "    return float(np.sum(2 * r * x)), float(np.sum(2 * r))",
            ["n times too large"],
        ),
        (
            "def line_fit_grad(w, b, x, y):\n"
            + _LF
            + "    return float(np.mean(2 * r)), float(np.mean(2 * r * x))",
            ["wrong order"],
        ),
    ],
}

# The blind review's false fails and hidden bugs (len(y) behind a valid subgradient at the kink):
# each must fail with a message about the 2-D inputs and n = y.size, never about the kink alone.
ANSWERS["hinge"]["wrong"] += [
    (
        "def hinge(y, s):\n    return sum(max(0.0, 1 - a * b) for a, b in zip(y, s)) / len(y)",
        ["2-D arrays", "n = y.size", "np.ravel"],
    ),
    (
        "def hinge(y, s):\n"
        "    y, s = np.asarray(y, float), np.asarray(s, float)\n"
        "    return float(np.sum(np.maximum(0, 1 - y * s)) / len(y))",
        ["len(y)", "n = y.size"],
    ),
]
ANSWERS["hinge_grad"]["wrong"] += [
    (
        "def hinge_grad(y, s):\n"
        "    y, s = np.asarray(y, float), np.asarray(s, float)\n"
        "    return -y * ((y * s) < 1) / len(y)",
        ["len(y)", "n = y.size"],
    ),
    (
        "def hinge_grad(y, s):\n"
        "    y, s = np.asarray(y, float), np.asarray(s, float)\n"
        "    return np.where(y * s <= 1, -y, 0.0) / len(y)",
        ["len(y)", "y.size", "valid subgradient"],
    ),
]
ANSWERS["mae_grad"]["wrong"] += [
    (
        "def mae_grad(y_true, y_pred):\n"
        "    y, p = np.asarray(y_true, float), np.asarray(y_pred, float)\n"
        "    return np.where(p >= y, 1.0, -1.0) / len(y)",
        ["len(y)", "y.size", "valid subgradient"],
    ),
    (
        "def mae_grad(y_true, y_pred):\n"
        "    y, p = np.asarray(y_true, float), np.asarray(y_pred, float)\n"
        "    return np.sign(p - y) / len(y)",
        ["len(y)", "y.size"],
    ),
]

ANSWERS["huber"]["wrong"].append(
    (
        "def huber(y_true, y_pred, delta=1.0):\n"
        "    r = np.asarray(y_pred, float) - np.asarray(y_true, float)\n"
        "    a = np.abs(r)\n"
        "    return float(np.mean(np.where(a <= 1.0, 0.5 * r * r, a - 0.5)))",
        ["fixed at 1", "argument delta"],
    )
)
