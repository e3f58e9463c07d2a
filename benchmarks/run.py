"""How fast the course feels: the numbers behind the README's performance table.

    python -m benchmarks.run                # everything (a few minutes)
    python -m benchmarks.run --skip browser --skip autograde
    python -m benchmarks.run --only core    # the numerics alone (seconds)

Measures, on this machine:

* ``import course_utils`` (and the numerical modules a notebook imports first), in a fresh
  interpreter, and that matplotlib and ipywidgets are not loaded by them;
* an Adam step at the course's sizes and on 1e6 parameters (in elementwise passes over the
  data), and each loss with its gradient on 1e6 values against the bare NumPy formulas;
* each notebook's execution time in a fresh kernel, and the whole course;
* each explorer's Python callback (``update`` + PNG render) for every control moved across its
  range (``benchmarks/explorers.py``), and the
  share of each stage: compute (``update``), draw (full redraw or blit), encode (PNG);
* in JupyterLab on Chromium, the time from a key press on a slider to the new figure, and the
  figures shown per second while one slider per part is dragged across its range;
* autograding a class of N reference submissions of each part as ``make autograde JOBS=...``
  does it, and of one part the plain way (one nbgrader process, ordinary kernels, figures drawn).

The Markdown table it prints goes into the README; ``artifacts/benchmark.json`` keeps the
raw numbers. Timings are wall-clock and vary with the machine's load: run it on a quiet
machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.explorers import measure as explorer_callbacks

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*/*.ipynb"))
TARGETS = {
    "course_s": 60.0,
    "browser_p95_ms": 150.0,
    "callback_p95_ms": 50.0,
    "callback_worst_p95_ms": 60.0,
    "drag_fps": 10.0,
    "import_s": 0.15,
}


def _p(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def _best(fn, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


# ------------------------------------------------------------------ import


def bench_import(runs: int = 7) -> dict:
    code = (
        "import sys, time\n"
        "t = time.perf_counter(); import course_utils; a = time.perf_counter() - t\n"
        "t = time.perf_counter()\n"
        "import course_utils.losses, course_utils.activations\n"
        "import course_utils.optimizers, course_utils.schedules\n"
        "import course_utils.landscapes, course_utils.gradcheck, course_utils.checks\n"
        "b = time.perf_counter() - t\n"
        "heavy = sorted(m for m in ('matplotlib', 'ipywidgets', 'IPython') if m in sys.modules)\n"
        "print(a, b, ','.join(heavy))\n"
    )
    package, modules, heavy = [], [], ""
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
        package.append(float(out[0]))
        modules.append(float(out[1]))
        heavy = out[2] if len(out) > 2 else ""
    return {
        "import_s": statistics.median(package),
        "numerical_and_checks_import_s": statistics.median(modules),
        "heavy_modules_loaded": heavy,
    }


# ------------------------------------------------------------------ core speed


#: glibc's malloc returns freed memory to the OS once more than its trim threshold is free at the
#: top of the heap: every call that frees two or more 1e6-float temporaries then pays page faults
#: on the next call. These settings keep the memory, to show how much of a time is that effect.
_NO_TRIM = {"MALLOC_TRIM_THRESHOLD_": str(2**30), "MALLOC_MMAP_THRESHOLD_": str(2**30)}


def bench_core() -> dict:
    """The numerics, measured here and in a child process where glibc keeps freed memory."""
    result = core_numbers()
    child = subprocess.run(
        [sys.executable, "-c", "import json, benchmarks.run as b; print(json.dumps(b.core_numbers()))"],
        env=dict(os.environ, **_NO_TRIM),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result["no_trim"] = json.loads(child.stdout)
    return result


def core_numbers(n: int = 1_000_000, course_sizes: tuple[int, ...] = (2, 1_000)) -> dict:
    """The numerics: an Adam step, and each loss with its gradient, against plain NumPy.

    * ``adam``: one ``adam(...).update`` (validation, schedule, the step function) and the bare
      ``adam_step`` on ``n`` parameters, in ms and as a multiple of one elementwise pass
      (``a + b`` over ``n`` floats); at the course's sizes in microseconds per update.
    * ``losses``: each loss's value plus gradient, as the course computes them (with argument
      checks), as a multiple of the same two formulas written bare in NumPy.
    """
    from course_utils import losses as L
    from course_utils import optimizers as O

    rng = np.random.default_rng(0)
    a, b = rng.normal(size=n), rng.normal(size=n)
    one_pass = _best(lambda: a + b)

    def time_adam(size: int) -> dict:
        theta, g = rng.normal(size=size), rng.normal(size=size)
        opt = O.adam(1e-3)
        state = opt.update(g, opt.init(theta), theta)[1]  # a state after one step: m, s nonzero
        t_update = _best(lambda: opt.update(g, state, theta), repeat=25)
        t_step = _best(lambda: O.adam_step(theta, g, state.mu, state.nu, state.count, 1e-3), repeat=25)
        return {"update_ms": 1000 * t_update, "step_ms": 1000 * t_step}

    adam = {str(size): time_adam(size) for size in (*course_sizes, n)}
    adam[str(n)]["update_passes"] = adam[str(n)]["update_ms"] / (1000 * one_pass)
    adam[str(n)]["step_passes"] = adam[str(n)]["step_ms"] / (1000 * one_pass)

    p = rng.uniform(0.01, 0.99, n)
    y = (rng.uniform(size=n) < 0.5).astype(float)
    z = rng.normal(size=(n // 10, 10))
    idx = rng.integers(0, 10, n // 10)
    rows_ = np.arange(len(z))

    def bare_softmax_ce():
        shifted = z - z.max(1, keepdims=True)
        log_q = shifted - np.log(np.exp(shifted).sum(1, keepdims=True))
        q = np.exp(log_q)
        q[rows_, idx] -= 1
        return -np.mean(log_q[rows_, idx]), q / len(z)

    cases = {  # name: (the course's loss + gradient, the bare formulas)
        "mse": (
            lambda: (L.mse(a, b), L.mse_grad(a, b)),
            lambda: (np.mean((b - a) ** 2), 2 * (b - a) / n),
        ),
        "huber": (
            lambda: (L.huber(a, b), L.huber_grad(a, b)),
            lambda: (
                np.mean(np.where(np.abs(b - a) <= 1, 0.5 * (b - a) ** 2, np.abs(b - a) - 0.5)),
                np.clip(b - a, -1, 1) / n,
            ),
        ),
        "binary_cross_entropy": (
            lambda: (L.binary_cross_entropy(y, p), L.binary_cross_entropy_grad(y, p)),
            lambda: (-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)), (p - y) / (p * (1 - p)) / n),
        ),
        "bce_with_logits": (
            lambda: (L.binary_cross_entropy_with_logits(y, a), L.binary_cross_entropy_with_logits_grad(y, a)),
            lambda: (np.mean(np.logaddexp(0, a) - y * a), (1 / (1 + np.exp(-a)) - y) / n),
        ),
        "softmax_cross_entropy": (
            lambda: (L.softmax_cross_entropy(idx, z), L.softmax_cross_entropy_grad(idx, z)),
            bare_softmax_ce,
        ),
    }
    losses = {}
    with np.errstate(over="ignore"):  # the bare sigmoid overflows harmlessly at large negative z
        for name, (ours, bare) in cases.items():
            t_ours, t_bare = _best(ours, repeat=21), _best(bare, repeat=21)
            losses[name] = {"ours_ms": 1000 * t_ours, "bare_ms": 1000 * t_bare, "ratio": t_ours / t_bare}
    return {"n": n, "one_pass_ms": 1000 * one_pass, "adam": adam, "losses": losses}


# ------------------------------------------------------------------ notebooks


def bench_notebooks() -> dict:
    import nbformat

    from tools.nbtools import run

    rows = {}
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        run(nb, path.parent, timeout=300)
        seconds = time.perf_counter() - start
        # Every control of every explorer, moved across its range, in a second fresh kernel.
        explorers = explorer_callbacks(path)
        rows[f"{path.parent.name}/{path.name}"] = {"seconds": seconds, "explorers": explorers}
        print(f"  {seconds:5.2f} s  {path.parent.name}/{path.name}", file=sys.stderr)
    return rows


# ------------------------------------------------------------------ browser


def bench_browser(presses: int = 12) -> dict:
    sys.path.insert(0, str(ROOT))
    from tests.test_browser import DRAGGED
    from tools.browser import (
        chromium,
        chromium_path,
        drag_slider,
        first_slider_explorer,
        jupyter_lab,
        move_slider,
        open_notebook,
        run_all,
    )

    exe = chromium_path()
    if not exe:
        return {"skipped": "no Chromium (apt-get install chromium)"}
    rows: dict = {}
    drags: dict = {}
    root = Path(tempfile.mkdtemp(prefix="course-bench-"))
    try:
        shutil.copytree(ROOT / "notebooks", root / "course")
        with jupyter_lab(root) as lab, chromium(exe) as browser:
            for path in NOTEBOOKS:
                rel = f"course/{path.parent.name}/{path.name}"
                context = browser.new_context(viewport={"width": 1280, "height": 1000})
                page = context.new_page()
                times: list[float] = []
                try:
                    open_notebook(page, lab, rel)
                    run_all(page)
                    explorer = first_slider_explorer(page)
                    for k in range(presses):
                        move = move_slider(
                            page, explorer, key="ArrowRight" if (k // 3) % 2 == 0 else "ArrowLeft"
                        )
                        times.append(1000 * move.seconds)
                    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
                except Exception as err:  # one notebook's failure must not lose the others' numbers
                    print(f"  browser {rel}: failed: {err}", file=sys.stderr)
                finally:
                    context.close()
                rows[f"{path.parent.name}/{path.name}"] = times
                print(
                    f"  browser {path.parent.name}/{path.name}: p50 {_p(times, 50):.0f} ms", file=sys.stderr
                )
        with jupyter_lab(root) as lab, chromium(exe) as browser:
            for rel in DRAGGED:
                context = browser.new_context(viewport={"width": 1280, "height": 1000})
                page = context.new_page()
                try:
                    open_notebook(page, lab, f"course/{rel}")
                    run_all(page)
                    drag = drag_slider(page, first_slider_explorer(page))
                    drags[rel] = {
                        "frames": drag.frames,
                        "seconds": drag.seconds,
                        "fps": drag.frames_per_second,
                    }
                    print(f"  drag {rel}: {drag.frames_per_second:.1f} figures/s", file=sys.stderr)
                    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
                except Exception as err:
                    print(f"  drag {rel}: failed: {err}", file=sys.stderr)
                finally:
                    context.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    rows["drags"] = drags
    return rows


# ------------------------------------------------------------------ autograde


def _grading_course(part: str, class_size: int, env: dict) -> Path:
    """A temporary course with ``part`` generated and ``class_size`` reference submissions of it."""
    nbgrader = str(Path(sys.executable).parent / "nbgrader")
    course = Path(tempfile.mkdtemp(prefix="course-grade-"))
    shutil.copytree(ROOT / "notebooks", course / "notebooks")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    subprocess.run(
        [nbgrader, "generate_assignment", part, "--force"],
        cwd=course,
        env=env,
        check=True,
        capture_output=True,
    )
    for i in range(class_size):
        shutil.copytree(ROOT / "notebooks" / part, course / "submitted" / f"student{i:02d}" / part)
    return course


def bench_autograde(part: str, class_size: int, jobs: int) -> dict:
    """Autograding a class of ``class_size`` reference submissions of every part, as make autograde does.

    Each part is graded with ``jobs`` workers (tools/classroom.py, nothing drawn); ``part`` is
    also graded the plain way (one ``nbgrader autograde``, ordinary kernels instead of the
    zygote's, figures drawn) for comparison.
    Per submission = wall time / class size; a class of 100 = 100 times that.
    """
    from tools import classroom

    env = classroom.grading_env()
    # plain: figures drawn by the inline backend, as nbgrader does without the course's settings
    plain_env = dict(os.environ, PATH=env["PATH"], MPLBACKEND="module://matplotlib_inline.backend_inline")
    plain_env["COURSE_RENDER"] = ""
    plain_env["COURSE_WARM_KERNELS"] = "0"  # a kernel started from scratch for each notebook
    nbgrader = str(Path(sys.executable).parent / "nbgrader")
    rows = {}
    for name in sorted(p.name for p in (ROOT / "notebooks").iterdir() if any(p.glob("*.ipynb"))):
        course = _grading_course(name, class_size, env)
        try:
            result = classroom.autograde(course, name, jobs, quiet=True)
            if not result.ok:
                print(f"  autograde {name}: a worker failed", file=sys.stderr)
            per = result.seconds / class_size
            rows[name] = {
                "notebooks": len(list((ROOT / "notebooks" / name).glob("*.ipynb"))),
                "seconds": result.seconds,
                "per_submission_s": per,
                "class_of_100_min": 100 * per / 60,
            }
            print(f"  autograde {name}: {per:.1f} s per submission with {jobs} workers", file=sys.stderr)
        finally:
            shutil.rmtree(course, ignore_errors=True)
    course = _grading_course(part, class_size, plain_env)
    try:
        start = time.perf_counter()
        subprocess.run(
            [nbgrader, "autograde", part], cwd=course, env=plain_env, check=True, capture_output=True
        )
        plain = time.perf_counter() - start
    finally:
        shutil.rmtree(course, ignore_errors=True)
    return {
        "part": part,
        "class_size": class_size,
        "jobs": jobs,
        "parts": rows,
        "plain_per_submission_s": plain / class_size,
        "seconds": rows.get(part, {}).get("seconds", float("nan")),
        "per_submission_s": rows.get(part, {}).get("per_submission_s", float("nan")),
    }


# ------------------------------------------------------------------ report


def table(results: dict) -> str:
    lines = ["| measure | result | target |", "|---|---|---|"]
    imp = results.get("import")
    if imp:
        lines.append(
            f"| `import course_utils` | {imp['import_s'] * 1000:.0f} ms"
            f" | < {TARGETS['import_s'] * 1000:.0f} ms |"
        )
        lines.append(
            f"| numerical modules + checks, imported | {imp['numerical_and_checks_import_s'] * 1000:.0f} ms"
            f" (matplotlib, ipywidgets loaded: {imp['heavy_modules_loaded'] or 'no'}) | light |"
        )
    core = results.get("core")
    if core:
        n, big = core["n"], core["adam"][str(core["n"])]
        small = ", ".join(
            f"{row['update_ms'] * 1000:.0f} µs at {size}"
            for size, row in core["adam"].items()
            if size != str(n)
        )
        keep = core.get("no_trim", {}).get("adam", {}).get(str(n))
        kept = (
            f"; {keep['update_ms']:.1f} ms = {keep['update_passes']:.0f} passes if malloc keeps memory"
            if keep
            else ""
        )
        lines.append(
            f"| Adam step, `adam(...).update`, on {n:.0e} parameters | {big['update_ms']:.1f} ms"
            f" = {big['update_passes']:.0f} elementwise passes{kept}; {small} parameters | a few ms |"
        )
        worst = max(core["losses"].items(), key=lambda kv: kv[1]["ratio"])
        each = ", ".join(f"{k} {v['ratio']:.1f}x" for k, v in core["losses"].items())
        kept_losses = core.get("no_trim", {}).get("losses")
        if kept_losses:
            each += "; if malloc keeps memory: " + ", ".join(
                f"{k} {v['ratio']:.1f}x" for k, v in kept_losses.items()
            )
        lines.append(
            f"| loss + gradient on {n:.0e} values, vs the bare formulas | at most {worst[1]['ratio']:.1f}x"
            f" ({each}) | a small factor |"
        )
    nbs = results.get("notebooks")
    if nbs:
        total = sum(r["seconds"] for r in nbs.values())
        slowest = max(nbs.items(), key=lambda kv: kv[1]["seconds"])
        lines.append(
            f"| whole course, executed (fresh kernel per notebook) | {total:.1f} s for {len(nbs)} notebooks"
            f" | < {TARGETS['course_s']:.0f} s |"
        )
        lines.append(f"| slowest notebook | {slowest[1]['seconds']:.1f} s ({slowest[0]}) | a few seconds |")
        explorers = [e for r in nbs.values() for e in r["explorers"] if e["ms"]]
        cb = [t for e in explorers for t in e["ms"]]
        if cb:
            worst = max(explorers, key=lambda e: _p(e["ms"], 95))
            lines.append(
                "| explorer callback in Python (update + draw + PNG), every control moved"
                f" | p50 {_p(cb, 50):.0f} ms,"
                f" p95 {_p(cb, 95):.0f} ms; slowest explorer p95 {_p(worst['ms'], 95):.0f} ms"
                f" ({worst['title']}) | p95 < {TARGETS['callback_p95_ms']:.0f} ms,"
                f" none over {TARGETS['callback_worst_p95_ms']:.0f} ms |"
            )
            stages = [st for e in explorers for st in e.get("stages", [])]
            if stages:
                mean = {k: statistics.fmean(st[k] for st in stages) for k in ("compute", "draw", "encode")}
                total = sum(mean.values())
                lines.append(
                    "| where a callback's time goes (mean over all moves) | "
                    + ", ".join(f"{k} {v:.0f} ms ({100 * v / total:.0f}%)" for k, v in mean.items())
                    + " | |"
                )
    br = results.get("browser")
    if br and "skipped" not in br:
        allv = [t for k, v in br.items() if k != "drags" for t in v]
        lines.append(
            f"| key press on a slider to new figure, in JupyterLab on Chromium | p50 {_p(allv, 50):.0f} ms,"
            f" p95 {_p(allv, 95):.0f} ms | p95 < {TARGETS['browser_p95_ms']:.0f} ms |"
        )
        drags = br.get("drags", {})
        if drags:
            lines.append(
                "| figures per second while a slider is dragged across its range, one per part | "
                + ", ".join(f"{k.split('/')[0]} {v['fps']:.0f}" for k, v in drags.items())
                + f" | >= {TARGETS['drag_fps']:.0f} |"
            )
    ag = results.get("autograde")
    if ag and "parts" in ag:
        lines.append(
            f"| make autograde PART={ag['part']} JOBS={ag['jobs']}, class of {ag['class_size']}"
            f" | {ag['per_submission_s']:.1f} s per submission; a class of 100 in"
            f" {100 * ag['per_submission_s'] / 60:.1f} min (plain nbgrader, 1 process, cold kernels,"
            f" figures drawn: {ag['plain_per_submission_s']:.1f} s per submission) | 3 s; 100 in < 5 min |"
        )
        for name, row in ag["parts"].items():
            lines.append(
                f"| make autograde PART={name} JOBS={ag['jobs']}"
                f" ({row['notebooks']} notebook{'s' if row['notebooks'] != 1 else ''})"
                f" | {row['per_submission_s']:.1f} s per submission; a class of 100 in"
                f" {row['class_of_100_min']:.1f} min | - |"
            )
    return "\n".join(lines)


def notebook_table(results: dict) -> str:
    nbs = results.get("notebooks", {})
    br = results.get("browser", {})
    lines = ["| notebook | executes in | callback p95 | browser p50 / p95 |", "|---|---|---|---|"]
    for name, row in nbs.items():
        cb = [t for e in row["explorers"] for t in e["ms"]]
        b = br.get(name, []) if isinstance(br, dict) and name != "drags" else []
        lines.append(
            f"| {name} | {row['seconds']:.1f} s | {_p(cb, 95):.0f} ms | "
            + (f"{_p(b, 50):.0f} / {_p(b, 95):.0f} ms" if b else "-")
            + " |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--skip", action="append", default=[], choices=["import", "core", "notebooks", "browser", "autograde"]
    )
    parser.add_argument(
        "--only", action="append", default=[], choices=["import", "core", "notebooks", "browser", "autograde"]
    )
    parser.add_argument("--class-size", type=int, default=10)
    parser.add_argument("--part", default="01_losses")
    parser.add_argument(
        "--jobs",
        type=int,
        default=(os.cpu_count() or 1) + 1,
        help="autograde workers (default: one more than cores, as each worker waits on its kernels)",
    )
    args = parser.parse_args(argv)
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    steps = [
        ("import", bench_import),
        ("core", bench_core),
        ("notebooks", bench_notebooks),
        ("browser", bench_browser),
        ("autograde", lambda: bench_autograde(args.part, args.class_size, args.jobs)),
    ]
    out = ROOT / "artifacts" / "benchmark.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    for name, fn in steps:
        if name not in args.skip and (not args.only or name in args.only):
            print(f"- {name}", file=sys.stderr)
            results[name] = fn()
            out.write_text(json.dumps(results, indent=2))  # after each step, so a failure keeps the rest
    print(table(results))
    print()
    print(notebook_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
