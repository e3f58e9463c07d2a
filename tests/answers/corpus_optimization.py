"""Learners' answers to the exercises of part 2 (optimization): right variants and mistakes.

Format as in :mod:`.corpus_losses`.
"""

from __future__ import annotations

ANSWERS: dict[str, dict] = {}
_F = "    theta = np.asarray(theta, float)\n    grad = np.asarray(grad, float)\n"

ANSWERS["sgd_step"] = {
    "right": [
        "def sgd_step(theta, grad, lr):\n    return np.asarray(theta, float) - lr * np.asarray(grad, float)",
        "def sgd_step(theta, grad, lr):\n    return np.array([t - lr * g for t, g in zip(np.ravel(theta), np.ravel(grad))]).reshape(np.shape(theta))",
        "def sgd_step(theta, grad, lr):\n    new = np.array(theta, dtype=float)\n    new -= lr * np.asarray(grad, float)\n    return new",
    ],
    "wrong": [
        ("def sgd_step(theta, grad, lr):\n" + _F + "    return theta + lr * grad", ["*up*"]),
        ("def sgd_step(theta, grad, lr):\n" + _F + "    return theta - grad", ["learning rate"]),
        ("def sgd_step(theta, grad, lr):\n" + _F + "    return -lr * grad", ["the step"]),
        ("def sgd_step(theta, grad, lr):\n" + _F + "    return theta - 0.1 * grad", ["wrong value"]),
        ("def sgd_step(theta, grad, lr):\n    theta -= lr * grad\n    return theta", ["in place"]),
    ],
}

_M = _F + "    velocity = np.asarray(velocity, float)\n"
ANSWERS["momentum_step"] = {
    "right": [
        "def momentum_step(theta, grad, velocity, lr, beta=0.9):\n"
        + _M
        + "    v = beta * velocity + grad\n    return theta - lr * v, v",
        "def momentum_step(theta, grad, velocity, lr, beta=0.9):\n"
        + _M
        + "    velocity = velocity * beta\n    velocity = velocity + grad\n    return theta - lr * velocity, velocity",
        "def momentum_step(theta, grad, velocity, lr, beta=0.9):\n    v = [beta * a + g for a, g in zip(np.ravel(velocity), np.ravel(grad))]\n    v = np.array(v).reshape(np.shape(theta))\n    return np.asarray(theta, float) - lr * v, v",
    ],
    "wrong": [
        (
            "def momentum_step(theta, grad, velocity, lr, beta=0.9):\n"
            + _M
            + "    v = beta * velocity + (1 - beta) * grad\n    return theta - lr * v, v",
            ["(1 - beta) form"],
        ),
        (
            "def momentum_step(theta, grad, velocity, lr, beta=0.9):\n"
            + _M
            + "    v = beta * velocity + grad\n    return theta - lr * grad, v",
            ["plain gradient"],
        ),
        (
            "def momentum_step(theta, grad, velocity, lr, beta=0.9):\n"
            + _M
            + "    v = beta * velocity + grad\n    return theta - lr * velocity, v",
            ["old velocity"],
        ),
        (
            "def momentum_step(theta, grad, velocity, lr, beta=0.9):\n"
            + _M
            + "    v = beta * velocity + grad\n    return theta - lr * v, velocity",
            ["velocity you were given"],
        ),
        (
            "def momentum_step(theta, grad, velocity, lr, beta=0.9):\n"
            + _M
            + "    v = 0.9 * velocity + grad\n    return theta - lr * v, v",
            ["beta = 0.9 whatever"],
        ),
    ],
}

