"""Learners' answers to the exercises of part 3 (backpropagation): right variants and mistakes.

Format as in :mod:`.corpus_losses`.
"""

from __future__ import annotations

ANSWERS: dict[str, dict] = {}

ANSWERS["sigmoid"] = {
    "right": [
        "def sigmoid(z):\n    z = np.asarray(z, float)\n    return np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))",
        "def sigmoid(z):\n    return 0.5 * (1 + np.tanh(0.5 * np.asarray(z, float)))",
        "def sigmoid(z):\n    z = np.asarray(z, float)\n    with np.errstate(over='ignore'):\n        return 1.0 / (1.0 + np.exp(-z))",
    ],
    "wrong": [
        (
            "def sigmoid(z):\n    with np.errstate(over='ignore'):\n        return 1 / (1 + np.exp(np.asarray(z, float)))",
            ["σ(-z)"],
        ),
        (
            "def sigmoid(z):\n    with np.errstate(over='ignore'):\n        return np.exp(-np.asarray(z, float))",
            ["e^(-z) alone"],
        ),
        ("import math\n\ndef sigmoid(z):\n    return 1 / (1 + math.exp(-z))", ["np.exp"]),
        ("def sigmoid(z):\n    return np.tanh(np.asarray(z, float))", ["wrong value"]),
        ("def sigmoid(z):\n    z = np.asarray(z, float)\n    1 / (1 + np.exp(-z))", ["returned None"]),
    ],
}

_SG = "from course_utils.activations import sigmoid\n\n"
ANSWERS["sigmoid_grad"] = {
    "right": [
        _SG + "def sigmoid_grad(z):\n    s = sigmoid(z)\n    return s * (1 - s)",
        "def sigmoid_grad(z):\n    z = np.asarray(z, float)\n    e = np.exp(-np.abs(z))\n    return e / (1 + e) ** 2",
        "def sigmoid_grad(z):\n    return 0.25 / np.cosh(0.5 * np.asarray(z, float)) ** 2",
    ],
    "wrong": [
        (_SG + "def sigmoid_grad(z):\n    return sigmoid(z)", ["activation"]),
        ("def sigmoid_grad(z):\n    z = np.asarray(z, float)\n    return z * (1 - z)", ["z(1 - z)"]),
        (_SG + "def sigmoid_grad(z):\n    return 1 - sigmoid(z) ** 2", ["tanh"]),
        (
            _SG + "def sigmoid_grad(z):\n    a = sigmoid(z)\n    return sigmoid(a) * (1 - sigmoid(a))",
            ["a = σ(z)"],
        ),
        (_SG + "def sigmoid_grad(z):\n    return sigmoid(z) * (1 - np.asarray(z, float))", ["σ(z)(1 - z)"]),
    ],
}

_N = "    x = np.asarray(x, float)\n    w = np.asarray(w, float)\n    z = x @ w + b\n    p = 1 / (1 + np.exp(-z))\n"
ANSWERS["neuron_grads"] = {
    "right": [
        "def neuron_grads(x, y, w, b):\n" + _N + "    return (p - y) * x, float(p - y)",
        "def neuron_grads(x, y, w, b):\n"
        + _N
        + "    dz = p - y\n    return np.array([dz * xi for xi in x]), dz",
        _SG
        + "def neuron_grads(x, y, w, b):\n    x = np.asarray(x, float)\n    dz = float(sigmoid(np.dot(x, w) + b)) - y\n    return dz * x, dz",
    ],
    "wrong": [
        (
            "def neuron_grads(x, y, w, b):\n" + _N + "    dz = (p - y) * p * (1 - p)\n    return dz * x, dz",
            ["σ'(z)"],
        ),
        ("def neuron_grads(x, y, w, b):\n" + _N + "    return (y - p) * x, float(y - p)", ["wrong sign"]),
        (
            "def neuron_grads(x, y, w, b):\n" + _N + "    return np.full_like(x, p - y), float(p - y)",
            ["left out the input"],
        ),
        ("def neuron_grads(x, y, w, b):\n" + _N + "    return (p - y) * x", ["2 values"]),
        ("def neuron_grads(x, y, w, b):\n" + _N + "    return (p - y) * w, float(p - y)", ["wrong value"]),
    ],
}

