"""Learners' answers to part 1's multiclass hinge (``05_hinge_and_margins``) and derived
softmax cross-entropy gradient (``04_softmax_cross_entropy``): right variants and mistakes.

Same format as :mod:`.corpus_losses`: ``ANSWERS[exercise_id] = {"right": [source, ...],
"wrong": [(source, words), ...]}``.
"""

from __future__ import annotations

ANSWERS: dict[str, dict] = {}

ANSWERS["multiclass_hinge"] = {
    "right": [
        # loops, as CS231n's unvectorised version
        "def multiclass_hinge(y, s):\n"
        "    total = 0.0\n"
        "    for row, label in zip(s, y):\n"
        "        for j, score in enumerate(row):\n"
        "            if j != label:\n"
        "                total += max(0.0, score - row[label] + 1.0)\n"
        "    return total / len(y)",
        # vectorised, masking the true class
        "def multiclass_hinge(y, s):\n"
        "    s = np.asarray(s, dtype=float)\n"
        "    y = np.asarray(y)\n"
        "    n = s.shape[0]\n"
        "    margins = np.maximum(0, s - s[np.arange(n), y][:, None] + 1)\n"
        "    margins[np.arange(n), y] = 0\n"
        "    return float(np.sum(margins) / n)",
        # float32, sum everything then remove the true class's term (always exactly 1)
        "def multiclass_hinge(y, s):\n"
        "    s = np.asarray(s, dtype=np.float32)\n"
        "    true = np.take_along_axis(s, np.asarray(y)[:, None], axis=1)\n"
        "    return float(np.mean(np.maximum(0, s - true + 1).sum(axis=1) - 1))",
    ],
    "wrong": [
        (
            "def multiclass_hinge(y, s):\n"
            "    s = np.asarray(s, dtype=float)\n"
            "    true = s[np.arange(len(y)), y][:, None]\n"
            "    return float(np.mean(np.maximum(0, s - true + 1).sum(axis=1)))",
            ["true one included"],
        ),
        (
            "def multiclass_hinge(y, s):\n"
            "    s = np.asarray(s, dtype=float)\n"
            "    n = len(y)\n"
            "    m = np.maximum(0, s[np.arange(n), y][:, None] - s + 1)\n"
            "    m[np.arange(n), y] = 0\n"
            "    return float(m.sum(axis=1).mean())",
            ["wrong sign"],
        ),
        (
            "def multiclass_hinge(y, s):\n"
            "    s = np.asarray(s, dtype=float)\n"
            "    n = len(y)\n"
            "    m = np.maximum(0, s - s[np.arange(n), y][:, None] + 1)\n"
            "    m[np.arange(n), y] = 0\n"
            "    return float(m.mean(axis=1).mean())",
            ["averaged the margins over the classes"],
        ),
        (
            "def multiclass_hinge(y, s):\n"
            "    s = np.asarray(s, dtype=float)\n"
            "    n = len(y)\n"
            "    m = np.maximum(0, s - s[np.arange(n), y][:, None] + 1)\n"
            "    m[np.arange(n), y] = 0\n"
            "    return float(m.max(axis=1).mean())",
            ["Crammer-Singer"],
        ),
        (
            "def multiclass_hinge(y, s):\n"
            "    s = np.asarray(s, dtype=float)\n"
            "    n = len(y)\n"
            "    m = s - s[np.arange(n), y][:, None] + 1\n"
            "    m[np.arange(n), y] = 0\n"
            "    return float(m.sum(axis=1).mean())",
            ["max(0"],
        ),
        (
            "def multiclass_hinge(y, s):\n"
            "    s = np.asarray(s, dtype=float)\n"
            "    n = len(y)\n"
            "    m = np.maximum(0, s - s[np.arange(n), y][:, None] + 1)\n"
            "    m[np.arange(n), y] = 0\n"
            "    return float(m.sum())",
            ["n times too large"],
        ),
    ],
}

ANSWERS["softmax_ce_grad"] = {
    "right": [
        # the result of the derivation, q - p over n
        "def softmax_ce_grad(z, y):\n"
        "    z = np.asarray(z, dtype=float)\n"
        "    e = np.exp(z - z.max(axis=1, keepdims=True))\n"
        "    q = e / e.sum(axis=1, keepdims=True)\n"
        "    p = np.eye(z.shape[1])[np.asarray(y)]\n"
        "    return (q - p) / len(z)",
        # the chain rule itself, with the softmax's full Jacobian, sample by sample
        "def softmax_ce_grad(z, y):\n"
        "    z = np.asarray(z, dtype=float)\n"
        "    n, k = z.shape\n"
        "    out = np.zeros((n, k))\n"
        "    for i in range(n):\n"
        "        e = np.exp(z[i] - np.max(z[i]))\n"
        "        q = e / np.sum(e)\n"
        "        dl_dq = np.zeros(k)\n"
        "        dl_dq[y[i]] = -1.0 / q[y[i]]\n"
        "        jacobian = np.diag(q) - np.outer(q, q)\n"
        "        out[i] = dl_dq @ jacobian / n\n"
        "    return out",
        # float32, in place
        "def softmax_ce_grad(z, y):\n"
        "    z = np.asarray(z, dtype=np.float32)\n"
        "    q = np.exp(z - z.max(axis=1, keepdims=True))\n"
        "    q /= q.sum(axis=1, keepdims=True)\n"
        "    q[np.arange(len(y)), y] -= 1\n"
        "    return q / z.shape[0]",
    ],
    "wrong": [
        (
            "def softmax_ce_grad(z, y):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    e = np.exp(z - z.max(axis=1, keepdims=True))\n"
            "    q = e / e.sum(axis=1, keepdims=True)\n"
            "    return q - np.eye(z.shape[1])[np.asarray(y)]",
            ["n times too large"],
        ),
        (
            "def softmax_ce_grad(z, y):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    e = np.exp(z - z.max(axis=1, keepdims=True))\n"
            "    q = e / e.sum(axis=1, keepdims=True)\n"
            "    return (np.eye(z.shape[1])[np.asarray(y)] - q) / len(z)",
            ["opposite sign"],
        ),
        (
            "def softmax_ce_grad(z, y):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    e = np.exp(z - z.max(axis=1, keepdims=True))\n"
            "    q = e / e.sum(axis=1, keepdims=True)\n"
            "    p = np.eye(z.shape[1])[np.asarray(y)]\n"
            "    return -p / q * q * (1 - q) / len(z)",
            ["diagonal"],
        ),
        (
            "def softmax_ce_grad(z, y):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    e = np.exp(z - z.max(axis=1, keepdims=True))\n"
            "    q = e / e.sum(axis=1, keepdims=True)\n"
            "    p = np.eye(z.shape[1])[np.asarray(y)]\n"
            "    return -p / q / len(z)",
            ["probabilities", "not the logits"],
        ),
        (
            "def softmax_ce_grad(z, y):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    e = np.exp(z - z.max())\n"
            "    q = e / e.sum()\n"
            "    p = np.eye(z.shape[1])[np.asarray(y)]\n"
            "    return (q - p) / len(z)",
            ["gradient check"],
        ),
        (
            "def softmax_ce_grad(z, y):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    e = np.exp(z - z.max(axis=1, keepdims=True))\n"
            "    q = e / e.sum(axis=1, keepdims=True)\n"
            "    p = np.eye(z.shape[1])[np.asarray(y)]\n"
            "    return ((q - p) / len(z)).sum(axis=1)",
            ["shape"],
        ),
    ],
}