ANSWERS["nesterov_step"] = {
    "right": [
        "def nesterov_step(theta, grad, velocity, lr, beta=0.9):\n"
        + _M
        + "    v = beta * velocity + grad\n    return theta - lr * (grad + beta * v), v",
        "def nesterov_step(theta, grad, velocity, lr, beta=0.9):\n"
        + _M
        + "    v = beta * velocity + grad\n    look_ahead = grad + beta * v\n    return theta - lr * look_ahead, v",
        "def nesterov_step(theta, grad, velocity, lr, beta=0.9):\n"
        + _M
        + "    v = beta * velocity + grad\n    return theta - lr * ((1 + beta) * grad + beta * beta * velocity), v",
    ],
    "wrong": [
        (
            "def nesterov_step(theta, grad, velocity, lr, beta=0.9):\n"
            + _M
            + "    v = beta * velocity + grad\n    return theta - lr * v, v",
            ["plain momentum"],
        ),
        (
            "def nesterov_step(theta, grad, velocity, lr, beta=0.9):\n"
            + _M
            + "    v = beta * velocity + grad\n    return theta - lr * beta * v, v",
            ["current gradient"],
        ),
        (
            "def nesterov_step(theta, grad, velocity, lr, beta=0.9):\n"
            + _M
            + "    v = beta * velocity - lr * grad\n    return theta - beta * velocity + (1 + beta) * v, v",
            ["convention"],
        ),
        (
            "def nesterov_step(theta, grad, velocity, lr, beta=0.9):\n"
            + _M
            + "    v = beta * velocity + grad\n    return theta - lr * (grad + beta * v), velocity",
            ["velocity you were given"],
        ),
        (
            "def nesterov_step(theta, grad, velocity, lr, beta=0.9):\n"
            + _M
            + "    v = beta * velocity + grad\n    return theta - lr * (grad + beta * v)",
            ["2 values"],
        ),
    ],
}

_G = _F + "    G = np.asarray(G, float)\n"
ANSWERS["adagrad_step"] = {
    "right": [
        "def adagrad_step(theta, grad, G, lr, eps=1e-10):\n"
        + _G
        + "    G = G + grad**2\n    return theta - lr * grad / (np.sqrt(G) + eps), G",
        "def adagrad_step(theta, grad, G, lr, eps=1e-10):\n"
        + _G
        + "    G = G + grad * grad\n    step = lr / (np.sqrt(G) + eps)\n    return theta - step * grad, G",
        "def adagrad_step(theta, grad, G, lr, eps=1e-10):\n    G = np.asarray(G, np.float64) + np.square(grad)\n    return np.subtract(theta, lr * np.divide(grad, np.sqrt(G) + eps)), G",
    ],
    "wrong": [
        (
            "def adagrad_step(theta, grad, G, lr, eps=1e-10):\n"
            + _G
            + "    G = G + grad**2\n    return theta - lr * grad / np.sqrt(G), G",
            ["left out eps"],
        ),
        (
            "def adagrad_step(theta, grad, G, lr, eps=1e-10):\n"
            + _G
            + "    G = G + grad**2\n    return theta - lr * grad / np.sqrt(G + eps), G",
            ["inside the square root"],
        ),
        (
            "def adagrad_step(theta, grad, G, lr, eps=1e-10):\n"
            + _G
            + "    new_G = G + grad**2\n    return theta - lr * grad / (np.sqrt(G) + eps), new_G",
            ["old s"],
        ),
        (
            "def adagrad_step(theta, grad, G, lr, eps=1e-10):\n"
            + _G
            + "    G = G + grad\n    return theta - lr * grad / (np.sqrt(G) + eps), G",
            ["g**2"],
        ),
        (
            "def adagrad_step(theta, grad, G, lr, eps=1e-10):\n"
            + _G
            + "    G = G + grad**2\n    return theta - lr * grad / (G + eps), G",
            ["square root"],
        ),
    ],
}