_FW = "    x = np.asarray(x, float)\n    W1, b1, W2, b2 = params['W1'], params['b1'], params['W2'], params['b2']\n    sig = lambda t: 1 / (1 + np.exp(-t))\n"
ANSWERS["forward_221"] = {
    "right": [
        "def forward_221(x, params):\n"
        + _FW
        + "    z_h = W1 @ x + b1\n    a_h = sig(z_h)\n    z_o = W2 @ a_h + b2\n    return z_h, a_h, z_o, sig(z_o)",
        _SG
        + "def forward_221(x, params):\n    x = np.asarray(x, float)\n    z_h = np.array([params['W1'][j] @ x + params['b1'][j] for j in range(2)])\n    a_h = sigmoid(z_h)\n    z_o = params['W2'] @ a_h + params['b2']\n    return z_h, a_h, z_o, sigmoid(z_o)",
        "def forward_221(x, params):\n"
        + _FW
        + "    z_h = np.dot(W1, x) + b1\n    a_h = sig(z_h)\n    z_o = np.dot(W2, a_h) + b2\n    y_hat = sig(z_o)\n    return (z_h, a_h, z_o, y_hat)",
    ],
    "wrong": [
        (
            "def forward_221(x, params):\n"
            + _FW
            + "    z_h = W1.T @ x + b1\n    a_h = sig(z_h)\n    z_o = W2 @ a_h + b2\n    return z_h, a_h, z_o, sig(z_o)",
            ["transpose of W1"],
        ),
        (
            "def forward_221(x, params):\n"
            + _FW
            + "    z_h = W1 @ x\n    a_h = sig(z_h)\n    z_o = W2 @ a_h\n    return z_h, a_h, z_o, sig(z_o)",
            ["biases"],
        ),
        (
            "def forward_221(x, params):\n"
            + _FW
            + "    z_h = W1 @ x + b1\n    z_o = W2 @ z_h + b2\n    return z_h, z_h, z_o, sig(z_o)",
            ["no activation"],
        ),
        (
            "def forward_221(x, params):\n"
            + _FW
            + "    z_h = W1 @ x + b1\n    a_h = sig(z_h)\n    z_o = W2 @ a_h + b2\n    return z_h, a_h, z_o, z_o",
            ["y_hat = σ(z_out)"],
        ),
        (
            "def forward_221(x, params):\n"
            + _FW
            + "    z_h = W1 @ x + b1\n    a_h = sig(z_h)\n    z_o = W1 @ a_h + b2\n    return z_h, a_h, z_o, sig(z_o)",
            ["W1 where W2"],
        ),
    ],
}

_BW = (
    _FW + "    z_h = W1 @ x + b1\n    a_h = sig(z_h)\n    y_hat = sig(W2 @ a_h + b2)\n    d_out = y_hat - y\n"
)
_BW_RET = "    return d_out, d_h, np.outer(d_h, x), d_h, np.outer(d_out, a_h), d_out"
ANSWERS["backward_221"] = {
    "right": [
        "def backward_221(x, y, params):\n" + _BW + "    d_h = (W2.T @ d_out) * a_h * (1 - a_h)\n" + _BW_RET,
        "def backward_221(x, y, params):\n"
        + _BW
        + "    d_h = W2[0] * d_out[0] * sig(z_h) * (1 - sig(z_h))\n"
        + _BW_RET,
        "def backward_221(x, y, params):\n"
        + _BW
        + "    d_h = np.array([W2[0, j] * d_out[0] * a_h[j] * (1 - a_h[j]) for j in range(2)])\n    dW1 = d_h[:, None] * x[None, :]\n    return d_out, d_h, dW1, d_h, d_out[:, None] * a_h[None, :], d_out",
    ],
    "wrong": [
        ("def backward_221(x, y, params):\n" + _BW + "    d_h = W2.T @ d_out\n" + _BW_RET, ["σ'(z"]),
        (
            "def backward_221(x, y, params):\n" + _BW + "    d_h = (W2.T @ d_out) * a_h\n" + _BW_RET,
            ["σ(z), the activation"],
        ),
        (
            "def backward_221(x, y, params):\n"
            + _BW
            + "    d_h = (W2.T @ d_out) * a_h * (1 - a_h)\n    return d_out, d_h, np.outer(d_h, x), d_h, np.outer(d_out, x), d_out",
            ["built dW2 from x"],
        ),
        (
            "def backward_221(x, y, params):\n"
            + _BW
            + "    d_h = (W2.T @ d_out) * a_h * (1 - a_h)\n    return d_out, d_h, np.outer(x, d_h), d_h, np.outer(d_out, a_h), d_out",
            ["dW1 is transposed"],
        ),
        (
            "def backward_221(x, y, params):\n" + _BW + "    d_h = d_out * a_h * (1 - a_h)\n" + _BW_RET,
            ["next layer's weight"],
        ),
        (
            "def backward_221(x, y, params):\n"
            + _BW
            + "    d_out = d_out * y_hat * (1 - y_hat)\n    d_h = (W2.T @ d_out) * a_h * (1 - a_h)\n"
            + _BW_RET,
            ["σ'(z_out)"],
        ),
    ],
}

