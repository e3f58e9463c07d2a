"""Each explorer's Python callback, control by control: what a learner waits for after a move.

    python -m benchmarks.explorers                              # every notebook
    python -m benchmarks.explorers notebooks/02_optimization/06_choosing_an_optimizer.ipynb

Runs each notebook in a fresh kernel, then moves **every control** of every explorer it
displayed: each slider to 12 values across its range, each dropdown or toggle through its
options, the others held at their defaults (restored after each control). Each move is one
``Explorer.set``: ``update`` + draw (blit or full redraw) + PNG encode, the time between a value
arriving in the kernel and the new image being ready. Prints, per explorer, p50 and p95 over
all its moves, the slowest control, and the mean of each stage.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import json as _json, time as _time
from course_utils.widgets import Explorer as _Explorer
import ipywidgets as _W

def _course_values(control):
    if isinstance(control, (_W.Dropdown, _W.ToggleButtons, _W.SelectionSlider, _W.RadioButtons)):
        opts = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return [opts[k % len(opts)] for k in range(max(len(opts), 4))]
    if isinstance(control, _W.Checkbox):
        return [not control.value, control.value] * 3
    if isinstance(control, (_W.FloatSlider, _W.IntSlider, _W.FloatLogSlider)):
        lo, hi = control.min, control.max
        vals = [lo + (hi - lo) * k / 11 for k in range(12)]
        if isinstance(control, _W.FloatLogSlider):
            vals = [control.base ** v for v in vals]
        if isinstance(control, _W.IntSlider):
            vals = [int(round(v)) for v in vals]
        return vals
    return []

_found, _seen = [], set()
for _v in Out.values():
    if isinstance(_v, _Explorer) and id(_v) not in _seen and _v.rendering:
        _seen.add(id(_v)); _found.append(_v)
_result = []
for _e in _found:
    _defaults = dict(_e.values)
    _controls = []
    for _name, _c in _e.controls.items():
        _times, _stages = [], []
        for _val in _course_values(_c):
            _t = _time.perf_counter()
            _e.set(**{_name: _val})
            _times.append(1000 * (_time.perf_counter() - _t))
            _stages.append(_e.stages_ms[-1])
        _e.set(**_defaults)
        if _times:
            _controls.append({"control": _name, "ms": _times, "stages": _stages})
    _result.append({"title": _e.title, "controls": _controls})
print("BENCH" + _json.dumps(_result))
"""


def measure(path: Path) -> list[dict]:
    """Run ``path`` in a fresh kernel and move every control of its explorers; one row per explorer.

    Each row: ``title``, ``ms`` (every move's callback time), ``stages`` (per move: compute,
    draw, encode in ms) and ``controls`` (the same, per control).
    """
    import nbformat

    from tools.nbtools import run

    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    run(nb, path.parent, timeout=600)
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("output_type") == "stream")
    if "BENCH" not in text:
        raise RuntimeError(f"the probe printed nothing for {path}:\n{text[-2000:]}")
    rows = json.loads(text.split("BENCH", 1)[1])
    for row in rows:
        row["ms"] = [t for c in row["controls"] for t in c["ms"]]
        row["stages"] = [s for c in row["controls"] for s in c["stages"]]
    return rows


def report(name: str, rows: list[dict]) -> str:
    lines = []
    for row in rows:
        if not row["ms"]:
            continue
        worst = max(row["controls"], key=lambda c: np.percentile(c["ms"], 95))
        stages = {k: np.mean([s[k] for s in row["stages"]]) for k in ("compute", "draw", "encode")}
        lines.append(
            f"{np.percentile(row['ms'], 95):6.1f} ms p95 {np.percentile(row['ms'], 50):6.1f} ms p50"
            f"  max {max(row['ms']):6.1f}  {name}: {row['title']}  (slowest control {worst['control']}:"
            f" p95 {np.percentile(worst['ms'], 95):.0f} ms; mean compute {stages['compute']:.0f},"
            f" draw {stages['draw']:.0f}, encode {stages['encode']:.0f} ms)"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*/*.ipynb"))
    for path in paths:
        print(report(f"{path.parent.name}/{path.name}", measure(path.resolve())), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
