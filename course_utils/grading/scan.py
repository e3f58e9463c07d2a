"""Scanning a learner's code for attempts to change how it is graded.

nbgrader runs the learner's cells and the tests in one kernel, so a learner's cell can
reach the test machinery: rebind the checker, patch NumPy, read ``NBGRADER_EXECUTION``,
hook IPython, end the kernel. :func:`scan_source` reads a cell's code (without running it)
and reports each such construct with its line. Ordinary exercise code never needs any of
them, so an honest submission is never flagged.

What is flagged
---------------
* assigning to an attribute of an imported module, of ``builtins``, or of any object
  reached through a call (``np.allclose = ...``, ``course_utils.checks.check = ...``,
  ``__import__("numpy").isclose = ...``), and ``setattr``/``delattr``;
* rebinding a name imported from the course's checks or grading (``def check(...)``,
  ``grade = ...``);
* reading the environment (``os.environ``, ``getenv``);
* IPython hooks (``get_ipython``, importing ``IPython``) and the notebook's input history
  (``In``, ``_ih``, ``_i3``...), which holds the hidden tests' one-time tokens;
* ending or signalling the process (``os._exit``, ``sys.exit``, ``exit``, ``quit``,
  ``os.kill``, the ``signal`` module);
* touching ``sys.modules``, frames and tracing (``sys._getframe``, ``sys.settrace``,
  ``sys.setprofile``, ``sys.monitoring``, ``inspect.currentframe``/``stack``, a frame's
  ``f_back``/``f_locals``/``f_globals``, a traceback's ``tb_frame``, ``gc``, ``ctypes``), and
  running code from strings (``exec``, ``eval``, ``compile``, ``__import__``, ``importlib``).

What is *not* flagged, because honest code does it: ``import inspect`` and
``inspect.signature``, ``import sys`` and ``sys.float_info``/``sys.setrecursionlimit``,
``time.perf_counter()``, any string (one saying "NBGRADER" or "grade" included), printing,
matplotlib styling (``plt.rcParams[...] = ...``, ``plt.style.use``), helper functions,
``functools.lru_cache``, recursion (the corpus in ``tests/answers/honest.py``).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

__all__ = ["Finding", "scan_source"]

_FORBIDDEN_MODULES = {
    "IPython": "imports IPython, which can hook into how cells run",
    "builtins": "imports builtins, which can redefine Python's own functions",
    "gc": "imports gc, which can reach every object in the kernel",
    "ctypes": "imports ctypes, which can rewrite memory",
    "signal": "imports signal, which can interfere with time limits",
    "importlib": "imports importlib, which can reload or replace modules",
}
_FORBIDDEN_CALLS = {
    "exec": "runs code from a string (exec)",
    "eval": "runs code from a string (eval)",
    "compile": "compiles code from a string",
    "__import__": "imports a module by name (__import__)",
    "setattr": "sets an attribute by name (setattr)",
    "delattr": "deletes an attribute by name (delattr)",
    "get_ipython": "uses get_ipython(), which can hook into how cells run",
    "exit": "calls exit(), which ends the kernel",
    "quit": "calls quit(), which ends the kernel",
    "globals": "reaches the notebook's global names through globals()",
    "vars": "reaches namespaces through vars()",
    "getenv": "reads environment variables (getenv)",
}
_FORBIDDEN_ATTRIBUTES = {
    "_exit": "calls os._exit(), which ends the kernel",
    "exit": "calls sys.exit(), which ends the kernel",
    "kill": "sends a signal to a process",
    "environ": "reads or changes environment variables (os.environ)",
    "getenv": "reads environment variables (getenv)",
    "putenv": "changes environment variables (putenv)",
    "modules": "touches sys.modules, the table of loaded modules",
    "_getframe": "reaches into the call stack (sys._getframe)",
    "settrace": "installs a tracer (sys.settrace)",
    "setprofile": "installs a profiler hook (sys.setprofile), which can switch off the own-work observer",
    "monitoring": "uses sys.monitoring, which can watch or change how the grader runs",
    "f_back": "walks up the call stack to the grader's frames (f_back)",
    "f_locals": "reads a frame's local variables (f_locals)",
    "f_globals": "reads a frame's global variables (f_globals)",
    "f_builtins": "reads a frame's built-in functions (f_builtins)",
    "tb_frame": "reaches a frame through a traceback (tb_frame)",
    "gi_frame": "reaches a frame through a generator (gi_frame)",
    "cr_frame": "reaches a frame through a coroutine (cr_frame)",
    "__builtins__": "reaches Python's built-in functions (__builtins__)",
    "__dict__": "edits an object's attribute table (__dict__)",
    "__class__": "changes an object's class (__class__)",
}
#: Functions of ``inspect`` that reach the call stack (the rest of inspect is harmless).
_INSPECT_FRAMES = {
    "currentframe",
    "stack",
    "trace",
    "getouterframes",
    "getinnerframes",
    "getframeinfo",
    "getgeneratorlocals",
}
#: Names IPython binds to the notebook's input and output history.
_HISTORY = re.compile(r"^(In|Out|_ih|_oh|_dh|_ii|_iii|_i\d+|_\d+)$")
#: IPython magics a learner may use: they time or show things, nothing more.
_HARMLESS_MAGICS = {"time", "timeit", "matplotlib", "precision", "who", "whos", "pprint", "pwd", "ls"}
#: Names the course's check and grading machinery is imported under.
_PROTECTED_MODULE_PREFIXES = ("course_utils.checks", "course_utils.grading")


@dataclass(frozen=True)
class Finding:
    """One suspicious construct: where it is and what it does."""

    line: int
    code: str
    what: str

    def __str__(self) -> str:
        return f"line {self.line}: `{self.code}` {self.what}"


class _Scanner(ast.NodeVisitor):
    def __init__(
        self, source: str, modules: set[str], protected: set[str], inspect_names: set[str] = frozenset()
    ):
        self.lines = source.splitlines()
        self.inspect_names = set(inspect_names) | {"inspect"}  # names bound to the inspect module
        self.modules = modules  # names bound to imported modules, in any cell
        self.protected = protected  # names imported from the checks/grading machinery
        self.findings: list[Finding] = []

    def flag(self, node: ast.AST, what: str) -> None:
        line = getattr(node, "lineno", 0)
        code = self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""
        self.findings.append(Finding(line, code[:120], what))

    # imports -------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            top = alias.name.split(".")[0]
            if top in _FORBIDDEN_MODULES:
                self.flag(node, _FORBIDDEN_MODULES[top])
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        top = (node.module or "").split(".")[0]
        if top in _FORBIDDEN_MODULES:
            self.flag(node, _FORBIDDEN_MODULES[top])
        if top == "inspect":
            for alias in node.names:
                if alias.name in _INSPECT_FRAMES:
                    self.flag(node, f"imports inspect.{alias.name}, which reaches the grader's frames")
        for alias in node.names:
            if alias.name in (
                "_exit",
                "environ",
                "getenv",
                "modules",
                "_getframe",
                "settrace",
                "setprofile",
                "monitoring",
                "kill",
            ):
                self.flag(node, _FORBIDDEN_ATTRIBUTES[alias.name])
        self.generic_visit(node)

    # rebinding -------------------------------------------------------------
    def _target(self, target: ast.AST, node: ast.AST) -> None:
        if isinstance(target, ast.Attribute):
            base = target.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and (
                base.id in self.modules or base.id in ("builtins", "__builtins__")
            ):
                self.flag(node, f"changes `{ast.unparse(target)}`, part of a module the grader relies on")
            elif isinstance(base, (ast.Call, ast.Subscript)):
                self.flag(node, f"changes `{ast.unparse(target)}` on an object reached indirectly")
        elif isinstance(target, ast.Name) and target.id in self.protected:
            self.flag(node, f"redefines `{target.id}`, the course's own checking function")
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self._target(elt, node)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._target(target, node)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._target(node.target, node)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._target(node.target, node)
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            self._target(target, node)
        self.generic_visit(node)

    def _definition(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        if node.name in self.protected:
            self.flag(node, f"redefines `{node.name}`, the course's own checking function")
        self.generic_visit(node)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _definition

    # uses ------------------------------------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        if _is_harmless_magic(node):
            # The magic itself only times or shows; the code it is given still counts.
            for arg in node.args[1:]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.strip():
                    try:
                        inner = ast.parse(arg.value)
                    except SyntaxError:
                        continue
                    for child in ast.walk(inner):
                        if hasattr(child, "lineno"):
                            child.lineno = node.lineno
                    self.visit(inner)
            return
        if isinstance(node.func, ast.Name) and node.func.id in _FORBIDDEN_CALLS:
            self.flag(node, _FORBIDDEN_CALLS[node.func.id])
        if (
            isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value in set(_FORBIDDEN_ATTRIBUTES) | _INSPECT_FRAMES
        ):
            self.flag(node, f"reaches `{node.args[1].value}` by name (getattr)")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        base = node.value
        if node.attr in _INSPECT_FRAMES and isinstance(base, ast.Name) and base.id in self.inspect_names:
            self.flag(node, f"calls inspect.{node.attr}, which reaches the grader's frames")
        if node.attr in ("f_back", "f_locals", "f_globals", "f_builtins", "tb_frame", "gi_frame", "cr_frame"):
            self.flag(node, _FORBIDDEN_ATTRIBUTES[node.attr])
        elif node.attr in ("monitoring", "setprofile", "settrace") and isinstance(base, ast.Name):
            if base.id in self.modules | {"sys", "threading"}:
                self.flag(node, _FORBIDDEN_ATTRIBUTES[node.attr])
            self.generic_visit(node)
            return
        if node.attr in _FORBIDDEN_ATTRIBUTES:
            base = node.value
            is_module = isinstance(base, ast.Name) and base.id in self.modules | {"os", "sys"}
            if is_module or node.attr in ("environ", "modules", "_getframe", "__builtins__", "_exit"):
                self.flag(node, _FORBIDDEN_ATTRIBUTES[node.attr])
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in ("__builtins__", "environ"):
            self.flag(node, _FORBIDDEN_ATTRIBUTES[node.id])
        elif _HISTORY.match(node.id):
            self.flag(
                node, f"reads the notebook's input/output history ({node.id}), which holds the hidden tests"
            )
        self.generic_visit(node)


def _is_harmless_magic(node: ast.Call) -> bool:
    """Is this ``get_ipython().run_line_magic("timeit", ...)`` for a harmless magic?"""
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in ("run_line_magic", "run_cell_magic")
        and isinstance(func.value, ast.Call)
        and isinstance(func.value.func, ast.Name)
        and func.value.func.id == "get_ipython"
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value in _HARMLESS_MAGICS
        and not any("NBGRADER" in str(getattr(a, "value", "")).upper() for a in node.args)
    )


def _inspect_aliases(tree: ast.AST) -> set[str]:
    """Names the ``inspect`` module is bound to in this code (``import inspect as ins``)."""
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name == "inspect"
    }


def _python(source: str) -> str:
    """Cell source as plain Python (IPython magics turned into calls)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # pragma: no cover - IPython is always there with Jupyter
        return source
    return TransformerManager().transform_cell(source)