ANSWERS["update_221"] = {
    "right": [
        "def update_221(params, grads, lr):\n    return {k: params[k] - lr * grads[k] for k in params}",
        "def update_221(params, grads, lr):\n    new = {}\n    for name in ['W1', 'b1', 'W2', 'b2']:\n        new[name] = np.asarray(params[name], float) - lr * np.asarray(grads[name], float)\n    return new",
        "def update_221(params, grads, lr):\n    return dict((k, np.subtract(v, lr * grads[k])) for k, v in params.items())",
    ],
    "wrong": [
        (
            "def update_221(params, grads, lr):\n    return {k: params[k] + lr * grads[k] for k in params}",
            ["*up*"],
        ),
        (
            "def update_221(params, grads, lr):\n    return {k: params[k] - grads[k] for k in params}",
            ["learning rate"],
        ),
        (
            "def update_221(params, grads, lr):\n    return {k: (params[k] - lr * grads[k]) if k.startswith('W') else params[k] for k in params}",
            ["biases"],
        ),
        ("def update_221(params, grads, lr):\n    return {k: -lr * grads[k] for k in params}", ["the step"]),
        (
            "def update_221(params, grads, lr):\n    for k in params:\n        params[k] -= lr * grads[k]\n    return params",
            ["in place"],
        ),
    ],
}

_GB = "    X, y = np.asarray(X, float), np.asarray(y, float)\n    n = X.shape[0]\n    sig = lambda t: 1 / (1 + np.exp(-t))\n    z_h = X @ params['W1'].T + params['b1']\n    a_h = sig(z_h)\n    d_out = sig(a_h @ params['W2'].T + params['b2'])[:, 0] - y\n"
ANSWERS["gradients_batch"] = {
    "right": [
        "def gradients_batch(X, y, params):\n"
        + _GB
        + "    d_h = (d_out[:, None] @ params['W2']) * a_h * (1 - a_h)\n    return {'W1': d_h.T @ X / n, 'b1': d_h.sum(axis=0) / n, 'W2': d_out[None, :] @ a_h / n, 'b2': np.array([d_out.sum() / n])}",
        "def gradients_batch(X, y, params):\n"
        + _GB
        + "    d_h = np.outer(d_out, params['W2'][0]) * a_h * (1 - a_h)\n    return {'W1': np.einsum('nj,ni->ji', d_h, X) / n, 'b1': d_h.mean(axis=0), 'W2': (d_out @ a_h)[None, :] / n, 'b2': d_out.mean(keepdims=True)}",
        "def gradients_batch(X, y, params):\n"
        + _GB
        + "    g = {k: np.zeros_like(np.asarray(v, float)) for k, v in params.items()}\n    for i in range(n):\n        d_h = params['W2'][0] * d_out[i] * a_h[i] * (1 - a_h[i])\n        g['W1'] += np.outer(d_h, X[i]) / n\n        g['b1'] += d_h / n\n        g['W2'] += d_out[i] * a_h[i][None, :] / n\n        g['b2'] += d_out[i] / n\n    return g",
    ],
    "wrong": [
        (
            "def gradients_batch(X, y, params):\n"
            + _GB
            + "    d_h = (d_out[:, None] @ params['W2']) * a_h * (1 - a_h)\n    return {'W1': d_h.T @ X, 'b1': d_h.sum(axis=0), 'W2': d_out[None, :] @ a_h, 'b2': np.array([d_out.sum()])}",
            ["n times too large"],
        ),
        (
            "def gradients_batch(X, y, params):\n"
            + _GB
            + "    d_h = (d_out[:, None] @ params['W2']) * a_h * (1 - a_h)\n    return {'W1': X.T @ d_h / n, 'b1': d_h.sum(axis=0) / n, 'W2': d_out[None, :] @ a_h / n, 'b2': np.array([d_out.sum() / n])}",
            ["transposed"],
        ),
        (
            "def gradients_batch(X, y, params):\n"
            + _GB
            + "    d_h = (d_out[:, None] @ params['W2']) * a_h * (1 - a_h)\n    return {'W1': d_h.T @ X / n, 'b1': d_h / n, 'W2': d_out[None, :] @ a_h / n, 'b2': d_out / n}",
            ["one row per sample"],
        ),
        (
            "def gradients_batch(X, y, params):\n"
            + _GB
            + "    d_out = d_out / n\n    d_h = (d_out[:, None] @ params['W2']) * a_h * (1 - a_h)\n    return {'W1': d_h.T @ X / n, 'b1': d_h.sum(axis=0) / n, 'W2': d_out[None, :] @ a_h / n, 'b2': np.array([d_out.sum() / n])}",
            ["n times too small"],
        ),
        (
            "def gradients_batch(X, y, params):\n"
            + _GB
            + "    d_h = d_out[:, None] @ params['W2']\n    return {'W1': d_h.T @ X / n, 'b1': d_h.sum(axis=0) / n, 'W2': d_out[None, :] @ a_h / n, 'b2': np.array([d_out.sum() / n])}",
            ["σ'(z"],
        ),
    ],
}

