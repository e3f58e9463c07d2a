"""Learners' answers to the "derive" exercise of part 3, ``hidden_delta``: right variants and mistakes.

Format as in :mod:`.corpus_losses`. The exercise is declared in
``course_utils/checks/catalog/backprop_derive.py``.
"""

from __future__ import annotations

ANSWERS: dict[str, dict] = {}

_SIG = "    a = 1 / (1 + np.exp(-np.asarray(z_hidden, float)))\n"
ANSWERS["hidden_delta"] = {
    "right": [
        "from course_utils.activations import sigmoid_grad\n\n"
        "def hidden_delta(delta_out, W2, z_hidden):\n"
        "    return (np.asarray(W2, float).T @ np.asarray(delta_out, float)) * sigmoid_grad(z_hidden)",
        "def hidden_delta(delta_out, W2, z_hidden):\n"
        "    out = []\n"
        "    for j, z in enumerate(z_hidden):\n"
        "        a = 1 / (1 + np.exp(-z))\n"
        "        out.append(W2[0][j] * delta_out[0] * a * (1 - a))\n"
        "    return np.array(out)",
        "def hidden_delta(delta_out, W2, z_hidden):\n"
        + _SIG
        + "    return (np.asarray(delta_out, float) @ np.asarray(W2, float)) * a * (1 - a)",
        "def hidden_delta(delta_out, W2, z_hidden):\n"
        "    z = np.asarray(z_hidden, np.float32)\n"
        "    a = 1 / (1 + np.exp(-z))\n"
        "    return np.asarray(W2, np.float32)[0] * np.float32(delta_out[0]) * a * (1 - a)",
    ],
    "wrong": [
        (
            "def hidden_delta(delta_out, W2, z_hidden):\n"
            "    return np.asarray(W2, float).T @ np.asarray(delta_out, float)",
            ["σ'(z_hidden)"],
        ),
        (
            "def hidden_delta(delta_out, W2, z_hidden):\n"
            + _SIG
            + "    return (np.asarray(W2, float).T @ np.asarray(delta_out, float)) * a * (1 - np.asarray(z_hidden, float))",
            ["σ(z)(1 - z)"],
        ),
        (
            "def hidden_delta(delta_out, W2, z_hidden):\n"
            + _SIG
            + "    return (np.asarray(W2, float) @ np.asarray(delta_out, float)) * a * (1 - a)",
            ["W2.T @ delta_out"],
        ),
        (
            "def hidden_delta(delta_out, W2, z_hidden):\n"
            + _SIG
            + "    return np.asarray(delta_out, float) * np.asarray(W2, float) * a * (1 - a)",
            ["as a row"],
        ),
        (
            "def hidden_delta(delta_out, W2, z_hidden):\n"
            + _SIG
            + "    return np.asarray(W2, float)[0][::-1] * delta_out[0] * a * (1 - a)",
            ["another unit's weight"],
        ),
        (
            "def hidden_delta(delta_out, W2, z_hidden):\n"
            + _SIG
            + "    return (np.asarray(W2, float).T @ np.asarray(delta_out, float)) * a",
            ["the activation"],
        ),
        (
            "def hidden_delta(delta_out, W2, z_hidden):\n"
            "    z = np.asarray(z_hidden, float)\n"
            "    return (np.asarray(W2, float).T @ np.asarray(delta_out, float)) * z * (1 - z)",
            ["z(1 - z)"],
        ),
    ],
}