_S = _F + "    s = np.asarray(s, float)\n"
ANSWERS["rmsprop_step"] = {
    "right": [
        "def rmsprop_step(theta, grad, s, lr, rho=0.99, eps=1e-8):\n"
        + _S
        + "    s = rho * s + (1 - rho) * grad**2\n    return theta - lr * grad / (np.sqrt(s) + eps), s",
        "def rmsprop_step(theta, grad, s, lr, rho=0.99, eps=1e-8):\n"
        + _S
        + "    s = s + (1 - rho) * (grad**2 - s)\n    return theta - lr * grad / (np.sqrt(s) + eps), s",
        "def rmsprop_step(theta, grad, s, lr, rho=0.99, eps=1e-8):\n"
        + _S
        + "    s = rho * s + (1 - rho) * grad * grad\n    denom = np.sqrt(s) + eps\n    return theta - lr * (grad / denom), s",
    ],
    "wrong": [
        (
            "def rmsprop_step(theta, grad, s, lr, rho=0.99, eps=1e-8):\n"
            + _S
            + "    new_s = rho * s + (1 - rho) * grad**2\n    return theta - lr * grad / (np.sqrt(s) + eps), new_s",
            ["old average"],
        ),
        (
            "def rmsprop_step(theta, grad, s, lr, rho=0.99, eps=1e-8):\n"
            + _S
            + "    s = rho * s + (1 - rho) * grad**2\n    return theta - lr * grad / np.sqrt(s), s",
            ["left out eps"],
        ),
        (
            "def rmsprop_step(theta, grad, s, lr, rho=0.99, eps=1e-8):\n"
            + _S
            + "    s = rho * s + (1 - rho) * grad**2\n    return theta - lr * grad / np.sqrt(s + eps), s",
            ["inside the square root"],
        ),
        (
            "def rmsprop_step(theta, grad, s, lr, rho=0.99, eps=1e-8):\n"
            + _S
            + "    s = 0.99 * s + 0.01 * grad**2\n    return theta - lr * grad / (np.sqrt(s) + eps), s",
            ["rho = 0.99 whatever"],
        ),
        (
            "def rmsprop_step(theta, grad, s, lr, rho=0.99, eps=1e-8):\n"
            + _S
            + "    s = s + grad**2\n    return theta - lr * grad / (np.sqrt(s) + eps), s",
            ["AdaGrad"],
        ),
        (
            "def rmsprop_step(theta, grad, s, lr, rho=0.99, eps=1e-8):\n"
            + _S
            + "    s = (1 - rho) * s + rho * grad**2\n    return theta - lr * grad / (np.sqrt(s) + eps), s",
            ["swapped rho"],
        ),
    ],
}

_AD = _F + "    m = np.asarray(m, float)\n    v = np.asarray(v, float)\n    t = count + 1\n"
ANSWERS["adam_step"] = {
    "right": [
        "def adam_step(theta, grad, m, v, count, lr, beta1=0.9, beta2=0.999, eps=1e-8):\n"
        + _AD
        + "    m = beta1 * m + (1 - beta1) * grad\n    v = beta2 * v + (1 - beta2) * grad**2\n    m_hat = m / (1 - beta1**t)\n    v_hat = v / (1 - beta2**t)\n    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v",
        "def adam_step(theta, grad, m, v, count, lr, beta1=0.9, beta2=0.999, eps=1e-8):\n"
        + _AD
        + "    m = m + (1 - beta1) * (grad - m)\n    v = v + (1 - beta2) * (grad * grad - v)\n    step = lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)\n    return theta - step, m, v",
        "import math\n\ndef adam_step(theta, grad, m, v, count, lr, beta1=0.9, beta2=0.999, eps=1e-8):\n"
        + _AD
        + "    m = beta1 * m + (1 - beta1) * grad\n    v = beta2 * v + (1 - beta2) * np.square(grad)\n    c1, c2 = 1 - math.pow(beta1, t), 1 - math.pow(beta2, t)\n    return theta - lr * (m / c1) / (np.sqrt(v / c2) + eps), m, v",
    ],
    "wrong": [
        (
            "def adam_step(theta, grad, m, v, count, lr, beta1=0.9, beta2=0.999, eps=1e-8):\n"
            + _AD
            + "    m = beta1 * m + (1 - beta1) * grad\n    v = beta2 * v + (1 - beta2) * grad**2\n    return theta - lr * m / (np.sqrt(v) + eps), m, v",
            ["bias correction"],
        ),
        (
            "def adam_step(theta, grad, m, v, count, lr, beta1=0.9, beta2=0.999, eps=1e-8):\n"
            + _AD
            + "    m = beta1 * m + (1 - beta1) * grad\n    v = beta2 * v + (1 - beta2) * grad**2\n    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)\n    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m_hat, v_hat",
            ["bias-corrected moments"],
        ),
        (
            "def adam_step(theta, grad, m, v, count, lr, beta1=0.9, beta2=0.999, eps=1e-8):\n"
            + _AD
            + "    m = beta1 * m + (1 - beta1) * grad\n    v = beta2 * v + (1 - beta2) * grad**2\n    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)\n    return theta - lr * m_hat / np.sqrt(v_hat + eps), m, v",
            ["inside the square root"],
        ),
        (
            "def adam_step(theta, grad, m, v, count, lr, beta1=0.9, beta2=0.999, eps=1e-8):\n"
            + _AD
            + "    t = count\n    m = beta1 * m + (1 - beta1) * grad\n    v = beta2 * v + (1 - beta2) * grad**2\n    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)\n    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v",
            ["count"],
        ),
        (
            "def adam_step(theta, grad, m, v, count, lr, beta1=0.9, beta2=0.999, eps=1e-8):\n"
            + _AD
            + "    m = beta1 * m + grad\n    v = beta2 * v + (1 - beta2) * grad**2\n    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)\n    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v",
            ["(1 - beta1)"],
        ),
    ],
}