_TE = "from course_utils.batching import iterate_minibatches\nfrom course_utils.mlp import loss_and_grads\n\n"
ANSWERS["train_epoch"] = {
    "right": [
        _TE
        + "def train_epoch(params, X, y, batch_size, rng, opt, state):\n    for Xb, yb in iterate_minibatches(X, y, batch_size, rng=rng):\n        cost, grads = loss_and_grads(params, Xb, yb)\n        params, state = opt.update(grads, state, params)\n    return params, state",
        _TE
        + "def train_epoch(params, X, y, batch_size, rng, opt, state):\n    batches = list(iterate_minibatches(X, y, batch_size, rng=rng))\n    for i in range(len(batches)):\n        _, g = loss_and_grads(params, batches[i][0], batches[i][1])\n        params, state = opt.update(g, state, params)\n    return (params, state)",
        _TE
        + "def train_epoch(params, X, y, batch_size, rng, opt, state):\n    it = iter(iterate_minibatches(X, y, batch_size, rng=rng))\n    while True:\n        try:\n            Xb, yb = next(it)\n        except StopIteration:\n            return params, state\n        params, state = opt.update(loss_and_grads(params, Xb, yb)[1], state, params)",
    ],
    "wrong": [
        (
            _TE
            + "def train_epoch(params, X, y, batch_size, rng, opt, state):\n    for Xb, yb in iterate_minibatches(X, y, batch_size, rng=rng):\n        _, grads = loss_and_grads(params, X, y)\n        params, state = opt.update(grads, state, params)\n    return params, state",
            ["whole data set"],
        ),
        (
            _TE
            + "def train_epoch(params, X, y, batch_size, rng, opt, state):\n    for Xb, yb in iterate_minibatches(X, y, batch_size, rng=rng):\n        _, grads = loss_and_grads(params, Xb, yb)\n        params, state = opt.update(grads, opt.init(params), params)\n    return params, state",
            ["fresh optimizer state"],
        ),
        (
            _TE
            + "def train_epoch(params, X, y, batch_size, rng, opt, state):\n    X, y = np.asarray(X), np.asarray(y)\n    for i in range(0, len(X), batch_size):\n        _, grads = loss_and_grads(params, X[i:i + batch_size], y[i:i + batch_size])\n        params, state = opt.update(grads, state, params)\n    return params, state",
            ["data set's order"],
        ),
        (
            _TE
            + "def train_epoch(params, X, y, batch_size, rng, opt, state):\n    _, grads = loss_and_grads(params, X, y)\n    params, state = opt.update(grads, state, params)\n    return params, state",
            ["one update"],
        ),
        (
            _TE
            + "def train_epoch(params, X, y, batch_size, rng, opt, state):\n    for Xb, yb in iterate_minibatches(X, y, batch_size, rng=rng):\n        _, grads = loss_and_grads(params, Xb, yb)\n        params, state = opt.update(grads, state, params)\n    return params",
            ["only the parameters"],
        ),
        (
            _TE
            + "def train_epoch(params, X, y, batch_size, rng, opt, state):\n    new_state = state\n    for Xb, yb in iterate_minibatches(X, y, batch_size, rng=rng):\n        _, grads = loss_and_grads(params, Xb, yb)\n        params, new_state = opt.update(grads, new_state, params)\n    return params, state",
            ["optimizer state you returned"],
        ),
        (
            _TE
            + "def train_epoch(params, X, y, batch_size, rng, opt, state):\n    for Xb, yb in iterate_minibatches(X, y, batch_size, rng=np.random.default_rng()):\n        _, grads = loss_and_grads(params, Xb, yb)\n        params, state = opt.update(grads, state, params)\n    return params, state",
            ["same rng", "np.random"],
        ),
    ],
}

