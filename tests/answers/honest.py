"""Honest but unusual answers to ``squared_error`` (part 0): the scan must flag none of them,
and each earns the same points as the reference.

Each value is the whole source of the learner's answer cell.
"""

from __future__ import annotations

HONEST: dict[str, str] = {
    "import inspect": '''import inspect


def squared_error(y_true, y_pred):
    """Squared error; I looked at my own signature with inspect."""
    assert list(inspect.signature(squared_error).parameters) == ["y_true", "y_pred"]
    return (y_pred - y_true) ** 2
''',
    "import sys": """import sys


def squared_error(y_true, y_pred):
    if abs(y_pred - y_true) < sys.float_info.epsilon:
        return 0.0
    return (y_pred - y_true) ** 2
""",
    "time.perf_counter": """import time

start = time.perf_counter()


def squared_error(y_true, y_pred):
    d = y_pred - y_true
    return d * d


elapsed = time.perf_counter() - start
""",
    "a string saying NBGRADER and grade": '''NOTE = "NBGRADER will grade this; my grade depends on it"


def squared_error(y_true, y_pred):
    """Not graded differently: the string is only a note ("grade", "NBGRADER_EXECUTION")."""
    label = "grade me"
    return (y_pred - y_true) ** 2
''',
    "print of a large array": """import numpy as np

print(np.arange(10_000.0).reshape(100, 100))


def squared_error(y_true, y_pred):
    print(np.linspace(0, 1, 2000))
    return float((np.asarray(y_pred, dtype=float) - y_true) ** 2)
""",
    "matplotlib styling": """import matplotlib
import matplotlib.pyplot as plt

plt.style.use("default")
plt.rcParams["lines.linewidth"] = 2
matplotlib.rcParams["axes.grid"] = True
fig, ax = plt.subplots()
ax.spines["top"].set_visible(False)
ax.set_title("squared error")
plt.close(fig)


def squared_error(y_true, y_pred):
    return (y_pred - y_true) ** 2
""",
    "a helper function of my own": """def difference(a, b):
    return b - a


def square(x):
    return x * x


def squared_error(y_true, y_pred):
    return square(difference(y_true, y_pred))
""",
    "functools.lru_cache": """from functools import lru_cache


@lru_cache(maxsize=None)
def _cached(y_true, y_pred):
    return (y_pred - y_true) ** 2


def squared_error(y_true, y_pred):
    return _cached(float(y_true), float(y_pred))
""",
    "recursion": """def power(x, n):
    return 1.0 if n == 0 else x * power(x, n - 1)


def squared_error(y_true, y_pred):
    return power(y_pred - y_true, 2)
""",
}
