"""A warm parent for grading kernels: each kernel is a fresh fork of a process that has imported.

Starting an IPython kernel and importing NumPy, matplotlib and the course costs about half a
second of CPU, and autograding pays it once per notebook: seven times for each learner's
part 1. This server imports all of that once, then forks a new kernel process for each
notebook. Each kernel is still its own process, started clean: no learner's code ever ran in
the server, and a fork shares nothing with its siblings (a learner's change to a module, to
the random state or to the working folder stays in that learner's kernel).

The server runs as ``python -m course_utils.grading.zygote SOCKET`` (started by
:mod:`course_utils.grading.warm_kernels`), and listens on the Unix socket ``SOCKET``. A
kernel is asked for by ``_warm_client.py``, the tiny process the kernel manager launches in
place of ``python -m ipykernel_launcher``: it sends its arguments, working folder,
environment and standard streams, and the server forks. The child takes them over, starts
a new session (as the kernel manager would), draws fresh seeds for ``random`` and NumPy, and
runs ipykernel as ``ipykernel_launcher`` would. The client stands for the kernel towards the
kernel manager: it passes signals on to the kernel's process group and exits with the
kernel's exit status; if it is killed, the server kills the kernel.

The server is started in the environment its kernels get (modules read some of it when they
are imported, and ipykernel's defaults too), and declines (the client then starts an
ordinary kernel) a kernel whose environment differs in anything, or when a thread is running
in the server (a fork would lose it). It exits when its parent closes its standard input.
"""

from __future__ import annotations

import importlib
import json
import os
import selectors
import signal
import socket
import struct
import sys
import threading

#: What a grading kernel imports anyway, imported once here: the kernel itself, the libraries
#: the notebooks use, and every module of the course (the checks' catalog is imported by the
#: first check of every notebook), but not those that import nbgrader (they run in nbgrader).
#: Some imports change the environment (debugpy sets ``PYDEVD_USE_FRAME_EVAL``): a kernel gets
#: those changes on top of its own environment, as if it had made the imports itself.
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",
    "numpy",
    "matplotlib.pyplot",
    "ipywidgets",
)
_NOT_IN_KERNELS = (
    "course_utils.grading.nbgrader_plugins",
    "course_utils.grading.report",
    "course_utils.grading.accept",
    "course_utils.grading.nbgrader_speedups",
    "course_utils.grading.warm_kernels",
    "course_utils.grading.zygote",
)


def preload() -> list[str]:
    """Import :data:`PRELOAD` and the course's modules; return the names of those that failed."""
    import pkgutil

    failed = []
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            failed.append(name)  # a kernel that needs it imports it itself, and fails there
    import course_utils

    for info in pkgutil.walk_packages(course_utils.__path__, "course_utils."):
        if info.name.startswith(_NOT_IN_KERNELS) or info.name.rsplit(".", 1)[-1].startswith("_warm"):
            continue
        try:
            importlib.import_module(info.name)
        except Exception:
            failed.append(info.name)
    return failed