# The blind review: a bias gradient times sum(x) was told "the opposite sign" (sum(x) was -1).
ANSWERS["neuron_grads"]["wrong"].append(
    (
        "def neuron_grads(x, y, w, b):\n" + _N + "    return (p - y) * x, float((p - y) * np.sum(x))",
        ["sum(x)", "dz/db = 1"],
    )
)

# The blind review's mistakes that got a generic "wrong value": each is now named.
_GB_RETURN = "    return {'W1': d_h.T @ X / n, 'b1': d_h.sum(axis=0) / n, 'W2': d_out[None, :] @ a_h / n, 'b2': np.array([d_out.sum() / n])}"
ANSWERS["gradients_batch"]["wrong"] += [
    (
        "def gradients_batch(X, y, params):\n"
        + _GB
        + "    y_hat = d_out + y\n    d_out = d_out * y_hat * (1 - y_hat)\n"
        + "    d_h = (d_out[:, None] @ params['W2']) * a_h * (1 - a_h)\n"
        + _GB_RETURN,
        ["extra σ'(z_out)", "ŷ - y"],
    ),
    (
        "def gradients_batch(X, y, params):\n"
        + _GB
        + "    d_h = (d_out[:, None] @ params['W2']) * a_h * (1 - a_h)\n"
        + "    return {'W1': d_h.T @ X / n, 'b1': d_h.sum(axis=0), 'W2': d_out[None, :] @ a_h / n, 'b2': np.array([d_out.sum()])}",
        ["bias gradients are sums", "divide them by n"],
    ),
    (
        "def gradients_batch(X, y, params):\n"
        + _GB
        + "    d_h = (d_out[:, None] @ params['W2']) * a_h * (1 - a_h)\n"
        + "    return {'W1': d_h.T @ X, 'b1': d_h.sum(axis=0) / n, 'W2': d_out[None, :] @ a_h / n, 'b2': np.array([d_out.sum() / n])}",
        ["W1", "not averaged"],
    ),
]
ANSWERS["train_epoch"]["wrong"] += [
    (
        _TE
        + "def train_epoch(params, X, y, batch_size, rng, opt, state):\n    state = opt.init(params)\n"
        + "    for Xb, yb in iterate_minibatches(X, y, batch_size, rng=rng):\n        _, grads = loss_and_grads(params, Xb, yb)\n"
        + "        params, state = opt.update(grads, state, params)\n    return params, state",
        ["fresh optimizer state", "instead of the state you were given"],
    ),
    (
        _TE
        + "def train_epoch(params, X, y, batch_size, rng, opt, state):\n"
        + "    for Xb, yb in iterate_minibatches(X, y, batch_size, rng=np.random.default_rng(0)):\n"
        + "        _, grads = loss_and_grads(params, Xb, yb)\n        params, state = opt.update(grads, state, params)\n"
        + "    return params, state",
        ["not from the rng you", "rng=rng"],
    ),
    (
        _TE
        + "def train_epoch(params, X, y, batch_size, rng, opt, state):\n    new_state = state\n"
        + "    for Xb, yb in iterate_minibatches(X, y, batch_size, rng=rng):\n        _, grads = loss_and_grads(params, Xb, yb)\n"
        + "        params, new_state = opt.update(grads, state, params)\n    return params, new_state",
        ["dropped the state", "every batch updated from the state you were given"],
    ),
    (
        _TE
        + "def train_epoch(params, X, y, batch_size, rng, opt, state):\n    new_params = params\n"
        + "    for Xb, yb in iterate_minibatches(X, y, batch_size, rng=rng):\n        _, grads = loss_and_grads(params, Xb, yb)\n"
        + "        new_params, state = opt.update(grads, state, params)\n    return new_params, state",
        ["dropped the parameters", "only the last batch"],
    ),
]
