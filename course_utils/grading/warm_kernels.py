"""Grading kernels forked from a warm parent: nbgrader's Execute, without the start-up cost.

``WarmExecute`` is nbgrader's :class:`~nbgrader.preprocessors.Execute` whose kernels come
from the grading zygote (:mod:`course_utils.grading.zygote`): one process per nbgrader run
imports ipykernel, NumPy, matplotlib and the course once, and each notebook's kernel is a
fresh fork of it, so a notebook no longer pays about half a second of imports. Each kernel is
still a process of its own, started for that notebook alone (see the zygote's docstring).
Configured in ``nbgrader_config.py`` in place of ``Execute`` (all ``c.Execute`` settings
apply); ``COURSE_WARM_KERNELS=0`` turns it off, and any kernel the zygote cannot serve gets
an ordinary start.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute
from traitlets import DottedObjectName, Type

__all__ = ["WarmExecute", "WarmKernelManager", "WarmKernelClient", "zygote_socket", "stop_zygote"]

_CLIENT = str(Path(__file__).with_name("_warm_client.py"))
_lock = threading.Lock()
_zygote: subprocess.Popen | None = None
_socket: str | None = None
_failed = False


def enabled() -> bool:
    return os.environ.get("COURSE_WARM_KERNELS", "1") != "0" and hasattr(os, "fork")


def zygote_socket(env: dict[str, str]) -> str | None:
    """The socket of this process's zygote, started on first use in the kernels' environment
    ``env``; None if it cannot run. A kernel whose environment differs gets a cold start.
    """
    global _zygote, _socket, _failed
    with _lock:
        if _zygote is not None and _zygote.poll() is None:
            return _socket
        if _failed or not enabled():
            return None
        folder = tempfile.mkdtemp(prefix="course-zygote-")
        path = os.path.join(folder, "zygote.sock")
        process = subprocess.Popen(
            [sys.executable, "-m", "course_utils.grading.zygote", path],
            stdin=subprocess.PIPE,  # the zygote exits when this process closes it (or dies)
            stdout=subprocess.PIPE,
            cwd=str(Path(__file__).resolve().parents[2]),
            env=env,
            text=True,
        )
        assert process.stdout is not None
        if process.stdout.readline().strip() != "READY":
            process.kill()
            _failed = True
            return None
        _zygote, _socket = process, path
        atexit.register(stop_zygote)
        return path


def stop_zygote() -> None:
    """Stop this process's zygote (its kernels are stopped by their own managers first)."""
    global _zygote, _socket
    with _lock:
        process, _zygote, _socket = _zygote, None, None
    if process is not None and process.poll() is None:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


class WarmKernelClient(AsyncKernelClient):
    """jupyter_client's client, without its fixed 0.2 s wait after a kernel answers.

    ``wait_for_ready`` asks for ``kernel_info`` until the kernel answers on the shell channel
    and IOPub carries a message too, exactly as jupyter_client does; jupyter_client then
    drains IOPub until 0.2 s pass without a message, a fifth of a second of idle per notebook.
    Here the drain stops after 20 ms of quiet. Whatever arrives later belongs to the
    ``kernel_info`` requests, and nbclient ignores messages that answer no cell of its own.
    """

    drain_timeout = 0.02

    async def wait_for_ready(self, timeout: float | None = None) -> None:  # type: ignore[override]
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                msg = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                pass
            else:
                if msg["msg_type"] == "kernel_info_reply":
                    try:
                        await self.iopub_channel.get_msg(timeout=0.2)
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(msg)
                        break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")
        while True:
            try:
                await self.iopub_channel.get_msg(timeout=self.drain_timeout)
            except Empty:
                break


class WarmKernelManager(AsyncKernelManager):
    """A kernel manager whose Python kernels are forked by the zygote when it can serve them.

    It also checks ten times as often (every 10 ms, not 100 ms) whether a kernel it asked to
    shut down has exited, and its clients are :class:`WarmKernelClient`.
    """

    client_class = DottedObjectName("course_utils.grading.warm_kernels.WarmKernelClient", config=True)
    client_factory = Type(WarmKernelClient, klass=AsyncKernelClient, config=True)

    async def _async_finish_shutdown(
        self, waittime: float | None = None, pollinterval: float = 0.1, restart: bool = False
    ) -> None:
        await super()._async_finish_shutdown(waittime, min(pollinterval, 0.01), restart)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        if kernel_cmd[:3] == [sys.executable, "-m", "ipykernel_launcher"]:
            # the environment the kernel gets: kw's, plus what jupyter_client's launcher adds
            env = {**kw.get("env", os.environ), "JPY_PARENT_PID": str(os.getpid())}
            path = zygote_socket(env)
            if path is not None:
                kernel_cmd = [sys.executable, "-I", "-S", _CLIENT, path, *kernel_cmd[3:]]
        await super()._async_launch_kernel(kernel_cmd, **kw)


class WarmExecute(Execute):
    """nbgrader's Execute, with kernels from the zygote (configure it as ``c.Execute``)."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("kernel_manager_class", WarmKernelManager)
        super().__init__(*args, **kwargs)