ANSWERS["step_decay"] = {
    "right": [
        "def step_decay(step, lr0, step_size, gamma):\n    return lr0 * gamma ** (step // step_size)",
        "import math\n\ndef step_decay(step, lr0, step_size, gamma):\n    return lr0 * gamma ** math.floor(step / step_size)",
        "def step_decay(step, lr0, step_size, gamma):\n    lr = lr0\n    for _ in range(int(step) // step_size):\n        lr *= gamma\n    return lr",
    ],
    "wrong": [
        (
            "def step_decay(step, lr0, step_size, gamma):\n    return lr0 * gamma ** (step / step_size)",
            ["round"],
        ),
        (
            "def step_decay(step, lr0, step_size, gamma):\n    return lr0 * gamma ** (step // step_size + 1)",
            ["step 0"],
        ),
        (
            "def step_decay(step, lr0, step_size, gamma):\n    return lr0 * gamma ** ((step + 1) // step_size)",
            ["one step early"],
        ),
        (
            "import math\n\ndef step_decay(step, lr0, step_size, gamma):\n    return lr0 * gamma ** math.ceil(step / step_size)",
            ["up"],
        ),
        (
            "def step_decay(step, lr0, step_size, gamma):\n    return lr0 * 0.5 ** (step // step_size)",
            ["wrong value"],
        ),
    ],
}

_SGDR_RIGHT = """import math

def sgdr(step, lr0, t_0, t_mult=1, eta_min=0.0):
    t, T = step, t_0
    while t >= T:
        t -= T
        T *= t_mult
    return eta_min + (lr0 - eta_min) * (1 + math.cos(math.pi * t / T)) / 2"""
ANSWERS["sgdr"] = {
    "right": [
        _SGDR_RIGHT,
        _SGDR_RIGHT.replace("(1 + math.cos(math.pi * t / T)) / 2", "math.cos(math.pi * t / T / 2) ** 2"),
        _SGDR_RIGHT.replace("import math\n", "").replace("math.", "np."),
    ],
    "wrong": [
        (
            "import math\n\ndef sgdr(step, lr0, t_0, t_mult=1, eta_min=0.0):\n    return eta_min + (lr0 - eta_min) * (1 + math.cos(math.pi * min(step, t_0) / t_0)) / 2",
            ["never restarts"],
        ),
        (_SGDR_RIGHT.replace("while t >= T:", "while t > T:"), ["one step late"]),
        (_SGDR_RIGHT.replace("T *= t_mult", "T = T"), ["t_mult"]),
        (
            _SGDR_RIGHT.replace("(1 + math.cos(math.pi * t / T)) / 2", "math.cos(math.pi * t / T)"),
            ["negative"],
        ),
        (_SGDR_RIGHT.replace("eta_min + (lr0 - eta_min)", "lr0"), ["wrong value"]),
    ],
}