def warm_up_matplotlib() -> None:
    """Draw one small figure off-screen, so each kernel finds matplotlib's caches filled.

    The first figure a process draws loads the fonts and builds the mathtext parser (a
    tenth of a second or more); done here once, every forked kernel inherits them. Nothing
    else is kept: the figure is not registered with pyplot, and no setting is changed.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 2), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], label=r"$\hat y = \sigma(z)$")
    ax.bar([0, 1], [1, 2])
    ax.set(xlabel=r"$\theta_1$ (weight)", ylabel="cost $J$", title="warm-up")
    ax.legend(fontsize=8, title="legend")
    fig.suptitle("a figure never shown")
    fig.canvas.draw()
    fig.set_layout_engine("tight")
    fig.canvas.draw()


def _read_exact(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError("the client closed the connection")
        data += chunk
    return data


def _send(conn: socket.socket, message: dict) -> None:
    try:
        conn.sendall((json.dumps(message) + "\n").encode())
    except OSError:
        pass  # the client is gone; its kernel is killed when its connection is seen closed


class Zygote:
    def __init__(self, path: str, environment: dict[str, str], import_changes: dict[str, str | None]):
        self.path = path
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(path)
        self.listener.listen(64)
        self.selector = selectors.DefaultSelector()
        self.children: dict[int, socket.socket] = {}  # kernel pid -> its client's connection
        self.wakeup_r, self.wakeup_w = os.pipe()
        os.set_blocking(self.wakeup_w, False)
        self.environment = environment  # the kernels' environment, which the zygote started in
        self.import_changes = import_changes  # what the preloaded imports set (None: removed)

    # -- serving
    def serve(self) -> None:
        signal.set_wakeup_fd(self.wakeup_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)  # wakes the selector through the pipe
        signal.signal(signal.SIGTERM, lambda *_: self._stop())
        self.selector.register(self.listener, selectors.EVENT_READ, "accept")
        self.selector.register(self.wakeup_r, selectors.EVENT_READ, "wakeup")
        self.selector.register(sys.stdin.fileno(), selectors.EVENT_READ, "parent")
        print("READY", flush=True)
        while True:
            for key, _ in self.selector.select(timeout=1.0):
                if key.data == "accept":
                    conn, _ = self.listener.accept()
                    self._spawn(conn)
                elif key.data == "wakeup":
                    os.read(self.wakeup_r, 4096)
                elif key.data == "parent":
                    if not os.read(sys.stdin.fileno(), 4096):
                        self._stop()
                else:  # a client's connection: readable means closed (it sends nothing more)
                    self._client_gone(key.data)
            self._reap()

    def _spawn(self, conn: socket.socket) -> None:
        try:
            header, fds, _, _ = socket.recv_fds(conn, 4, 3)
            if len(header) < 4:
                header += _read_exact(conn, 4 - len(header))
            request = json.loads(_read_exact(conn, struct.unpack("!I", header)[0]))
        except (OSError, ValueError, ConnectionError):
            conn.close()
            return
        reason = self._decline(request, fds)
        if reason:
            _send(conn, {"decline": reason})
            for fd in fds:
                os.close(fd)
            conn.close()
            return
        pid = os.fork()
        if pid == 0:
            self._become_kernel(request, fds)  # never returns
        for fd in fds:
            os.close(fd)
        self.children[pid] = conn
        self.selector.register(conn, selectors.EVENT_READ, pid)
        _send(conn, {"pid": pid})

    def _decline(self, request: dict, fds: list[int]) -> str:
        if len(fds) != 3:
            return "the client did not pass its three standard streams"
        if threading.active_count() != 1:
            return "a thread is running in the server"
        if request["env"] != self.environment:
            differ = sorted(set(request["env"].items()) ^ set(self.environment.items()))
            names = sorted({k for k, _ in differ})
            return f"the kernel's environment differs from the zygote's in {', '.join(names)}"
        return ""

    def _reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = self.children.pop(pid, None)
            if conn is not None:
                _send(conn, {"exit": os.waitstatus_to_exitcode(status)})
                self.selector.unregister(conn)
                conn.close()

    def _client_gone(self, pid: int) -> None:
        """The client stopped standing for its kernel (killed, most likely): stop the kernel."""
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass

    def _stop(self) -> None:
        for pid in list(self.children):
            self._client_gone(pid)
        try:
            os.unlink(self.path)
        except OSError:
            pass
        os._exit(0)

    # -- in the child
    def _become_kernel(self, request: dict, fds: list[int]) -> None:
        code = 1
        try:
            signal.set_wakeup_fd(-1)
            for sig in (signal.SIGCHLD, signal.SIGTERM):
                signal.signal(sig, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            self.selector.close()
            self.listener.close()
            for conn in self.children.values():
                conn.close()
            os.close(self.wakeup_r)
            os.close(self.wakeup_w)
            os.setsid()  # its own process group, as the kernel manager starts kernels
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
                os.close(fd)
            os.chdir(request["cwd"])
            os.environ.clear()
            os.environ.update(request["env"])
            for name, value in self.import_changes.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            sys.path[0] = os.getcwd()  # as for ``python -m ipykernel_launcher`` started here
            import random

            random.seed()
            if "numpy" in sys.modules:
                sys.modules["numpy"].random.seed()
            sys.argv = [sys.modules["ipykernel.kernelapp"].__file__, *request["argv"]]
            from ipykernel.kernelapp import launch_new_instance

            launch_new_instance()
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            try:
                import atexit

                atexit._run_exitfuncs()
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m course_utils.grading.zygote SOCKET", file=sys.stderr)
        return 2
    environment = dict(os.environ)
    preload()
    warm_up_matplotlib()
    changes: dict[str, str | None] = {k: v for k, v in os.environ.items() if environment.get(k) != v}
    changes.update({k: None for k in environment if k not in os.environ})
    Zygote(argv[0], environment, changes).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