def imported_names(sources: list[str]) -> tuple[set[str], set[str]]:
    """Names bound by import statements anywhere in ``sources``, and among them the names
    imported from the course's checks/grading machinery.

    Every imported name counts (a module or anything taken from one): honest code never
    assigns attributes to a library's modules or functions.
    """
    imported, protected = set(), set()
    for source in sources:
        try:
            tree = ast.parse(_python(source))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    imported.add(alias.asname or alias.name.split(".")[0])
                    if alias.name.startswith(_PROTECTED_MODULE_PREFIXES) and alias.asname:
                        protected.add(alias.asname)
            elif isinstance(node, ast.ImportFrom):
                names = {alias.asname or alias.name for alias in node.names}
                imported.update(names)
                if (node.module or "").startswith(_PROTECTED_MODULE_PREFIXES):
                    protected.update(names)
    return imported, protected


def scan_source(
    source: str, modules: set[str] | None = None, protected: set[str] | None = None
) -> list[Finding]:
    """Everything suspicious in one cell's code, in order of appearance.

    ``modules`` and ``protected`` are the names bound, anywhere in the notebook, to
    imported modules and to the course's checking functions (see :func:`imported_names`);
    by default they are computed from this source alone (plus ``np``, ``os``, ``sys``).
    """
    if modules is None or protected is None:
        found_modules, found_protected = imported_names([source])
        modules = (modules or set()) | found_modules | {"np", "numpy", "os", "sys"}
        protected = (protected or set()) | found_protected | {"check", "grade"}
    code = _python(source)
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []  # a syntax error fails the learner's own cell; nothing can run from it
    scanner = _Scanner(code, modules, protected, _inspect_aliases(tree))
    scanner.visit(tree)
    return sorted(set(scanner.findings), key=lambda f: (f.line, f.what))