_MB = "    X, y = np.asarray(X), np.asarray(y)\n    n = len(X)\n"
ANSWERS["minibatches"] = {
    "right": [
        "def minibatches(X, y, batch_size, rng):\n"
        + _MB
        + "    order = rng.permutation(n)\n    for start in range(0, n, batch_size):\n        idx = order[start:start + batch_size]\n        yield X[idx], y[idx]",
        "def minibatches(X, y, batch_size, rng):\n"
        + _MB
        + "    order = rng.permutation(n)\n    batches = []\n    for chunk in np.array_split(order, range(batch_size, n, batch_size)):\n        batches.append((X[chunk], y[chunk]))\n    return batches",
        "def minibatches(X, y, batch_size, rng):\n"
        + _MB
        + "    order = rng.permutation(n)\n    start = 0\n    while start < n:\n        yield X[order[start:start + batch_size]], y[order[start:start + batch_size]]\n        start += batch_size",
    ],
    "wrong": [
        (
            "def minibatches(X, y, batch_size, rng):\n"
            + _MB
            + "    order = rng.permutation(n)\n    for start in range(0, n - batch_size + 1, batch_size):\n        idx = order[start:start + batch_size]\n        yield X[idx], y[idx]",
            ["partial batch"],
        ),
        (
            "def minibatches(X, y, batch_size, rng):\n"
            + _MB
            + "    for start in range(0, n, batch_size):\n        yield X[start:start + batch_size], y[start:start + batch_size]",
            ["original order"],
        ),
        (
            "def minibatches(X, y, batch_size, rng):\n"
            + _MB
            + "    a, b = rng.permutation(n), rng.permutation(n)\n    for start in range(0, n, batch_size):\n        yield X[a[start:start + batch_size]], y[b[start:start + batch_size]]",
            ["same* permutation"],
        ),
        (
            "def minibatches(X, y, batch_size, rng):\n"
            + _MB
            + "    order = np.random.default_rng(0).permutation(n)\n    for start in range(0, n, batch_size):\n        idx = order[start:start + batch_size]\n        yield X[idx], y[idx]",
            ["same order"],
        ),
        (
            "def minibatches(X, y, batch_size, rng):\n"
            + _MB
            + "    order = np.random.permutation(n)\n    for start in range(0, n, batch_size):\n        idx = order[start:start + batch_size]\n        yield X[idx], y[idx]",
            ["rng"],
        ),
    ],
}

# The blind review's answers whose mistake was misnamed or unnamed.
ANSWERS["nesterov_step"]["wrong"].append(
    (
        "def nesterov_step(theta, grad, velocity, lr, beta=0.9):\n"
        + _M
        + "    return theta - lr * (grad + beta * velocity), beta * velocity + grad",
        ["old velocity", "new"],
    )
)
ANSWERS["adam_step"]["wrong"].append(
    (
        "def adam_step(theta, grad, m, s, count, lr, beta1=0.9, beta2=0.999, eps=1e-8):\n"
        "    theta, grad = np.asarray(theta, float), np.asarray(grad, float)\n"
        "    k = count + 1\n"
        "    m = beta1 * np.asarray(m, float) + (1 - beta1) * grad\n"
        "    s = beta2 * np.asarray(s, float) + (1 - beta2) * grad**2\n"
        "    a = lr * np.sqrt(1 - beta2**k) / (1 - beta1**k)\n"
        "    return theta - a * m / (np.sqrt(s) + eps), m, s",
        ["eps-hat", "sqrt(s_hat) + eps"],
    )
)
